/** What every screen of the TUI shares: the API client, WIT types, colours, messages and actions. */
import { createContext, useContext } from 'react';
import type { ApiClient, ExecutionSummary, FunctionInfo } from '../client/index.js';
import type { WitTypes } from './wit-types.js';

export type Screen =
  | { readonly kind: 'list' }
  | { readonly kind: 'detail'; readonly id: string }
  | { readonly kind: 'functions' }
  | { readonly kind: 'submit'; readonly fn: FunctionInfo }
  | { readonly kind: 'stub'; readonly id: string; readonly fn: FunctionInfo };

export interface TuiContextValue {
  readonly api: ApiClient;
  readonly wit: WitTypes;
  /** The loaded functions (read again every few seconds). */
  readonly functions: readonly FunctionInfo[];
  /** False with NO_COLOR or --no-color: no colour props are set. */
  readonly color: boolean;
  readonly width: number;
  readonly height: number;
  /** Shows a line in the status bar. */
  readonly notify: (message: string) => void;
  /** Records whether the last API call reached the server. */
  readonly reached: (ok: boolean) => void;
  readonly push: (screen: Screen) => void;
  readonly back: () => void;
  /** Replaces the top screen. */
  readonly replace: (screen: Screen) => void;
  /** Asks a yes/no question; `onYes` runs on `y`. */
  readonly confirm: (question: string, onYes: () => void) => void;
  /** True while a screen takes typed text (so `q` and `?` are text, not commands). */
  readonly setTyping: (typing: boolean) => void;
  /** Runs an action key (c, p, r, y, t) on an execution; true when the key was one. */
  readonly act: (key: string, execution: Pick<ExecutionSummary, 'execution_id' | 'ffqn' | 'state'>) => boolean;
}

export const TuiContext = createContext<TuiContextValue | null>(null);

export function useTui(): TuiContextValue {
  const value = useContext(TuiContext);
  if (value === null) {
    throw new Error('useTui outside of <TuiContext>');
  }
  return value;
}

/** `color` when colours are on, otherwise nothing (for Ink's `color` prop). */
export function useColor(): (color: string) => string | undefined {
  const { color } = useTui();
  return (name) => (color ? name : undefined);
}
