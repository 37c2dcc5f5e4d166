/**
 * Finds the master key the settings point at. A configured key (a file, or POSTERN_MASTER_KEY) must be
 * there and valid: it is never generated in its place. With nothing configured, `<data dir>/master.key`
 * is used, and created (0600, 64 hex characters) on the first start — but only for SQLite and only
 * while the database holds no data keys, so a lost key file is reported, not silently replaced, and
 * processes sharing a PostgreSQL database cannot each invent their own key.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { ServerSettings } from './config.js';
import { generateMasterKeyHex, loadMasterKey, type MasterKey } from './crypto/index.js';
import type { Database } from './db/index.js';
import { ServerError } from './errors.js';

export interface MasterKeyOptions {
  readonly log: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** false: never create the data-dir key file (tools that only read, such as audit verify). */
  readonly create?: boolean;
}

export async function resolveMasterKey(settings: ServerSettings, db: Kysely<Database>, options: MasterKeyOptions): Promise<MasterKey> {
  const setting = settings.masterKey;
  switch (setting.kind) {
    case 'file':
      return withSource(() => loadMasterKey({ file: setting.path }), setting.source);
    case 'env':
      return loadMasterKey({ env: setting.variable }, options.env);
    case 'data-dir': {
      const existing = tryLoad(setting.path);
      if (existing !== undefined) return existing;
      if (settings.databaseUrl !== null) {
        throw new ServerError(
          'MASTER_KEY_MISSING',
          `No master key: with DATABASE_URL every server process must be given the same key, in POSTERN_MASTER_KEY_FILE or POSTERN_MASTER_KEY ('postern server master-key generate' makes one)`,
        );
      }
      if (options.create === false) {
        throw new ServerError('MASTER_KEY_MISSING', `No master key: ${setting.path} does not exist and none is configured`);
      }
      const wrapped = await db.selectFrom('data_keys').select('master_key_id').limit(1).executeTakeFirst();
      if (wrapped !== undefined) {
        throw new ServerError(
          'MASTER_KEY_MISSING',
          `The master key file ${setting.path} is missing, but the database holds data keys sealed by master key ${wrapped.master_key_id}: restore that file`,
        );
      }
      return createKeyFile(setting.path, options.log);
    }
  }
}

/** The key in `path`, undefined when there is no such file; an unreadable or invalid file is an error. */
function tryLoad(path: string): MasterKey | undefined {
  try {
    return loadMasterKey({ file: path });
  } catch (error) {
    if (error instanceof ServerError && error.code === 'MASTER_KEY_MISSING' && error.message.includes('(ENOENT)')) return undefined;
    throw error;
  }
}

function createKeyFile(path: string, log: (line: string) => void): MasterKey {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // 'wx': when another process created it a moment ago, use theirs.
    writeFileSync(path, `${generateMasterKeyHex()}\n`, { mode: 0o600, flag: 'wx' });
    log(`Created the master key ${path}: back it up; without it the secrets in the database cannot be opened`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      throw new ServerError('MASTER_KEY_MISSING', `Cannot create the master key file ${path} (${reason})`, {}, { cause: error });
    }
  }
  return loadMasterKey({ file: path });
}

function withSource(load: () => MasterKey, source: string): MasterKey {
  try {
    return load();
  } catch (error) {
    if (error instanceof ServerError) throw new ServerError(error.code, `${source}: ${error.message}`, error.extra, { cause: error });
    throw error;
  }
}
