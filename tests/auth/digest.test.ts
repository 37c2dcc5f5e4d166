import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody, startHttpServer, type RunningServer } from '../support/servers.js';
import { engine, send } from './auth-client.js';

const USER = 'Mufasa';
const PASSWORD = 'Circle Of Life';
const REALM = 'test@postern.local';
const OPAQUE = 'opaque-5ccc069c';

/** The server's own parser: `name=value` or `name="value"` pairs after the scheme. */
function parseAuthorization(value: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of value.replace(/^Digest\s+/i, '').matchAll(/([a-z]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/gi)) {
    fields[(match[1] ?? '').toLowerCase()] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return fields;
}

/** RFC 7616 §3.4.1, written out again here so the test does not trust the code under test. */
function expectedResponse(algorithm: string, f: Record<string, string>, method: string, body: Buffer): string {
  const name = algorithm.toUpperCase().startsWith('SHA-256') ? 'sha256' : 'md5';
  const h = (data: string | Buffer): string => createHash(name).update(data).digest('hex');
  let ha1 = h(`${USER}:${REALM}:${PASSWORD}`);
  if (algorithm.toLowerCase().endsWith('-sess')) ha1 = h(`${ha1}:${f.nonce}:${f.cnonce}`);
  const ha2 = f.qop === 'auth-int' ? h(`${method}:${f.uri}:${h(body)}`) : h(`${method}:${f.uri}`);
  return f.qop ? h(`${ha1}:${f.nonce}:${f.nc}:${f.cnonce}:${f.qop}:${ha2}`) : h(`${ha1}:${f.nonce}:${ha2}`);
}

interface Route {
  readonly algorithm: string;
  /** The qop the challenge offers; '' for an RFC 2069 server. */
  readonly qop: string;
}

const ROUTES: Readonly<Record<string, Route>> = {
  '/md5': { algorithm: 'MD5', qop: 'auth' },
  '/md5-sess': { algorithm: 'MD5-sess', qop: 'auth' },
  '/sha256': { algorithm: 'SHA-256', qop: 'auth' },
  '/sha256-sess': { algorithm: 'SHA-256-sess', qop: 'auth' },
  '/auth-int': { algorithm: 'SHA-256', qop: 'auth-int' },
  '/rfc2069': { algorithm: 'MD5', qop: '' },
};

const issued = new Set<string>();
let hits = 0;

async function digestServer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  hits++;
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const route = ROUTES[path];
  const body = await readBody(req);
  if (route === undefined) {
    res.writeHead(404).end();
    return;
  }
  const header = req.headers.authorization;
  if (header !== undefined) {
    const f = parseAuthorization(header);
    const problems: string[] = [];
    if (f.username !== USER) problems.push('username');
    if (f.realm !== REALM) problems.push('realm');
    if (!issued.has(f.nonce ?? '')) problems.push('nonce');
    if (f.uri !== req.url) problems.push(`uri ${f.uri} vs ${req.url}`);
    if (f.opaque !== OPAQUE) problems.push('opaque');
    if ((f.algorithm ?? 'MD5').toLowerCase() !== route.algorithm.toLowerCase()) problems.push('algorithm');
    if (route.qop !== '' && (f.qop !== route.qop || !/^[0-9a-f]{8}$/.test(f.nc ?? '') || !f.cnonce)) problems.push('qop/nc/cnonce');
    if (f.response !== expectedResponse(route.algorithm, f, req.method ?? 'GET', body)) problems.push('response');
    if (problems.length === 0) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`welcome via ${route.algorithm}`);
      return;
    }
    res.setHeader('x-problems', problems.join(','));
  }
  const nonce = randomBytes(12).toString('base64');
  issued.add(nonce);
  const qop = route.qop === '' ? '' : `, qop="${route.qop}"`;
  res.writeHead(401, { 'www-authenticate': `Digest realm="${REALM}"${qop}, nonce="${nonce}", opaque="${OPAQUE}", algorithm=${route.algorithm}` });
  res.end('who are you?');
}

let server: RunningServer;
beforeAll(async () => {
  server = await startHttpServer(digestServer);
});
afterAll(async () => {
  await server.close();
  await engine.close();
});

const digest = (params: Record<string, string> = {}) => ({ type: 'digest' as const, params: { username: USER, password: PASSWORD, ...params } });

describe('digest: the 401 challenge round trip against a verifying server', () => {
  for (const path of ['/md5', '/md5-sess', '/sha256', '/sha256-sess', '/rfc2069']) {
    it(`${path}: answers the challenge and is let in`, async () => {
      const before = hits;
      const { response, text, requests } = await send({ url: `${server.url}${path}?x=1&y=two%20words` }, digest());
      expect(text).toBe(`welcome via ${ROUTES[path]?.algorithm}`);
      expect(response.status).toBe(200);
      expect(requests).toHaveLength(2);
      expect(hits - before).toBe(2);
    });
  }

  it('qop=auth-int hashes the request body', async () => {
    const { response } = await send({ method: 'POST', url: `${server.url}/auth-int`, body: { mode: 'raw', raw: '{"signed":"body"}', language: 'json' } }, digest());
    expect(response.status).toBe(200);
  });

  it('a wrong password is refused once and not retried again', async () => {
    const before = hits;
    const { response, requests } = await send({ url: `${server.url}/md5` }, digest({ password: 'wrong' }));
    expect(response.status).toBe(401);
    expect(response.headers.find(([name]) => name === 'x-problems')?.[1]).toBe('response');
    expect(requests).toHaveLength(2);
    expect(hits - before).toBe(2);
  });
});
