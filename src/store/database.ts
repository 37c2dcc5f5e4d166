import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { PosternError, isPosternError } from '../model/index.js';
import { migrate } from './migrations.js';

function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * A database failure as a PosternError that says what was being done and which file; PosternErrors pass
 * through unchanged. SQLite's own message is kept short and the original error is the cause.
 */
export function storeFailure(error: unknown, what: string, file: string): PosternError {
  if (isPosternError(error)) return error;
  const code = sqliteCode(error) ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new PosternError('STORE_CORRUPT', `${what}: the file is not a Postern database or is damaged (${detail})`, { file }, { cause: error });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new PosternError('STORE_FAILURE', `${what}: the database is locked by another process`, { file }, { cause: error });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM')) {
    return new PosternError('FILE_UNWRITABLE', `${what}: the database file cannot be opened for writing (${detail})`, { file }, { cause: error });
  }
  return new PosternError('STORE_FAILURE', `${what} failed: ${detail}`, { file }, { cause: error });
}

/** Open (or create) the file, check it is SQLite, set the pragmas and run migrations. */
export function openDatabase(file: string, busyTimeoutMs: number, fullCheck: boolean): Database.Database {
  if (file !== ':memory:' && !existsSync(dirname(file))) {
    throw new PosternError('FILE_UNWRITABLE', `cannot create the database: the folder ${dirname(file)} does not exist`, { file });
  }
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw storeFailure(error, 'opening the database', file);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // The first statement that reads the header: a file that is not SQLite fails here.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (file !== ':memory:' && mode !== 'wal') {
      throw new PosternError('STORE_FAILURE', `the database could not be switched to WAL mode (it is in ${String(mode)} mode)`, { file });
    }
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // A full check reads every page: worth it after a crash report, too slow for every start.
    const check = fullCheck ? db.pragma('quick_check', { simple: true }) : 'ok';
    if (check !== 'ok') {
      throw new PosternError('STORE_CORRUPT', `the database is damaged: ${String(check)}`, { file });
    }
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw storeFailure(error, 'opening the database', file);
  }
}
