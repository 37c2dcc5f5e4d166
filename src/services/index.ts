/**
 * Services: the desktop app's operations behind the contract (src/api), composed from the store, the
 * vault, the engine, the runner and policy. Electron's main process and the browser-mode agent wire
 * `callSafely(name, input, services.handle)` to their transport and nothing more.
 * `openLocalData` opens the local database with its vault.
 */
export { openLocalData, DATABASE_FILE, VAULT_PROTECTION_KEY, PASSPHRASE_HEADER_KEY } from './local-data.js';
export type { LocalData, LocalDataOptions, KeyRotation } from './local-data.js';
export { createDesktopServices, localTransport, HANDLERS } from './desktop-services.js';
export type { DesktopServices, DesktopServicesOptions } from './desktop-services.js';
export type { Handler, HandlerTable } from './handlers.js';
