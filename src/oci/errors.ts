/** Errors of the OCI client: a stable code, the registry it concerns, and a hint. */
import { UserError, type ErrorOptions } from '../cli/errors.js';

/** Stable codes of OCI failures (shown under `--json`). */
export const OciErrorCode = {
  invalidReference: 'oci-invalid-reference',
  unauthorized: 'oci-unauthorized',
  notFound: 'oci-not-found',
  unreachable: 'oci-unreachable',
  registry: 'oci-registry-error',
  digestMismatch: 'oci-digest-mismatch',
  notAComponent: 'oci-not-a-component',
} as const;
export type OciErrorCode = (typeof OciErrorCode)[keyof typeof OciErrorCode];

/** A failure talking to a registry or using what it returned. */
export class OciError extends UserError {
  override name = 'OciError';
  /** The `code`s of the registry's `{"errors":[...]}` body, if it sent one. */
  readonly registryCodes: readonly string[];

  constructor(code: OciErrorCode, message: string, options: ErrorOptions & { registryCodes?: readonly string[] } = {}) {
    super(code, message, options);
    this.registryCodes = options.registryCodes ?? [];
  }
}

interface RegistryErrorBody {
  readonly errors?: readonly { readonly code?: unknown; readonly message?: unknown; readonly detail?: unknown }[];
}

/** `CODE: message` for each entry of an OCI error body, or the start of the text when it is not one. */
export function describeRegistryBody(text: string): { codes: string[]; summary: string } {
  try {
    const errors = (JSON.parse(text) as RegistryErrorBody).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const list = errors as NonNullable<RegistryErrorBody['errors']>;
      const codes = list.map((e) => (typeof e.code === 'string' ? e.code : 'UNKNOWN'));
      const summary = list
        .map((e, i) => `${codes[i] ?? 'UNKNOWN'}${typeof e.message === 'string' ? `: ${e.message}` : ''}`)
        .join('; ');
      return { codes, summary };
    }
  } catch {
    // not JSON: fall through
  }
  const trimmed = text.trim().slice(0, 200);
  return { codes: [], summary: trimmed === '' ? '(empty body)' : trimmed };
}
