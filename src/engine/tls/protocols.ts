import { PosternError, TLS_PROTOCOLS, type TlsProtocol } from '../../model/index.js';

export type NodeTlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** A contiguous run of enabled protocol versions, which one ClientHello can offer. */
export interface ProtocolRange {
  readonly min: NodeTlsVersion;
  readonly max: NodeTlsVersion;
  /** TLS 1.0 and 1.1 need OpenSSL security level 0 (SHA-1 signatures); only then is it lowered. */
  readonly needsLegacySecurityLevel: boolean;
}

const NODE_NAME: Readonly<Record<TlsProtocol, NodeTlsVersion>> = {
  TLSv1: 'TLSv1',
  TLSv1_1: 'TLSv1.1',
  TLSv1_2: 'TLSv1.2',
  TLSv1_3: 'TLSv1.3',
};

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
      min: NODE_NAME[min],
      max: NODE_NAME[max],
      needsLegacySecurityLevel: min === 'TLSv1' || min === 'TLSv1_1',
    };
  });
}

/** Whether a protocol version lies inside a range. */
export function rangeIncludes(range: ProtocolRange, version: NodeTlsVersion): boolean {
  const order: NodeTlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const i = order.indexOf(version);
  return i >= order.indexOf(range.min) && i <= order.indexOf(range.max);
}
