import { DEFAULT_CIPHERS, getCiphers } from 'node:tls';
import { PosternError, TLS_PROTOCOLS, type TlsProtocol } from '../model/index.js';
import type { SendOptions } from '../engine/index.js';
import { policyValue } from './resolve.js';
import type { EffectivePolicy } from './types.js';

/**
 * Applies the policy's floor to one request's options, after every other layer: a request may be
 * stricter than policy, never looser. Lower protocols are disabled, barred ciphers removed,
 * verification forced, policy CAs added.
 */
export function applyPolicyFloor(options: SendOptions, policy: EffectivePolicy): SendOptions {
  const minimum = policyValue(policy, 'MinimumTlsVersion');
  const barred = asStrings(policyValue(policy, 'DisallowedCiphers'));
  const forceVerify = policyValue(policy, 'ForceSslVerification') === true;
  const extraCas = asStrings(policyValue(policy, 'ExtraCaCertificates'));

  let disabledProtocols: readonly TlsProtocol[] = options.tls.disabledProtocols;
  if (isProtocol(minimum)) {
    const below = TLS_PROTOCOLS.slice(0, TLS_PROTOCOLS.indexOf(minimum));
    disabledProtocols = TLS_PROTOCOLS.filter((p) => below.includes(p) || disabledProtocols.includes(p));
  }
  const cipherSelection = withoutBarredCiphers(options.tls.cipherSelection, barred);
  const tls = { ...options.tls, disabledProtocols, cipherSelection, strictSSL: forceVerify ? true : options.tls.strictSSL };

  let caCertificates = options.caCertificates;
  if (extraCas.length > 0) {
    const paths = [...(caCertificates?.enabled ? caCertificates.paths : []), ...extraCas.filter((p) => !(caCertificates?.enabled && caCertificates.paths.includes(p)))];
    caCertificates = { enabled: true, paths };
  }
  return { ...options, tls, caCertificates };
}

/**
 * A selection without barred suites. An empty selection means Node's defaults, which a floor cannot
 * trim by name, so it becomes the concrete suites of Node's default list minus the barred ones. A
 * request that selected only barred suites fails rather than silently using others.
 */
function withoutBarredCiphers(selection: readonly string[], barred: readonly string[]): readonly string[] {
  if (barred.length === 0) return selection;
  const barredSet = new Set(barred.map((c) => c.toUpperCase()));
  if (selection.length === 0) {
    const known = new Set(getCiphers().map((c) => c.toUpperCase()));
    return DEFAULT_CIPHERS.split(':').filter((c) => known.has(c.toUpperCase()) && !barredSet.has(c.toUpperCase()));
  }
  const kept = selection.filter((c) => !barredSet.has(c.toUpperCase()));
  if (kept.length === 0) {
    throw new PosternError('NO_USABLE_CIPHER', `every cipher suite this request selects (${selection.join(', ')}) is disallowed by policy`, { path: 'DisallowedCiphers' });
  }
  return kept;
}

function isProtocol(value: unknown): value is TlsProtocol {
  return typeof value === 'string' && (TLS_PROTOCOLS as readonly string[]).includes(value);
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
