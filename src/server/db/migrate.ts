/** Brings a database to the newest schema. Safe to run from several processes at once (kysely locks). */
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { ServerError } from '../errors.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

export interface MigrationReport {
  readonly applied: readonly string[];
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'postern_migrations', migrationLockTableName: 'postern_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const message = error instanceof Error ? error.message : String(error);
    throw new ServerError('DATABASE_UNREACHABLE', `Database migration ${failed} failed: ${message.split('\n')[0] ?? message}`, {}, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
