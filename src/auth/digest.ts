import { createHash, randomBytes } from 'node:crypto';
import type { HttpResponse, PreparedRequest } from '../engine/index.js';
import { hashBody } from './body-bytes.js';
import type { AuthParams } from './params.js';
import { headerValue, headerValues, withHeader } from './request-edit.js';
import type { AuthDeps } from './types.js';
import { parseChallenges, type Challenge } from './www-authenticate.js';

/** Digest algorithms (RFC 7616) and the node:crypto hash behind each. */
const ALGORITHMS: Readonly<Record<string, string>> = {
  'MD5': 'md5',
  'MD5-SESS': 'md5',
  'SHA-256': 'sha256',
  'SHA-256-SESS': 'sha256',
  'SHA-512-256': 'sha512-256',
  'SHA-512-256-SESS': 'sha512-256',
};

export interface DigestInput {
  readonly username: string;
  readonly password: string;
  readonly realm: string;
  readonly nonce: string;
  /** As the server names it, e.g. `MD5` or `SHA-256-sess`. */
  readonly algorithm: string;
  /** '' for RFC 2069 servers that offer no qop. */
  readonly qop: '' | 'auth' | 'auth-int';
  readonly nc: string;
  readonly cnonce: string;
  readonly opaque: string;
  readonly method: string;
  readonly uri: string;
  /** Hex hash of the body, for qop=auth-int. */
  readonly bodyHash?: string | undefined;
}

/** The Authorization value for a digest challenge (RFC 7616 §3.4). */
export function digestAuthorization(input: DigestInput): string {
  const hashName = ALGORITHMS[input.algorithm.toUpperCase()];
  if (hashName === undefined) throw new Error(`unsupported digest algorithm ${input.algorithm}`);
  const h = (text: string): string => createHash(hashName).update(text, 'utf8').digest('hex');
  const session = input.algorithm.toUpperCase().endsWith('-SESS');
  const a1 = session
    ? `${h(`${input.username}:${input.realm}:${input.password}`)}:${input.nonce}:${input.cnonce}`
    : `${input.username}:${input.realm}:${input.password}`;
  const a2 = input.qop === 'auth-int' ? `${input.method}:${input.uri}:${input.bodyHash ?? ''}` : `${input.method}:${input.uri}`;
  const response = input.qop === ''
    ? h(`${h(a1)}:${input.nonce}:${h(a2)}`)
    : h(`${h(a1)}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${h(a2)}`);
  const parts = [
    `username=${quote(input.username)}`,
    `realm=${quote(input.realm)}`,
    `nonce=${quote(input.nonce)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${input.algorithm}`,
  ];
  if (input.qop !== '') parts.push(`qop=${input.qop}`, `nc=${input.nc}`, `cnonce=${quote(input.cnonce)}`);
  else if (session) parts.push(`cnonce=${quote(input.cnonce)}`);
  parts.push(`response=${quote(response)}`);
  if (input.opaque !== '') parts.push(`opaque=${quote(input.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

function quote(text: string): string {
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * Before the first send: when realm and nonce are already known (saved from an earlier challenge)
 * the header is sent at once; otherwise the request goes without and the 401 challenge drives it.
 */
export async function applyDigest(request: PreparedRequest, params: AuthParams, deps: AuthDeps): Promise<PreparedRequest> {
  const realm = params.text('realm');
  const nonce = params.text('nonce');
  if (params.text('username') === '' || realm === '' || nonce === '') return request;
  const algorithm = configuredAlgorithm(params) ?? 'MD5';
  const qop = params.choice('qop', ['auth', 'auth-int'] as const, 'auth' as const);
  const explicitQop = params.trimmed('qop') !== '';
  return sign(request, params, deps, {
    realm,
    nonce,
    algorithm,
    qop: explicitQop ? qop : '',
    opaque: params.text('opaque'),
    nc: params.trimmed('nonceCount', 'nc') || '00000001',
    cnonce: params.trimmed('clientNonce', 'cnonce'),
  });
}

/** After a 401 (or 403, as Postman does) with a Digest challenge: the request to send again, or null. */
export async function answerDigestChallenge(
  request: PreparedRequest,
  params: AuthParams,
  response: HttpResponse,
  deps: AuthDeps,
): Promise<PreparedRequest | null> {
  if (response.status !== 401 && response.status !== 403) return null;
  if (params.flag('disableRetryRequest') || params.text('username') === '') return null;
  const offered = parseChallenges(headerValues(response.headers, 'www-authenticate')).filter((c) => c.scheme.toLowerCase() === 'digest');
  if (offered.length === 0) return null;
  const challenge = pickChallenge(offered, configuredAlgorithm(params), params);
  const nonce = challenge.params.nonce ?? '';
  if (nonce === '') throw params.error('the server\'s Digest challenge has no nonce');
  // Already answered this nonce: the credentials were refused (unless the server says the nonce went stale).
  const sent = headerValue(request.headers, 'authorization');
  if (sent !== undefined && /^digest\s/i.test(sent)) {
    const previous = parseChallenges([sent])[0]?.params.nonce;
    if (previous === nonce || challenge.params.stale?.toLowerCase() !== 'true') return null;
  }
  return sign(request, params, deps, {
    realm: challenge.params.realm ?? '',
    nonce,
    algorithm: challenge.params.algorithm ?? 'MD5',
    qop: await pickQop(challenge, params, request),
    opaque: challenge.params.opaque ?? '',
    nc: '00000001',
    cnonce: '',
  });
}

function configuredAlgorithm(params: AuthParams): string | undefined {
  const algorithm = params.trimmed('algorithm');
  if (algorithm === '') return undefined;
  const known = Object.keys(ALGORITHMS).find((name) => name === algorithm.toUpperCase());
  if (known === undefined) throw params.error(`algorithm "${algorithm}" is not one of MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess`);
  return algorithm;
}

/** The configured algorithm when the server offers it, else the first offered one we support. */
function pickChallenge(offered: readonly Challenge[], configured: string | undefined, params: AuthParams): Challenge {
  const algorithmOf = (challenge: Challenge): string => (challenge.params.algorithm ?? 'MD5').toUpperCase();
  const wanted = configured === undefined ? undefined : offered.find((c) => algorithmOf(c) === configured.toUpperCase());
  const supported = wanted ?? offered.find((c) => ALGORITHMS[algorithmOf(c)] !== undefined);
  if (supported === undefined) {
    throw params.error(`the server asks for digest algorithm ${offered.map(algorithmOf).join(' or ')}, which is not supported`);
  }
  return supported;
}

async function pickQop(challenge: Challenge, params: AuthParams, request: PreparedRequest): Promise<'' | 'auth' | 'auth-int'> {
  const offered = (challenge.params.qop ?? '').split(',').map((q) => q.trim().toLowerCase()).filter((q) => q !== '');
  if (offered.length === 0) return '';
  const configured = params.trimmed('qop').toLowerCase();
  if ((configured === 'auth' || configured === 'auth-int') && offered.includes(configured)) {
    if (configured === 'auth' || request.body.kind !== 'multipart' || !offered.includes('auth')) return configured;
  }
  if (offered.includes('auth')) return 'auth';
  if (offered.includes('auth-int')) return 'auth-int';
  throw params.error(`the server asks for qop ${offered.join(', ')}, which is not supported`);
}

interface Signing {
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: string;
  readonly qop: '' | 'auth' | 'auth-int';
  readonly opaque: string;
  readonly nc: string;
  /** '' to make one. */
  readonly cnonce: string;
}

async function sign(request: PreparedRequest, params: AuthParams, deps: AuthDeps, signing: Signing): Promise<PreparedRequest> {
  if (ALGORITHMS[signing.algorithm.toUpperCase()] === undefined) throw params.error(`digest algorithm "${signing.algorithm}" is not supported`);
  let bodyHash: string | undefined;
  if (signing.qop === 'auth-int') {
    const hashName = ALGORITHMS[signing.algorithm.toUpperCase()] as string;
    bodyHash = (await hashBody(request.body, hashName, 'hex')) ?? undefined;
    if (bodyHash === undefined) throw params.error('qop=auth-int needs the body\'s bytes, which a multipart body has only once it is sent');
  }
  const header = digestAuthorization({
    username: params.text('username'),
    password: params.text('password'),
    realm: signing.realm,
    nonce: signing.nonce,
    algorithm: signing.algorithm,
    qop: signing.qop,
    nc: signing.nc,
    cnonce: signing.cnonce || deps.nonce?.() || randomBytes(8).toString('hex'),
    opaque: signing.opaque,
    method: request.method,
    uri: `${request.url.pathname}${request.url.search}`,
    bodyHash,
  });
  return withHeader(request, 'Authorization', header);
}
