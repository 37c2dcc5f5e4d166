/**
 * The three calls of the sync API over fetch, each answer validated against the wire schemas. Network
 * failures, timeouts, 5xx and 429 become `offline` SyncErrors (try again later); other 4xx become `refused`
 * with the server's code, message and field; a 2xx that is not the expected shape is a `bad-answer`.
 */
import type { z } from 'zod';
import { SyncError } from './errors.js';
import { ErrorBodySchema, PullPageSchema, PushResultSchema, type PullPage, type PushChange, type PushResult } from './wire.js';

export interface SyncHttpOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly workspaceId: string;
  readonly fetch?: typeof fetch;
  /** Give up on one request after this long (default 30 s); a timeout counts as offline. */
  readonly requestTimeoutMs?: number;
}

export interface SyncHttp {
  pullPage(since: number, limit: number): Promise<PullPage>;
  push(changes: readonly PushChange[]): Promise<PushResult>;
  /** Opens the live stream; resolves with the response once its headers are in (status 200 checked). */
  openLive(signal: AbortSignal): Promise<Response>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function createSyncHttp(options: SyncHttpOptions): SyncHttp {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const root = `${base}/workspaces/${encodeURIComponent(options.workspaceId)}/sync`;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const authorization = `Bearer ${options.token}`;

  async function send(url: string, init: RequestInit, what: string): Promise<Response> {
    try {
      return await doFetch(url, init);
    } catch (error) {
      throw networkError(error, what, base);
    }
  }

  async function call<T>(url: string, init: RequestInit, schema: z.ZodType<T>, what: string): Promise<T> {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await send(url, { ...init, signal }, what);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw networkError(error, what, base);
    }
    if (!response.ok) throw statusError(response.status, text, what);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new SyncError('bad-answer', 'BAD_ANSWER', `${what}: the server's answer is not JSON (status ${response.status})`, { status: response.status });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue ? issue.path.map(String).join('.') : '';
      throw new SyncError('bad-answer', 'BAD_ANSWER', `${what}: the server's answer is not a sync answer (${path || 'body'}: ${issue?.message ?? 'invalid'})`, {
        status: response.status,
      });
    }
    return parsed.data;
  }

  return {
    pullPage(since, limit) {
      const url = `${root}/changes?since=${since}&limit=${limit}`;
      return call(url, { method: 'GET', headers: { authorization, accept: 'application/json' } }, PullPageSchema, 'pull');
    },
    push(changes) {
      const init: RequestInit = {
        method: 'POST',
        headers: { authorization, accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ changes }),
      };
      return call(`${root}/push`, init, PushResultSchema, 'push');
    },
    async openLive(signal) {
      const response = await send(`${root}/live`, { method: 'GET', headers: { authorization, accept: 'text/event-stream' }, signal }, 'live');
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        throw statusError(response.status, text, 'live');
      }
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('text/event-stream') || response.body === null) {
        await response.body?.cancel().catch(() => undefined);
        throw new SyncError('bad-answer', 'BAD_ANSWER', `live: the server's answer is not an event stream (content-type ${type || 'none'})`, { status: response.status });
      }
      return response;
    },
  };
}

function networkError(error: unknown, what: string, base: string): SyncError {
  if (error instanceof SyncError) return error;
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  const message = timedOut ? `${what}: ${base} did not answer in time` : `${what}: cannot reach ${base} (${cause})`;
  return new SyncError('offline', timedOut ? 'TIMEOUT' : 'NETWORK', message, { cause: error });
}

/** A non-2xx answer: the server's `{ error: { code, message, field } }` when it sent one. */
export function statusError(status: number, text: string, what: string): SyncError {
  let parsed: z.infer<typeof ErrorBodySchema> | null = null;
  try {
    const body = ErrorBodySchema.safeParse(JSON.parse(text));
    if (body.success) parsed = body.data;
  } catch {
    parsed = null;
  }
  const transient = status >= 500 || status === 429 || status === 408;
  const kind = transient ? 'offline' : 'refused';
  if (parsed === null) {
    return new SyncError(kind, transient ? 'SERVER_UNAVAILABLE' : `HTTP_${status}`, `${what}: the server answered ${status}`, { status });
  }
  const field = parsed.error.field ?? undefined;
  return new SyncError(kind, parsed.error.code, parsed.error.message, { status, ...(field !== undefined ? { field } : {}) });
}
