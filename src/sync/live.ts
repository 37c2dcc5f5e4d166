/**
 * Follows the live stream (`GET …/sync/live`, Server-Sent Events): every `ready` and `change` event
 * reports the workspace's sequence number to the caller, who pulls. A dropped or silent connection is
 * opened again after a capped exponential backoff with jitter; the attempt count starts over once the
 * server says `ready`. A refusal (401, 403, 404) stops following: retrying cannot fix it.
 */
import { SyncError } from './errors.js';
import type { SyncHttp } from './http.js';
import { createSseParser, readEventStream } from './sse.js';
import { LiveEventDataSchema } from './wire.js';

export interface LiveOptions {
  /** First reconnection delay (default 500 ms); it doubles per failed attempt up to maxDelayMs. */
  readonly minDelayMs?: number;
  /** Cap of the reconnection delay (default 30 s). */
  readonly maxDelayMs?: number;
  /** No byte for this long (the server pings every 25 s) means a dead connection (default 60 s). */
  readonly idleTimeoutMs?: number;
  /** Connection and pull errors; offline ones are expected and followed by a reconnection. */
  readonly onError?: (error: unknown) => void;
  /** Connection state changes, for a status indicator. */
  readonly onStatus?: (status: LiveStatus) => void;
}

export type LiveStatus = 'connecting' | 'open' | 'waiting' | 'stopped';

export interface LiveTimers {
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** In [0, 1): the jitter. */
  random(): number;
}

export const defaultLiveTimers: LiveTimers = {
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  },
  random: Math.random,
};

/**
 * The delay before reconnection attempt `attempt` (0-based): half of the capped exponential step, plus a
 * random part of the other half, so many clients dropped at once do not come back at once.
 */
export function backoffDelay(attempt: number, minDelayMs: number, maxDelayMs: number, random: () => number): number {
  const step = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + random() * (step / 2));
}

function isFinalRefusal(error: unknown): boolean {
  return error instanceof SyncError && error.kind === 'refused' && (error.status === 401 || error.status === 403 || error.status === 404);
}

/** Starts following; `onSeq` is called for every ready/change event. Returns stop (resolves once stopped). */
export function followLive(http: SyncHttp, onSeq: (seq: number) => void, options: LiveOptions = {}, timers: LiveTimers = defaultLiveTimers): () => Promise<void> {
  const minDelayMs = options.minDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const stopping = new AbortController();
  let connection: AbortController | null = null;

  async function connectOnce(onReady: () => void): Promise<void> {
    const controller = new AbortController();
    connection = controller;
    const abortConnection = (): void => controller.abort();
    stopping.signal.addEventListener('abort', abortConnection, { once: true });
    let idle: NodeJS.Timeout | undefined;
    const touch = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), idleTimeoutMs);
    };
    try {
      touch();
      const response = await http.openLive(controller.signal);
      options.onStatus?.('open');
      const parser = createSseParser({
        onEvent(event) {
          touch();
          if (event.event !== 'ready' && event.event !== 'change') return;
          let data: unknown;
          try {
            data = JSON.parse(event.data);
          } catch {
            data = null;
          }
          const parsed = LiveEventDataSchema.safeParse(data);
          if (!parsed.success) {
            options.onError?.(new SyncError('bad-answer', 'BAD_ANSWER', `live: a ${event.event} event without a sequence number`));
            return;
          }
          if (event.event === 'ready') onReady();
          onSeq(parsed.data.seq);
        },
        onComment: touch,
      });
      const body = response.body;
      if (body === null) return;
      await readEventStream(body, { feed: (chunk) => (touch(), parser.feed(chunk)), end: () => parser.end() });
    } finally {
      clearTimeout(idle);
      stopping.signal.removeEventListener('abort', abortConnection);
      connection = null;
    }
  }

  const running = (async () => {
    let attempt = 0;
    while (!stopping.signal.aborted) {
      options.onStatus?.('connecting');
      try {
        await connectOnce(() => {
          attempt = 0;
        });
      } catch (error) {
        if (stopping.signal.aborted) break;
        if (isFinalRefusal(error)) {
          options.onError?.(error);
          break;
        }
        const reason = error instanceof SyncError ? error : new SyncError('offline', 'NETWORK', `live: the connection dropped (${error instanceof Error ? error.message : String(error)})`, { cause: error });
        options.onError?.(reason);
      }
      if (stopping.signal.aborted) break;
      options.onStatus?.('waiting');
      await timers.sleep(backoffDelay(attempt, minDelayMs, maxDelayMs, timers.random), stopping.signal);
      attempt += 1;
    }
    options.onStatus?.('stopped');
  })();

  return async () => {
    stopping.abort();
    connection?.abort();
    await running;
  };
}
