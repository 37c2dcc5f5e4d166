/**
 * Auth: Postman's auth types applied to prepared requests. Inheritance (collection → folders →
 * request), then `authorize` before a send and `challengeResponse` after it (digest's 401 round trip);
 * OAuth 2.0 token requests for the runner and, later, the desktop app's authorization-code flow.
 */
export { effectiveAuth } from './inherit.js';
export { authorize, challengeResponse, authNotice } from './authorize.js';
export { fetchOAuth2Token, isUnattendedGrant, createPkceVerifier, pkceChallenge, type OAuth2TokenParams } from './oauth2-token.js';
export { signV4, amzDate, UNSIGNED_PAYLOAD, type SigV4Input, type SigV4Result } from './awsv4.js';
export { digestAuthorization, type DigestInput } from './digest.js';
export { oauth1BaseString, OAUTH1_SIGNATURE_METHODS } from './oauth1.js';
export { parseChallenges, type Challenge } from './www-authenticate.js';
export type { AuthDeps, CachedToken, OAuth2Token } from './types.js';
