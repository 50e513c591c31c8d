/**
 * The TUI's root: a stack of screens (executions list, detail, functions, forms), the title and
 * status lines (server, "reconnecting" while it cannot be reached), the help bar and `?` help,
 * yes/no confirmations, and the global keys (`q` quits, `tab` switches list / functions, `esc` back).
 */
import { Box, Text, useApp, useStdout } from 'ink';
import { useKeys } from './use-keys.js';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiClient, FunctionInfo } from '../client/index.js';
import { runAction } from './actions.js';
import { TuiContext, type Screen, type TuiContextValue } from './context.js';
import { ExecutionDetail } from './ExecutionDetail.js';
import { ExecutionList } from './ExecutionList.js';
import { fit } from './format.js';
import { FunctionsView } from './FunctionsView.js';
import { helpBar, screenKeys } from './keys.js';
import { SubmitForm } from './SubmitForm.js';
import { ApiUnreachableError } from '../client/index.js';
import { repeatEvery } from './use-poll.js';
import { WitTypes } from './wit-types.js';

export interface AppProps {
  readonly api: ApiClient;
  readonly color: boolean;
  /** How often screens read the API again (ms). */
  readonly refreshMs?: number;
  /** Terminal size when the output stream does not tell it (tests). */
  readonly size?: { readonly columns: number; readonly rows: number };
}

function useTerminalSize(fallback: { columns: number; rows: number }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = useCallback(
    () => ({ columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows }),
    [stdout, fallback.columns, fallback.rows],
  );
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout, read]);
  return size;
}

/** The loaded functions, read now and every `intervalMs` (they change when components reload). */
function useFunctions(api: ApiClient, intervalMs: number, reached: (ok: boolean) => void): readonly FunctionInfo[] {
  const [functions, setFunctions] = useState<readonly FunctionInfo[]>([]);
  useEffect(
    () =>
      repeatEvery(intervalMs, async (stopped) => {
        try {
          const list = await api.listFunctions();
          if (!stopped()) setFunctions((old) => (JSON.stringify(old) === JSON.stringify(list) ? old : list));
        } catch (error: unknown) {
          if (!stopped()) reached(!(error instanceof ApiUnreachableError));
        }
      }),
    [api, intervalMs, reached],
  );
  return functions;
}

export function App({ api, color, refreshMs = 1000, size }: AppProps): React.JSX.Element {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const { columns: width, rows: height } = useTerminalSize(size ?? { columns: 80, rows: 24 });
  const [stack, setStack] = useState<readonly Screen[]>([{ kind: 'list' }]);
  const [message, setMessage] = useState<string | null>(null);
  const [online, setOnline] = useState<boolean | null>(null);
  const [help, setHelp] = useState(false);
  const [question, setQuestion] = useState<{ text: string; onYes: () => void } | null>(null);
  const [typing, setTyping] = useState(false);
  const wit = useMemo(() => new WitTypes(api.getComponentWit), [api]);
  const top = stack[stack.length - 1] ?? { kind: 'list' };

  const reached = useCallback((ok: boolean) => setOnline(ok), []);
  const notify = useCallback((text: string) => setMessage(text), []);
  const push = useCallback((screen: Screen) => setStack((s) => [...s, screen]), []);
  const back = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const replace = useCallback((screen: Screen) => setStack((s) => [...s.slice(0, -1), screen]), []);
  const confirm = useCallback((text: string, onYes: () => void) => setQuestion({ text, onYes }), []);

  const functions = useFunctions(api, refreshMs * 5, reached);
  const act = useCallback(
    (key: string, target: Parameters<TuiContextValue['act']>[1]) =>
      runAction({ api, functions, notify, confirm, push, write: (text) => void stdout.write(text) }, key, target),
    [api, functions, notify, confirm, push, stdout],
  );
  const ctx: TuiContextValue = {
    api,
    wit,
    functions,
    color,
    width,
    height,
    act,
    reached,
    notify,
    push,
    back,
    replace,
    confirm,
    setTyping,
  };

  useKeys(
    (input, key) => {
      if (question !== null) {
        if (input === 'y') question.onYes();
        setQuestion(null);
        return;
      }
      if (help) {
        setHelp(false);
        return;
      }
      if (typing) return;
      if (input === 'q' || (key.ctrl && input === 'c')) exit();
      else if (input === '?') setHelp(true);
      else if (key.escape) back();
      else if (key.tab && top.kind !== 'detail')
        setStack(top.kind === 'functions' ? [{ kind: 'list' }] : [{ kind: 'list' }, { kind: 'functions' }]);
    },
    { isActive: true },
  );

  const active = question === null && !help;
  const colorOf = (name: string): string | undefined => (color ? name : undefined);
  const status = online === false ? `reconnecting to ${api.baseUrl}…` : (message ?? `connected to ${api.baseUrl}`);
  return (
    <TuiContext.Provider value={ctx}>
      <Box flexDirection="column" width={width} height={height}>
        <Text inverse wrap="truncate-end">
          {fit(` obelisk · ${title(top)}`, width)}
        </Text>
        <Box flexDirection="column" flexGrow={1} overflow="hidden">
          {help ? (
            <HelpScreen screen={top} width={width} height={height} />
          ) : (
            <ScreenView screen={top} active={active} refreshMs={refreshMs} />
          )}
        </Box>
        {question === null ? null : (
          <Text color={colorOf('yellow')} bold>
            {question.text}
          </Text>
        )}
        <Text color={colorOf(online === false ? 'red' : 'gray')} wrap="truncate-end">
          {status}
        </Text>
        <Text inverse wrap="truncate-end">
          {fit(helpBar(screenKeys(top.kind), width), width)}
        </Text>
      </Box>
    </TuiContext.Provider>
  );
}

function title(screen: Screen): string {
  switch (screen.kind) {
    case 'list':
      return 'executions';
    case 'detail':
      return `execution ${screen.id}`;
    case 'functions':
      return 'functions';
    case 'submit':
      return 'submit';
    case 'stub':
      return 'stub result';
  }
}

function ScreenView({
  screen,
  active,
  refreshMs,
}: {
  screen: Screen;
  active: boolean;
  refreshMs: number;
}): React.JSX.Element {
  switch (screen.kind) {
    case 'list':
      return <ExecutionList active={active} refreshMs={refreshMs} />;
    case 'detail':
      return <ExecutionDetail key={screen.id} id={screen.id} active={active} refreshMs={refreshMs} />;
    case 'functions':
      return <FunctionsView active={active} />;
    case 'submit':
      return <SubmitForm key={screen.fn.ffqn} fn={screen.fn} active={active} />;
    case 'stub':
      return <SubmitForm key={screen.id} fn={screen.fn} active={active} stubId={screen.id} />;
  }
}

/** Every key of the screen, in two columns when one does not fit the height. */
function HelpScreen({ screen, width, height }: { screen: Screen; width: number; height: number }): React.JSX.Element {
  const keys = screenKeys(screen.kind).map((k) => `${k.keys.padEnd(8)} ${k.what}`);
  const perColumn = Math.max(1, height - 4);
  const columns = keys.length > perColumn ? 2 : 1;
  const rows = Math.ceil(keys.length / columns);
  const half = Math.floor(width / columns);
  return (
    <Box flexDirection="column">
      <Text bold>keys · any key closes this</Text>
      {Array.from({ length: Math.min(rows, perColumn) }, (_, i) => (
        <Text key={i} wrap="truncate-end">
          {fit(keys[i] ?? '', half)}
          {columns === 2 ? fit(keys[i + rows] ?? '', width - half) : ''}
        </Text>
      ))}
    </Box>
  );
}
