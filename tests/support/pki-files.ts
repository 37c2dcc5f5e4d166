/**
 * Writes certificate bundles to disk as the files a user would point Postern at: PEM certificate,
 * PEM key, full chain, and optionally PKCS#12 and an encrypted key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encryptKeyPem, toPfx, type CertBundle, type PfxOptions } from './pki.js';

export interface PkiFilePaths {
  /** `<name>.crt.pem`: the certificate alone. */
  readonly cert: string;
  /** `<name>.key.pem`: unencrypted PKCS#8 key. */
  readonly key: string;
  /** `<name>.chain.pem`: the certificate followed by its intermediates (what a server presents). */
  readonly fullChain: string;
  /** `<name>.root.pem`: the root CA it chains to. */
  readonly root: string;
  /** `<name>.pfx`, when `pfxPassphrase` was given. */
  readonly pfx?: string;
  /** `<name>.key.enc.pem` (encrypted PKCS#8), when `keyPassphrase` was given. */
  readonly encryptedKey?: string;
}

export interface WritePkiOptions {
  readonly pfxPassphrase?: string;
  readonly pfx?: PfxOptions;
  readonly keyPassphrase?: string;
}

/**
 * Writes each bundle under `dir` (which must exist, e.g. `makeTempDir().path`) using its record key as
 * the file stem; returns the paths by the same keys.
 */
export function writePkiFiles<Name extends string>(
  dir: string,
  bundles: Readonly<Record<Name, CertBundle>>,
  options: WritePkiOptions = {},
): Record<Name, PkiFilePaths> {
  const result = {} as Record<Name, PkiFilePaths>;
  for (const name of Object.keys(bundles) as Name[]) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`bad PKI file stem: ${name}`);
    const bundle = bundles[name];
    const write = (suffix: string, data: string | Buffer): string => {
      const file = path.join(dir, `${name}${suffix}`);
      fs.writeFileSync(file, data, { mode: 0o600 });
      return file;
    };
    result[name] = {
      cert: write('.crt.pem', bundle.certPem),
      key: write('.key.pem', bundle.keyPem),
      fullChain: write('.chain.pem', bundle.certPem + bundle.chainPem),
      root: write('.root.pem', bundle.rootPem),
      ...(options.pfxPassphrase === undefined
        ? {}
        : { pfx: write('.pfx', toPfx(bundle, options.pfxPassphrase, undefined, options.pfx)) }),
      ...(options.keyPassphrase === undefined
        ? {}
        : { encryptedKey: write('.key.enc.pem', encryptKeyPem(bundle.keyPem, options.keyPassphrase)) }),
    };
  }
  return result;
}
