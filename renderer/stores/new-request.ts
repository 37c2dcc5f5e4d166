import type { Request } from '../../src/model/index.js';

/** A blank GET, what Ctrl/Cmd+T opens. */
export function blankRequest(): Request {
  return { method: 'GET', url: '', query: [], pathVariables: [], headers: [], body: { mode: 'none' } };
}

/** An id for a tab or a send: random, unique enough for this window. */
export function localId(): string {
  return crypto.randomUUID();
}
