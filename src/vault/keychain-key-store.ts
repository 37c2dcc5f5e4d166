import { Entry } from '@napi-rs/keyring';
import { PosternError } from '../model/errors.js';
import type { KeyStore } from './key-store.js';
import { MASTER_KEY_BYTES } from './sealed-value.js';

/** The keychain service the desktop app's master keys are filed under. */
export const KEYCHAIN_SERVICE = 'dev.postern.app';
const CURRENT_ACCOUNT = 'master-key-current';

export interface KeychainKeyStoreOptions {
  /** Keychain service name; tests and side-by-side profiles use their own. */
  readonly service?: string;
}

/**
 * Master keys in the OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service)
 * through @napi-rs/keyring: one entry `master-key-v<N>` per version and one `master-key-current`
 * naming the current version. On Linux the entry is pinned to the Secret Service: the library would
 * otherwise fall back to the kernel keyring, which forgets everything at reboot.
 */
export class KeychainKeyStore implements KeyStore {
  readonly kind = 'keychain' as const;
  private readonly service: string;

  constructor(options: KeychainKeyStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
  }

  currentVersion(): number | null {
    const text = this.call('read the current key version', (entry) => entry.getPassword(), CURRENT_ACCOUNT);
    if (text === null) return null;
    const version = Number(text);
    if (!Number.isInteger(version) || version < 1) {
      throw new PosternError('VAULT_TAMPERED', `vault: keychain entry ${this.service}/${CURRENT_ACCOUNT} holds "${text}", not a key version`);
    }
    return version;
  }

  versions(): number[] {
    // Versions held form one run ending at the current one: rotation adds the next version and
    // deletes older ones only after every value was resealed.
    const current = this.currentVersion();
    const held: number[] = [];
    for (let version = current ?? 0; version >= 1 && this.get(version) !== null; version -= 1) held.unshift(version);
    return held;
  }

  get(version: number): Buffer | null {
    const secret = this.call(`read master key v${version}`, (entry) => entry.getSecret(), accountFor(version));
    if (secret === null) return null;
    const key = Buffer.from(secret);
    secret.fill(0);
    if (key.length !== MASTER_KEY_BYTES) {
      throw new PosternError('VAULT_TAMPERED', `vault: keychain entry ${this.service}/${accountFor(version)} is ${key.length} bytes, not a master key`);
    }
    return key;
  }

  put(version: number, key: Buffer): void {
    this.call(`store master key v${version}`, (entry) => entry.setSecret(key), accountFor(version));
  }

  setCurrent(version: number): void {
    this.call('store the current key version', (entry) => entry.setPassword(String(version)), CURRENT_ACCOUNT);
  }

  delete(version: number): void {
    this.call(`delete master key v${version}`, (entry) => entry.deleteCredential(), accountFor(version));
  }

  close(): void {
    // Nothing is cached: every read goes to the keychain.
  }

  private call<T>(what: string, action: (entry: Entry) => T, account: string): T {
    try {
      return action(new Entry(this.service, account, { linux: { store: 'secret-service' } }));
    } catch (cause) {
      throw keychainUnavailable(what, cause);
    }
  }
}

function accountFor(version: number): string {
  return `master-key-v${version}`;
}

function keychainUnavailable(what: string, cause: unknown): PosternError {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new PosternError(
    'KEYCHAIN_UNAVAILABLE',
    `No OS keychain is reachable to ${what} (${reason}). Unlock or start your keychain, or protect secrets with a passphrase instead.`,
    {},
    { cause },
  );
}
