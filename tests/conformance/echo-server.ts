/**
 * The server both newman and `postern run` talk to in the conformance suite. Every answer is JSON that
 * describes what arrived, so a collection's tests can check what each runner actually sent (headers,
 * auth, cookies, query, body) rather than what it meant to send.
 *
 * Routes (any method unless noted):
 *   /echo/...                 200, the request as JSON (see `EchoBody`)
 *   /status/:code             that status, the request as JSON
 *   /text                     200 text/plain
 *   /headers                  200 with custom and repeated response headers
 *   /slow?ms=N                the echo after N ms (at most 500)
 *   /cookies/set?name=value…  200, one `Set-Cookie` per query pair (Path=/)
 *   /cookies/delete?name=n    200, expires cookie n
 *   /cookies                  200, the cookies received, as an object
 *   /whoami                   200, the Authorization header decoded: scheme, user, token
 *   /auth/basic               200 for coll-user:coll-pass, else 401 with WWW-Authenticate
 */
import type http from 'node:http';
import { readBody, startHttpServer, type RunningServer } from '../support/index.js';

export interface EchoBody {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  /** Lower-case names; repeated headers joined with `, ` as Node does. */
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  /** The body parsed when it is JSON, else null. */
  readonly json: unknown;
}

export function startEchoServer(): Promise<RunningServer> {
  return startHttpServer(handle);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = (await readBody(req)).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  const echo = describe(req, url, body);

  if (path.startsWith('/echo/') || path === '/echo') return sendJson(res, 200, echo, { 'X-Echo': 'yes' });
  const status = /^\/status\/(\d{3})$/.exec(path);
  if (status) return sendJson(res, Number(status[1]), echo);
  switch (path) {
    case '/text':
      return send(res, 200, 'text/plain; charset=utf-8', 'hello, postern\n');
    case '/headers':
      res.setHeader('X-Custom', 'v1');
      res.setHeader('X-Multi', ['one', 'two']);
      return sendJson(res, 200, { headers: true });
    case '/slow': {
      const ms = Math.min(Number(url.searchParams.get('ms') ?? '20') || 0, 500);
      await new Promise((resolve) => setTimeout(resolve, ms));
      return sendJson(res, 200, echo);
    }
    case '/cookies/set':
      res.setHeader('Set-Cookie', [...url.searchParams].map(([name, value]) => `${name}=${value}; Path=/`));
      return sendJson(res, 200, { set: Object.fromEntries(url.searchParams) });
    case '/cookies/delete': {
      const name = url.searchParams.get('name') ?? '';
      res.setHeader('Set-Cookie', `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
      return sendJson(res, 200, { deleted: name });
    }
    case '/cookies':
      return sendJson(res, 200, { cookies: parseCookies(req.headers.cookie) });
    case '/whoami':
      return sendJson(res, 200, whoami(req.headers.authorization));
    case '/auth/basic': {
      const who = whoami(req.headers.authorization);
      if (who.scheme === 'Basic' && who.user === 'coll-user' && who.password === 'coll-pass') return sendJson(res, 200, { authenticated: true });
      res.setHeader('WWW-Authenticate', 'Basic realm="conformance"');
      return sendJson(res, 401, { authenticated: false });
    }
    default:
      return sendJson(res, 404, { error: `no route ${path}` });
  }
}

function describe(req: http.IncomingMessage, url: URL, body: string): EchoBody {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const known = query[key];
    query[key] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  return { method: req.method ?? '', path: url.pathname, query, headers: req.headers, body, json: parseJson(body) };
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

interface Who {
  readonly scheme: string | null;
  readonly user?: string;
  readonly password?: string;
  readonly token?: string;
}

function whoami(header: string | undefined): Who {
  if (header === undefined) return { scheme: null };
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  const rest = space === -1 ? '' : header.slice(space + 1);
  if (scheme === 'Basic') {
    const decoded = Buffer.from(rest, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { scheme, user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { scheme, token: rest };
}

function sendJson(res: http.ServerResponse, code: number, value: unknown, headers: Record<string, string> = {}): void {
  for (const [name, text] of Object.entries(headers)) res.setHeader(name, text);
  send(res, code, 'application/json; charset=utf-8', JSON.stringify(value));
}

function send(res: http.ServerResponse, code: number, type: string, text: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.writeHead(code);
  res.end(text);
}
