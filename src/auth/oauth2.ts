import { createHash } from 'node:crypto';
import type { PreparedRequest } from '../engine/index.js';
import type { JsonValue } from '../model/index.js';
import { fetchOAuth2Token, isUnattendedGrant } from './oauth2-token.js';
import type { AuthParams } from './params.js';
import { withHeader, withQueryParams, withoutHeaders, withoutQueryParams } from './request-edit.js';
import type { AuthDeps, CachedToken } from './types.js';

/** A cached token is fetched again this long before it expires, so it does not expire in flight. */
const EXPIRY_MARGIN_MS = 10_000;

/**
 * OAuth 2.0: attaches `accessToken` as `Authorization: <headerPrefix> <token>` (prefix `Bearer` by
 * default) or as the `access_token` query parameter. With no token but a grant that needs no person
 * (client credentials, password), the token is fetched from `accessTokenUrl` and cached for the run.
 * MAC tokens are not attached, as in Postman.
 */
export async function applyOAuth2(
  request: PreparedRequest,
  params: AuthParams,
  rawParams: Readonly<Record<string, JsonValue>>,
  deps: AuthDeps,
): Promise<PreparedRequest> {
  let accessToken = params.text('accessToken').trim();
  let tokenType = params.trimmed('tokenType');
  if (accessToken === '' && isUnattendedGrant(params.trimmed('grant_type'))) {
    const token = await obtainToken(rawParams, deps);
    accessToken = token.accessToken;
    if (tokenType === '') tokenType = token.tokenType;
  }
  if (accessToken === '') return request;
  if (tokenType.toLowerCase() === 'mac') return request;

  const addTo = params.choice('addTokenTo', ['header', 'queryParams'] as const, 'header');
  const cleaned: PreparedRequest = {
    ...withoutHeaders(request, 'Authorization'),
    url: withoutQueryParams(request.url, (name) => name === 'access_token'),
  };
  if (addTo === 'queryParams') return { ...cleaned, url: withQueryParams(cleaned.url, [['access_token', accessToken]]) };
  const prefixParam = params.raw('headerPrefix');
  const prefix = prefixParam === undefined || prefixParam === null ? 'Bearer' : params.text('headerPrefix').trim();
  return withHeader(cleaned, 'Authorization', prefix === '' ? accessToken : `${prefix} ${accessToken}`);
}

/** A cached token while it is fresh, else a new one from the token endpoint. */
async function obtainToken(rawParams: Readonly<Record<string, JsonValue>>, deps: AuthDeps): Promise<CachedToken> {
  const key = cacheKey(rawParams);
  const nowMs = (deps.now?.() ?? new Date()).getTime();
  const cached = deps.tokenCache?.get(key);
  if (cached !== undefined && (cached.expiresAt === null || cached.expiresAt - EXPIRY_MARGIN_MS > nowMs)) return cached;
  const token = await fetchOAuth2Token(rawParams, deps);
  const fresh: CachedToken = {
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    expiresAt: token.expiresIn === undefined ? null : nowMs + token.expiresIn * 1000,
  };
  deps.tokenCache?.set(key, fresh);
  return fresh;
}

/** The token request's settings, hashed so that no secret sits in the cache's keys. */
function cacheKey(rawParams: Readonly<Record<string, JsonValue>>): string {
  const fields = ['grant_type', 'accessTokenUrl', 'clientId', 'clientSecret', 'client_authentication', 'username', 'password', 'scope', 'tokenRequestParams'];
  const material = JSON.stringify(fields.map((field) => rawParams[field] ?? null));
  return `oauth2:${createHash('sha256').update(material).digest('hex')}`;
}
