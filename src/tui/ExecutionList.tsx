/**
 * The executions list: newest first, refreshed every second, one page at a time through the
 * API cursor (`]` next, `[` previous). Filters: state (`s` cycles), function prefix (`f`), ID
 * prefix (`/`), derived executions (`d`); `x` clears them.
 */
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import { useState } from 'react';
import type { ExecutionPage, ExecutionSummary, SummaryState } from '../client/index.js';
import { useColor, useTui } from './context.js';
import { executionDuration, finishedSummary, fit, shortFfqn, shortId, shortTime, stateColor } from './format.js';
import { usePoll } from './use-poll.js';

export interface ListFilters {
  readonly state: SummaryState | null;
  readonly ffqnPrefix: string;
  readonly idPrefix: string;
  readonly derived: boolean;
}

export interface ExecutionListProps {
  readonly active: boolean;
  /** How often the page is read again (ms). */
  readonly refreshMs?: number;
}

const STATES: readonly (SummaryState | null)[] = [
  null,
  'pending',
  'locked',
  'blocked',
  'paused',
  'cancelling',
  'finished',
];
const NO_FILTERS: ListFilters = { state: null, ffqnPrefix: '', idPrefix: '', derived: false };

/** The columns that fit in `width`: ID, function, state, created, duration, result. */
export function listColumns(width: number): {
  id: number;
  fn: number;
  state: number;
  created: number;
  took: number;
  result: number;
} {
  const id = width >= 120 ? 40 : 13;
  const state = 11;
  const created = 9;
  const took = 8;
  const fn = Math.max(10, Math.min(40, width - id - state - created - took - 12));
  const result = Math.max(0, width - id - fn - state - created - took - 1);
  return { id, fn, state, created, took, result };
}

export function ExecutionList({ active, refreshMs = 1000 }: ExecutionListProps): React.JSX.Element {
  const { api, height, width, push, act, setTyping } = useTui();
  const colorOf = useColor();
  const [filters, setFilters] = useState<ListFilters>(NO_FILTERS);
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const [selected, setSelected] = useState(0);
  const [editing, setEditing] = useState<'ffqnPrefix' | 'idPrefix' | null>(null);
  const [draft, setDraft] = useState('');
  const pageSize = Math.max(3, height - 7);
  const cursor = cursors[cursors.length - 1];
  const page = usePoll<ExecutionPage>(
    () =>
      api.listExecutions({
        limit: pageSize,
        cursor,
        state: filters.state ?? undefined,
        ffqnPrefix: filters.ffqnPrefix || undefined,
        executionIdPrefix: filters.idPrefix || undefined,
        showDerived: filters.derived,
      }),
    refreshMs,
    [cursor, filters, pageSize],
  );
  const rows = page.data?.executions ?? [];
  const current: ExecutionSummary | undefined = rows[Math.min(selected, rows.length - 1)];

  const setFilter = (next: Partial<ListFilters>): void => {
    setFilters((f) => ({ ...f, ...next }));
    setCursors([undefined]);
    setSelected(0);
  };

  useKeys(
    (input, key) => {
      if (editing !== null) {
        if (key.return) {
          setFilter({ [editing]: draft });
          setEditing(null);
          setTyping(false);
        } else if (key.escape) {
          setEditing(null);
          setTyping(false);
        } else if (key.backspace || key.delete) {
          setDraft((d) => d.slice(0, -1));
        } else if (input !== '' && !key.ctrl && !key.meta) {
          setDraft((d) => d + input);
        }
        return;
      }
      if (key.upArrow || input === 'k') setSelected((s) => Math.max(0, s - 1));
      else if (key.downArrow || input === 'j') setSelected((s) => Math.min(Math.max(0, rows.length - 1), s + 1));
      else if ((input === ']' || key.pageDown) && page.data?.next_cursor != null) {
        const next = page.data.next_cursor;
        setCursors((c) => [...c, next]);
        setSelected(0);
      } else if ((input === '[' || key.pageUp) && cursors.length > 1) {
        setCursors((c) => c.slice(0, -1));
        setSelected(0);
      } else if (input === 's') {
        setFilter({ state: STATES[(STATES.indexOf(filters.state) + 1) % STATES.length] ?? null });
      } else if (input === 'f' || input === '/') {
        const field = input === 'f' ? 'ffqnPrefix' : 'idPrefix';
        setEditing(field);
        setDraft(filters[field]);
        setTyping(true);
      } else if (input === 'd') setFilter({ derived: !filters.derived });
      else if (input === 'x') setFilter(NO_FILTERS);
      else if (key.return && current !== undefined) push({ kind: 'detail', id: current.execution_id });
      else if (current !== undefined && act(input, current)) page.refresh();
    },
    { isActive: active },
  );

  const cols = listColumns(width);
  const filterText = [
    `state: ${filters.state ?? 'all'}`,
    editing === 'ffqnPrefix' ? `function: ${draft}▏` : `function: ${filters.ffqnPrefix || '*'}`,
    editing === 'idPrefix' ? `id: ${draft}▏` : `id: ${filters.idPrefix || '*'}`,
    `derived: ${filters.derived ? 'shown' : 'hidden'}`,
    `page ${cursors.length}`,
  ].join('  ');
  return (
    <Box flexDirection="column">
      <Text color={colorOf('gray')}>{fit(filterText, width)}</Text>
      <Text bold>
        {fit('ID', cols.id)}
        {fit('FUNCTION', cols.fn)}
        {fit('STATE', cols.state)}
        {fit('CREATED', cols.created)}
        {fit('TOOK', cols.took)}
        {fit('RESULT', cols.result)}
      </Text>
      {page.data === null && page.error === null ? <Text>loading…</Text> : null}
      {page.data !== null && rows.length === 0 ? (
        <Text>no executions{cursors.length > 1 ? ' on this page' : ''}</Text>
      ) : null}
      {rows.map((row, i) => (
        <Text key={row.execution_id} inverse={i === selected}>
          {fit(shortId(row.execution_id, cols.id - 1), cols.id)}
          {fit(shortFfqn(row.ffqn), cols.fn)}
          <Text color={colorOf(stateColor(row))}>{fit(row.state, cols.state)}</Text>
          {fit(shortTime(row.created_at), cols.created)}
          {fit(executionDuration(row), cols.took)}
          {fit(finishedSummary(row.finished), cols.result)}
        </Text>
      ))}
      {page.data?.next_cursor != null ? <Text color={colorOf('gray')}>] next page</Text> : null}
    </Box>
  );
}
