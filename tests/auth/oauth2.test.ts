import { createHash } from 'node:crypto';
import type http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPkceVerifier, fetchOAuth2Token, pkceChallenge, type CachedToken } from '../../src/auth/index.js';
import type { JsonValue } from '../../src/model/index.js';
import { readBody, startHttpServer, type RunningServer } from '../support/servers.js';
import { engine, engineDeps, headerOf, send } from './auth-client.js';

const CLIENT_ID = 'my client';
const CLIENT_SECRET = 's3cr:et&=';

interface TokenRequestSeen {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly form: Record<string, string>;
  readonly audienceHeader: string | undefined;
}

let seen: TokenRequestSeen[] = [];
let issued = 0;
const validTokens = new Set<string>();
/** The PKCE challenge the "authorization request" registered, computed by the test itself. */
let registeredChallenge = '';

function json(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function clientOf(req: http.IncomingMessage, form: Record<string, string>): { id: string; secret: string } | undefined {
  const match = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
  if (match) {
    const [id = '', secret = ''] = Buffer.from(match[1] ?? '', 'base64').toString('utf8').split(':');
    const decode = (text: string): string => decodeURIComponent(text.replace(/\+/g, ' '));
    return { id: decode(id), secret: decode(secret) };
  }
  return form.client_id === undefined ? undefined : { id: form.client_id, secret: form.client_secret ?? '' };
}

async function authServer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const body = (await readBody(req)).toString();
  if (url.pathname === '/resource') {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? url.searchParams.get('access_token') ?? (/^Token (.+)$/.exec(req.headers.authorization ?? '')?.[1]);
    json(res, token !== undefined && validTokens.has(token) ? 200 : 401, { token, via: bearer ? 'bearer' : req.headers.authorization ? 'prefix' : 'query' });
    return;
  }
  const form = Object.fromEntries(new URLSearchParams(body));
  seen.push({ path: url.pathname, authorization: req.headers.authorization, form, audienceHeader: req.headers['x-audience'] as string | undefined });
  if (req.method !== 'POST' || req.headers['content-type'] !== 'application/x-www-form-urlencoded') return json(res, 400, { error: 'invalid_request' });
  switch (url.pathname) {
    case '/token-401':
      return json(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    case '/token-html':
      return json(res, 200, '<html><body>Sign in first</body></html>', 'text/html');
    case '/token-no-access':
      return json(res, 200, { token_type: 'bearer' });
    case '/token':
      break;
    default:
      return json(res, 404, {});
  }
  const client = clientOf(req, form);
  if (client?.id !== CLIENT_ID || client.secret !== CLIENT_SECRET) return json(res, 401, { error: 'invalid_client' });
  const grant = form.grant_type;
  if (grant === 'password' && (form.username !== 'ada' || form.password !== 'lovelace')) return json(res, 400, { error: 'invalid_grant' });
  if (grant === 'authorization_code') {
    const challenge = createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
    if (form.code !== 'the-code' || challenge !== registeredChallenge || form.redirect_uri !== 'http://127.0.0.1/callback') return json(res, 400, { error: 'invalid_grant' });
  }
  if (grant === 'refresh_token' && form.refresh_token !== 'refresh-1') return json(res, 400, { error: 'invalid_grant' });
  if (!['client_credentials', 'password', 'authorization_code', 'refresh_token'].includes(grant ?? '')) return json(res, 400, { error: 'unsupported_grant_type' });
  issued++;
  const token = `${grant}-${issued}`;
  validTokens.add(token);
  json(res, 200, { access_token: token, token_type: 'bearer', expires_in: 60, refresh_token: 'refresh-1', scope: form.scope });
}

let server: RunningServer;
beforeAll(async () => {
  server = await startHttpServer(authServer);
});
afterAll(async () => {
  await server.close();
  await engine.close();
});
beforeEach(() => {
  seen = [];
});

function oauth2(params: Record<string, JsonValue>) {
  return {
    type: 'oauth2' as const,
    params: { grant_type: 'client_credentials', accessTokenUrl: `${server.url}/token`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...params },
  };
}

describe('OAuth 2.0: tokens fetched by the run and attached', () => {
  it('client credentials with the client in a Basic header, then the token as a Bearer header', async () => {
    const { response, text } = await send({ url: `${server.url}/resource` }, oauth2({ scope: 'read write', client_authentication: 'header' }));
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ via: 'bearer' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.authorization).toMatch(/^Basic /);
    expect(seen[0]?.form).toEqual({ grant_type: 'client_credentials', scope: 'read write' });
  });

  it('client credentials with the client in the body', async () => {
    const { response } = await send({ url: `${server.url}/resource` }, oauth2({ client_authentication: 'body' }));
    expect(response.status).toBe(200);
    expect(seen[0]?.authorization).toBeUndefined();
    expect(seen[0]?.form).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });

  it("password grant (Postman's password_credentials)", async () => {
    const { response } = await send({ url: `${server.url}/resource` }, oauth2({ grant_type: 'password_credentials', username: 'ada', password: 'lovelace' }));
    expect(response.status).toBe(200);
    expect(seen[0]?.form).toMatchObject({ grant_type: 'password', username: 'ada', password: 'lovelace' });
  });

  it('caches the token for the run and fetches again once it expires', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const tokenCache = new Map<string, CachedToken>();
    const deps = engineDeps({ tokenCache, now: () => now });
    const auth = oauth2({});
    const first = await send({ url: `${server.url}/resource` }, auth, deps);
    const second = await send({ url: `${server.url}/resource` }, auth, deps);
    expect([first.response.status, second.response.status]).toEqual([200, 200]);
    expect(seen).toHaveLength(1);
    expect(headerOf(second.requests[0]!, 'authorization')).toBe(headerOf(first.requests[0]!, 'authorization'));
    expect([...tokenCache.values()][0]).toMatchObject({ tokenType: 'bearer', expiresAt: now.getTime() + 60_000 });
    // No secret sits in the cache's keys.
    expect([...tokenCache.keys()].join()).not.toContain(CLIENT_SECRET);

    now = new Date(now.getTime() + 55_000); // inside the 10 s safety margin
    const third = await send({ url: `${server.url}/resource` }, auth, deps);
    expect(third.response.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(headerOf(third.requests[0]!, 'authorization')).not.toBe(headerOf(first.requests[0]!, 'authorization'));
  });

  it('attaches a token it was given: in the query, or with a custom header prefix', async () => {
    validTokens.add('given-token');
    const query = await send({ url: `${server.url}/resource?access_token=stale` }, { type: 'oauth2', params: { accessToken: 'given-token', addTokenTo: 'queryParams' } });
    expect(query.response.status).toBe(200);
    expect(JSON.parse(query.text)).toMatchObject({ via: 'query' });
    expect(query.requests[0]?.url.searchParams.getAll('access_token')).toEqual(['given-token']);
    const prefixed = await send({ url: `${server.url}/resource` }, { type: 'oauth2', params: { accessToken: 'given-token', headerPrefix: 'Token' } });
    expect(JSON.parse(prefixed.text)).toMatchObject({ via: 'prefix' });
    expect(seen).toHaveLength(0);
  });

  it('sends tokenRequestParams in the body, a header or the URL as Postman describes them', async () => {
    await send({ url: `${server.url}/resource` }, oauth2({
      tokenRequestParams: [
        { key: 'audience', value: 'https://api.example', enabled: true, send_as: 'request_body' },
        { key: 'X-Audience', value: 'hdr', enabled: true, send_as: 'request_header' },
        { key: 'ignored', value: 'x', enabled: false, send_as: 'request_body' },
      ],
    }));
    expect(seen[0]?.form).toMatchObject({ audience: 'https://api.example' });
    expect(seen[0]?.form.ignored).toBeUndefined();
    expect(seen[0]?.audienceHeader).toBe('hdr');
  });
});

describe('OAuth 2.0: token endpoint failures are one clear line', () => {
  it('401 with an OAuth error body', async () => {
    await expect(send({ url: `${server.url}/resource` }, oauth2({ accessTokenUrl: `${server.url}/token-401` })))
      .rejects.toThrow(`auth (oauth2): the token endpoint ${server.url}/token-401 answered 401 Unauthorized: invalid_client (Client authentication failed)`);
  });

  it('an answer that is not JSON', async () => {
    await expect(send({ url: `${server.url}/resource` }, oauth2({ accessTokenUrl: `${server.url}/token-html` })))
      .rejects.toThrow(`auth (oauth2): the token endpoint ${server.url}/token-html answered 200 with a body that is not JSON (text/html): <html><body>Sign in first</body></html>`);
  });

  it('an answer without access_token', async () => {
    await expect(send({ url: `${server.url}/resource` }, oauth2({ accessTokenUrl: `${server.url}/token-no-access` })))
      .rejects.toThrow('answered without an access_token');
  });

  it('a wrong client secret, and missing settings', async () => {
    await expect(send({ url: `${server.url}/resource` }, oauth2({ clientSecret: 'wrong' }))).rejects.toThrow('answered 401 Unauthorized: invalid_client');
    await expect(send({ url: `${server.url}/resource` }, oauth2({ accessTokenUrl: '' }))).rejects.toThrow('auth (oauth2): accessTokenUrl is empty');
    await expect(send({ url: `${server.url}/resource` }, oauth2({ grant_type: 'password_credentials', username: '' }))).rejects.toThrow('auth (oauth2): username is empty');
    await expect(send({ url: `${server.url}/resource` }, oauth2({ accessTokenUrl: 'ftp://x/token' }))).rejects.toThrow('auth (oauth2): accessTokenUrl: unsupported URL scheme "ftp:"');
  });

  it('a token endpoint that cannot be reached', async () => {
    const closed = await startHttpServer();
    const url = `${closed.url}/token`;
    await closed.close();
    await expect(send({ url: `${server.url}/resource` }, oauth2({ accessTokenUrl: url }))).rejects.toMatchObject({
      code: 'CONNECTION_REFUSED',
      message: expect.stringMatching(/^auth \(oauth2\): the token request to http:\/\/127\.0\.0\.1:\d+\/token failed: /),
    });
  });
});

describe('OAuth 2.0: authorization code with PKCE, and refresh', () => {
  it('exchanges the code with the verifier, then refreshes', async () => {
    const verifier = createPkceVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    registeredChallenge = createHash('sha256').update(verifier).digest('base64url');
    expect(pkceChallenge(verifier)).toBe(registeredChallenge);

    const deps = engineDeps();
    const token = await fetchOAuth2Token({
      grant_type: 'authorization_code_with_pkce', accessTokenUrl: `${server.url}/token`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET,
      redirect_uri: 'http://127.0.0.1/callback', code: 'the-code', code_verifier: verifier,
    }, deps);
    expect(token).toMatchObject({ tokenType: 'bearer', expiresIn: 60, refreshToken: 'refresh-1' });
    expect(token.accessToken).toMatch(/^authorization_code-\d+$/);
    expect(deps.sent[0]?.method).toBe('POST');

    const refreshed = await fetchOAuth2Token({ grant_type: 'refresh_token', accessTokenUrl: `${server.url}/token`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refresh_token: token.refreshToken ?? '' }, deps);
    expect(refreshed.accessToken).toMatch(/^refresh_token-\d+$/);
  });

  it('a wrong verifier is refused', async () => {
    registeredChallenge = pkceChallenge('the-right-verifier-the-right-verifier-12345');
    await expect(fetchOAuth2Token({
      grant_type: 'authorization_code', accessTokenUrl: `${server.url}/token`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET,
      redirect_uri: 'http://127.0.0.1/callback', code: 'the-code', code_verifier: 'another-verifier-another-verifier-123456789',
    }, engineDeps())).rejects.toThrow('answered 400 Bad Request: invalid_grant');
  });
});
