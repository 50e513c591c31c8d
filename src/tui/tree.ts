/** The child tree of an execution: its derived executions ordered parent first. */
import type { ExecutionSummary } from '../client/index.js';

export interface TreeRow {
  readonly depth: number;
  readonly execution: ExecutionSummary;
}

/** Descendants of `rootId` (from a list with `show_derived` and the ID prefix `rootId.`), depth first, oldest first. */
export function childTree(rootId: string, descendants: readonly ExecutionSummary[]): TreeRow[] {
  const byParent = new Map<string, ExecutionSummary[]>();
  for (const execution of descendants) {
    const parent = execution.parent_id ?? '';
    byParent.set(parent, [...(byParent.get(parent) ?? []), execution]);
  }
  const rows: TreeRow[] = [];
  const visit = (id: string, depth: number): void => {
    const children = [...(byParent.get(id) ?? [])].sort((a, b) => a.created_at.localeCompare(b.created_at));
    for (const child of children) {
      rows.push({ depth, execution: child });
      visit(child.execution_id, depth + 1);
    }
  };
  visit(rootId, 0);
  return rows;
}
