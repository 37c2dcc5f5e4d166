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
 * The `ciphers` string for Node's `tls.connect` for one protocol range, or `null` when the selection has
 * no suite that range could use. `undefined` means Node's defaults. Order is kept: it is the order the
 * client offers.
 */
export function cipherStringForRange(selection: readonly string[], range: ProtocolRange): string | null | undefined {
  const reachesTls13 = range.max === 'TLSv1.3';
  const reachesTls12OrBelow = range.min !== 'TLSv1.3';
  const legacy = range.needsLegacySecurityLevel ? ':@SECLEVEL=0' : '';
  if (selection.length === 0) return legacy ? `${tls.DEFAULT_CIPHERS}${legacy}` : undefined;

  const suites13 = selection.filter(isTls13Suite);
  const list12 = selection.filter((name) => !isTls13Suite(name));
  const usable13 = reachesTls13 && suites13.length > 0;
  const usable12 = reachesTls12OrBelow && list12.length > 0;
  if (!usable13 && !usable12) return null;
  const parts = [...(usable13 ? suites13 : []), ...(usable12 ? list12 : [])];
  return `${parts.join(':')}${usable12 ? legacy : ''}`;
}
