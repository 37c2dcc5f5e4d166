import { randomBytes } from 'node:crypto';
import { PosternError } from '../model/errors.js';
import type { KeyStore } from './key-store.js';
import { MASTER_KEY_BYTES, keyVersionOf, openWithKey, sealWithKey } from './sealed-value.js';

/** What the store needs from the vault: seal a field's value for one record, and open it again. */
export interface SecretSealer {
  seal(plaintext: string, aad: string): Buffer;
  open(sealed: Buffer, aad: string): string;
}

/** Opens a value sealed under any held key and seals it again under the new one, for the same record. */
export type Reseal = (sealed: Buffer, aad: string) => Buffer;

export interface RotationResult {
  /** The version every value is now sealed with. */
  readonly keyVersion: number;
  /** Older versions removed from the key store. */
  readonly retiredVersions: readonly number[];
  /** Older versions the key store refused to remove; harmless, removal can be retried by rotating again. */
  readonly keptVersions: readonly number[];
}

/**
 * Seals and opens secret values with AES-256-GCM under the current master key, and rotates that key.
 * Keys are read from the key store once, when the vault opens, and held in memory until `close()`.
 */
export class Vault implements SecretSealer {
  private readonly keys = new Map<number, Buffer>();
  private current: number;
  private closed = false;

  private constructor(private readonly store: KeyStore) {
    let current = store.currentVersion();
    if (current === null) {
      // A key without a current version means the pointer was lost, not a new vault: never overwrite it.
      if (store.get(1) !== null) {
        throw new PosternError('VAULT_KEY_MISSING', `vault: the ${store.kind} holds master key v1 but does not name a current key`);
      }
      // A new vault: its first key, stored before anything is sealed with it.
      current = 1;
      store.put(current, randomBytes(MASTER_KEY_BYTES));
      store.setCurrent(current);
    }
    for (const version of store.versions()) {
      const key = store.get(version);
      if (key) this.keys.set(version, key);
    }
    if (!this.keys.has(current)) {
      throw new PosternError('VAULT_KEY_MISSING', `vault: the ${store.kind} holds no master key v${current}, the current one`);
    }
    this.current = current;
  }

  /** Loads the vault's keys from a key store, making its first master key when the store has none. */
  static load(store: KeyStore): Vault {
    return new Vault(store);
  }

  get protection(): KeyStore['kind'] {
    return this.store.kind;
  }

  /** The key version new values are sealed with. */
  get keyVersion(): number {
    return this.current;
  }

  seal(plaintext: string, aad: string): Buffer {
    const key = this.keyFor(this.current);
    const plain = Buffer.from(plaintext, 'utf8');
    try {
      return sealWithKey(key, this.current, plain, aad);
    } finally {
      plain.fill(0);
    }
  }

  open(sealed: Buffer, aad: string): string {
    const plain = openWithKey(this.keyFor(keyVersionOf(sealed)), sealed, aad);
    try {
      return plain.toString('utf8');
    } finally {
      plain.fill(0);
    }
  }

  /**
   * Makes a new master key and has `resealAll` re-seal every value with it, inside the caller's own
   * transaction. The new key is stored before any value is sealed with it, and the old keys are
   * deleted only after `resealAll` returns, so a crash at any point leaves every value openable.
   * If `resealAll` throws, the new key is dropped and the old one stays current.
   */
  rotate(resealAll: (reseal: Reseal) => void): RotationResult {
    this.assertOpen();
    const previous = this.current;
    const next = Math.max(...this.keys.keys()) + 1;
    const key = randomBytes(MASTER_KEY_BYTES);
    this.store.put(next, key);
    this.store.setCurrent(next);
    this.keys.set(next, key);
    this.current = next;
    const reseal: Reseal = (sealed, aad) => {
      if (this.current !== next) throw new PosternError('VAULT_LOCKED', 'vault: a reseal was called after its rotation ended');
      const plain = openWithKey(this.keyFor(keyVersionOf(sealed)), sealed, aad);
      try {
        return sealWithKey(key, next, plain, aad);
      } finally {
        plain.fill(0);
      }
    };
    try {
      resealAll(reseal);
    } catch (error) {
      this.current = previous;
      this.keys.delete(next);
      try {
        // Point back before deleting: if pointing back fails, the new key must stay where it is named.
        this.store.setCurrent(previous);
        this.store.delete(next);
      } catch {
        // The store still names the new key and holds both; every value opens. The caller's error wins.
      }
      key.fill(0);
      throw error;
    }
    return this.retireOlderThan(next);
  }

  /** Wipes the keys held in memory; the vault refuses to seal or open afterwards. */
  close(): void {
    for (const key of this.keys.values()) key.fill(0);
    this.keys.clear();
    this.store.close();
    this.closed = true;
  }

  private retireOlderThan(version: number): RotationResult {
    const retiredVersions: number[] = [];
    const keptVersions: number[] = [];
    // Newest first, stopping at the first refusal: the versions a store holds stay one unbroken run.
    const older = [...this.keys.keys()].filter((v) => v < version).sort((a, b) => b - a);
    for (const [index, old] of older.entries()) {
      try {
        this.store.delete(old);
      } catch {
        keptVersions.push(...older.slice(index).reverse());
        break;
      }
      this.keys.get(old)?.fill(0);
      this.keys.delete(old);
      retiredVersions.unshift(old);
    }
    return { keyVersion: version, retiredVersions, keptVersions };
  }

  private keyFor(version: number): Buffer {
    this.assertOpen();
    const key = this.keys.get(version);
    if (!key) throw new PosternError('VAULT_KEY_MISSING', `vault: the value was sealed with master key v${version}, which is no longer held`);
    return key;
  }

  private assertOpen(): void {
    if (this.closed) throw new PosternError('VAULT_LOCKED', 'vault: it is closed; open it again to use secrets');
  }
}
