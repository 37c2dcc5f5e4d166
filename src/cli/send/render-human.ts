import type pc from 'picocolors';
import type { HttpResponse } from '../../engine/index.js';
import type { BodyView } from './body-view.js';
import { formatMs, formatSize, shortFingerprint } from './format.js';

type Colors = ReturnType<typeof pc.createColors>;

/** The response head: status line and headers, as received. */
export function renderHead(response: HttpResponse, c: Colors): string {
  const status = `${response.status} ${response.statusText}`.trim();
  const paint = response.status >= 500 ? c.red : response.status >= 400 ? c.yellow : response.status >= 300 ? c.cyan : c.green;
  const lines = [`${c.dim(`HTTP/${response.httpVersion}`)} ${c.bold(paint(status))}`];
  for (const [name, value] of response.headers) lines.push(`${c.cyan(name)}: ${value}`);
  return `${lines.join('\n')}\n`;
}

export function renderBody(view: BodyView, size: number, savedTo: string | undefined): string {
  if (savedTo) return `[body saved to ${savedTo}, ${formatSize(size)}]\n`;
  if (size === 0) return '';
  if (view.text === null) return `[binary body, ${formatSize(size)}; save it with -o FILE]\n`;
  return view.text.endsWith('\n') ? view.text : `${view.text}\n`;
}

/** Timings, sizes, redirects and the TLS story, after the body. */
export function renderSummary(response: HttpResponse, c: Colors): string {
  const t = response.timings;
  const phases = [
    t.dns > 0 ? `DNS ${formatMs(t.dns)}` : '',
    t.tcp > 0 ? `TCP ${formatMs(t.tcp)}` : '',
    t.proxy > 0 ? `proxy ${formatMs(t.proxy)}` : '',
    t.tls > 0 ? `TLS ${formatMs(t.tls)}` : '',
    `wait ${formatMs(t.firstByte)}`,
    `download ${formatMs(t.download)}`,
  ].filter((p) => p !== '');
  const lines = [
    '',
    `${c.bold('Time')}  ${formatMs(t.total)}  ${c.dim(`(${phases.join(' · ')}${response.connectionReused ? ' · reused connection' : ''})`)}`,
    `${c.bold('Size')}  ${formatSize(response.size.body + response.size.headers)}  ${c.dim(`(body ${formatSize(response.size.body)}${response.size.decodedBody !== response.size.body ? `, ${formatSize(response.size.decodedBody)} decoded` : ''}, headers ${formatSize(response.size.headers)})`)}`,
  ];
  if (response.redirects.length > 0) {
    lines.push(`${c.bold('Redirects')}  ${response.redirects.map((r) => `${r.status} ${r.url}`).join(' → ')} → ${response.url}`);
  }
  const tls = response.tls;
  if (tls) {
    const verified = tls.authorized ? c.green('certificate verified') : c.yellow(`not verified: ${tls.authorizationError ?? 'unknown reason'}`);
    lines.push(`${c.bold('TLS')}   ${[tls.protocol, tls.cipher?.name, tls.alpn ? `ALPN ${tls.alpn}` : null].filter(Boolean).join(' · ')} · ${verified}`);
    const leaf = tls.peerCertificates[0];
    if (leaf) {
      lines.push(`      server  ${leaf.subject} · issued by ${leaf.issuer} · valid to ${leaf.validTo} · SHA-256 ${shortFingerprint(leaf.fingerprint256)}`);
      if (tls.peerCertificates.length > 1) lines.push(c.dim(`      chain   ${tls.peerCertificates.length} certificates`));
    }
    lines.push(
      tls.clientCertificate
        ? `      client  ${tls.clientCertificate.subject} (configured for ${tls.clientCertificate.host}:${tls.clientCertificate.port}) · SHA-256 ${shortFingerprint(tls.clientCertificate.fingerprint256)}`
        : c.dim(`      client  none: ${tls.clientCertificateNote ?? 'no client certificate'}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
