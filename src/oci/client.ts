/**
 * One registry over `fetch`: anonymous first, then what the registry's `WWW-Authenticate` asks
 * for (a Bearer token per scope, fetched from its token service, or Basic credentials), retries
 * with backoff on 5xx, 429 and connection resets, and typed errors naming the registry.
 */
import { parseChallenge, type Challenge } from './challenge.js';
import { findCredentials, type Credentials } from './credentials.js';
import { describeRegistryBody, OciError, OciErrorCode } from './errors.js';

export interface RegistryClientOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Waits between attempts on 5xx, 429 and connection resets (default 250, 1000, 3000 ms). */
  readonly retryDelaysMs?: readonly number[];
}

/** What a request needs the right to do in its repository. */
export type Access = 'pull' | 'push';

export interface RequestInit {
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT']);
const BASIC_KEY = '(basic)';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; errors?: readonly { code?: unknown }[] } }).cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

function causeText(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const text = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return causeCode(error) ?? text;
}

export class RegistryClient {
  readonly registry: string;
  readonly baseUrl: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #delays: readonly number[];
  /** `Authorization` values by scope (a pull token does not allow a push). */
  readonly #auth = new Map<string, string>();
  #credentials: Credentials | null | undefined;

  constructor(registry: string, baseUrl: string, options: RegistryClientOptions) {
    this.registry = registry;
    this.baseUrl = baseUrl;
    this.#env = options.env;
    this.#delays = options.retryDelaysMs ?? [250, 1000, 3000];
  }

  /** Sends a request to `path` (relative to the registry, or absolute), authenticating as the registry asks. */
  async request(
    repository: string,
    access: Access,
    method: string,
    path: string,
    init: RequestInit = {},
  ): Promise<Response> {
    const scope = `repository:${repository}:${access === 'push' ? 'pull,push' : 'pull'}`;
    const url = new URL(path, this.baseUrl).toString();
    let response = await this.#send(method, url, init, this.#auth.get(scope) ?? this.#auth.get(BASIC_KEY));
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers.get('www-authenticate'));
      await response.body?.cancel();
      const authorization = await this.#authorize(challenge, scope);
      response = await this.#send(method, url, init, authorization);
      if (response.status === 401) {
        await response.body?.cancel();
        throw this.#unauthorized(scope, 401);
      }
    }
    if (response.status === 403) {
      const { codes, summary } = describeRegistryBody(await response.text());
      throw new OciError(
        OciErrorCode.unauthorized,
        `${this.registry}: access denied (403) to ${scope}: ${summary}; credentials tried: ${this.#tried()}`,
        {
          registryCodes: codes,
          hint: 'check that these credentials may access the repository',
        },
      );
    }
    return response;
  }

  /** Throws an {@link OciError} for an unexpected response, with the registry's error codes. */
  async fail(response: Response, what: string): Promise<never> {
    const { codes, summary } = describeRegistryBody(await response.text());
    const notFound = response.status === 404;
    throw new OciError(
      notFound ? OciErrorCode.notFound : OciErrorCode.registry,
      `${this.registry}: ${what} failed (HTTP ${response.status}): ${summary}`,
      { registryCodes: codes, ...(notFound ? { hint: 'check the repository, tag or digest' } : {}) },
    );
  }

  #credentialsOnce(): Credentials | null {
    this.#credentials ??= findCredentials(this.registry, this.#env);
    return this.#credentials;
  }

  #tried(): string {
    return this.#credentials?.source ?? 'none (anonymous)';
  }

  #unauthorized(scope: string, status: number): OciError {
    return new OciError(
      OciErrorCode.unauthorized,
      `${this.registry}: authentication failed (${status}) for ${scope}; credentials tried: ${this.#tried()}`,
      {
        hint: `set OBELISK_OCI_USERNAME and OBELISK_OCI_PASSWORD, or log in with \`docker login ${this.registry}\` (docker config.json and its credential helpers are read)`,
      },
    );
  }

  async #authorize(challenge: Challenge | null, scope: string): Promise<string> {
    const credentials = this.#credentialsOnce();
    if (challenge?.scheme === 'basic') {
      if (credentials === null) {
        throw this.#unauthorized(scope, 401);
      }
      const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      this.#auth.set(BASIC_KEY, basic);
      return basic;
    }
    const realm = challenge?.params['realm'];
    if (realm === undefined) {
      throw this.#unauthorized(scope, 401);
    }
    const token = await this.#fetchToken(realm, challenge?.params['service'], scope, credentials);
    const bearer = `Bearer ${token}`;
    this.#auth.set(scope, bearer);
    return bearer;
  }

  async #fetchToken(
    realm: string,
    service: string | undefined,
    scope: string,
    credentials: Credentials | null,
  ): Promise<string> {
    const url = new URL(realm);
    if (service !== undefined) {
      url.searchParams.set('service', service);
    }
    url.searchParams.set('scope', scope);
    const authorization =
      credentials === null
        ? undefined
        : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    const response = await this.#send('GET', url.toString(), {}, authorization);
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw this.#unauthorized(scope, response.status);
    }
    if (!response.ok) {
      return this.fail(response, `getting a token from ${url.host}`);
    }
    const body = (await response.json()) as { token?: unknown; access_token?: unknown };
    const token = typeof body.token === 'string' ? body.token : body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new OciError(
        OciErrorCode.registry,
        `${this.registry}: the token service ${url.host} answered without a token`,
      );
    }
    return token;
  }

  async #send(method: string, url: string, init: RequestInit, authorization: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (authorization !== undefined) {
      headers['authorization'] = authorization;
    }
    for (let attempt = 0; ; attempt++) {
      const retryIn = this.#delays[attempt];
      let response: Response;
      try {
        response = await fetch(url, { method, headers, body: init.body, redirect: 'follow' });
      } catch (error: unknown) {
        const code = causeCode(error);
        if (retryIn !== undefined && code !== undefined && RESET_CODES.has(code)) {
          await sleep(retryIn);
          continue;
        }
        throw new OciError(
          OciErrorCode.unreachable,
          `cannot reach the registry ${this.registry} (${new URL(url).host}): ${causeText(error)}`,
          {
            cause: error,
            hint: 'check the registry address and that it is up (plain HTTP is used for localhost and 127.0.0.1 only)',
          },
        );
      }
      if ((response.status >= 500 || response.status === 429) && retryIn !== undefined) {
        await response.body?.cancel();
        await sleep(retryIn);
        continue;
      }
      return response;
    }
  }
}
