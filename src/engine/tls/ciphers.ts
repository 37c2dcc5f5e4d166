import tls from 'node:tls';
import { PosternError } from '../../model/index.js';
import type { ProtocolRange } from './protocols.js';

let knownCiphers: Set<string> | undefined;

/** OpenSSL's cipher names known to this build (Node reports them in lower case). */
function known(): Set<string> {
  knownCiphers ??= new Set(tls.getCiphers().map((name) => name.toUpperCase()));
  return knownCiphers;
}

/**
 * Checks a user's ordered cipher selection and returns it in OpenSSL's spelling. Names are OpenSSL's
 * (`ECDHE-RSA-AES128-GCM-SHA256`) or TLS 1.3's (`TLS_AES_128_GCM_SHA256`), in any case.
 */
export function normaliseCipherSelection(selection: readonly string[]): string[] {
  const out: string[] = [];
  selection.forEach((raw, index) => {
    const name = raw.trim().toUpperCase();
    if (name === '') return;
    if (!known().has(name)) {
      throw new PosternError(
        'UNKNOWN_CIPHER',
        `unknown cipher suite "${raw}"; use OpenSSL names such as ECDHE-RSA-AES128-GCM-SHA256 or TLS_AES_128_GCM_SHA256`,
        { path: `tlsCipherSelection[${index}]` },
      );
    }
    if (!out.includes(name)) out.push(name);
  });
  return out;
}

const isTls13Suite = (name: string): boolean => name.startsWith('TLS_');

/**
 * The handshake settings for one protocol range under a cipher selection: the `ciphers` string for
 * Node's `tls.connect` (undefined for Node's defaults) and the range narrowed to the versions the
 * selection can serve, or null when it serves none. Narrowing matters: OpenSSL would otherwise still
 * offer its default TLS 1.3 suites next to a TLS 1.2-only selection. Order is kept: it is the order
 * the client offers.
 */
export function handshakeForRange(selection: readonly string[], range: ProtocolRange): { range: ProtocolRange; ciphers: string | undefined } | null {
  const legacy = range.needsLegacySecurityLevel ? ':@SECLEVEL=0' : '';
  if (selection.length === 0) return { range, ciphers: legacy ? `${tls.DEFAULT_CIPHERS}${legacy}` : undefined };

  const suites13 = selection.filter(isTls13Suite);
  const list12 = selection.filter((name) => !isTls13Suite(name));
  const usable13 = range.max === 'TLSv1.3' && suites13.length > 0;
  const usable12 = range.min !== 'TLSv1.3' && list12.length > 0;
  if (!usable13 && !usable12) return null;
  const narrowed: ProtocolRange = {
    min: usable12 ? range.min : 'TLSv1.3',
    max: usable13 ? range.max : range.max === 'TLSv1.3' ? 'TLSv1.2' : range.max,
    needsLegacySecurityLevel: usable12 && range.needsLegacySecurityLevel,
  };
  const parts = [...(usable13 ? suites13 : []), ...(usable12 ? list12 : [])];
  return { range: narrowed, ciphers: `${parts.join(':')}${usable12 ? legacy : ''}` };
}
