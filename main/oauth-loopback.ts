import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createPkceVerifier, pkceChallenge } from '../src/auth/index.js';
import { PosternError } from '../src/model/index.js';

/**
 * OAuth 2.0 authorization code + PKCE for a native app (RFC 8252): the sign-in page opens in the
 * system browser, never in an app window, and the code comes back to a one-shot HTTP listener on
 * 127.0.0.1 (any free port; the path is fixed). The state is checked, the listener answers one
 * callback and closes, and the whole flow gives up after a timeout.
 */
export interface LoopbackAuthorization {
  /** https, or http on a loopback address (a local test or development server). */
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly scope?: string;
  /** More query parameters for the authorization request (`prompt`, `login_hint`, …). */
  readonly extraParameters?: Readonly<Record<string, string>>;
  /** Hands the authorization URL to the system browser. */
  readonly openBrowser: (url: string) => unknown;
  /** Default 5 minutes: a person has to sign in. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** For the token request; default the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface AuthorizationCode {
  readonly code: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

export interface OAuthTokens {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresIn?: number;
  readonly refreshToken?: string;
  readonly idToken?: string;
  readonly scope?: string;
}

export const CALLBACK_PATH = '/callback';
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function oneLine(text: string, max = 200): string {
  // Control characters (a CR/LF or NUL from a hostile server) become spaces too.
  const flat = [...text].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c)).join('').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function checkEndpoint(url: string, field: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PosternError('INVALID_URL', `${field} is not a URL`, { path: field });
  }
  const loopbackHttp = parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
  if (parsed.protocol !== 'https:' && !loopbackHttp) throw new PosternError('UNSUPPORTED_SCHEME', `${field} must be https (or http on 127.0.0.1)`, { path: field });
  return parsed;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  Connection: 'close',
};

function page(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, PAGE_HEADERS);
  response.end(`<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Postern</title></head><body><p>${text}</p></body></html>\n`);
}

/** Open the system browser at the authorization URL and wait for the code on the loopback callback. */
export async function receiveAuthorizationCode(request: LoopbackAuthorization): Promise<AuthorizationCode> {
  const endpoint = checkEndpoint(request.authorizationEndpoint, 'authorizationEndpoint');
  if (request.signal?.aborted) throw new PosternError('ABORTED', 'sign-in was cancelled');
  const codeVerifier = createPkceVerifier();
  const state = randomBytes(32).toString('base64url');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    server.close();
    throw new PosternError('OAUTH_FAILED', 'could not open a loopback port for the sign-in redirect');
  }
  const redirectUri = `http://127.0.0.1:${address.port}${CALLBACK_PATH}`;

  const url = new URL(endpoint.href);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('code_challenge', pkceChallenge(codeVerifier, 'S256'));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  if (request.scope !== undefined && request.scope !== '') url.searchParams.set('scope', request.scope);
  for (const [name, value] of Object.entries(request.extraParameters ?? {})) if (!url.searchParams.has(name)) url.searchParams.set(name, value);

  return new Promise<AuthorizationCode>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: { code: string } | PosternError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      // One shot: stop listening now; the callback's own response still completes.
      server.close();
      setImmediate(() => server.closeAllConnections());
      if (outcome instanceof PosternError) reject(outcome);
      else resolve({ code: outcome.code, codeVerifier, redirectUri });
    };
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => finish(new PosternError('OAUTH_TIMEOUT', `no sign-in arrived within ${Math.round(timeoutMs / 1000)} s; try again`)), timeoutMs);
    const onAbort = (): void => finish(new PosternError('ABORTED', 'sign-in was cancelled'));
    request.signal?.addEventListener('abort', onAbort, { once: true });

    server.on('request', (incoming: IncomingMessage, response: ServerResponse) => {
      const target = new URL(incoming.url ?? '/', redirectUri);
      if (settled || incoming.method !== 'GET' || target.pathname !== CALLBACK_PATH) {
        page(response, 404, 'Not found.');
        return;
      }
      const params = target.searchParams;
      if (!sameSecret(params.get('state') ?? '', state)) {
        page(response, 400, 'Sign-in refused: this answer does not belong to the sign-in Postern started. Return to Postern and try again.');
        finish(new PosternError('OAUTH_STATE_MISMATCH', 'the sign-in answer had the wrong state, so it was refused (it did not come from the sign-in Postern started)'));
        return;
      }
      const error = params.get('error');
      if (error !== null) {
        const description = params.get('error_description');
        page(response, 400, 'Sign-in did not complete. Return to Postern for details.');
        finish(new PosternError('OAUTH_FAILED', `the authorization server refused the sign-in: ${oneLine(error, 80)}${description ? ` (${oneLine(description)})` : ''}`));
        return;
      }
      const code = params.get('code');
      if (code === null || code === '') {
        page(response, 400, 'Sign-in did not complete. Return to Postern for details.');
        finish(new PosternError('OAUTH_FAILED', 'the sign-in answer carried no authorization code'));
        return;
      }
      page(response, 200, 'Signed in. You can close this tab and return to Postern.');
      finish({ code });
    });

    Promise.resolve()
      .then(() => request.openBrowser(url.href))
      .catch((error: unknown) => {
        const reason = error instanceof Error ? oneLine(error.message) : 'unknown reason';
        finish(new PosternError('OAUTH_FAILED', `could not open the system browser for sign-in: ${reason}`));
      });
  });
}

function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Trade the code (with its PKCE verifier) for tokens at the token endpoint. */
export async function exchangeAuthorizationCode(request: Pick<LoopbackAuthorization, 'tokenEndpoint' | 'clientId' | 'fetch' | 'signal'>, grant: AuthorizationCode): Promise<OAuthTokens> {
  const endpoint = checkEndpoint(request.tokenEndpoint, 'tokenEndpoint');
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    client_id: request.clientId,
    code_verifier: grant.codeVerifier,
  });
  let status: number;
  let text: string;
  try {
    const response = await (request.fetch ?? fetch)(endpoint.href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
      redirect: 'error',
      ...(request.signal ? { signal: request.signal } : {}),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw new PosternError('OAUTH_FAILED', `the token endpoint could not be reached: ${error instanceof Error ? oneLine(error.message) : 'unknown reason'}`, { path: 'tokenEndpoint' });
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: reported below by status.
  }
  const accessToken = stringField(body, 'access_token');
  if (status < 200 || status > 299 || accessToken === undefined) {
    const error = stringField(body, 'error');
    const description = stringField(body, 'error_description');
    const reason = error !== undefined ? `${oneLine(error, 80)}${description ? ` (${oneLine(description)})` : ''}` : `HTTP ${status} without an access token`;
    throw new PosternError('OAUTH_FAILED', `the token endpoint refused the code: ${reason}`, { path: 'tokenEndpoint' });
  }
  const expiresIn = body['expires_in'];
  const refreshToken = stringField(body, 'refresh_token');
  const idToken = stringField(body, 'id_token');
  const scope = stringField(body, 'scope');
  return {
    accessToken,
    tokenType: stringField(body, 'token_type') ?? 'Bearer',
    ...(typeof expiresIn === 'number' && Number.isFinite(expiresIn) ? { expiresIn } : {}),
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(idToken !== undefined ? { idToken } : {}),
    ...(scope !== undefined ? { scope } : {}),
  };
}

/** The whole flow: browser sign-in, the code on the loopback redirect, then the token exchange. */
export async function signInWithBrowser(request: LoopbackAuthorization): Promise<OAuthTokens> {
  // Before the browser opens: a bad token endpoint should not cost the person a sign-in.
  checkEndpoint(request.tokenEndpoint, 'tokenEndpoint');
  return exchangeAuthorizationCode(request, await receiveAuthorizationCode(request));
}
