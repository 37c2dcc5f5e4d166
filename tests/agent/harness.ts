/**
 * A real agent on loopback with a stand-in backend (the services' shape, answering a few operations
 * and emitting events on demand), and a raw HTTP client that can send any Host and Origin.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';
import type { EventName, OperationName } from '../../src/api/index.js';
import { startAgent, type AgentBackend, type AgentOptions, type RunningAgent } from '../../src/agent/index.js';
import { PosternError } from '../../src/model/index.js';

export class StandInBackend implements AgentBackend {
  readonly calls: Array<[OperationName, unknown]> = [];
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  async handle(name: OperationName, input: unknown): Promise<unknown> {
    this.calls.push([name, input]);
    switch (name) {
      case 'app.version':
        return { version: '0.1.0-test', node: process.versions.node, platform: process.platform, arch: process.arch };
      case 'requests.cancel':
        throw new PosternError('ABORTED', 'nothing to cancel', { path: 'sendId' });
      case 'runner.cancel':
        // Breaks the output contract on purpose: the agent must answer INTERNAL, not pass it on.
        return { cancelled: 'yes', stack: 'at secret (/home/me/app.js:1:1)' };
      default:
        throw new PosternError('INVALID_INPUT', `the stand-in does not answer ${name}`);
    }
  }

  subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  emit(event: EventName, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}

export async function startTestAgent(options: Partial<AgentOptions> = {}): Promise<{ agent: RunningAgent; backend: StandInBackend }> {
  const backend = new StandInBackend();
  const agent = await startAgent({ handlers: backend, ...options });
  return { agent, backend };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RawRequest {
  readonly port: number;
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly host?: string;
}

/** One HTTP request exactly as given (Host included); the path is sent without normalisation. */
export function rawRequest(options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: options.host ?? '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${options.port}`, ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A call as our page makes it: right Host, Origin, content type and token. Headers override. */
export function apiCall(agent: RunningAgent, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest({
    port: agent.port,
    method: 'POST',
    path: '/api/call',
    headers: { Origin: agent.origin, 'Content-Type': 'application/json', Authorization: `Bearer ${agent.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function json(response: RawResponse): unknown {
  return JSON.parse(response.body) as unknown;
}

/** Open the events socket; resolves with the socket once open, or the HTTP status it was refused with. */
export function openEvents(agent: RunningAgent, options: { origin?: string | null; protocols?: string[]; host?: string } = {}): Promise<{ socket: WebSocket } | { refused: number; body: string }> {
  const protocols = options.protocols ?? ['postern.events.v1', `postern.token.${agent.token}`];
  const headers: Record<string, string> = {};
  if (options.host !== undefined) headers['Host'] = options.host;
  const socket = new WebSocket(`ws://127.0.0.1:${agent.port}/api/events`, protocols, {
    ...(options.origin === null ? {} : { origin: options.origin ?? agent.origin }),
    headers,
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ refused: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    socket.once('error', (error) => reject(error));
  });
}

/** Frames from a socket, in order; `next()` waits for the next one not yet taken. */
export function frames(socket: WebSocket): { next(timeoutMs?: number): Promise<Record<string, unknown>> } {
  const queue: Array<Record<string, unknown>> = [];
  const waiters: Array<(frame: Record<string, unknown>) => void> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else queue.push(frame);
  });
  return {
    next(timeoutMs = 5000) {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no frame arrived')), timeoutMs);
        waiters.push((frame) => (clearTimeout(timer), resolve(frame)));
      });
    },
  };
}

/** Wait until `check` is true (polling), for conditions another process or socket makes true. */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
