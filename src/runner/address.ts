/** `host:port` listening addresses (`127.0.0.1:5005`, `[::1]:5005`, `localhost:0`). */
import { ErrorCode, UserError } from '../cli/errors.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (match === null || !Number.isInteger(port) || port > 65_535) {
    throw new UserError(ErrorCode.invalidInput, `invalid listening address ${JSON.stringify(text)}`, {
      hint: 'use host:port, e.g. 127.0.0.1:5005 or [::1]:5005',
    });
  }
  return { host: match[1] ?? match[2] ?? '', port };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
