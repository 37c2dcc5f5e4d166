import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { fileVersion } from './file-version.js';
import { PosternError } from '../../model/index.js';
import { readCertificateFile } from './credentials.js';

export interface TrustStore {
  /** Node's bundled roots plus the extra bundles, as PEM. */
  readonly ca: readonly string[];
  readonly id: string;
}

const cache = new Map<string, TrustStore>();
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Extra CA bundles on top of the default roots. Each file must hold at least one PEM certificate. */
export function loadTrustStore(paths: readonly string[]): TrustStore {
  const id = paths.map((p) => `${p}@${fileVersion(p)}`).join('|');
  const cached = cache.get(id);
  if (cached) return cached;
  const extra: string[] = [];
  for (const file of paths) {
    const text = readCertificateFile(file, 'CA certificate').toString('utf8');
    const blocks = text.match(PEM_BLOCK) ?? [];
    if (blocks.length === 0) {
      throw new PosternError('CERT_INVALID', 'no PEM certificate (-----BEGIN CERTIFICATE-----) in CA bundle', { file });
    }
    blocks.forEach((block, index) => {
      try {
        new X509Certificate(block);
      } catch {
        throw new PosternError('CERT_INVALID', `certificate ${index + 1} in the CA bundle cannot be parsed`, { file });
      }
      extra.push(block);
    });
  }
  const store = { ca: [...tls.rootCertificates, ...extra], id };
  if (cache.size > 32) cache.clear();
  cache.set(id, store);
  return store;
}

