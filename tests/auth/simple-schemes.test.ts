import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../support/servers.js';
import { engine, headerOf, send } from './auth-client.js';

/** Checks each scheme the way a server would and answers 200 or 401 with what it saw. */
function verify(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const authorization = req.headers.authorization ?? '';
  let ok = false;
  switch (url.pathname) {
    case '/basic': {
      const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization);
      ok = match !== null && Buffer.from(match[1] ?? '', 'base64').toString('utf8') === 'ada:pässword:with:colons';
      break;
    }
    case '/bearer':
      ok = authorization === 'Bearer tok.en-123';
      break;
    case '/apikey-header':
      ok = req.headers['x-api-key'] === 'k3y' && req.rawHeaders.filter((name) => name.toLowerCase() === 'x-api-key').length === 1;
      break;
    case '/apikey-query':
      ok = url.searchParams.getAll('api_key').length === 1 && url.searchParams.get('api_key') === 'a b&c=d' && url.searchParams.get('page') === '2';
      break;
  }
  res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok, authorization, url: req.url }));
}

let server: RunningServer;
beforeAll(async () => {
  server = await startHttpServer(verify);
});
afterAll(async () => {
  await server.close();
  await engine.close();
});

describe('basic, bearer and API key on the wire', () => {
  it('basic: the server decodes the user and password (UTF-8, colons kept in the password)', async () => {
    const { response } = await send({ url: `${server.url}/basic` }, { type: 'basic', params: { username: 'ada', password: 'pässword:with:colons' } });
    expect(response.status).toBe(200);
  });

  it('basic wins over an Authorization header the user typed (Postman does the same)', async () => {
    const { response, requests } = await send(
      { url: `${server.url}/basic`, headers: [{ key: 'authorization', value: 'Basic d3Jvbmc=' }] },
      { type: 'basic', params: { username: 'ada', password: 'pässword:with:colons' } },
    );
    expect(response.status).toBe(200);
    expect(requests[0]?.headers.filter(([name]) => name.toLowerCase() === 'authorization')).toHaveLength(1);
  });

  it('bearer', async () => {
    expect((await send({ url: `${server.url}/bearer` }, { type: 'bearer', params: { token: 'tok.en-123' } })).response.status).toBe(200);
  });

  it('bearer with an empty token sends no Authorization (as Postman)', async () => {
    const { response, text } = await send({ url: `${server.url}/bearer` }, { type: 'bearer', params: { token: '' } });
    expect(response.status).toBe(401);
    expect(JSON.parse(text)).toMatchObject({ authorization: '' });
  });

  it('API key in a header replaces a header of the same name in any case', async () => {
    const { response, requests } = await send(
      { url: `${server.url}/apikey-header`, headers: [{ key: 'X-API-KEY', value: 'stale' }] },
      { type: 'apikey', params: { key: 'x-api-key', value: 'k3y', in: 'header' } },
    );
    expect(response.status).toBe(200);
    expect(headerOf(requests[0]!, 'x-api-key')).toBe('k3y');
  });

  it('API key in the query is encoded and replaces a parameter of the same name', async () => {
    const { response } = await send(
      { url: `${server.url}/apikey-query`, query: [{ key: 'page', value: '2' }, { key: 'api_key', value: 'old' }] },
      { type: 'apikey', params: { key: 'api_key', value: 'a b&c=d', in: 'query' } },
    );
    expect(response.status).toBe(200);
  });

  it('API key with an unknown placement is an error naming the field', async () => {
    await expect(send({ url: `${server.url}/apikey-query` }, { type: 'apikey', params: { key: 'k', value: 'v', in: 'cookie' } }))
      .rejects.toThrow('auth (apikey): in "cookie" is not one of header, query');
  });

  it('a line break in a credential is refused before anything is sent', async () => {
    await expect(send({ url: `${server.url}/bearer` }, { type: 'bearer', params: { token: 'abc\r\nX-Injected: 1' } }))
      .rejects.toThrow('auth (bearer): the Authorization header it makes contains a line break');
  });
});
