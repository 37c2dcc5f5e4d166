import { createHash, randomBytes } from 'node:crypto';
import { buildUrl, responseText, type HttpResponse, type PreparedRequest } from '../engine/index.js';
import { isPosternError, PosternError, type JsonValue } from '../model/index.js';
import { AuthParams } from './params.js';
import type { AuthDeps, OAuth2Token } from './types.js';

/**
 * Postman's OAuth 2.0 parameters (attribute keys of `auth.oauth2`) plus what only the moment knows:
 * `code` from the authorization redirect and `refresh_token` for a refresh. `grant_type` is one of
 * Postman's names (`client_credentials`, `password_credentials`, `authorization_code`,
 * `authorization_code_with_pkce`) or `password` / `refresh_token`.
 */
export type OAuth2TokenParams = Readonly<Record<string, JsonValue>>;

type Grant = 'client_credentials' | 'password' | 'authorization_code' | 'refresh_token';

const GRANTS: Readonly<Record<string, Grant>> = {
  client_credentials: 'client_credentials',
  password_credentials: 'password',
  password: 'password',
  authorization_code: 'authorization_code',
  authorization_code_with_pkce: 'authorization_code',
  refresh_token: 'refresh_token',
};

/** Whether `grant_type` names a grant that needs no person (so a run can fetch its token itself). */
export function isUnattendedGrant(grantType: string): boolean {
  const grant = GRANTS[grantType.trim()];
  return grant === 'client_credentials' || grant === 'password';
}

/**
 * Asks the token endpoint for a token (RFC 6749 §4.1.3, §4.3, §4.4, §6): a form POST, the client
 * authenticated with HTTP Basic (`client_authentication: header`, Postman's default) or in the body.
 */
export async function fetchOAuth2Token(input: OAuth2TokenParams, deps: AuthDeps): Promise<OAuth2Token> {
  const params = new AuthParams('oauth2', input);
  const grantName = params.trimmed('grant_type');
  if (grantName === '') throw params.error('grant_type is empty');
  const grant = GRANTS[grantName];
  if (grant === undefined) throw params.error(`grant_type "${grantName}" cannot fetch a token here (use ${Object.keys(GRANTS).join(', ')})`);
  const tokenUrl = grant === 'refresh_token' ? params.trimmed('refreshTokenUrl', 'accessTokenUrl') : params.trimmed('accessTokenUrl');
  if (tokenUrl === '') throw params.error('accessTokenUrl is empty');
  let url: URL;
  try {
    url = buildUrl(tokenUrl, []);
  } catch (error) {
    throw params.error(`accessTokenUrl: ${isPosternError(error) ? error.message : String(error)}`, { cause: error });
  }

  const form = new URLSearchParams({ grant_type: grant });
  const headers: Array<readonly [string, string]> = [
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['Accept', 'application/json'],
  ];
  switch (grant) {
    case 'password':
      form.set('username', params.required('username'));
      form.set('password', params.text('password'));
      break;
    case 'authorization_code':
      form.set('code', params.required('code'));
      if (params.trimmed('redirect_uri') !== '') form.set('redirect_uri', params.trimmed('redirect_uri'));
      if (params.text('code_verifier') !== '') form.set('code_verifier', params.text('code_verifier'));
      break;
    case 'refresh_token':
      form.set('refresh_token', params.required('refresh_token', 'refreshToken'));
      break;
    case 'client_credentials':
      break;
  }
  const scope = params.trimmed('scope');
  if (scope !== '') form.set('scope', scope);

  const clientId = params.text('clientId');
  const clientSecret = params.text('clientSecret');
  const clientIn = params.choice('client_authentication', ['header', 'body'] as const, 'header');
  if (clientId === '' && grant === 'client_credentials') throw params.error('clientId is empty');
  if (clientIn === 'header' && clientSecret !== '') {
    // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined.
    const basic = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64');
    headers.push(['Authorization', `Basic ${basic}`]);
  } else if (clientId !== '') {
    form.set('client_id', clientId);
    if (clientSecret !== '') form.set('client_secret', clientSecret);
  }
  addExtraParams(params, form, headers, url);

  const request: PreparedRequest = {
    method: 'POST',
    url,
    headers,
    body: { kind: 'bytes', bytes: Buffer.from(form.toString(), 'utf8'), contentType: 'application/x-www-form-urlencoded' },
  };
  let response: HttpResponse;
  try {
    response = await deps.send(request);
  } catch (error) {
    if (!isPosternError(error)) throw error;
    // Keep the engine's code (CONNECTION_REFUSED, TLS_CERT_VERIFY, ...) and say which request failed.
    throw new PosternError(error.code, `auth (oauth2): the token request to ${url.origin}${url.pathname} failed: ${error.message}`, error.where, { cause: error });
  }
  return readTokenResponse(response, params, url);
}

/** Postman's `tokenRequestParams` / `refreshRequestParams`: `[{ key, value, enabled, send_as }]`. */
function addExtraParams(params: AuthParams, form: URLSearchParams, headers: Array<readonly [string, string]>, url: URL): void {
  const key = params.trimmed('grant_type') === 'refresh_token' ? 'refreshRequestParams' : 'tokenRequestParams';
  const list = params.raw(key);
  if (!Array.isArray(list)) return;
  for (const entry of list) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
    if (entry.enabled === false || typeof entry.key !== 'string' || entry.key === '') continue;
    const value = typeof entry.value === 'string' ? entry.value : entry.value === undefined || entry.value === null ? '' : String(entry.value);
    if (entry.send_as === 'request_header') headers.push([entry.key, value]);
    else if (entry.send_as === 'request_url') url.searchParams.append(entry.key, value);
    else form.set(entry.key, value);
  }
}

async function readTokenResponse(response: HttpResponse, params: AuthParams, url: URL): Promise<OAuth2Token> {
  const where = `the token endpoint ${url.origin}${url.pathname}`;
  const text = await responseText(response.body);
  const contentType = response.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const body = parseBody(text, contentType);
  if (response.status < 200 || response.status > 299) {
    const detail = body && typeof body.error === 'string' ? `: ${body.error}${typeof body.error_description === 'string' ? ` (${body.error_description})` : ''}` : '';
    throw params.error(`${where} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${detail}`);
  }
  if (body === undefined) {
    throw params.error(`${where} answered ${response.status} with a body that is not JSON (${contentType || 'no Content-Type'}): ${preview(text)}`);
  }
  if (typeof body.error === 'string') {
    throw params.error(`${where} refused the request: ${body.error}${typeof body.error_description === 'string' ? ` (${body.error_description})` : ''}`);
  }
  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') throw params.error(`${where} answered without an access_token`);
  const expires = Number(body.expires_in);
  return {
    accessToken,
    tokenType: typeof body.token_type === 'string' && body.token_type !== '' ? body.token_type : 'Bearer',
    expiresIn: body.expires_in !== undefined && Number.isFinite(expires) ? expires : undefined,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    scope: typeof body.scope === 'string' ? body.scope : undefined,
    raw: body,
  };
}

/** JSON (RFC 6749) or, from older servers such as GitHub's, a form-encoded answer. */
function parseBody(text: string, contentType: string): Record<string, unknown> | undefined {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded' || (type === 'text/plain' && /^[\w.-]+=/.test(text.trim()))) {
    return Object.fromEntries(new URLSearchParams(text.trim()));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty)';
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

function formEncode(text: string): string {
  return new URLSearchParams({ v: text }).toString().slice(2);
}

/** A PKCE code verifier (RFC 7636 §4.1): 32 random bytes, base64url, 43 characters. */
export function createPkceVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** The code challenge for a verifier: `S256` (the default) or `plain`. */
export function pkceChallenge(verifier: string, method: 'S256' | 'plain' = 'S256'): string {
  return method === 'plain' ? verifier : createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
