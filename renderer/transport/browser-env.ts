/**
 * The few browser facilities the transport uses, typed structurally so this folder compiles with the
 * DOM lib (the renderer) and without it (the Node test suite, which passes stand-ins).
 */
export interface FetchResponseLike {
  readonly status: number;
  text(): Promise<string>;
}

export interface FetchInitLike {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly credentials: 'omit';
  readonly cache: 'no-store';
  readonly redirect: 'error';
  readonly referrerPolicy: 'no-referrer';
}

export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;

export interface SocketMessageLike {
  readonly data: unknown;
}

export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: SocketMessageLike) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketConstructorLike = new (url: string, protocols: string[]) => SocketLike;

export interface LocationLike {
  readonly origin: string;
  readonly hash: string;
  readonly pathname: string;
  readonly search: string;
}

export interface HistoryLike {
  readonly state: unknown;
  replaceState(data: unknown, unused: string, url?: string): void;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface BrowserEnv {
  readonly fetch: FetchLike;
  readonly WebSocket: SocketConstructorLike;
  readonly location: LocationLike;
  readonly history?: HistoryLike;
  readonly sessionStorage?: StorageLike;
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
}

/** The page's own globals. Read when the transport is made, so tests can install stand-ins first. */
export function pageEnv(): BrowserEnv {
  const page = globalThis as unknown as Partial<BrowserEnv> & { fetch?: unknown };
  const missing = (['fetch', 'WebSocket', 'location'] as const).filter((name) => page[name] === undefined);
  if (missing.length > 0) throw new Error(`browser mode needs ${missing.join(', ')}; this is not a browser page`);
  let storage: StorageLike | undefined;
  try {
    // Reading sessionStorage throws where storage is disabled; the token then lives only in memory.
    storage = page.sessionStorage;
  } catch {
    storage = undefined;
  }
  return {
    fetch: (page.fetch as FetchLike).bind(globalThis),
    WebSocket: page.WebSocket as SocketConstructorLike,
    location: page.location as LocationLike,
    ...(page.history !== undefined ? { history: page.history } : {}),
    ...(storage !== undefined ? { sessionStorage: storage } : {}),
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  };
}
