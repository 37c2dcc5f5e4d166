/**
 * Shared pieces of the runner's integration tests: a loopback server with the routes the tests need
 * (echo, status codes, cookies, basic and digest auth, a request that never answers), and a run wrapper
 * that records every event.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { CollectionSchema, type Collection } from '../../src/model/index.js';
import { runCollection, type RunEvent, type RunOptions, type RunResult } from '../../src/runner/index.js';
import { createSandbox } from '../../src/scripts/index.js';
import type { ScriptSandbox } from '../../src/scripts/types.js';
import { describeRequest, readBody, startHttpServer, type EchoReply, type RunningServer } from '../support/servers.js';

export interface RoutesServer extends RunningServer {
  /** Every request the server received, in order. */
  readonly received: EchoReply[];
  /** Resolves when the server has received a request to this path. */
  waitFor(pathname: string): Promise<void>;
}

export const DIGEST_REALM = 'postern-tests';
const DIGEST_NONCE = 'dcd98b7102dd2f0e8b11d0f600bfb0c093';

/** The server's check of an RFC 7616 (MD5, qop=auth) digest answer for user `ada`, password `lovelace`. */
function digestValid(req: http.IncomingMessage): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Digest ')) return false;
  const fields = new Map<string, string>();
  for (const match of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) fields.set(match[1] ?? '', match[2] ?? match[3] ?? '');
  const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
  const ha1 = md5(`ada:${DIGEST_REALM}:lovelace`);
  const ha2 = md5(`${req.method}:${fields.get('uri')}`);
  const expected = md5(`${ha1}:${DIGEST_NONCE}:${fields.get('nc')}:${fields.get('cnonce')}:${fields.get('qop')}:${ha2}`);
  return fields.get('username') === 'ada' && fields.get('nonce') === DIGEST_NONCE && fields.get('response') === expected;
}

export async function startRoutesServer(): Promise<RoutesServer> {
  const received: EchoReply[] = [];
  const waiters: Array<{ pathname: string; resolve: () => void }> = [];
  const server = await startHttpServer(async (req, res) => {
    const body = await readBody(req);
    const echo = describeRequest(req, body);
    received.push(echo);
    const url = new URL(req.url ?? '/', 'http://x');
    for (const waiter of waiters.filter((w) => w.pathname === url.pathname)) waiter.resolve();
    const json = (status: number, value: unknown, headers: Record<string, string | string[]> = {}): void => {
      const payload = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(payload);
    };
    const status = /^\/status\/(\d{3})$/.exec(url.pathname)?.[1];
    if (status !== undefined) return json(Number(status), { status: Number(status) });
    switch (url.pathname) {
      case '/set-cookie':
        return json(200, {}, { 'set-cookie': [...url.searchParams].map(([name, value]) => `${name}=${value}; Path=/`) });
      case '/cookies':
        return json(200, { cookie: req.headers.cookie ?? null });
      case '/slow':
        // Headers never come: only cancellation or a timeout ends this request.
        return;
      case '/digest':
        if (digestValid(req)) return json(200, { authenticated: true });
        return json(401, { authenticated: false }, { 'www-authenticate': `Digest realm="${DIGEST_REALM}", qop="auth", nonce="${DIGEST_NONCE}", opaque="5ccc069c403ebaf9f0171e9517f40e41"` });
      default:
        return json(200, echo);
    }
  });
  return {
    ...server,
    received,
    waitFor(pathname: string) {
      if (received.some((echo) => new URL(echo.url, 'http://x').pathname === pathname)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ pathname, resolve }));
    },
  };
}

/** A collection from the model's (short) shape. */
export function collectionOf(input: Record<string, unknown>): Collection {
  return CollectionSchema.parse({ id: 'collection-id', name: 'Tests', ...input });
}

export function request(id: string, url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { scripts, ...requestExtra } = extra;
  return { kind: 'request', id, name: id, request: { url, ...requestExtra }, ...(scripts === undefined ? {} : { scripts }) };
}

export function folder(id: string, items: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'folder', id, name: id, items, ...extra };
}

export interface RecordedRun {
  readonly result: RunResult;
  readonly events: RunEvent[];
}

/** Runs with a fresh sandbox (disposed afterwards) and records the events. */
export async function record(options: Omit<RunOptions, 'onEvent' | 'sandbox'> & { sandbox?: ScriptSandbox }): Promise<RecordedRun> {
  const events: RunEvent[] = [];
  const sandbox = options.sandbox ?? (await createSandbox());
  try {
    const result = await runCollection({ ...options, sandbox, onEvent: (event) => events.push(event) });
    return { result, events };
  } finally {
    if (!options.sandbox) sandbox.dispose();
  }
}

/** Paths (with query) the server received, in order. */
export function paths(server: RoutesServer): string[] {
  return server.received.map((echo) => echo.url);
}

/** A header as the server received it (first value), or undefined. */
export function headerOf(echo: EchoReply | undefined, name: string): string | undefined {
  return echo?.rawHeaders.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

export function bodyOf(echo: EchoReply | undefined): string {
  return Buffer.from(echo?.bodyBase64 ?? '', 'base64').toString('utf8');
}
