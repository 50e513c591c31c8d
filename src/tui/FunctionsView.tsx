/** Every loaded function with its WIT signature; enter opens the submit form of the selected one. */
import { Box, Text } from 'ink';
import { useKeys } from './use-keys.js';
import { useState } from 'react';
import type { FunctionInfo } from '../client/index.js';
import { useColor, useTui } from './context.js';

export interface FunctionsViewProps {
  readonly active: boolean;
}

/** `fiboa(n: u8, iterations: u32) -> u64` */
export function signatureText(fn: Pick<FunctionInfo, 'ffqn' | 'params' | 'result'>): string {
  const name = fn.ffqn.slice(fn.ffqn.lastIndexOf('.') + 1);
  const params = fn.params.map((p) => `${p.name}: ${p.type}`).join(', ');
  return `${name}(${params})${fn.result === null ? '' : ` -> ${fn.result}`}`;
}

export function FunctionsView({ active }: FunctionsViewProps): React.JSX.Element {
  const { functions, height, push } = useTui();
  const colorOf = useColor();
  const [selected, setSelected] = useState(0);
  const sorted = [...functions].sort((a, b) => a.ffqn.localeCompare(b.ffqn));
  const rows = Math.max(2, Math.floor((height - 5) / 2));
  const start = Math.max(0, selected - rows + 1);
  useKeys(
    (input, key) => {
      if (key.upArrow || input === 'k') setSelected((s) => Math.max(0, s - 1));
      else if (key.downArrow || input === 'j') setSelected((s) => Math.min(sorted.length - 1, s + 1));
      else if (key.return && sorted[selected] !== undefined) push({ kind: 'submit', fn: sorted[selected] });
    },
    { isActive: active },
  );
  return (
    <Box flexDirection="column">
      <Text bold>functions ({sorted.length}) · enter: submit</Text>
      {sorted.length === 0 ? <Text>loading…</Text> : null}
      {sorted.slice(start, start + rows).map((fn, i) => (
        <Box key={fn.ffqn} flexDirection="column">
          <Text inverse={start + i === selected} wrap="truncate-end">
            {fn.ffqn.slice(0, fn.ffqn.lastIndexOf('.'))} <Text color={colorOf('gray')}>{fn.kind}</Text>
          </Text>
          <Text color={colorOf('cyan')} wrap="truncate-end">
            {'  '}
            {signatureText(fn)}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
