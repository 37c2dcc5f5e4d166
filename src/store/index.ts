/**
 * The local store: workspaces, collections (a folder tree with ordering), environments and globals,
 * history (whole bodies up to 5 MB each), the app's cookie jar (sealed), client certificates and app
 * settings in one SQLite file (better-sqlite3, WAL).
 * Import and export go through src/formats; secrets are sealed by a SecretSealer (the vault).
 */
export { Store, openStore } from './store.js';
export type { StoreOptions } from './store.js';
export type { SecretSealer } from './sealer.js';
export { sealAad } from './sealer.js';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
export type { Workspace, WorkspaceTable } from './workspaces.js';
export type { CollectionTable, CollectionSummary, CollectionTree, CollectionImportOptions, CollectionChanges } from './collections.js';
export type { TreeNode } from './collection-rows.js';
export type { ItemTable } from './items.js';
export type { EnvironmentTable, EnvironmentSummary } from './environments.js';
export { DEFAULT_HISTORY_BODY_BYTES } from './history.js';
export type { HistoryTable, HistoryEntry, HistoryInput, ResponseSummary } from './history.js';
export type { CookieJarTable } from './cookies.js';
export type { SettingsTable } from './settings.js';
export type { MetaTable } from './meta.js';
export { SEALED_COLUMNS } from './reseal.js';
export type { ResealValue, SealedColumn } from './reseal.js';
