/**
 * The browser side (renderer/transport) against a real agent: Node's fetch and the `ws` client stand in
 * for the browser's, sending Origin as a browser does, and location/history/sessionStorage are minimal
 * page stand-ins. Covers the whole round trip: createPosternApi → transport → agent → backend → back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { createPosternApi, PosternCallError } from '../../src/api/index.js';
import type { RunningAgent } from '../../src/agent/index.js';
import { httpTransport, TOKEN_STORAGE_KEY, type BrowserEnv } from '../../renderer/transport/index.js';
import { startTestAgent, until, type StandInBackend } from './harness.js';

/** Node's own fetch, kept before a test installs a page's fetch as the global. */
const nodeFetch = globalThis.fetch;
const SYNCED = { state: 'synced', lastSyncedAt: '2026-11-29T00:00:00.000Z' } as const;

interface Page {
  readonly env: BrowserEnv;
  readonly replaced: string[];
  readonly storage: Map<string, string>;
}

/** A page at `origin` whose address bar holds `hash`; its fetch and WebSocket send `origin` as Origin. */
function page(origin: string, hash: string, storage = new Map<string, string>()): Page {
  const replaced: string[] = [];
  const location = { origin, hash, pathname: '/', search: '' };
  class PageWebSocket extends WsWebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
    }
  }
  const env: BrowserEnv = {
    fetch: (url, init) => nodeFetch(url, { ...init, headers: { ...init.headers, Origin: origin } }),
    WebSocket: PageWebSocket as unknown as BrowserEnv['WebSocket'],
    location,
    history: {
      state: null,
      replaceState: (_data, _unused, url) => {
        replaced.push(String(url));
        location.hash = String(url).includes('#') ? String(url).slice(String(url).indexOf('#')) : '';
      },
    },
    sessionStorage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
    setTimeout: (callback, ms) => setTimeout(callback, ms),
  };
  return { env, replaced, storage };
}

let agent: RunningAgent;
let backend: StandInBackend;
const stops: Array<() => void> = [];
beforeAll(async () => {
  ({ agent, backend } = await startTestAgent());
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});
afterAll(async () => agent.close());

describe('httpTransport', () => {
  it('calls through the agent with the token from the URL fragment, then removes it from the URL', async () => {
    const tab = page(agent.origin, `#token=${agent.token}&view=runner`);
    const api = createPosternApi(httpTransport({ env: tab.env }));
    expect(tab.replaced).toEqual(['/#view=runner']);
    expect(tab.env.location.hash).not.toContain(agent.token);
    expect(tab.storage.get(TOKEN_STORAGE_KEY)).toBe(agent.token);
    const version = await api.app.version();
    expect(version.version).toBe('0.1.0-test');
    expect(backend.calls.at(-1)).toEqual(['app.version', {}]);
  });

  it('keeps working after a reload of the tab (token from sessionStorage)', async () => {
    const storage = new Map([[TOKEN_STORAGE_KEY, agent.token]]);
    const tab = page(agent.origin, '', storage);
    const api = createPosternApi(httpTransport({ env: tab.env }));
    expect((await api.app.version()).version).toBe('0.1.0-test');
    expect(tab.replaced).toEqual([]);
  });

  it('turns typed errors into PosternCallError with code and where', async () => {
    const api = createPosternApi(httpTransport({ env: page(agent.origin, `#token=${agent.token}`).env }));
    const error: unknown = await api.requests.cancel({ sendId: 's1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosternCallError);
    expect((error as PosternCallError).wire).toEqual({ code: 'ABORTED', message: 'nothing to cancel', where: { path: 'sendId' } });
    const invalid: unknown = await api.requests.cancel({ sendId: 7 as unknown as string }).catch((e: unknown) => e);
    expect((invalid as PosternCallError).wire).toMatchObject({ code: 'INVALID_INPUT', where: { path: 'input.sendId' } });
  });

  it('reports a missing or wrong token, a foreign page and a stopped agent as coded errors', async () => {
    const noToken = createPosternApi(httpTransport({ env: page(agent.origin, '').env }));
    await expect(noToken.app.version()).rejects.toMatchObject({ code: 'AGENT_UNAUTHORIZED' });
    const unconfirmed = noToken.on('sync.status', () => undefined);
    stops.push(unconfirmed);
    await expect(unconfirmed.ready).rejects.toMatchObject({ code: 'AGENT_UNAUTHORIZED' });

    const wrong = createPosternApi(httpTransport({ env: page(agent.origin, '#token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').env }));
    await expect(wrong.app.version()).rejects.toMatchObject({ code: 'AGENT_UNAUTHORIZED' });

    // A page elsewhere that somehow learned the token is still refused: its browser sends its own Origin.
    const foreign = createPosternApi(httpTransport({ env: page('http://evil.example', `#token=${agent.token}`).env, baseUrl: agent.origin }));
    await expect(foreign.app.version()).rejects.toMatchObject({ code: 'AGENT_FORBIDDEN' });

    const { agent: gone } = await startTestAgent();
    const stale = createPosternApi(httpTransport({ env: page(gone.origin, `#token=${gone.token}`).env }));
    await gone.close();
    await expect(stale.app.version()).rejects.toMatchObject({ code: 'AGENT_UNREACHABLE' });
    const unreachable = stale.on('sync.status', () => undefined);
    stops.push(unreachable);
    await expect(unreachable.ready).rejects.toMatchObject({ code: 'AGENT_UNREACHABLE' });
  });

  it('delivers events to listeners and unsubscribes when the last one stops', async () => {
    const api = createPosternApi(httpTransport({ env: page(agent.origin, `#token=${agent.token}`).env }));
    const seen: unknown[] = [];
    const alsoSeen: unknown[] = [];
    const stop = api.on('sync.status', (payload) => seen.push(payload));
    const stopOther = api.on('sync.status', (payload) => alsoSeen.push(payload));
    stops.push(stop, stopOther);
    // Ready means the agent acknowledged: its one listener for this socket is in place.
    await Promise.all([stop.ready, stopOther.ready]);
    expect(backend.listenerCount('sync.status')).toBe(1);
    backend.emit('sync.status', SYNCED);
    await until(() => seen.length === 1 && alsoSeen.length === 1);
    expect(seen).toEqual([SYNCED]);
    stop();
    backend.emit('sync.status', { state: 'offline' });
    await until(() => alsoSeen.length === 2);
    expect(seen).toHaveLength(1);
    stopOther();
    await until(() => backend.listenerCount('sync.status') === 0);
  });

  it('uses the page globals by default (window.postern = createPosternApi(httpTransport()))', async () => {
    const tab = page(agent.origin, `#token=${agent.token}`);
    const globals = globalThis as unknown as Record<string, unknown>;
    const saved = { fetch: globals['fetch'], WebSocket: globals['WebSocket'], location: globals['location'], history: globals['history'], sessionStorage: globals['sessionStorage'] };
    Object.assign(globals, { fetch: tab.env.fetch, WebSocket: tab.env.WebSocket, location: tab.env.location, history: tab.env.history, sessionStorage: tab.env.sessionStorage });
    try {
      const api = createPosternApi(httpTransport());
      expect(tab.replaced).toEqual(['/']);
      expect((await api.app.version()).version).toBe('0.1.0-test');
    } finally {
      Object.assign(globals, saved);
    }
  });

  it('reconnects the event socket when the agent comes back', async () => {
    const first = await startTestAgent();
    const { port, token } = first.agent;
    const api = createPosternApi(httpTransport({ env: page(first.agent.origin, `#token=${token}`).env }));
    const seen: unknown[] = [];
    stops.push(api.on('sync.status', (payload) => seen.push(payload)));
    await until(() => first.backend.listenerCount('sync.status') === 1);
    await first.agent.close();
    const second = await startTestAgent({ port, token });
    try {
      await until(() => second.backend.listenerCount('sync.status') === 1, 10_000);
      second.backend.emit('sync.status', SYNCED);
      await until(() => seen.length === 1);
      expect(seen).toEqual([SYNCED]);
    } finally {
      for (const stop of stops.splice(0)) stop();
      await second.agent.close();
    }
  });
});
