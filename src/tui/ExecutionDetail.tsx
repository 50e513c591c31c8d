/**
 * One execution: status, parameters and result rendered from their WIT types, and three more
 * tabs: the event timeline, the child tree (enter drills into a child, esc comes back) and the
 * logs, followed while it runs. Refreshed every second.
 */
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import { useEffect, useState } from 'react';
import type { EventRecord, ExecutionPage, ExecutionStatus, LogLine } from '../client/index.js';
import { useColor, useTui } from './context.js';
import { executionDuration, fit, shortFfqn, stateColor } from './format.js';
import { eventText } from './timeline.js';
import { childTree } from './tree.js';
import { usePoll } from './use-poll.js';
import { useFunctionTypes } from './use-types.js';
import { ValueView } from './ValueView.js';

export interface ExecutionDetailProps {
  readonly id: string;
  readonly active: boolean;
  readonly refreshMs?: number;
}

export const DETAIL_TABS = ['overview', 'events', 'children', 'logs'] as const;
type Tab = (typeof DETAIL_TABS)[number];

export function ExecutionDetail({ id, active, refreshMs = 1000 }: ExecutionDetailProps): React.JSX.Element {
  const { api, width, height, push, act } = useTui();
  const colorOf = useColor();
  const [tab, setTab] = useState<Tab>('overview');
  const [selected, setSelected] = useState(0);
  const [scroll, setScroll] = useState(0);
  const status = usePoll<ExecutionStatus>(() => api.getExecution(id), refreshMs, [id]);
  const events = usePoll<EventRecord[]>(() => api.getEvents(id, { limit: 1000 }), refreshMs, [id, tab === 'events']);
  const children = usePoll<ExecutionPage>(
    () => api.listExecutions({ executionIdPrefix: `${id}.`, showDerived: true, limit: 1000 }),
    refreshMs,
    [id],
  );
  const logs = useFollowedLogs(id, refreshMs, status.data?.state !== 'finished');
  const tree = childTree(id, children.data?.executions ?? []);
  const body = Math.max(3, height - 9);

  useKeys(
    (input, key) => {
      const index = DETAIL_TABS.indexOf(tab);
      if (key.rightArrow || key.tab) setTab(DETAIL_TABS[(index + 1) % DETAIL_TABS.length] ?? 'overview');
      else if (key.leftArrow) setTab(DETAIL_TABS[(index + DETAIL_TABS.length - 1) % DETAIL_TABS.length] ?? 'overview');
      else if (input >= '1' && input <= '4') setTab(DETAIL_TABS[Number(input) - 1] ?? 'overview');
      else if (tab === 'children' && (key.upArrow || input === 'k')) setSelected((s) => Math.max(0, s - 1));
      else if (tab === 'children' && (key.downArrow || input === 'j'))
        setSelected((s) => Math.min(Math.max(0, tree.length - 1), s + 1));
      else if (tab === 'children' && key.return && tree[selected] !== undefined)
        push({ kind: 'detail', id: tree[selected].execution.execution_id });
      else if (key.upArrow || input === 'k') setScroll((s) => Math.max(0, s - 1));
      else if (key.downArrow || input === 'j') setScroll((s) => s + 1);
      else if (status.data !== null && act(input, status.data)) status.refresh();
    },
    { isActive: active },
  );

  const s = status.data;
  const header = (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{id}</Text> {s === null ? '' : shortFfqn(s.ffqn)}{' '}
        {s === null ? null : <Text color={colorOf(stateColor(s))}>{s.state}</Text>}
        {s?.paused === true && s.state !== 'paused' ? ' (paused)' : ''}
        {s === null ? '' : `  ${executionDuration(s)}`}
      </Text>
      <Text>
        {DETAIL_TABS.map((t, i) => (
          <Text key={t} inverse={t === tab}>
            {` ${i + 1} ${t}${t === 'children' ? ` (${tree.length})` : ''} `}
          </Text>
        ))}
      </Text>
    </Box>
  );
  if (s === null) {
    return (
      <Box flexDirection="column">
        {header}
        <Text>{status.error ?? 'loading…'}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {header}
      {tab === 'overview' ? <Overview status={s} width={width} /> : null}
      {tab === 'events' ? (
        <Lines
          lines={(events.data ?? []).map((record) => eventText(record, s.created_at))}
          scroll={scroll}
          rows={body}
          width={width}
          empty={events.data === null ? 'loading…' : 'no events'}
        />
      ) : null}
      {tab === 'children' ? (
        <Box flexDirection="column">
          {tree.length === 0 ? <Text>{children.data === null ? 'loading…' : 'no child executions'}</Text> : null}
          {tree.slice(Math.max(0, selected - body + 1), Math.max(0, selected - body + 1) + body).map((row) => (
            <Text key={row.execution.execution_id} inverse={tree[selected] === row} wrap="truncate-end">
              {'  '.repeat(row.depth)}
              {row.execution.execution_id.slice(row.execution.parent_id?.length ?? 0)} {shortFfqn(row.execution.ffqn)}{' '}
              <Text color={colorOf(stateColor(row.execution))}>{row.execution.state}</Text>
            </Text>
          ))}
        </Box>
      ) : null}
      {tab === 'logs' ? (
        <Lines
          lines={logs.map((line) => `${line.type === 'log' ? line.level : line.stream} ${line.message}`)}
          scroll={Number.MAX_SAFE_INTEGER}
          rows={body}
          width={width}
          empty="no log lines yet"
        />
      ) : null}
    </Box>
  );
}

function Overview({ status, width }: { status: ExecutionStatus; width: number }): React.JSX.Element {
  const types = useFunctionTypes(status.ffqn);
  const colorOf = useColor();
  const finished = status.finished;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {'function  '}
        {status.ffqn}
      </Text>
      <Text wrap="truncate-end">
        state {status.pending_state.type}
        {status.pending_state.type === 'pending-at' ? ` at ${status.pending_state.scheduled_at}` : ''}
        {status.cancel_requested ? ', cancel requested' : ''}
        {status.intermittent_failures > 0 ? `, ${status.intermittent_failures} retries` : ''}
      </Text>
      <Text wrap="truncate-end">
        {'created   '}
        {status.created_at}
      </Text>
      {status.parent_id === null ? null : (
        <Text wrap="truncate-end">
          {'parent    '}
          {status.parent_id}
        </Text>
      )}
      <Text bold>parameters</Text>
      {status.params.length === 0 ? <Text> (none)</Text> : null}
      {status.params.map((value, i) => (
        <Box key={i} marginLeft={2}>
          <ValueView
            resolve={types?.resolve ?? null}
            type={types?.params[i]?.type ?? null}
            value={value}
            width={width - 2}
            label={types?.params[i]?.name ?? `#${i}`}
            maxLines={6}
          />
        </Box>
      ))}
      <Text bold>result</Text>
      <Box marginLeft={2}>
        {finished === null ? (
          <Text>(not finished)</Text>
        ) : finished.kind === 'failure' ? (
          <Text color={colorOf('red')}>
            {finished.failure_kind}
            {finished.detail === undefined ? '' : `: ${finished.detail}`}
          </Text>
        ) : (
          <ValueView
            resolve={types?.resolve ?? null}
            type={types?.result ?? null}
            value={
              types?.result?.kind === 'result' || types === null ? { [finished.kind]: finished.value } : finished.value
            }
            width={width - 2}
            maxLines={6}
          />
        )}
      </Box>
    </Box>
  );
}

function Lines(props: {
  lines: string[];
  scroll: number;
  rows: number;
  width: number;
  empty: string;
}): React.JSX.Element {
  const start = Math.max(0, Math.min(props.scroll, props.lines.length - props.rows));
  return (
    <Box flexDirection="column">
      {props.lines.length === 0 ? <Text>{props.empty}</Text> : null}
      {props.lines.slice(start, start + props.rows).map((line, i) => (
        <Text key={start + i}>{fit(line, props.width)}</Text>
      ))}
    </Box>
  );
}

/** Log lines of the execution and its children, read incrementally while `follow` is true. */
function useFollowedLogs(id: string, refreshMs: number, follow: boolean): LogLine[] {
  const { api } = useTui();
  const [lines, setLines] = useState<LogLine[]>([]);
  useEffect(() => {
    let stopped = false;
    let after = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLines([]);
    const read = async (): Promise<void> => {
      try {
        const page = await api.getLogs(id, { after, limit: 500, showDerived: true });
        after = page.next_after;
        if (!stopped && page.logs.length > 0) setLines((old) => [...old, ...page.logs].slice(-1000));
      } catch {
        // the status poll reports an unreachable server
      }
      if (!stopped && follow) timer = setTimeout(() => void read(), refreshMs);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, id, refreshMs, follow]);
  return lines;
}
