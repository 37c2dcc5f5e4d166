import { PosternError } from '../model/index.js';

/**
 * Seals secret values before they reach the database and opens them again. The vault (src/vault)
 * implements it with AES-256-GCM under a key from the OS keychain. `aad` binds a blob to the row and
 * field it was written for (`table:rowid:field`), so a blob copied to another row does not open.
 */
export interface SecretSealer {
  seal(plain: string, aad: string): Buffer;
  open(blob: Buffer, aad: string): string;
}

/** The additional authenticated data for one sealed field. */
export function sealAad(table: string, rowid: number | bigint, field: string): string {
  return `${table}:${String(rowid)}:${field}`;
}

/** The sealer, or a clear error naming what needed it when the vault is not open. */
export function requireSealer(sealer: SecretSealer | undefined, what: string): SecretSealer {
  if (sealer) return sealer;
  throw new PosternError('STORE_SECRETS_LOCKED', `${what} holds secret values and the vault is not open`, { path: what });
}

/** Open a sealed blob, turning a failure (wrong key, moved blob, damage) into a PosternError. */
export function openSealed(sealer: SecretSealer, blob: Buffer, aad: string, file: string): string {
  try {
    return sealer.open(blob, aad);
  } catch (error) {
    throw new PosternError('STORE_CORRUPT', `the secret value at ${aad} could not be opened (wrong key or damaged)`, { file, path: aad }, { cause: error });
  }
}
