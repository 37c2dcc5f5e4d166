import { PosternError, TLS_PROTOCOLS, TLS_PROTOCOL_WIRE_NAME, type TlsProtocol } from '../../model/index.js';

/** The names Node and OpenSSL use (`minVersion`, `getProtocol()`). */
export type NodeTlsVersion = (typeof TLS_PROTOCOL_WIRE_NAME)[TlsProtocol];

/** A contiguous run of enabled protocol versions, which one ClientHello can offer. */
export interface ProtocolRange {
  readonly min: NodeTlsVersion;
  readonly max: NodeTlsVersion;
  /** TLS 1.0 and 1.1 need OpenSSL security level 0 (SHA-1 signatures); only then is it lowered. */
  readonly needsLegacySecurityLevel: boolean;
}

/**
 * The protocol ranges to try, highest first. OpenSSL can only offer a contiguous range, so a hole
 * (say only TLS 1.2 disabled) becomes two ranges: TLS 1.3, then TLS 1.0–1.1 if the server refuses the
 * first with a protocol-version error. Every enabled version stays reachable; no disabled one is offered.
 */
export function protocolRanges(disabled: readonly TlsProtocol[]): ProtocolRange[] {
  const enabled = TLS_PROTOCOLS.filter((p) => !disabled.includes(p));
  if (enabled.length === 0) {
    throw new PosternError(
      'NO_TLS_PROTOCOL',
      `every TLS protocol version is disabled (${disabled.join(', ')}); enable at least one`,
      { path: 'tlsDisabledProtocols' },
    );
  }
  const runs: TlsProtocol[][] = [];
  let current: TlsProtocol[] = [];
  for (const protocol of TLS_PROTOCOLS) {
    if (enabled.includes(protocol)) current.push(protocol);
    else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  return runs.reverse().map((run) => {
    const min = run[0] as TlsProtocol;
    const max = run[run.length - 1] as TlsProtocol;
    return {
      min: TLS_PROTOCOL_WIRE_NAME[min],
      max: TLS_PROTOCOL_WIRE_NAME[max],
      needsLegacySecurityLevel: min === 'TLSv1' || min === 'TLSv1_1',
    };
  });
}
