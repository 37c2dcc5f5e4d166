import { createHmac, createPrivateKey, createSign, randomBytes, type KeyObject } from 'node:crypto';
import type { PreparedRequest } from '../engine/index.js';
import { effectiveContentType, hashBody } from './body-bytes.js';
import type { AuthParams } from './params.js';
import { decodePair, encodeRfc3986, rawQueryPieces, withHeader, withRawQueryPieces, withoutHeaders, withoutQueryParams } from './request-edit.js';
import type { AuthDeps } from './types.js';

export const OAUTH1_SIGNATURE_METHODS = ['HMAC-SHA1', 'HMAC-SHA256', 'HMAC-SHA512', 'RSA-SHA1', 'RSA-SHA256', 'RSA-SHA512', 'PLAINTEXT'] as const;
type SignatureMethod = (typeof OAUTH1_SIGNATURE_METHODS)[number];

const HASH_OF: Readonly<Record<SignatureMethod, string | undefined>> = {
  'HMAC-SHA1': 'sha1',
  'HMAC-SHA256': 'sha256',
  'HMAC-SHA512': 'sha512',
  'RSA-SHA1': 'sha1',
  'RSA-SHA256': 'sha256',
  'RSA-SHA512': 'sha512',
  'PLAINTEXT': undefined,
};

const FORM = 'application/x-www-form-urlencoded';

/** `scheme://host[:port]/path`: lower-case scheme and host, default port left out (RFC 5849 §3.4.1.2). */
export function oauth1BaseUrl(url: URL): string {
  return `${url.protocol.toLowerCase()}//${url.host.toLowerCase()}${url.pathname}`;
}

/** The signature base string (RFC 5849 §3.4.1) from decoded parameter pairs. */
export function oauth1BaseString(method: string, url: URL, params: ReadonlyArray<readonly [string, string]>): string {
  const normalized = params
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return [method.toUpperCase(), encodeRfc3986(oauth1BaseUrl(url)), encodeRfc3986(normalized)].join('&');
}

/**
 * OAuth 1.0a (RFC 5849) with Postman's options: HMAC-SHA1/256/512, RSA-SHA1/256/512 and PLAINTEXT;
 * parameters in the Authorization header, the form body (POST/PUT with a urlencoded body) or the query;
 * empty parameters left out of the signature unless `addEmptyParamsToSign`; the body hash extension
 * when `includeBodyHash` (never for form bodies, whose parameters are signed instead).
 */
export async function applyOAuth1(request: PreparedRequest, params: AuthParams, deps: AuthDeps): Promise<PreparedRequest> {
  const method = params.choice('signatureMethod', OAUTH1_SIGNATURE_METHODS, 'HMAC-SHA1');
  const rsa = method.startsWith('RSA-');
  const consumerKey = params.text('consumerKey');
  // Postman sends the request unsigned when the credentials are missing.
  if (consumerKey === '' || (!rsa && params.text('consumerSecret') === '') || (rsa && params.text('privateKey').trim() === '')) return request;
  const privateKey = rsa ? readPrivateKey(params) : undefined;

  let signed = withoutHeaders(request, 'Authorization');
  signed = { ...signed, url: withoutQueryParams(signed.url, (name) => name.startsWith('oauth_')) };
  const formBody = isFormBody(signed) && signed.body.kind === 'bytes' ? signed.body.bytes.toString('utf8') : undefined;
  const bodyPairs = formBody === undefined ? [] : formPairs(formBody).filter(([name]) => !name.startsWith('oauth_'));

  const includeEmpty = params.flag('addEmptyParamsToSign');
  const oauth: Array<[string, string]> = [];
  const add = (name: string, value: string, always = includeEmpty): void => {
    if (value !== '' || always) oauth.push([name, value]);
  };
  add('oauth_consumer_key', consumerKey);
  add('oauth_token', params.text('token'));
  add('oauth_signature_method', method, true);
  add('oauth_timestamp', params.trimmed('timestamp') || String(Math.floor((deps.now?.() ?? new Date()).getTime() / 1000)), true);
  add('oauth_nonce', params.trimmed('nonce') || deps.nonce?.() || randomBytes(8).toString('hex'), true);
  // Postman's editor writes version 1.0; an empty or absent one is left out, as Postman does.
  add('oauth_version', params.trimmed('version'));
  // Extensions go in only when set: servers that do not know them reject them (Postman does the same).
  add('oauth_callback', params.text('callback'), false);
  add('oauth_verifier', params.text('verifier'), false);
  const hash = HASH_OF[method];
  if (params.flag('includeBodyHash') && formBody === undefined && hash !== undefined) {
    const bodyHash = await hashBody(signed.body, hash, 'base64');
    if (bodyHash !== null) add('oauth_body_hash', bodyHash, false);
  }

  const queryPairs = rawQueryPieces(signed.url).filter((piece) => piece !== '').map((piece) => decodePair(piece, true));
  const baseString = oauth1BaseString(signed.method, signed.url, [...queryPairs, ...bodyPairs, ...oauth]);
  const signature = signBaseString(method, baseString, params, privateKey);
  oauth.push(['oauth_signature', signature]);

  if (params.flag('addParamsToHeader')) {
    const realm = params.text('realm');
    const encode = params.flag('disableHeaderEncoding') ? (text: string): string => text : encodeRfc3986;
    const fields = oauth.map(([name, value]) => `${name}="${encode(value)}"`);
    if (realm !== '') fields.unshift(`realm="${realm.replace(/(["\\])/g, '\\$1')}"`);
    return withHeader(signed, 'Authorization', `OAuth ${fields.join(', ')}`);
  }
  const pieces = oauth.map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`);
  if (formBody !== undefined && (signed.method.toUpperCase() === 'POST' || signed.method.toUpperCase() === 'PUT') && signed.body.kind === 'bytes') {
    const joined = [formBody, ...pieces].filter((part) => part !== '').join('&');
    return { ...signed, body: { ...signed.body, bytes: Buffer.from(joined, 'utf8') } };
  }
  return { ...signed, url: withRawQueryPieces(signed.url, pieces) };
}

function signBaseString(method: SignatureMethod, baseString: string, params: AuthParams, privateKey: KeyObject | undefined): string {
  const key = `${encodeRfc3986(params.text('consumerSecret'))}&${encodeRfc3986(params.text('tokenSecret'))}`;
  if (method === 'PLAINTEXT') return key;
  const hash = HASH_OF[method] as string;
  if (privateKey === undefined) return createHmac(hash, key).update(baseString, 'utf8').digest('base64');
  try {
    return createSign(hash).update(baseString, 'utf8').sign(privateKey, 'base64');
  } catch (error) {
    throw params.error(`privateKey cannot sign with ${method}: ${(error as Error).message}`, { cause: error });
  }
}

function readPrivateKey(params: AuthParams): KeyObject {
  try {
    const key = createPrivateKey(params.text('privateKey').trim());
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`it is a ${key.asymmetricKeyType ?? 'non-RSA'} key`);
    return key;
  } catch (error) {
    throw params.error(`privateKey is not a PEM RSA private key (${(error as Error).message})`, { cause: error });
  }
}

function isFormBody(request: PreparedRequest): boolean {
  const type = effectiveContentType(request.headers, request.body);
  return type !== undefined && type.split(';')[0]?.trim().toLowerCase() === FORM;
}

function formPairs(text: string): Array<[string, string]> {
  return text.split('&').filter((piece) => piece !== '').map((piece) => decodePair(piece, true));
}
