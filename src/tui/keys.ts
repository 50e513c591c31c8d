/** The keys of each screen: the help bar shows the first few, `?` shows them all. */
import type { Screen } from './context.js';

export interface KeyHelp {
  readonly keys: string;
  readonly what: string;
}

const ACTIONS: readonly KeyHelp[] = [
  { keys: 'c', what: 'cancel (asks first)' },
  { keys: 'p', what: 'pause / unpause' },
  { keys: 'r', what: 'replay check (workflows)' },
  { keys: 't', what: 'write a stub result (stub activities)' },
  { keys: 'y', what: 'copy the execution ID' },
];

const GLOBAL: readonly KeyHelp[] = [
  { keys: 'tab', what: 'executions / functions' },
  { keys: 'esc', what: 'back' },
  { keys: '?', what: 'all keys' },
  { keys: 'q', what: 'quit' },
];

export function screenKeys(screen: Screen['kind']): readonly KeyHelp[] {
  switch (screen) {
    case 'list':
      return [
        { keys: '↑↓', what: 'select' },
        { keys: 'enter', what: 'detail' },
        { keys: '[ ]', what: 'previous / next page' },
        { keys: 's', what: 'state filter' },
        { keys: 'f', what: 'function prefix' },
        { keys: '/', what: 'ID prefix' },
        { keys: 'd', what: 'derived executions' },
        { keys: 'x', what: 'clear filters' },
        ...ACTIONS,
        ...GLOBAL,
      ];
    case 'detail':
      return [
        { keys: '1-4 ←→', what: 'overview, events, children, logs' },
        { keys: '↑↓', what: 'scroll / select a child' },
        { keys: 'enter', what: 'open the child' },
        ...ACTIONS,
        ...GLOBAL,
      ];
    case 'functions':
      return [{ keys: '↑↓', what: 'select' }, { keys: 'enter', what: 'submit form' }, ...GLOBAL];
    case 'submit':
    case 'stub':
      return [
        { keys: '↑↓', what: 'field' },
        { keys: '←→', what: 'choose a case' },
        { keys: 'space', what: 'toggle' },
        { keys: '+ -', what: 'list items' },
        { keys: 'ctrl+e', what: 'JSON entry' },
        { keys: 'enter', what: 'send' },
        { keys: 'esc', what: 'cancel' },
      ];
  }
}

/** As much of `keys` as fits in one line of `width`. */
export function helpBar(keys: readonly KeyHelp[], width: number): string {
  let line = '';
  for (const key of [{ keys: '?', what: 'help' }, ...keys.filter((k) => k.keys !== '?')]) {
    const part = `${key.keys} ${key.what.split(' (')[0] ?? ''}`;
    if (line.length + part.length + 2 > width) break;
    line += (line === '' ? '' : '  ') + part;
  }
  return line;
}
