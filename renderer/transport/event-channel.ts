import { PosternCallError, makeSubscription, type EventName, type Subscription } from '../../src/api/index.js';
import type { BrowserEnv, SocketLike } from './browser-env.js';

/** Must match src/agent/events-socket.ts; the round-trip tests in tests/agent check that they do. */
export const EVENTS_PATH = '/api/events';
export const EVENTS_PROTOCOL = 'postern.events.v1';
export const TOKEN_PROTOCOL_PREFIX = 'postern.token.';
/** How long a subscription waits for the agent's acknowledgement before `ready` rejects. */
export const SUBSCRIBE_TIMEOUT_MS = 10_000;

const OPEN = 1;
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 10_000;

type Listener = (payload: unknown) => void;

/** One subscription's `ready`, until the agent confirms its event (or it fails). */
interface Waiter {
  readonly event: EventName;
  resolve(): void;
  reject(error: PosternCallError): void;
}

function refusal(code: string, message: string): PosternCallError {
  return new PosternCallError({ code, message });
}

/**
 * One WebSocket to the agent, shared by every subscription: opened with the first listener, closed
 * with the last, reopened with backoff when it drops (agent restarting, laptop waking) while anyone
 * still listens.
 *
 * A subscription is ready when the agent has answered `{"type":"subscribed","event":E}` on the current
 * socket to the last subscribe frame sent for E: the agent sends that only after its listener is in
 * place, so every event emitted after `ready` resolves reaches us. `ready` rejects when the socket
 * closes first, when there is no token, or after SUBSCRIBE_TIMEOUT_MS.
 */
export class EventChannel {
  private readonly listeners = new Map<EventName, Set<Listener>>();
  /** Subscribe frames sent on the current socket that the agent has not acknowledged yet, per event. */
  private readonly unacknowledged = new Map<EventName, number>();
  /** Events the agent confirmed on the current socket. */
  private readonly confirmed = new Set<EventName>();
  private readonly waiters = new Set<Waiter>();
  private socket: SocketLike | undefined;
  private retryMs = FIRST_RETRY_MS;
  private retryPending = false;

  constructor(
    private readonly env: BrowserEnv,
    private readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  subscribe(event: EventName, listener: Listener): Subscription {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
      this.sendFrame({ type: 'subscribe', event });
    }
    set.add(listener);
    this.ensureSocket();
    const waiter = this.confirmed.has(event) ? undefined : this.wait(event);
    return makeSubscription(() => {
      if (waiter !== undefined) this.settle(waiter, refusal('ABORTED', `stopped listening to ${event} before the agent confirmed it`));
      const current = this.listeners.get(event);
      current?.delete(listener);
      if (current !== undefined && current.size === 0) {
        this.listeners.delete(event);
        this.confirmed.delete(event);
        this.sendFrame({ type: 'unsubscribe', event });
      }
      if (this.listeners.size === 0) this.shutSocket();
    }, waiter === undefined ? Promise.resolve() : waiter.promise);
  }

  private wait(event: EventName): Waiter & { readonly promise: Promise<void> } {
    let resolve: () => void = () => undefined;
    let reject: (error: PosternCallError) => void = () => undefined;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    const waiter = { event, promise, resolve, reject };
    if (this.token === undefined) {
      reject(refusal('AGENT_UNAUTHORIZED', 'no agent token: open the URL that `postern web` printed'));
      return waiter;
    }
    this.waiters.add(waiter);
    this.env.setTimeout(() => {
      this.settle(waiter, refusal('AGENT_UNREACHABLE', `the Postern agent did not confirm the subscription to ${event} within ${SUBSCRIBE_TIMEOUT_MS / 1000} s`));
    }, SUBSCRIBE_TIMEOUT_MS);
    return waiter;
  }

  /** Resolve (no error) or reject a waiter, once. */
  private settle(waiter: Waiter, error?: PosternCallError): void {
    if (!this.waiters.delete(waiter)) return;
    if (error === undefined) waiter.resolve();
    else waiter.reject(error);
  }

  private ensureSocket(): void {
    // Without a token the handshake can only fail; calls report the missing token instead.
    if (this.socket !== undefined || this.token === undefined || this.retryPending) return;
    const url = `${this.baseUrl.replace(/^http/, 'ws')}${EVENTS_PATH}`;
    const socket = new this.env.WebSocket(url, [EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${this.token}`]);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.retryMs = FIRST_RETRY_MS;
      for (const event of this.listeners.keys()) this.sendFrame({ type: 'subscribe', event });
    };
    socket.onmessage = (message) => {
      if (this.socket === socket) this.receive(message.data);
    };
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.dropSocketState();
      if (this.listeners.size > 0) this.scheduleRetry();
    };
  }

  /** The socket is gone: nothing is confirmed any more, and whoever still waits is told. */
  private dropSocketState(): void {
    this.socket = undefined;
    this.unacknowledged.clear();
    this.confirmed.clear();
    for (const waiter of [...this.waiters]) {
      this.settle(waiter, refusal('AGENT_UNREACHABLE', `the event socket to the Postern agent closed before it confirmed ${waiter.event}; is \`postern web\` still running?`));
    }
  }

  private scheduleRetry(): void {
    this.retryPending = true;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    this.env.setTimeout(() => {
      this.retryPending = false;
      if (this.listeners.size > 0) this.ensureSocket();
    }, wait);
  }

  private shutSocket(): void {
    const socket = this.socket;
    this.dropSocketState();
    socket?.close(1000, 'no listeners');
  }

  private sendFrame(frame: { type: 'subscribe' | 'unsubscribe'; event: EventName }): void {
    // Before the socket opens, onopen subscribes to every event that has listeners by then.
    if (this.socket === undefined || this.socket.readyState !== OPEN) return;
    if (frame.type === 'subscribe') this.unacknowledged.set(frame.event, (this.unacknowledged.get(frame.event) ?? 0) + 1);
    this.socket.send(JSON.stringify(frame));
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const { type, event, payload } = frame as { type?: unknown; event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    if (type === 'subscribed') this.acknowledge(event as EventName);
    else if (type === 'event') this.dispatch(event as EventName, payload);
  }

  /** The agent processes frames in order, so the last subscribe for an event is in place when none is left unanswered. */
  private acknowledge(event: EventName): void {
    const sent = this.unacknowledged.get(event);
    if (sent === undefined) return;
    const left = sent - 1;
    if (left > 0) {
      this.unacknowledged.set(event, left);
      return;
    }
    this.unacknowledged.delete(event);
    if (!this.listeners.has(event)) return;
    this.confirmed.add(event);
    for (const waiter of [...this.waiters]) if (waiter.event === event) this.settle(waiter);
  }

  private dispatch(event: EventName, payload: unknown): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch {
        // One failing listener must not starve the others.
      }
    }
  }
}
