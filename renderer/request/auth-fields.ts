import type { AuthType } from '../../src/model/index.js';

export interface AuthField {
  key: string;
  label: string;
  /** Masked while typing. */
  secret?: boolean;
  /** A fixed list of choices. */
  options?: readonly string[];
  placeholder?: string;
}

/** The fields each auth type shows, by Postman's parameter names. */
export const AUTH_FIELDS: Readonly<Record<AuthType, readonly AuthField[]>> = {
  noauth: [],
  basic: [
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'Password', secret: true },
  ],
  bearer: [{ key: 'token', label: 'Token', secret: true }],
  apikey: [
    { key: 'key', label: 'Key', placeholder: 'X-API-Key' },
    { key: 'value', label: 'Value', secret: true },
    { key: 'in', label: 'Add to', options: ['header', 'query'] },
  ],
  digest: [
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'Password', secret: true },
    { key: 'realm', label: 'Realm' },
    { key: 'nonce', label: 'Nonce' },
    { key: 'algorithm', label: 'Algorithm', options: ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'] },
    { key: 'qop', label: 'qop' },
    { key: 'opaque', label: 'Opaque' },
  ],
  oauth1: [
    { key: 'signatureMethod', label: 'Signature method', options: ['HMAC-SHA1', 'HMAC-SHA256', 'HMAC-SHA512', 'RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512', 'PLAINTEXT'] },
    { key: 'consumerKey', label: 'Consumer key' },
    { key: 'consumerSecret', label: 'Consumer secret', secret: true },
    { key: 'token', label: 'Access token' },
    { key: 'tokenSecret', label: 'Token secret', secret: true },
    { key: 'realm', label: 'Realm' },
    { key: 'version', label: 'Version', placeholder: '1.0' },
  ],
  oauth2: [
    { key: 'accessToken', label: 'Access token', secret: true },
    { key: 'headerPrefix', label: 'Header prefix', placeholder: 'Bearer' },
    { key: 'grant_type', label: 'Grant type', options: ['authorization_code', 'authorization_code_with_pkce', 'client_credentials', 'password', 'implicit'] },
    { key: 'accessTokenUrl', label: 'Access token URL' },
    { key: 'clientId', label: 'Client ID' },
    { key: 'clientSecret', label: 'Client secret', secret: true },
    { key: 'scope', label: 'Scope' },
  ],
  awsv4: [
    { key: 'accessKey', label: 'Access key' },
    { key: 'secretKey', label: 'Secret key', secret: true },
    { key: 'region', label: 'Region', placeholder: 'us-east-1' },
    { key: 'service', label: 'Service', placeholder: 's3' },
    { key: 'sessionToken', label: 'Session token', secret: true },
  ],
  hawk: [
    { key: 'authId', label: 'Hawk auth ID' },
    { key: 'authKey', label: 'Hawk auth key', secret: true },
    { key: 'algorithm', label: 'Algorithm', options: ['sha256', 'sha1'] },
    { key: 'extraData', label: 'ext' },
    { key: 'app', label: 'app' },
  ],
  ntlm: [
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'Password', secret: true },
    { key: 'domain', label: 'Domain' },
    { key: 'workstation', label: 'Workstation' },
  ],
  akamai: [
    { key: 'accessToken', label: 'Access token', secret: true },
    { key: 'clientToken', label: 'Client token', secret: true },
    { key: 'clientSecret', label: 'Client secret', secret: true },
  ],
  edgegrid: [
    { key: 'accessToken', label: 'Access token', secret: true },
    { key: 'clientToken', label: 'Client token', secret: true },
    { key: 'clientSecret', label: 'Client secret', secret: true },
  ],
  jwt: [
    { key: 'algorithm', label: 'Algorithm', options: ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256'] },
    { key: 'secret', label: 'Secret', secret: true },
    { key: 'payload', label: 'Payload (JSON)' },
  ],
  asap: [
    { key: 'alg', label: 'Algorithm', options: ['RS256', 'RS384', 'RS512'] },
    { key: 'iss', label: 'Issuer' },
    { key: 'aud', label: 'Audience' },
    { key: 'kid', label: 'Key ID' },
    { key: 'privateKey', label: 'Private key', secret: true },
  ],
};

export const AUTH_LABELS: Readonly<Record<AuthType, string>> = {
  noauth: 'No auth',
  basic: 'Basic auth',
  bearer: 'Bearer token',
  apikey: 'API key',
  digest: 'Digest auth',
  oauth1: 'OAuth 1.0',
  oauth2: 'OAuth 2.0',
  awsv4: 'AWS Signature',
  hawk: 'Hawk authentication',
  ntlm: 'NTLM',
  akamai: 'Akamai EdgeGrid',
  edgegrid: 'EdgeGrid',
  jwt: 'JWT bearer',
  asap: 'ASAP (Atlassian)',
};
