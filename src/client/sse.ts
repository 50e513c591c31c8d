/** Parsing a Server-Sent Events stream (the `text/event-stream` framing) into events. */

export interface SseMessage {
  /** The `event:` field (`message` when absent). */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  readonly id: string | undefined;
}

/** Splits a chunked text stream into SSE messages; comments (`: ...`) are skipped. */
export async function* parseSse(chunks: AsyncIterable<string>): AsyncGenerator<SseMessage> {
  let buffer = '';
  let fields = emptyFields();
  for await (const chunk of chunks) {
    buffer += chunk;
    let newline: RegExpExecArray | null;
    while ((newline = /\r\n|\n|\r/.exec(buffer)) !== null) {
      if (newline[0] === '\r' && newline.index === buffer.length - 1) {
        break; // maybe the first half of \r\n: wait for the next chunk
      }
      const line = buffer.slice(0, newline.index);
      buffer = buffer.slice(newline.index + newline[0].length);
      if (line === '') {
        if (fields.data.length > 0) {
          yield { event: fields.event ?? 'message', data: fields.data.join('\n'), id: fields.id };
        }
        fields = emptyFields();
      } else {
        addField(fields, line);
      }
    }
  }
}

interface Fields {
  event: string | undefined;
  data: string[];
  id: string | undefined;
}

function emptyFields(): Fields {
  return { event: undefined, data: [], id: undefined };
}

function addField(fields: Fields, line: string): void {
  if (line.startsWith(':')) {
    return;
  }
  const colon = line.indexOf(':');
  const name = colon === -1 ? line : line.slice(0, colon);
  let value = colon === -1 ? '' : line.slice(colon + 1);
  if (value.startsWith(' ')) {
    value = value.slice(1);
  }
  switch (name) {
    case 'event':
      fields.event = value;
      break;
    case 'data':
      fields.data.push(value);
      break;
    case 'id':
      fields.id = value;
      break;
    default:
      break; // `retry` and unknown fields are ignored
  }
}

/** Decodes a fetch body as text chunks. */
export async function* textChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      yield decoder.decode(value, { stream: true });
    }
    const rest = decoder.decode();
    if (rest !== '') {
      yield rest;
    }
  } finally {
    reader.releaseLock();
  }
}
