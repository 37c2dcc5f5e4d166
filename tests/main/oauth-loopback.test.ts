import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_PATH, exchangeAuthorizationCode, receiveAuthorizationCode, signInWithBrowser } from '../../main/oauth-loopback.js';
import { readBody } from '../support/index.js';

const CLIENT_ID = 'postern-desktop';

/**
 * A small OAuth 2.0 authorization server on 127.0.0.1: /authorize records the PKCE challenge (S256
 * only) and redirects to the loopback redirect URI with a one-time code; /token checks the verifier
 * against the challenge, the client and the redirect URI before it issues a token.
 */
class AuthorizationServer {
  private readonly server: Server = createServer((req, res) => void this.route(req, res));
  private readonly codes = new Map<string, { challenge: string; redirectUri: string; scope: string }>();
  readonly tokenRequests: Array<Record<string, string>> = [];
  base = '';
  /** What /authorize does: sign the person in, or refuse. */
  decision: 'approve' | 'deny' = 'approve';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    this.base = `http://127.0.0.1:${address.port}`;
  }
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      const redirect = new URL(q.get('redirect_uri') ?? '');
      const valid = q.get('response_type') === 'code' && q.get('client_id') === CLIENT_ID && q.get('code_challenge_method') === 'S256' &&
        /^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') && redirect.protocol === 'http:' && redirect.hostname === '127.0.0.1' && redirect.pathname === CALLBACK_PATH;
      if (!valid) {
        res.writeHead(400).end('bad authorization request');
        return;
      }
      const back = new URL(redirect.href);
      if (this.decision === 'deny') {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'The user said no.');
      } else {
        const code = randomBytes(16).toString('hex');
        this.codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri: redirect.href, scope: q.get('scope') ?? '' });
        back.searchParams.set('code', code);
      }
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { Location: back.href }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams((await readBody(req)).toString('utf8')));
      this.tokenRequests.push(form);
      const grant = this.codes.get(form['code'] ?? '');
      this.codes.delete(form['code'] ?? '');
      const verifier = form['code_verifier'] ?? '';
      const fail = (error: string, description: string): void => void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error, error_description: description }));
      if (form['grant_type'] !== 'authorization_code' || form['client_id'] !== CLIENT_ID) return fail('invalid_request', 'bad grant or client');
      if (!grant) return fail('invalid_grant', 'unknown or used code');
      if (grant.redirectUri !== form['redirect_uri']) return fail('invalid_grant', 'redirect_uri differs');
      // RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge.
      if (createHash('sha256').update(verifier, 'ascii').digest('base64url') !== grant.challenge) return fail('invalid_grant', 'PKCE verification failed');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `at-${randomBytes(8).toString('hex')}`, token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-1', scope: grant.scope }));
      return;
    }
    res.writeHead(404).end();
  }
}

/** The "system browser": follows the authorization server's redirect to the loopback callback. */
function browser(tamper?: (callback: URL) => void): { open: (url: string) => Promise<void>; pages: Array<{ status: number; text: string }> } {
  const pages: Array<{ status: number; text: string }> = [];
  return {
    pages,
    async open(url: string) {
      const first = await fetch(url, { redirect: 'manual' });
      const location = first.headers.get('location');
      if (location === null) throw new Error(`no redirect: HTTP ${first.status}`);
      const callback = new URL(location);
      tamper?.(callback);
      const page = await fetch(callback.href);
      pages.push({ status: page.status, text: await page.text() });
    },
  };
}

async function refusedConnection(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code) === 'ECONNREFUSED';
  }
}

describe('OAuth 2.0 authorization code + PKCE on a loopback redirect', () => {
  const server = new AuthorizationServer();
  beforeAll(() => server.start());
  afterAll(() => server.close());
  const endpoints = () => ({ authorizationEndpoint: `${server.base}/authorize`, tokenEndpoint: `${server.base}/token`, clientId: CLIENT_ID });

  it('signs in: the browser is opened, the code arrives on 127.0.0.1, and the server verifies PKCE S256', async () => {
    const opened: string[] = [];
    const b = browser();
    let browsing: Promise<void> = Promise.resolve();
    const tokens = await signInWithBrowser({ ...endpoints(), scope: 'openid sync', openBrowser: (url) => (opened.push(url), (browsing = b.open(url))), timeoutMs: 10_000 });
    await browsing;
    expect(tokens).toMatchObject({ accessToken: expect.stringMatching(/^at-/), tokenType: 'Bearer', expiresIn: 3600, refreshToken: 'rt-1', scope: 'openid sync' });
    const authorize = new URL(opened[0] ?? '');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const redirectUri = authorize.searchParams.get('redirect_uri') ?? '';
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(b.pages).toEqual([{ status: 200, text: expect.stringContaining('You can close this tab') }]);
    expect(server.tokenRequests.at(-1)).toMatchObject({ grant_type: 'authorization_code', redirect_uri: redirectUri, client_id: CLIENT_ID, code_verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    // One shot: the listener is gone.
    expect(await refusedConnection(`${redirectUri}?code=again&state=x`)).toBe(true);
  });

  it('the test server really checks the verifier: a wrong one is refused', async () => {
    const b = browser();
    const grant = await receiveAuthorizationCode({ ...endpoints(), openBrowser: b.open, timeoutMs: 10_000 });
    await expect(exchangeAuthorizationCode(endpoints(), { ...grant, codeVerifier: randomBytes(32).toString('base64url') })).rejects.toMatchObject({
      code: 'OAUTH_FAILED',
      message: 'the token endpoint refused the code: invalid_grant (PKCE verification failed)',
    });
  });

  it('refuses a redirect with the wrong state, and listens no more', async () => {
    let callback = '';
    const b = browser((url) => {
      callback = url.href;
      url.searchParams.set('state', 'forged-by-another-page');
    });
    let browsing: Promise<void> = Promise.resolve();
    await expect(receiveAuthorizationCode({ ...endpoints(), openBrowser: (url) => (browsing = b.open(url)), timeoutMs: 10_000 })).rejects.toMatchObject({ code: 'OAUTH_STATE_MISMATCH' });
    await browsing;
    expect(b.pages).toEqual([{ status: 400, text: expect.stringContaining('Sign-in refused') }]);
    // The genuine answer, coming after, finds nobody listening.
    expect(await refusedConnection(callback)).toBe(true);
  });

  it('ignores other paths on the loopback port without ending the flow', async () => {
    const b = browser();
    const grant = await receiveAuthorizationCode({
      ...endpoints(),
      openBrowser: async (url) => {
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
        expect((await fetch(new URL('/favicon.ico', redirect))).status).toBe(404);
        await b.open(url);
      },
      timeoutMs: 10_000,
    });
    expect(grant.code).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reports a refusal by the authorization server in one line', async () => {
    server.decision = 'deny';
    try {
      await expect(receiveAuthorizationCode({ ...endpoints(), openBrowser: browser().open, timeoutMs: 10_000 })).rejects.toMatchObject({
        code: 'OAUTH_FAILED',
        message: 'the authorization server refused the sign-in: access_denied (The user said no.)',
      });
    } finally {
      server.decision = 'approve';
    }
  });

  it('times out when no answer comes, and closes the port', async () => {
    let redirectUri = '';
    const started = Date.now();
    await expect(
      receiveAuthorizationCode({ ...endpoints(), openBrowser: (url) => void (redirectUri = new URL(url).searchParams.get('redirect_uri') ?? ''), timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: 'OAUTH_TIMEOUT' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await refusedConnection(`${redirectUri}?code=late&state=x`)).toBe(true);
  });

  it('fails at once when the browser cannot be opened, or the endpoints are not https', async () => {
    await expect(receiveAuthorizationCode({ ...endpoints(), openBrowser: () => Promise.reject(new Error('xdg-open not found')) })).rejects.toMatchObject({
      code: 'OAUTH_FAILED',
      message: 'could not open the system browser for sign-in: xdg-open not found',
    });
    const opened: string[] = [];
    await expect(signInWithBrowser({ ...endpoints(), tokenEndpoint: 'http://auth.example.com/token', openBrowser: (url) => opened.push(url) })).rejects.toMatchObject({ code: 'UNSUPPORTED_SCHEME' });
    await expect(receiveAuthorizationCode({ ...endpoints(), authorizationEndpoint: 'http://auth.example.com/authorize', openBrowser: (url) => opened.push(url) })).rejects.toMatchObject({ code: 'UNSUPPORTED_SCHEME' });
    expect(opened).toEqual([]);
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    const flow = receiveAuthorizationCode({ ...endpoints(), openBrowser: () => controller.abort(), timeoutMs: 10_000, signal: controller.signal });
    await expect(flow).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
