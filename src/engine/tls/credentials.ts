import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { fileVersion } from './file-version.js';
import { PosternError, type ClientCertificate } from '../../model/index.js';

/** Key material ready for `tls.connect`, read and checked once. */
export interface ClientCredential {
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly pfx?: Buffer;
  readonly passphrase?: string;
  /** Identifies the material (paths, file versions) for pool keys; holds no secret. */
  readonly id: string;
  readonly source: string;
}

const cache = new Map<string, ClientCredential>();

/**
 * Reads a client certificate's files and checks them, so a wrong file or passphrase is reported as
 * such before any connection: not a PEM certificate, an unreadable key, a wrong PFX passphrase, or a key
 * that does not belong to the certificate.
 */
export function loadClientCredential(config: ClientCertificate): ClientCredential {
  const files = [config.pfx, config.cert, config.key].filter((f): f is string => f !== undefined);
  const versions = files.map((file) => `${file}@${fileVersion(file)}`).join('|');
  const cacheKey = `${versions}|${config.passphrase ?? ''}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;

  const credential = config.pfx !== undefined ? loadPfx(config.pfx, config.passphrase, versions) : loadPem(config, versions);
  if (cache.size > 64) cache.clear();
  cache.set(cacheKey, credential);
  return credential;
}

function loadPfx(file: string, passphrase: string | undefined, id: string): ClientCredential {
  const pfx = readFile(file, 'PFX file');
  try {
    tls.createSecureContext({ pfx, ...(passphrase !== undefined ? { passphrase } : {}) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/mac verify|bad decrypt|invalid password/i.test(message)) {
      throw new PosternError('PFX_PASSPHRASE', `wrong passphrase for PFX file (${passphrase ? 'the passphrase did not open it' : 'it needs a passphrase'})`, { file });
    }
    throw new PosternError('CERT_INVALID', `not a readable PKCS#12 (PFX) file: ${reason(message)}`, { file });
  }
  return { pfx, ...(passphrase !== undefined ? { passphrase } : {}), id, source: file };
}

function loadPem(config: ClientCertificate, id: string): ClientCredential {
  const certFile = config.cert as string;
  const keyFile = config.key as string;
  const cert = readFile(certFile, 'certificate');
  const key = readFile(keyFile, 'key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new PosternError('CERT_INVALID', 'not a PEM or DER certificate', { file: certFile });
  }
  let privateKey;
  try {
    privateKey = createPrivateKey({ key, ...(config.passphrase !== undefined ? { passphrase: config.passphrase } : {}) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/passphrase|bad decrypt/i.test(message)) {
      throw new PosternError('PFX_PASSPHRASE', config.passphrase ? 'wrong passphrase for the private key' : 'the private key is encrypted; give its passphrase', { file: keyFile });
    }
    throw new PosternError('KEY_INVALID', 'not a PEM or DER private key', { file: keyFile });
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new PosternError('CERT_KEY_MISMATCH', `the key in ${keyFile} does not belong to this certificate`, { file: certFile });
  }
  return { cert, key, ...(config.passphrase !== undefined ? { passphrase: config.passphrase } : {}), id, source: certFile };
}

function readFile(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EACCES' ? 'cannot be read (permission denied)' : code === 'EISDIR' ? 'is a directory, not a file' : 'cannot be read';
    throw new PosternError('FILE_UNREADABLE', `${what} file ${why}`, { file });
  }
}


function reason(message: string): string {
  return message.replace(/^error:[0-9A-F]+:[^:]*:[^:]*:/i, '').trim();
}

export { readFile as readCertificateFile };
