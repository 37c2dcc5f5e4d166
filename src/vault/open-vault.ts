import { KeychainKeyStore } from './keychain-key-store.js';
import { PassphraseKeyStore, type PassphraseHeader, type SaveHeader, type ScryptParams } from './passphrase-key-store.js';
import { Vault } from './vault.js';

export interface KeychainVaultOptions {
  readonly keychain: true;
  /** Keychain service name; defaults to `dev.postern.app`. */
  readonly service?: string;
}

export interface PassphraseVaultOptions {
  readonly passphrase: string;
  /** The header saved last time, or null to make a new vault protected by this passphrase. */
  readonly header: PassphraseHeader | null;
  /** Persists the header (no secret in it); called whenever it changes, before values depend on it. */
  readonly saveHeader: SaveHeader;
  /** scrypt cost for a new vault; never below SCRYPT_DEFAULTS. */
  readonly scrypt?: ScryptParams;
}

export type OpenVaultOptions = KeychainVaultOptions | PassphraseVaultOptions;

/**
 * Opens the vault. With `{ keychain: true }` the master key lives in the OS keychain, and an
 * unreachable keychain is a KEYCHAIN_UNAVAILABLE error: there is no silent fallback. The passphrase
 * mode is the one alternative, and only when the caller asks for it.
 */
export function openVault(options: OpenVaultOptions): Vault {
  if ('keychain' in options) return Vault.load(new KeychainKeyStore({ service: options.service }));
  const store = options.header === null
    ? PassphraseKeyStore.create(options.passphrase, options.saveHeader, options.scrypt)
    : PassphraseKeyStore.unlock(options.passphrase, options.header, options.saveHeader);
  try {
    return Vault.load(store);
  } catch (error) {
    store.close();
    throw error;
  }
}
