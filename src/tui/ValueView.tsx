/** A JSON-encoded WIT value rendered by its type (one line, or a tree when it does not fit). */
import { Box, Text } from 'ink';
import type { Resolve, Type } from '../wit/model.js';
import { valueLines } from './values.js';

export interface ValueViewProps {
  readonly resolve: Resolve | null;
  readonly type: Type | null;
  readonly value: unknown;
  readonly width: number;
  readonly label?: string;
  /** At most this many lines (the rest is summarised). */
  readonly maxLines?: number;
}

export function ValueView({
  resolve,
  type,
  value,
  width,
  label = '',
  maxLines = 12,
}: ValueViewProps): React.JSX.Element {
  const lines = valueLines(resolve, type, value, width, label);
  const shown = lines.slice(0, maxLines);
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {'  '.repeat(line.depth)}
          {line.text}
        </Text>
      ))}
      {lines.length > shown.length ? <Text>… {lines.length - shown.length} more lines</Text> : null}
    </Box>
  );
}
