import type { HttpResponse, PreparedRequest } from '../engine/index.js';
import type { Auth } from '../model/index.js';
import { applyAwsV4 } from './awsv4.js';
import { answerDigestChallenge, applyDigest } from './digest.js';
import { applyHawk } from './hawk.js';
import { applyOAuth1 } from './oauth1.js';
import { applyOAuth2 } from './oauth2.js';
import { isUnattendedGrant } from './oauth2-token.js';
import { AuthParams } from './params.js';
import { applyApiKey, applyBasic, applyBearer } from './simple.js';
import type { AuthDeps } from './types.js';

/**
 * Applies auth to a prepared request whose variables are resolved (in `auth.params` too) and returns a
 * new request. As in Postman, auth wins over an Authorization header the user typed, and a scheme
 * whose credentials are empty leaves the request as it is (`authNotice` says so in one line).
 */
export async function authorize(request: PreparedRequest, auth: Auth, deps: AuthDeps): Promise<PreparedRequest> {
  const params = new AuthParams(auth.type, auth.params);
  const authorized = await apply(request, auth, params, deps);
  for (const [name, value] of authorized.headers) {
    if (/[\r\n\0]/.test(value)) throw params.error(`the ${name} header it makes contains a line break (check the credentials)`);
  }
  return authorized;
}

async function apply(request: PreparedRequest, auth: Auth, params: AuthParams, deps: AuthDeps): Promise<PreparedRequest> {
  switch (auth.type) {
    case 'noauth':
      return request;
    case 'basic':
      return applyBasic(request, params);
    case 'bearer':
      return applyBearer(request, params);
    case 'apikey':
      return applyApiKey(request, params);
    case 'digest':
      return applyDigest(request, params, deps);
    case 'oauth1':
      return applyOAuth1(request, params, deps);
    case 'oauth2':
      return applyOAuth2(request, params, auth.params, deps);
    case 'awsv4':
      return applyAwsV4(request, params, deps);
    case 'hawk':
      return applyHawk(request, params, deps);
    case 'ntlm':
    case 'akamai':
    case 'edgegrid':
    case 'jwt':
    case 'asap':
      throw params.error('this auth type is not supported yet');
  }
}

/**
 * After a response: for digest (401 + `WWW-Authenticate: Digest ...`) the request to send again with the
 * computed Authorization; null when no retry is needed or possible. A request that already answered
 * the same nonce gets null, so a refused password does not loop; callers retry at most once anyway.
 */
export async function challengeResponse(
  request: PreparedRequest,
  auth: Auth,
  response: HttpResponse,
  deps: AuthDeps,
): Promise<PreparedRequest | null> {
  if (auth.type !== 'digest') return null;
  return answerDigestChallenge(request, new AuthParams(auth.type, auth.params), response, deps);
}

/**
 * One line for the run log when `authorize` will leave the request unauthenticated because a
 * credential is empty (Postman sends such requests silently); undefined when auth will be applied.
 */
export function authNotice(auth: Auth): string | undefined {
  const params = new AuthParams(auth.type, auth.params);
  const empty = (key: string): boolean => params.text(key).trim() === '';
  const skipped = (field: string): string => `auth (${auth.type}): ${field} is empty, so the request is sent without auth`;
  switch (auth.type) {
    case 'bearer':
      return empty('token') ? skipped('token') : undefined;
    case 'apikey':
      return empty('key') && empty('value') ? skipped('key') : undefined;
    case 'digest':
      return empty('username') ? skipped('username') : undefined;
    case 'oauth1': {
      if (empty('consumerKey')) return skipped('consumerKey');
      const rsa = params.trimmed('signatureMethod').toUpperCase().startsWith('RSA-');
      if (rsa && empty('privateKey')) return skipped('privateKey');
      return !rsa && empty('consumerSecret') ? skipped('consumerSecret') : undefined;
    }
    case 'oauth2':
      return empty('accessToken') && !isUnattendedGrant(params.trimmed('grant_type')) ? skipped('accessToken') : undefined;
    case 'hawk':
      if (empty('authId')) return skipped('authId');
      return empty('authKey') ? skipped('authKey') : undefined;
    default:
      return undefined;
  }
}
