import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EVENTS, EVENT_NAMES, type EventName, type WireError } from '../api/index.js';
import { authorizeApiRequest } from './authorize.js';
import type { AgentBackend } from './types.js';

/**
 * `GET /api/events` upgraded to a WebSocket. The client offers two subprotocols: `postern.events.v1`
 * and `postern.token.<TOKEN>` (a browser cannot set headers on a WebSocket, and a URL query would land
 * in logs). Host, Origin and token are checked before the upgrade; the answer names only
 * `postern.events.v1`, never the token.
 *
 * Frames, JSON text:
 *   client → agent  {"type":"subscribe","event":NAME}  {"type":"unsubscribe","event":NAME}
 *   agent → client  {"type":"subscribed","event":NAME}  {"type":"unsubscribed","event":NAME}
 *                   {"type":"event","event":NAME,"payload":…}  {"type":"error","error":WireError}
 *
 * `subscribed` is the acknowledgement clients wait for before they start anything whose events they
 * need (the renderer's `runner.start`): it is sent only once the backend listener is in place, and on
 * the same ordered socket as the events, so every event emitted after it reaches the client.
 */
export const EVENTS_PATH = '/api/events';
export const EVENTS_PROTOCOL = 'postern.events.v1';
export const TOKEN_PROTOCOL_PREFIX = 'postern.token.';

/** A client that reads slower than events come is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

export interface EventsSocketContext {
  readonly port: number;
  readonly token: string;
  readonly backend: AgentBackend;
}

export interface EventsSocket {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

export function createEventsSocket(context: EventsSocketContext): EventsSocket {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  const alive = new WeakMap<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const client of server.clients) {
      if (alive.get(client) === false) {
        client.terminate();
        continue;
      }
      alive.set(client, false);
      client.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  server.on('connection', (client: WebSocket) => {
    alive.set(client, true);
    client.on('pong', () => alive.set(client, true));
    serveClient(client, context.backend);
  });

  return {
    handleUpgrade(request, socket, head) {
      const path = (request.url ?? '').split('?')[0];
      if (path !== EVENTS_PATH) return refuse(socket, 404, { code: 'INVALID_INPUT', message: 'no such WebSocket endpoint' });
      const offered = offeredProtocols(request);
      const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
      const authorization = authorizeApiRequest(request, context.port, context.token, presented);
      if (!authorization.ok) return refuse(socket, authorization.status, authorization.error);
      if (!offered.includes(EVENTS_PROTOCOL)) return refuse(socket, 400, { code: 'INVALID_INPUT', message: `offer the subprotocol ${EVENTS_PROTOCOL}` });
      server.handleUpgrade(request, socket, head, (client) => server.emit('connection', client, request));
    },
    async close() {
      clearInterval(heartbeat);
      const closing = [...server.clients].map(
        (client) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => (client.terminate(), resolve()), 500);
            client.once('close', () => (clearTimeout(timer), resolve()));
            client.close(1001, 'agent stopping');
          }),
      );
      await Promise.all(closing);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text.split(',').map((p) => p.trim()).filter((p) => p !== '');
}

const STATUS_TEXT: Readonly<Record<number, string>> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

/** Answer a handshake we will not accept with a plain HTTP status and drop the socket. */
function refuse(socket: Duplex, status: number, error: WireError): void {
  const body = JSON.stringify({ ok: false, error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n' +
      "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** One connection: its subscriptions live and die with it. */
function serveClient(client: WebSocket, backend: AgentBackend): void {
  const subscriptions = new Map<EventName, () => void>();
  const send = (frame: unknown): void => {
    if (client.readyState !== client.OPEN) return;
    if (client.bufferedAmount > MAX_BUFFERED_BYTES) {
      client.terminate();
      return;
    }
    client.send(JSON.stringify(frame));
  };
  const sendError = (message: string, path?: string): void => {
    const error: WireError = { code: 'INVALID_INPUT', message };
    if (path !== undefined) error.where = { path };
    send({ type: 'error', error });
  };

  client.on('message', (data: RawData, isBinary: boolean) => {
    const message = isBinary ? undefined : parseFrame(data);
    if (message === undefined) return sendError('a frame must be a JSON object {"type","event"}');
    const { type, event } = message;
    if (type !== 'subscribe' && type !== 'unsubscribe') return sendError(`unknown frame type ${JSON.stringify(String(type)).slice(0, 60)}; use subscribe or unsubscribe`, 'type');
    if (!isEventName(event)) return sendError(`unknown event ${JSON.stringify(String(event)).slice(0, 80)}; known: ${EVENT_NAMES.join(', ')}`, 'event');
    if (type === 'subscribe') {
      // Listener first, acknowledgement second: the client trusts the ack to mean "live".
      if (!subscriptions.has(event)) subscriptions.set(event, backend.subscribe(event, (payload) => forward(event, payload)));
      send({ type: 'subscribed', event });
    } else {
      subscriptions.get(event)?.();
      subscriptions.delete(event);
      send({ type: 'unsubscribed', event });
    }
  });

  // Payloads are checked against the contract like call outputs: nothing else reaches the page.
  const forward = (event: EventName, payload: unknown): void => {
    const parsed = EVENTS[event].payload.safeParse(payload);
    if (parsed.success) send({ type: 'event', event, payload: parsed.data });
    else send({ type: 'error', error: { code: 'INTERNAL', message: `${event}: the payload does not match the contract` } });
  };

  client.on('close', () => {
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
  });
  client.on('error', () => client.terminate());
}

function parseFrame(data: RawData): { type: unknown; event: unknown } | undefined {
  try {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const text = bytes.toString('utf8');
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    return { type: record['type'], event: record['event'] };
  } catch {
    return undefined;
  }
}
