export { openDatabase, pingDatabase, redactUrl, POOL_IDLE_TIMEOUT_MS, type DatabaseKind, type DatabaseTarget, type ServerDatabase } from './connect.js';
export { migrateToLatest, type MigrationReport } from './migrate.js';
export { newId, type IdPrefix } from './ids.js';
export { prepareQuery, type PreparedQuery, type QueryParams } from './prepared.js';
export type * from './schema.js';
export { databaseDataKeyStore } from './data-key-store.js';
