/**
 * Services: the pieces that tie the store, the vault and the engine together for the app and the CLI.
 * `openLocalData` opens the local database with its vault.
 */
export { openLocalData, DATABASE_FILE, VAULT_PROTECTION_KEY, PASSPHRASE_HEADER_KEY } from './local-data.js';
export type { LocalData, LocalDataOptions, KeyRotation } from './local-data.js';
