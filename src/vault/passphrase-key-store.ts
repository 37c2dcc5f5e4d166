import { randomBytes, scryptSync } from 'node:crypto';
import { z } from 'zod';
import { PosternError } from '../model/errors.js';
import type { KeyStore } from './key-store.js';
import { MASTER_KEY_BYTES, openWithKey, sealWithKey } from './sealed-value.js';

/**
 * The explicit alternative when no keychain is reachable: the master keys are still random, but each
 * is wrapped (AES-256-GCM) with a key stretched from a passphrase the user types, by scrypt. The
 * wrapped keys, salt and scrypt cost live in a header the caller persists; it holds nothing secret.
 * A wrapped key that does not open is how a wrong passphrase is detected.
 */

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP's floor for scrypt; a header asking for less is refused, so no one can weaken it by editing. */
export const SCRYPT_DEFAULTS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const MAX_N = 2 ** 20;
const SALT_BYTES = 16;
const MIN_PASSPHRASE_CHARS = 8;

const PassphraseHeaderSchema = z.object({
  kdf: z.literal('scrypt'),
  N: z.number().int().min(SCRYPT_DEFAULTS.N).max(MAX_N).refine((n) => (n & (n - 1)) === 0, 'must be a power of two'),
  r: z.number().int().min(SCRYPT_DEFAULTS.r).max(32),
  p: z.number().int().min(SCRYPT_DEFAULTS.p).max(16),
  salt: z.base64().refine((s) => Buffer.from(s, 'base64').length >= SALT_BYTES, 'must be at least 16 bytes'),
  current: z.number().int().min(1).nullable(),
  keys: z.array(z.object({ version: z.number().int().min(1), wrapped: z.base64() })),
});
export type PassphraseHeader = z.infer<typeof PassphraseHeaderSchema>;

export type SaveHeader = (header: PassphraseHeader) => void;

export class PassphraseKeyStore implements KeyStore {
  readonly kind = 'passphrase' as const;
  private readonly keys = new Map<number, Buffer>();
  private current: number | null;

  private constructor(
    private readonly params: ScryptParams,
    private readonly salt: Buffer,
    private readonly wrappingKey: Buffer,
    current: number | null,
    private readonly save: SaveHeader,
  ) {
    this.current = current;
  }

  /** A new store for a new vault; `save` is called with the header whenever it changes. */
  static create(passphrase: string, save: SaveHeader, params: ScryptParams = SCRYPT_DEFAULTS): PassphraseKeyStore {
    if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_CHARS) {
      throw new PosternError('INVALID_INPUT', `vault: a passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters`);
    }
    const checked = parseHeader({ kdf: 'scrypt', ...params, salt: randomBytes(SALT_BYTES).toString('base64'), current: null, keys: [] });
    const salt = Buffer.from(checked.salt, 'base64');
    return new PassphraseKeyStore(checked, salt, stretch(passphrase, salt, checked), null, save);
  }

  /** Unlocks a stored header; throws VAULT_WRONG_PASSPHRASE when the passphrase does not open it. */
  static unlock(passphrase: string, header: unknown, save: SaveHeader): PassphraseKeyStore {
    const checked = parseHeader(header);
    const currentEntry = checked.keys.find((entry) => entry.version === checked.current);
    // Without its current wrapped key a header could not tell a wrong passphrase from a right one.
    if (checked.current === null || !currentEntry) {
      throw new PosternError('VAULT_TAMPERED', 'vault: passphrase header holds no current master key');
    }
    const salt = Buffer.from(checked.salt, 'base64');
    const store = new PassphraseKeyStore(checked, salt, stretch(passphrase, salt, checked), checked.current, save);
    // The current key is tried first: if it does not open, the passphrase is wrong; if it opens and
    // another does not, the header was altered.
    const ordered = [currentEntry, ...checked.keys.filter((entry) => entry !== currentEntry)];
    for (const [index, entry] of ordered.entries()) {
      try {
        store.keys.set(entry.version, openWithKey(store.wrappingKey, Buffer.from(entry.wrapped, 'base64'), store.aadFor(entry.version)));
      } catch (error) {
        store.close();
        if (index === 0) throw new PosternError('VAULT_WRONG_PASSPHRASE', 'vault: the passphrase is wrong', {}, { cause: error });
        throw new PosternError('VAULT_TAMPERED', `vault: wrapped master key v${entry.version} in the passphrase header was altered`, {}, { cause: error });
      }
    }
    return store;
  }

  /** The header as it stands; holds no secret. */
  header(): PassphraseHeader {
    const keys = [...this.keys.entries()]
      .sort(([a], [b]) => a - b)
      .map(([version, key]) => ({
        version,
        wrapped: sealWithKey(this.wrappingKey, version, key, this.aadFor(version)).toString('base64'),
      }));
    return { kdf: 'scrypt', ...this.params, salt: this.salt.toString('base64'), current: this.current, keys };
  }

  currentVersion(): number | null {
    return this.current;
  }

  versions(): number[] {
    return [...this.keys.keys()].sort((a, b) => a - b);
  }

  get(version: number): Buffer | null {
    const key = this.keys.get(version);
    return key ? Buffer.from(key) : null;
  }

  put(version: number, key: Buffer): void {
    if (key.length !== MASTER_KEY_BYTES) throw new PosternError('INVALID_INPUT', `vault: master key is ${key.length} bytes, expected ${MASTER_KEY_BYTES}`);
    this.keys.get(version)?.fill(0);
    this.keys.set(version, Buffer.from(key));
    this.save(this.header());
  }

  setCurrent(version: number): void {
    this.current = version;
    this.save(this.header());
  }

  delete(version: number): void {
    const key = this.keys.get(version);
    if (!key) return;
    key.fill(0);
    this.keys.delete(version);
    this.save(this.header());
  }

  /** Wipes the keys this store holds in memory. */
  close(): void {
    for (const key of this.keys.values()) key.fill(0);
    this.keys.clear();
    this.wrappingKey.fill(0);
  }

  private aadFor(version: number): string {
    // Binds each wrapped key to its version and to the stretching that made the wrapping key.
    return `postern-vault:master-key:v${version}:scrypt:${this.params.N}:${this.params.r}:${this.params.p}`;
  }
}

function parseHeader(header: unknown): PassphraseHeader {
  const parsed = PassphraseHeaderSchema.safeParse(header);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  throw new PosternError('INVALID_INPUT', `vault: passphrase header is invalid: ${issue?.message ?? 'unreadable'}`, { path: path || undefined });
}

function stretch(passphrase: string, salt: Buffer, params: ScryptParams): Buffer {
  if (passphrase.length === 0) throw new PosternError('INVALID_INPUT', 'vault: the passphrase is empty');
  // maxmem must exceed scrypt's 128 * N * r bytes, or node refuses the parameters.
  const maxmem = 256 * params.N * params.r;
  return scryptSync(passphrase.normalize('NFC'), salt, MASTER_KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem });
}
