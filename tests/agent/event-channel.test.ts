/**
 * The browser's event channel and the agent's acknowledgements, frame by frame: a stand-in socket the
 * test opens, feeds and closes by hand, and timers it fires by hand. (The same path over a real agent
 * and a real WebSocket is in run-events.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { PosternCallError, type Subscription } from '../../src/api/index.js';
import type { BrowserEnv, SocketLike, SocketMessageLike } from '../../renderer/transport/browser-env.js';
import { EventChannel, SUBSCRIBE_TIMEOUT_MS } from '../../renderer/transport/event-channel.js';

class StandInSocket implements SocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: SocketMessageLike) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: unknown[] = [];
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
}

/** `token: null` is a page that has no token. */
function harness(token: string | null = 'T0KEN') {
  const sockets: StandInSocket[] = [];
  const timers: Array<{ ms: number; run: () => void }> = [];
  const env: BrowserEnv = {
    fetch: () => Promise.reject(new Error('no calls here')),
    WebSocket: class extends StandInSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    },
    location: { origin: 'http://127.0.0.1:7777', hash: '', pathname: '/', search: '' },
    setTimeout: (run, ms) => timers.push({ ms, run }),
  };
  const channel = new EventChannel(env, 'http://127.0.0.1:7777', token ?? undefined);
  const socket = (index = 0): StandInSocket => {
    const found = sockets[index];
    if (found === undefined) throw new Error(`no socket ${index}`);
    return found;
  };
  return { channel, sockets, timers, socket };
}

/** 'pending', 'ready' or the rejection's code, after the microtasks settle. */
async function state(subscription: Subscription): Promise<string> {
  let outcome = 'pending';
  subscription.ready.then(
    () => (outcome = 'ready'),
    (error: unknown) => (outcome = error instanceof PosternCallError ? error.code : 'rejected'),
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return outcome;
}

describe('EventChannel subscription acknowledgements', () => {
  it('is ready only after the agent acknowledges the subscribe frame sent on open', async () => {
    const { channel, socket } = harness();
    const seen: unknown[] = [];
    const subscription = channel.subscribe('runner.progress', (payload) => seen.push(payload));
    expect(socket().url).toBe('ws://127.0.0.1:7777/api/events');
    expect(socket().protocols).toEqual(['postern.events.v1', 'postern.token.T0KEN']);
    expect(await state(subscription)).toBe('pending');
    socket().open();
    expect(socket().sent).toEqual([{ type: 'subscribe', event: 'runner.progress' }]);
    expect(await state(subscription)).toBe('pending');
    // An acknowledgement for another event confirms nothing here.
    socket().receive({ type: 'subscribed', event: 'sync.status' });
    expect(await state(subscription)).toBe('pending');
    socket().receive({ type: 'subscribed', event: 'runner.progress' });
    expect(await state(subscription)).toBe('ready');
    socket().receive({ type: 'event', event: 'runner.progress', payload: { n: 1 } });
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('makes a later listener of a confirmed event ready at once, and a new event wait for its own ack', async () => {
    const { channel, socket } = harness();
    const first = channel.subscribe('runner.progress', () => undefined);
    socket().open();
    socket().receive({ type: 'subscribed', event: 'runner.progress' });
    expect(await state(first)).toBe('ready');
    expect(await state(channel.subscribe('runner.progress', () => undefined))).toBe('ready');
    const other = channel.subscribe('sync.status', () => undefined);
    expect(socket().sent.at(-1)).toEqual({ type: 'subscribe', event: 'sync.status' });
    expect(await state(other)).toBe('pending');
    socket().receive({ type: 'subscribed', event: 'sync.status' });
    expect(await state(other)).toBe('ready');
  });

  it('waits for the answer to the latest subscribe after an unsubscribe and resubscribe', async () => {
    const { channel, socket } = harness();
    const keepOpen = channel.subscribe('sync.status', () => undefined);
    socket().open();
    socket().receive({ type: 'subscribed', event: 'sync.status' });
    expect(await state(keepOpen)).toBe('ready');
    const once = channel.subscribe('runner.progress', () => undefined);
    once();
    const again = channel.subscribe('runner.progress', () => undefined);
    expect(socket().sent.slice(-3)).toEqual([
      { type: 'subscribe', event: 'runner.progress' },
      { type: 'unsubscribe', event: 'runner.progress' },
      { type: 'subscribe', event: 'runner.progress' },
    ]);
    expect(await state(once)).toBe('ABORTED');
    // The first acknowledgement answers the first subscribe, which the unsubscribe undid.
    socket().receive({ type: 'subscribed', event: 'runner.progress' });
    socket().receive({ type: 'unsubscribed', event: 'runner.progress' });
    expect(await state(again)).toBe('pending');
    socket().receive({ type: 'subscribed', event: 'runner.progress' });
    expect(await state(again)).toBe('ready');
  });

  it('rejects when the socket closes first, then confirms again after reconnecting', async () => {
    const { channel, socket, timers } = harness();
    const seen: unknown[] = [];
    const subscription = channel.subscribe('sync.status', (payload) => seen.push(payload));
    socket().drop();
    expect(await state(subscription)).toBe('AGENT_UNREACHABLE');
    // The listener stays; the channel retries after a backoff and subscribes on the new socket.
    const retry = timers.find((timer) => timer.ms === 500);
    retry?.run();
    socket(1).open();
    expect(socket(1).sent).toEqual([{ type: 'subscribe', event: 'sync.status' }]);
    const later = channel.subscribe('sync.status', () => undefined);
    expect(await state(later)).toBe('pending');
    socket(1).receive({ type: 'subscribed', event: 'sync.status' });
    expect(await state(later)).toBe('ready');
    // Frames from the old socket are ignored.
    socket(0).receive({ type: 'event', event: 'sync.status', payload: { stale: true } });
    socket(1).receive({ type: 'event', event: 'sync.status', payload: { state: 'synced' } });
    expect(seen).toEqual([{ state: 'synced' }]);
  });

  it('rejects after the timeout when the agent never acknowledges', async () => {
    const { channel, socket, timers } = harness();
    const subscription = channel.subscribe('runner.progress', () => undefined);
    socket().open();
    const timeout = timers.find((timer) => timer.ms === SUBSCRIBE_TIMEOUT_MS);
    expect(timeout).toBeDefined();
    timeout?.run();
    expect(await state(subscription)).toBe('AGENT_UNREACHABLE');
    // A late acknowledgement changes nothing for a settled subscription.
    socket().receive({ type: 'subscribed', event: 'runner.progress' });
    expect(await state(subscription)).toBe('AGENT_UNREACHABLE');
  });

  it('rejects at once without a token, and opens no socket', async () => {
    const { channel, sockets } = harness(null);
    expect(await state(channel.subscribe('sync.status', () => undefined))).toBe('AGENT_UNAUTHORIZED');
    expect(sockets).toHaveLength(0);
  });

  it('closes the socket when the last listener stops', () => {
    const { channel, socket } = harness();
    const stop = channel.subscribe('sync.status', () => undefined);
    socket().open();
    stop();
    expect(socket().sent).toEqual([
      { type: 'subscribe', event: 'sync.status' },
      { type: 'unsubscribe', event: 'sync.status' },
    ]);
    expect(socket().readyState).toBe(3);
  });
});
