/** Actions on one execution from the list or the detail: cancel, pause / unpause, replay, stub, copy. */
import type { ApiClient, ExecutionSummary, FunctionInfo } from '../client/index.js';
import type { Screen } from './context.js';

export interface ActionDeps {
  readonly api: ApiClient;
  readonly functions: readonly FunctionInfo[];
  readonly notify: (message: string) => void;
  readonly confirm: (question: string, onYes: () => void) => void;
  readonly push: (screen: Screen) => void;
  /** Writes to the terminal (for the clipboard escape sequence). */
  readonly write: (text: string) => void;
}

type Target = Pick<ExecutionSummary, 'execution_id' | 'ffqn' | 'state'>;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** OSC 52: asks the terminal (and tmux) to put `text` on the clipboard. */
export function clipboardSequence(text: string): string {
  return `\u001b]52;c;${Buffer.from(text).toString('base64')}\u0007`;
}

/** Runs the action of `key`; false when `key` is not an action key. */
export function runAction(deps: ActionDeps, key: string, target: Target): boolean {
  const id = target.execution_id;
  const report = (promise: Promise<string>): void =>
    void promise.then(deps.notify, (error: unknown) => deps.notify(`error: ${message(error)}`));
  switch (key) {
    case 'c':
      if (target.state === 'finished') {
        deps.notify(`${id} has already finished`);
      } else {
        deps.confirm(`cancel ${id}? (y/n)`, () =>
          report(deps.api.cancel(id).then((c) => `cancel ${id}: ${c.outcome}`)),
        );
      }
      return true;
    case 'p':
      report(
        (target.state === 'paused' ? deps.api.unpause(id) : deps.api.pause(id)).then(
          (p) => `${id} ${p.paused ? 'paused' : 'unpaused'} (${p.state})`,
        ),
      );
      return true;
    case 'r':
      report(
        deps.api
          .replay(id)
          .then((r) =>
            r.ok
              ? `replay of ${id}: ok, the code makes the same decisions`
              : `replay of ${id}: ${r.nondeterminism === undefined ? `trap ${r.trap ?? ''}` : `nondeterminism at event ${r.nondeterminism.event_index ?? '?'}: recorded ${r.nondeterminism.recorded}, now ${r.nondeterminism.requested}`}`,
          ),
      );
      return true;
    case 'y':
      deps.write(clipboardSequence(id));
      deps.notify(`copied ${id}`);
      return true;
    case 't': {
      const fn = deps.functions.find((f) => f.ffqn === target.ffqn);
      if (fn?.kind !== 'activity_stub') deps.notify(`${target.ffqn} is not a stub activity`);
      else if (target.state === 'finished') deps.notify(`${id} has already finished`);
      else deps.push({ kind: 'stub', id, fn });
      return true;
    }
    default:
      return false;
  }
}
