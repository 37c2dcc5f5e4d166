import { join } from 'node:path';
import { PosternError } from '../model/index.js';
import { openStore } from '../store/index.js';
import type { SecretSealer, Store } from '../store/index.js';
import { PassphraseKeyStore, Vault, openVault } from '../vault/index.js';
import type { PassphraseHeader, RotationResult } from '../vault/index.js';

/** The database file inside the app's data folder. */
export const DATABASE_FILE = 'postern.db';
/** Meta keys: which vault protects the file's secrets, and the passphrase vault's header. */
export const VAULT_PROTECTION_KEY = 'vault.protection';
export const PASSPHRASE_HEADER_KEY = 'vault.passphrase-header';

export interface LocalDataOptions {
  /** The app's data folder; it must exist. */
  readonly directory: string;
  /** Keep the master key in the OS keychain (the default). There is no fallback when it is unreachable. */
  readonly keychain?: boolean;
  /** Protect secrets with this passphrase instead of the keychain. */
  readonly passphrase?: string;
  /** Keychain service name; tests and side-by-side profiles use their own. */
  readonly keychainService?: string;
}

export interface KeyRotation extends RotationResult {
  /** How many sealed values were re-sealed under the new key. */
  readonly resealedValues: number;
}

export interface LocalData {
  readonly store: Store;
  readonly vault: Vault;
  /** A new master key, every sealed value re-sealed with it in one transaction, the old key retired. */
  rotateKey(): KeyRotation;
  /** Closes the database and wipes the keys held in memory. */
  close(): void;
}

/**
 * Seals through a vault that is opened after the store: in passphrase mode the vault's header lives
 * in the store, so the store has to be open first.
 */
class LateSealer implements SecretSealer {
  vault: Vault | undefined;

  seal(plain: string, aad: string): Buffer {
    return this.require().seal(plain, aad);
  }

  open(blob: Buffer, aad: string): string {
    return this.require().open(blob, aad);
  }

  private require(): Vault {
    if (this.vault) return this.vault;
    throw new PosternError('VAULT_LOCKED', 'vault: it is not open yet');
  }
}

function passphraseHeader(store: Store): unknown {
  const text = store.meta.get(PASSPHRASE_HEADER_KEY);
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PosternError('STORE_CORRUPT', 'the saved passphrase vault header does not parse as JSON', { file: store.file, path: `meta.${PASSPHRASE_HEADER_KEY}` }, { cause: error });
  }
}

function openPassphraseVault(store: Store, passphrase: string): Vault {
  const header = passphraseHeader(store);
  const saveHeader = (next: PassphraseHeader): void => store.meta.set(PASSPHRASE_HEADER_KEY, JSON.stringify(next));
  if (header === null) return openVault({ passphrase, header: null, saveHeader });
  // unlock validates the stored header (it came from disk, so it is checked, not trusted).
  const keys = PassphraseKeyStore.unlock(passphrase, header, saveHeader);
  try {
    return Vault.load(keys);
  } catch (error) {
    keys.close();
    throw error;
  }
}

function openVaultFor(store: Store, options: LocalDataOptions): Vault {
  const recorded = store.meta.get(VAULT_PROTECTION_KEY);
  if (options.passphrase !== undefined) {
    if (options.keychain === true) {
      throw new PosternError('INVALID_INPUT', 'local data: choose the keychain or a passphrase, not both');
    }
    if (recorded === 'keychain') {
      throw new PosternError('INVALID_INPUT', 'local data: the secrets in this database are protected by the OS keychain, not a passphrase', { file: store.file });
    }
    return openPassphraseVault(store, options.passphrase);
  }
  if (options.keychain === false) {
    throw new PosternError('INVALID_INPUT', 'local data: without the keychain a passphrase is needed to protect secrets');
  }
  if (recorded === 'passphrase') {
    throw new PosternError('VAULT_LOCKED', 'local data: the secrets in this database are protected by a passphrase; enter it to open them', { file: store.file });
  }
  return openVault({ keychain: true, service: options.keychainService });
}

/**
 * Opens (creating as needed) `<directory>/postern.db` and the vault that seals its secrets: the OS
 * keychain by default, a passphrase when one is given. The mode is recorded in the database the first
 * time, and opening it the other way is refused rather than sealing new values under a second key.
 */
export function openLocalData(options: LocalDataOptions): LocalData {
  const sealer = new LateSealer();
  const store = openStore(join(options.directory, DATABASE_FILE), { sealer });
  let vault: Vault;
  try {
    vault = openVaultFor(store, options);
    if (store.meta.get(VAULT_PROTECTION_KEY) === undefined) store.meta.set(VAULT_PROTECTION_KEY, vault.protection);
  } catch (error) {
    store.close();
    throw error;
  }
  sealer.vault = vault;
  let closed = false;
  return {
    store,
    vault,
    rotateKey(): KeyRotation {
      let resealedValues = 0;
      const result = vault.rotate((reseal) => {
        resealedValues = store.resealAll(reseal);
      });
      return { ...result, resealedValues };
    },
    close(): void {
      if (closed) return;
      closed = true;
      store.close();
      vault.close();
    },
  };
}
