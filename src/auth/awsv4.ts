import { createHash, createHmac } from 'node:crypto';
import type { PreparedRequest } from '../engine/index.js';
import { hashBody } from './body-bytes.js';
import type { AuthParams } from './params.js';
import { decodePair, encodeRfc3986, rawQueryPieces, safeDecode, withHeader, withRawQueryPieces, withoutHeaders, withoutQueryParams } from './request-edit.js';
import type { AuthDeps } from './types.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Headers a proxy or the engine may change or drop; signing them would break the signature. */
const UNSIGNED_HEADERS = new Set([
  'authorization', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'user-agent', 'expect',
  'x-amzn-trace-id', 'proxy-authorization', 'te', 'upgrade', 'presigned-expires', 'range',
]);

const AUTH_QUERY_PARAMS = ['X-Amz-Security-Token', 'X-Amz-Date', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];

export interface SigV4Input {
  readonly method: string;
  readonly url: URL;
  /** The headers to sign besides Host (repeats are joined with commas, as AWS specifies). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Hex SHA-256 of the body, or UNSIGNED-PAYLOAD. */
  readonly payloadHash: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
  readonly service: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  readonly amzDate: string;
}

export interface SigV4Result {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly credential: string;
  readonly authorization: string;
}

/** `2015-08-30T12:36:00Z` → `20150830T123600Z`. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/** Signature Version 4 over a request (AWS General Reference, "Create a signed AWS API request"). */
export function signV4(input: SigV4Input): SigV4Result {
  const explicitHost = input.headers.find(([name]) => name.toLowerCase() === 'host');
  const entries = new Map<string, string[]>();
  if (explicitHost === undefined) entries.set('host', [input.url.host]);
  for (const [name, value] of input.headers) {
    const lower = name.toLowerCase();
    if (UNSIGNED_HEADERS.has(lower)) continue;
    const list = entries.get(lower) ?? [];
    list.push(value.trim().replace(/\s+/g, ' '));
    entries.set(lower, list);
  }
  const names = [...entries.keys()].sort();
  const canonicalHeaders = names.map((name) => `${name}:${(entries.get(name) ?? []).join(',')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalPath(input.url, input.service),
    canonicalQuery(input.url),
    canonicalHeaders,
    signedHeaders,
    input.payloadHash,
  ].join('\n');
  const day = input.amzDate.slice(0, 8);
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = [ALGORITHM, input.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${input.secretKey}`, day), input.region), input.service), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  const credential = `${input.accessKey}/${scope}`;
  return {
    canonicalRequest,
    stringToSign,
    signedHeaders,
    signature,
    credential,
    authorization: `${ALGORITHM} Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * S3 signs the path encoded once. Every other service collapses repeated slashes and encodes the path
 * as it goes on the wire (so encoded once already) a second time, which is what those services check.
 */
function canonicalPath(url: URL, service: string): string {
  const path = url.pathname === '' ? '/' : url.pathname;
  if (service === 's3') return path.split('/').map((segment) => encodeRfc3986(safeDecode(segment))).join('/');
  const normalized = path.replace(/\/{2,}/g, '/');
  return normalized.split('/').map((segment) => encodeRfc3986(segment)).join('/');
}

/** Parameters decoded, each name and value encoded per RFC 3986, sorted by name then value. A raw `+` is a plus sign. */
function canonicalQuery(url: URL): string {
  return rawQueryPieces(url)
    .filter((piece) => piece !== '')
    .map((piece) => decodePair(piece, false))
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/**
 * AWS Signature v4 with Postman's parameters. In headers (default): X-Amz-Date, the session token and,
 * for S3 or an unsigned payload, X-Amz-Content-Sha256 are added and signed. With
 * `addAuthDataToQuery` the URL is presigned instead (S3's payload then UNSIGNED-PAYLOAD, as AWS specifies). The payload hash covers the body's bytes
 * (files are read from disk); a multipart body is signed as UNSIGNED-PAYLOAD since its bytes are only
 * fixed when it is sent, which S3 accepts and most other services do not.
 */
export async function applyAwsV4(request: PreparedRequest, params: AuthParams, deps: AuthDeps): Promise<PreparedRequest> {
  const accessKey = params.required('accessKey');
  const secretKey = params.required('secretKey');
  const region = params.trimmed('region') || 'us-east-1';
  const service = params.trimmed('service') || 'execute-api';
  const sessionToken = params.text('sessionToken').trim();
  const stamp = amzDate(deps.now?.() ?? new Date());
  const base = { method: request.method, accessKey, secretKey, region, service, amzDate: stamp };

  let signed = withoutHeaders(request, 'Authorization', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Amz-Content-Sha256');
  const authParams = new Set(AUTH_QUERY_PARAMS.map((name) => name.toLowerCase()));
  signed = { ...signed, url: withoutQueryParams(signed.url, (name) => authParams.has(name.toLowerCase())) };

  if (params.flag('addAuthDataToQuery')) {
    // A presigned S3 URL does not sign the payload; other services sign it as usual.
    const payloadHash = service === 's3' ? UNSIGNED_PAYLOAD : ((await hashBody(signed.body, 'sha256', 'hex')) ?? UNSIGNED_PAYLOAD);
    const scope = `${stamp.slice(0, 8)}/${region}/${service}/aws4_request`;
    const signedNames = signV4({ ...base, url: signed.url, headers: signed.headers, payloadHash }).signedHeaders;
    const added: Array<[string, string]> = [
      ['X-Amz-Algorithm', ALGORITHM],
      ['X-Amz-Credential', `${accessKey}/${scope}`],
      ['X-Amz-Date', stamp],
      ['X-Amz-SignedHeaders', signedNames],
    ];
    const hasExpires = rawQueryPieces(signed.url).some((piece) => decodePair(piece, false)[0] === 'X-Amz-Expires');
    if (service === 's3' && !hasExpires) added.push(['X-Amz-Expires', '86400']);
    if (sessionToken !== '') added.push(['X-Amz-Security-Token', sessionToken]);
    const url = withRawQueryPieces(signed.url, added.map(([name, value]) => `${name}=${encodeRfc3986(value)}`));
    const result = signV4({ ...base, url, headers: signed.headers, payloadHash });
    return { ...signed, url: withRawQueryPieces(url, [`X-Amz-Signature=${result.signature}`]) };
  }

  const payloadHash = (await hashBody(signed.body, 'sha256', 'hex')) ?? UNSIGNED_PAYLOAD;
  signed = withHeader(signed, 'X-Amz-Date', stamp);
  if (sessionToken !== '') signed = withHeader(signed, 'X-Amz-Security-Token', sessionToken);
  if (service === 's3' || payloadHash === UNSIGNED_PAYLOAD) signed = withHeader(signed, 'X-Amz-Content-Sha256', payloadHash);
  const result = signV4({ ...base, url: signed.url, headers: signed.headers, payloadHash });
  return withHeader(signed, 'Authorization', result.authorization);
}
