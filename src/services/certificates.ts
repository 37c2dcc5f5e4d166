import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { CertificateViewSchema } from '../api/ops-settings.js';
import { loadClientCredential } from '../engine/index.js';
import { PosternError, type ClientCertificate } from '../model/index.js';
import type { PolicySource } from '../policy/index.js';
import type { ServiceContext } from './context.js';
import { effectiveSettings } from './effective-settings.js';
import type { GroupHandlers } from './handlers.js';

type CertificateView = z.output<typeof CertificateViewSchema>;

/** A stable id from what identifies a certificate (host, port, files); the passphrase plays no part. */
export function certificateId(certificate: ClientCertificate, prefix: 'cert' | 'policy'): string {
  const identity = JSON.stringify([certificate.host, certificate.port ?? 443, certificate.cert ?? null, certificate.key ?? null, certificate.pfx ?? null]);
  return `${prefix}-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}

/** Subject and expiry of a PEM certificate file, when it reads; nothing otherwise (the view still lists it). */
function describePem(path: string | undefined): { subject?: string; notAfter?: string } {
  if (path === undefined) return {};
  try {
    const x509 = new X509Certificate(readFileSync(path));
    const notAfter = new Date(x509.validTo);
    return { subject: x509.subject.split('\n').join(', '), ...(Number.isNaN(notAfter.getTime()) ? {} : { notAfter: notAfter.toISOString() }) };
  } catch {
    return {};
  }
}

function view(certificate: ClientCertificate, source: PolicySource, locked: boolean, origin: 'cert' | 'policy'): CertificateView {
  return {
    id: certificateId(certificate, origin),
    host: certificate.host,
    port: certificate.port ?? 443,
    kind: certificate.pfx === undefined ? 'pem' : 'pfx',
    ...(certificate.cert === undefined ? {} : { certPath: certificate.cert }),
    ...(certificate.key === undefined ? {} : { keyPath: certificate.key }),
    ...(certificate.pfx === undefined ? {} : { pfxPath: certificate.pfx }),
    passphrase: { secret: true, set: certificate.passphrase !== undefined && certificate.passphrase !== '' },
    enabled: certificate.enabled,
    source,
    locked,
    ...describePem(certificate.cert),
  };
}

function list(ctx: ServiceContext): CertificateView[] {
  const state = effectiveSettings(ctx);
  const policyEntry = state.policy.entries.find((e) => e.key === 'ClientCertificates');
  const policySource = policyEntry?.source ?? 'machine-policy';
  return [
    ...state.policyCertificates.map((c) => view(c, policySource, true, 'policy')),
    ...state.user.clientCertificates.map((c) => view(c, 'user-setting', false, 'cert')),
  ];
}

const hasVariables = (value: string | undefined): boolean => value !== undefined && value.includes('{{');

/** `certificates.*`: client certificates per host and port; passphrases are sealed by the store's vault and never shown. */
export const certificateHandlers: GroupHandlers<'certificates'> = {
  'certificates.list': async (ctx) => ({ certificates: list(ctx) }),
  'certificates.add': async (ctx, input) => {
    // Read the files now, so a wrong file or passphrase is said at once, not at the first handshake.
    if (![input.cert, input.key, input.pfx, input.passphrase].some(hasVariables)) loadClientCredential(input);
    const id = certificateId(input, 'cert');
    const current = ctx.store.settings.certificates();
    // Adding the same host, port and files again replaces the entry (a new passphrase, say).
    ctx.store.settings.saveCertificates([...current.filter((c) => certificateId(c, 'cert') !== id), input]);
    const added = list(ctx).find((c) => c.id === id);
    if (!added) throw new PosternError('STORE_FAILURE', `the certificate for ${input.host} was not saved`);
    return added;
  },
  'certificates.remove': async (ctx, input) => {
    if (input.certificateId.startsWith('policy-') && list(ctx).some((c) => c.id === input.certificateId)) {
      throw new PosternError('POLICY_LOCKED', 'this client certificate is managed by your organisation; it cannot be removed here', { path: 'input.certificateId' });
    }
    const current = ctx.store.settings.certificates();
    const kept = current.filter((c) => certificateId(c, 'cert') !== input.certificateId);
    if (kept.length === current.length) return { removed: false };
    ctx.store.settings.saveCertificates(kept);
    return { removed: true };
  },
};
