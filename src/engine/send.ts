import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { PosternError } from '../model/index.js';
import { socketInfo } from './connect/socket-info.js';
import type { CookieStore } from './cookies/jar.js';
import { withDefaultHeaders } from './dispatch/default-headers.js';
import { requestError } from './dispatch/errors.js';
import type { HopOutcome } from './dispatch/hop-handler.js';
import { HopFailure, sendHop } from './dispatch/send-hop.js';
import { connectError } from './connect/errors.js';
import { planConnection } from './pool/plan.js';
import type { PoolRegistry } from './pool/registry.js';
import { nextHop, type Hop } from './redirect/next-hop.js';
import type { HttpResponse, PreparedRequest, SendOptions, Timings } from './types.js';

export interface SendDependencies {
  readonly pools: PoolRegistry;
  readonly cookies: CookieStore | null;
  readonly spillBytes?: number | undefined;
}

/**
 * Sends a prepared request: each hop through the connection plan its URL needs (TLS profile, client
 * certificate, proxy), cookies in and out of the jar, redirects by the request's policy.
 */
export async function sendPrepared(request: PreparedRequest, options: SendOptions, deps: SendDependencies): Promise<HttpResponse> {
  if (request.url.protocol !== 'http:' && request.url.protocol !== 'https:') {
    throw new PosternError('UNSUPPORTED_SCHEME', `unsupported URL scheme ${request.url.protocol}// (use http:// or https://)`, { path: 'url' });
  }
  const start = performance.now();
  const deadline = options.requestTimeoutMs > 0 ? start + options.requestTimeoutMs : 0;
  const cookies = options.cookies ? deps.cookies : null;
  const redirects: Array<{ url: string; status: number }> = [];
  let hop: Hop = { method: request.method, url: request.url, headers: withDefaultHeaders(request.headers), body: request.body };

  for (;;) {
    const plan = planConnection(hop.url, options);
    const agent = deps.pools.agentFor(plan);
    const headers = cookies ? withCookies(hop.headers, cookies.cookieHeader(hop.url)) : hop.headers;
    let outcome: HopOutcome;
    try {
      outcome = await sendHop(
        agent,
        plan,
        { ...hop, headers },
        {
          maxResponseBytes: options.maxResponseBytes,
          spillBytes: deps.spillBytes,
          expectBody: hop.method.toUpperCase() !== 'HEAD',
          onProgress: options.onProgress ? progressReporter(options.onProgress, hop.url.href) : undefined,
        },
        { deadline, timeoutMs: options.requestTimeoutMs },
        options.signal,
      );
    } catch (failure) {
      throw hopError(failure, hop.url);
    }
    if (plan.absoluteForm && outcome.status === 407) {
      // The proxy itself refused the request, as it would a CONNECT: that is a failure, not a response.
      if (outcome.body.kind === 'file') await rm(outcome.body.path, { force: true });
      throw new PosternError('PROXY_AUTH', `proxy ${new URL(plan.dispatchOrigin).host} requires authentication (407)${plan.proxyAuthorization ? '; the credentials were refused' : ''}`);
    }
    if (cookies) cookies.store(hop.url, headerValues(outcome.headers, 'set-cookie'));

    const next = nextHop(hop, outcome.status, headerValues(outcome.headers, 'location')[0], options.redirects, redirects.length);
    if (!next) return response(hop.url, outcome, start, redirects);
    redirects.push({ url: hop.url.href, status: outcome.status });
    if (outcome.body.kind === 'file') await rm(outcome.body.path, { force: true });
    hop = next;
  }
}

function response(url: URL, outcome: HopOutcome, start: number, redirects: HttpResponse['redirects']): HttpResponse {
  const info = outcome.trace.socket ? socketInfo(outcome.trace.socket) : undefined;
  const reused = info ? info.requests > 0 : false;
  if (info) info.requests += 1;
  const sentAt = outcome.trace.sentAt || outcome.firstByteAt;
  const timings: Timings = {
    dns: round(!info || reused ? 0 : info.dnsMs),
    tcp: round(!info || reused ? 0 : info.tcpMs),
    proxy: round(!info || reused ? 0 : info.proxyMs),
    tls: round(!info || reused ? 0 : info.tlsMs),
    firstByte: round(Math.max(0, outcome.firstByteAt - sentAt)),
    download: round(Math.max(0, outcome.endAt - outcome.firstByteAt)),
    total: round(outcome.endAt - start),
  };
  const decoded = outcome.body.kind === 'memory' ? outcome.body.bytes.length : outcome.body.size;
  return {
    url: url.href,
    status: outcome.status,
    statusText: outcome.statusText,
    httpVersion: '1.1',
    headers: outcome.headers,
    body: outcome.body,
    size: { headers: outcome.headerBytes, body: outcome.wireBytes, decodedBody: decoded },
    timings,
    tls: info?.tls ?? null,
    redirects,
    connectionReused: reused,
    remoteAddress: info?.remoteAddress ?? null,
  };
}

/** The readable error for a failed hop; a TLS alert that closed the socket beats "other side closed". */
function hopError(failure: unknown, url: URL): PosternError {
  if (!(failure instanceof HopFailure)) return requestError(failure, url);
  const info = failure.trace.socket ? socketInfo(failure.trace.socket) : undefined;
  if (info?.lateTlsError && !(failure.error instanceof PosternError)) {
    return connectError(info.lateTlsError, { host: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) });
  }
  const error = requestError(failure.error, url);
  const presented = info?.tls?.clientCertificate;
  if (presented && info.requests === 0 && (error.code === 'CONNECTION_RESET' || error.code === 'NETWORK')) {
    // Servers that check client certificates after the handshake (Node's, for one) just hang up.
    return new PosternError(error.code, `${error.message}, right after the TLS handshake; it may have rejected the client certificate ${presented.subject}`, error.where, { cause: error });
  }
  return error;
}

function progressReporter(report: NonNullable<SendOptions['onProgress']>, url: string): (received: number, total: number | null) => void {
  return (receivedBytes, totalBytes) => report({ url, receivedBytes, totalBytes });
}

function withCookies(headers: ReadonlyArray<readonly [string, string]>, fromJar: string): ReadonlyArray<readonly [string, string]> {
  if (fromJar === '') return headers;
  const index = headers.findIndex(([name]) => name.toLowerCase() === 'cookie');
  if (index === -1) return [...headers, ['Cookie', fromJar]];
  // The user's own Cookie header comes first; the jar's cookies follow.
  return headers.map((entry, i) => (i === index ? ([entry[0], `${entry[1]}; ${fromJar}`] as const) : entry));
}

function headerValues(headers: ReadonlyArray<readonly [string, string]>, lowerName: string): string[] {
  const out: string[] = [];
  for (const [name, value] of headers) if (name.length === lowerName.length && name.toLowerCase() === lowerName) out.push(value);
  return out;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
