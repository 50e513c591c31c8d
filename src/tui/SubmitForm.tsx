/**
 * A form generated from WIT types: the parameters of a function to submit, or the return value
 * of a stub activity to write. Validated with the WIT codec before anything is sent; after a
 * submit the new execution's detail opens.
 */
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import { useEffect, useState } from 'react';
import type { FunctionInfo } from '../client/index.js';
import type { Resolve, Type } from '../wit/model.js';
import { useColor, useTui } from './context.js';
import {
  buildNode,
  editNode,
  FormError,
  formParams,
  formRows,
  rowHint,
  rowValue,
  toggleJson,
  updateAt,
  type FormNode,
} from './form-model.js';
import { signatureText } from './FunctionsView.js';
import { useFunctionTypes } from './use-types.js';

export interface SubmitFormProps {
  readonly fn: FunctionInfo;
  readonly active: boolean;
  /** Set to write the result of this stub execution instead of submitting. */
  readonly stubId?: string;
}

interface Fields {
  readonly resolve: Resolve;
  readonly labels: readonly string[];
  readonly types: readonly Type[];
}

export function SubmitForm({ fn, active, stubId }: SubmitFormProps): React.JSX.Element {
  const types = useFunctionTypes(fn.ffqn);
  const fields: Fields | null =
    types === null
      ? null
      : stubId === undefined
        ? { resolve: types.resolve, labels: types.params.map((p) => p.name), types: types.params.map((p) => p.type) }
        : { resolve: types.resolve, labels: ['result'], types: types.result === null ? [] : [types.result] };
  return fields === null ? (
    <Text>reading the WIT of {fn.ffqn}…</Text>
  ) : (
    <Form fn={fn} fields={fields} active={active} stubId={stubId} />
  );
}

function Form({ fn, fields, active, stubId }: SubmitFormProps & { fields: Fields }): React.JSX.Element {
  const { api, replace, back, notify, setTyping, height } = useTui();
  const colorOf = useColor();
  const [nodes, setNodes] = useState<FormNode[]>(() => fields.types.map((t) => buildNode(fields.resolve, t)));
  const [focus, setFocus] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  useEffect(() => {
    setTyping(active);
    return () => setTyping(false);
  }, [active, setTyping]);
  const rows = formRows(fields.labels, nodes);
  const row = rows[Math.min(focus, rows.length - 1)];

  const send = async (): Promise<void> => {
    let params: unknown[];
    try {
      params = formParams(fields.resolve, fields.types, nodes);
    } catch (caught: unknown) {
      setError(caught instanceof FormError ? caught.message : String(caught));
      return;
    }
    setSending(true);
    try {
      if (stubId === undefined) {
        const submitted = await api.submit({ ffqn: fn.ffqn, params });
        notify(`submitted ${submitted.execution_id}`);
        replace({ kind: 'detail', id: submitted.execution_id });
      } else {
        await api.stub(stubId, params[0] as { ok: unknown } | { err: unknown });
        notify(`stub result written for ${stubId}`);
        back();
      }
    } catch (caught: unknown) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setSending(false);
    }
  };

  const edit = (key: Parameters<typeof editNode>[2], text = ''): void => {
    if (row === undefined) return;
    const next = editNode(fields.resolve, row.node, key, text, row.flag);
    if (next !== null) {
      setNodes((old) => updateAt(old, row.path, () => next));
      setError(null);
    }
  };

  useKeys(
    (input, key) => {
      if (sending) return;
      if (key.escape) back();
      else if (key.return) void send();
      else if (key.upArrow) setFocus((f) => Math.max(0, f - 1));
      else if (key.downArrow || key.tab) setFocus((f) => Math.min(rows.length - 1, f + 1));
      else if (key.leftArrow) edit('left');
      else if (key.rightArrow) edit('right');
      else if (key.backspace || key.delete) edit('backspace');
      else if (key.ctrl && input === 'e' && row !== undefined && row.flag === undefined)
        setNodes((old) => updateAt(old, row.path, (n) => toggleJson(fields.resolve, n)));
      else if (input === ' ' && row !== undefined && row.node.kind !== 'text' && row.node.json === undefined)
        edit('toggle');
      else if (input === '+' && row?.node.kind === 'list' && row.node.json === undefined) edit('add');
      else if (input === '-' && row?.node.kind === 'list' && row.node.json === undefined) edit('remove');
      else if (input !== '' && !key.ctrl && !key.meta) edit('char', input);
    },
    { isActive: active },
  );

  const visible = Math.max(3, height - 10);
  const start = Math.max(0, focus - visible + 1);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {stubId === undefined ? `submit ${fn.ffqn.slice(0, fn.ffqn.lastIndexOf('.'))}` : `stub result of ${stubId}`}
      </Text>
      <Text color={colorOf('cyan')} wrap="truncate-end">
        {signatureText(fn)}
      </Text>
      {rows.length === 0 ? <Text>(no parameters)</Text> : null}
      {rows.slice(start, start + visible).map((r, i) => (
        <Text key={`${r.path.join('.')}/${r.flag ?? ''}`} inverse={start + i === focus} wrap="truncate-end">
          {'  '.repeat(r.depth)}
          {r.label}: {rowValue(r)}
          {start + i === focus && (r.node.kind === 'text' || r.node.json !== undefined || r.node.kind === 'json')
            ? '▏'
            : ''}
        </Text>
      ))}
      <Text color={colorOf('gray')} wrap="truncate-end">
        {row === undefined ? '' : rowHint(row)}
      </Text>
      {error === null ? null : (
        <Text color={colorOf('red')} wrap="wrap">
          {error}
        </Text>
      )}
      <Text color={colorOf('gray')}>
        {sending ? 'sending…' : `enter: ${stubId === undefined ? 'submit' : 'write the result'} · esc: cancel`}
      </Text>
    </Box>
  );
}
