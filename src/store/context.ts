import type Database from 'better-sqlite3';
import { PosternError } from '../model/index.js';
import { storeFailure } from './database.js';
import type { SecretSealer } from './sealer.js';

/** What every part of the store shares: the connection, the file it names in errors, the sealer. */
export interface StoreContext {
  readonly db: Database.Database;
  readonly file: string;
  readonly sealer: SecretSealer | undefined;
}

/**
 * Run `work` in one IMMEDIATE transaction: all of it is written or none of it. Any failure becomes a
 * PosternError naming `what` and the file. Nested calls join the outer transaction.
 */
export function writeAll<T>(ctx: StoreContext, what: string, work: () => T): T {
  try {
    if (ctx.db.inTransaction) return work();
    return ctx.db.transaction(work).immediate();
  } catch (error) {
    throw storeFailure(error, what, ctx.file);
  }
}

/** A read, with failures named like writes. */
export function readAll<T>(ctx: StoreContext, what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw storeFailure(error, what, ctx.file);
  }
}

export function notFound(what: string, id: string, file: string): PosternError {
  return new PosternError('STORE_NOT_FOUND', `no ${what} with id "${id}"`, { file, path: id });
}
