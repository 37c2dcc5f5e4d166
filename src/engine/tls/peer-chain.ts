import type { DetailedPeerCertificate, PeerCertificate as NodePeerCertificate, TLSSocket } from 'node:tls';
import type { PeerCertificate } from '../types.js';

/** The server's chain as the socket saw it, leaf first. */
export function peerChain(socket: TLSSocket): PeerCertificate[] {
  const chain: PeerCertificate[] = [];
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (current && current.fingerprint256 && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(describe(current));
    current = current.issuerCertificate;
  }
  return chain;
}

export function describe(cert: NodePeerCertificate): PeerCertificate {
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    validFrom: cert.valid_from,
    validTo: cert.valid_to,
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    subjectAltName: cert.subjectaltname,
  };
}

/** `CN=api.example.com, O=Example` from Node's object form (values may repeat as arrays). */
export function distinguishedName(name: object | undefined): string {
  if (!name) return '';
  return Object.entries(name as Record<string, string | string[]>)
    .flatMap(([key, value]) => (Array.isArray(value) ? value.map((v) => `${key}=${v}`) : [`${key}=${value}`]))
    .join(', ');
}
