import type { EventName } from '../../src/api/index.js';
import type { BrowserEnv, SocketLike } from './browser-env.js';

/** Must match src/agent/events-socket.ts; the round-trip tests in tests/agent check that they do. */
export const EVENTS_PATH = '/api/events';
export const EVENTS_PROTOCOL = 'postern.events.v1';
export const TOKEN_PROTOCOL_PREFIX = 'postern.token.';

const OPEN = 1;
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 10_000;

type Listener = (payload: unknown) => void;

/**
 * One WebSocket to the agent, shared by every subscription: opened with the first listener, closed
 * with the last, reopened with backoff when it drops (agent restarting, laptop waking) while anyone
 * still listens.
 */
export class EventChannel {
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private socket: SocketLike | undefined;
  private retryMs = FIRST_RETRY_MS;
  private retryPending = false;

  constructor(
    private readonly env: BrowserEnv,
    private readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  subscribe(event: EventName, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
      this.sendFrame({ type: 'subscribe', event });
    }
    set.add(listener);
    this.ensureSocket();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const current = this.listeners.get(event);
      current?.delete(listener);
      if (current !== undefined && current.size === 0) {
        this.listeners.delete(event);
        this.sendFrame({ type: 'unsubscribe', event });
      }
      if (this.listeners.size === 0) this.shutSocket();
    };
  }

  private ensureSocket(): void {
    // Without a token the handshake can only fail; calls report the missing token instead.
    if (this.socket !== undefined || this.token === undefined || this.retryPending) return;
    const url = `${this.baseUrl.replace(/^http/, 'ws')}${EVENTS_PATH}`;
    const socket = new this.env.WebSocket(url, [EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${this.token}`]);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = FIRST_RETRY_MS;
      for (const event of this.listeners.keys()) socket.send(JSON.stringify({ type: 'subscribe', event }));
    };
    socket.onmessage = (message) => this.dispatch(message.data);
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.listeners.size > 0) this.scheduleRetry();
    };
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
    this.socket = undefined;
    socket?.close(1000, 'no listeners');
  }

  private sendFrame(frame: { type: 'subscribe' | 'unsubscribe'; event: EventName }): void {
    // Before the socket opens, onopen subscribes to every event that has listeners by then.
    if (this.socket !== undefined && this.socket.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const { type, event, payload } = frame as { type?: unknown; event?: unknown; payload?: unknown };
    if (type !== 'event' || typeof event !== 'string') return;
    for (const listener of [...(this.listeners.get(event as EventName) ?? [])]) {
      try {
        listener(payload);
      } catch {
        // One failing listener must not starve the others.
      }
    }
  }
}
