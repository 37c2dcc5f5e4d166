import { z } from 'zod';
import type { ResponseView } from '../api/index.js';
import { RedirectViewSchema, TimingsViewSchema, TlsViewSchema } from '../api/ops-requests.js';
import type { HttpResponse, TlsDetails } from '../engine/index.js';

/**
 * What history keeps of a response besides status, headers and body, shaped as the response view
 * shows it, so an entry opened again looks as the response did. Read back through this schema: a row
 * from an older version (or a damaged one) shows without the parts that do not parse.
 */
export const HistoryDetailsSchema = z.object({
  statusText: z.string().catch(''),
  headersBytes: z.number().int().min(0).catch(0),
  encodedBodyBytes: z.number().int().min(0).optional().catch(undefined),
  timings: TimingsViewSchema.optional().catch(undefined),
  tls: TlsViewSchema.optional().catch(undefined),
  redirects: z.array(RedirectViewSchema).catch([]),
  finalUrl: z.string().optional().catch(undefined),
  method: z.string().optional().catch(undefined),
  warnings: z.array(z.string()).catch([]),
});
export type HistoryDetails = z.output<typeof HistoryDetailsSchema>;

type TlsView = z.output<typeof TlsViewSchema>;

function tlsSummary(tls: TlsDetails): TlsView {
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

/**
 * The details to keep: taken from the response view the renderer got when the caller has it (exactly
 * what was shown), else built from the engine's response (redirect hops then lack their methods).
 */
export function historyDetails(response: HttpResponse, view?: ResponseView): HistoryDetails {
  if (view) {
    return {
      statusText: view.statusText,
      headersBytes: view.sizes.headersBytes,
      ...(view.sizes.encodedBodyBytes === undefined ? {} : { encodedBodyBytes: view.sizes.encodedBodyBytes }),
      timings: view.timings,
      ...(view.tls ? { tls: view.tls } : {}),
      redirects: view.redirects,
      finalUrl: view.finalUrl,
      method: view.method,
      warnings: view.warnings,
    };
  }
  const t = response.timings;
  const reused = response.connectionReused;
  return {
    statusText: response.statusText,
    headersBytes: response.size.headers,
    encodedBodyBytes: response.size.body,
    timings: {
      ...(reused ? {} : { dnsMs: t.dns, connectMs: t.tcp + t.proxy }),
      ...(reused || response.tls === null ? {} : { tlsMs: t.tls }),
      firstByteMs: t.firstByte,
      downloadMs: t.download,
      totalMs: t.total,
    },
    ...(response.tls === null ? {} : { tls: tlsSummary(response.tls) }),
    redirects: [],
    finalUrl: response.url,
    warnings: [],
  };
}

/** The details kept with an entry, or defaults when it has none. */
export function readHistoryDetails(value: unknown): HistoryDetails {
  const parsed = HistoryDetailsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : HistoryDetailsSchema.parse({});
}

const MIB = 1024 * 1024;

/** `5 MB`, `1.5 MB`, `900 KB`: sizes for the truncation marker. */
export function formatSize(bytes: number): string {
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
