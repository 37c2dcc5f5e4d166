import type { z } from 'zod';
import type { ResponseView, ScriptResultsView } from '../api/index.js';
import type { TlsViewSchema } from '../api/ops-requests.js';
import type { HttpResponse, RedirectPolicy, TlsDetails } from '../engine/index.js';
import { createSecretMasker } from '../variables/index.js';
import type { ResponseBodies } from './response-bodies.js';

type TlsView = z.output<typeof TlsViewSchema>;

export interface ResponseViewOptions {
  /** Secret values in play for this request: masked in headers and URLs, and in every body page. */
  readonly secrets: readonly string[];
  readonly pageSize: number;
  readonly method: string;
  readonly redirectPolicy: RedirectPolicy;
  readonly unresolved: readonly string[];
  readonly warnings: readonly string[];
  /** What the scripts around the send did (already masked). */
  readonly scripts?: ScriptResultsView | undefined;
}

/** The method each hop used, by the engine's redirect rules (303, and 301/302 for non-GET, switch to GET). */
function methodsPerHop(first: string, statuses: readonly number[], policy: RedirectPolicy): string[] {
  const methods = [first];
  let method = first;
  for (const status of statuses) {
    const upper = method.toUpperCase();
    const toGet = !policy.followOriginalMethod && ((status === 303 && upper !== 'HEAD') || ((status === 301 || status === 302) && upper !== 'GET' && upper !== 'HEAD'));
    if (toGet) method = 'GET';
    methods.push(method);
  }
  return methods;
}

function tlsView(tls: TlsDetails): TlsView {
  const presented = tls.clientCertificate;
  return {
    protocol: tls.protocol ?? 'unknown',
    cipher: tls.cipher?.name ?? 'unknown',
    alpn: tls.alpn,
    authorized: tls.authorized,
    ...(tls.authorizationError === null ? {} : { authorizationError: tls.authorizationError }),
    peerChain: tls.peerCertificates.map((cert) => ({
      subject: cert.subject,
      issuer: cert.issuer,
      validFrom: cert.validFrom,
      validTo: cert.validTo,
      serialNumber: cert.serialNumber,
      fingerprint256: cert.fingerprint256,
      subjectAltNames: cert.subjectAltName ? cert.subjectAltName.split(/,\s*/) : [],
    })),
    clientCertificate: presented
      ? { presented: true, host: `${presented.host}:${presented.port}`, subject: presented.subject }
      : { presented: false, note: tls.clientCertificateNote ?? 'no client certificate is configured for this host and port' },
  };
}

/** What the renderer shows of a response; the body stays in main, its first page goes along. */
export async function responseView(bodies: ResponseBodies, response: HttpResponse, options: ResponseViewOptions): Promise<ResponseView> {
  const mask = options.secrets.length > 0 ? createSecretMasker(options.secrets) : (text: string): string => text;
  const responseId = bodies.keep(response.body, options.secrets);
  const body = await bodies.page(responseId, 0, options.pageSize);
  const reused = response.connectionReused;
  const t = response.timings;
  const methods = methodsPerHop(options.method, response.redirects.map((r) => r.status), options.redirectPolicy);
  return {
    responseId,
    status: response.status,
    statusText: response.statusText,
    headers: response.headers.map(([name, value]) => [name, mask(value)] as [string, string]),
    body,
    sizes: { headersBytes: response.size.headers, bodyBytes: response.size.decodedBody, encodedBodyBytes: response.size.body },
    timings: {
      ...(reused ? {} : { dnsMs: t.dns, connectMs: t.tcp + t.proxy }),
      ...(reused || response.tls === null ? {} : { tlsMs: t.tls }),
      firstByteMs: t.firstByte,
      downloadMs: t.download,
      totalMs: t.total,
    },
    ...(response.tls === null ? {} : { tls: tlsView(response.tls) }),
    redirects: response.redirects.map((hop, i) => ({
      status: hop.status,
      method: methods[i] ?? options.method,
      url: mask(hop.url),
      location: mask(response.redirects[i + 1]?.url ?? response.url),
    })),
    unresolvedVariables: [...options.unresolved],
    warnings: options.warnings.map(mask),
    finalUrl: mask(response.url),
    method: methods.at(-1) ?? options.method,
    ...(options.scripts === undefined ? {} : { scripts: options.scripts }),
  };
}
