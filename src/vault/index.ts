/**
 * The vault: secrets never reach disk in plaintext. A random 256-bit master key lives in the OS
 * keychain (or, when the user chooses it, is wrapped by a passphrase); values are sealed with
 * AES-256-GCM and bound to their record and field.
 */
export { openVault, type OpenVaultOptions, type KeychainVaultOptions, type PassphraseVaultOptions } from './open-vault.js';
export { Vault, type SecretSealer, type Reseal, type RotationResult } from './vault.js';
export type { KeyStore } from './key-store.js';
export { KeychainKeyStore, KEYCHAIN_SERVICE, type KeychainKeyStoreOptions } from './keychain-key-store.js';
export { PassphraseKeyStore, SCRYPT_DEFAULTS, type PassphraseHeader, type SaveHeader, type ScryptParams } from './passphrase-key-store.js';
export { recordAad, keyVersionOf, SEALED_FORMAT_VERSION } from './sealed-value.js';
