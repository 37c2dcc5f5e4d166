/**
 * Opens the server's database: SQLite (one file, zero setup) by default, PostgreSQL when a
 * `postgres://` URL is given. Both come back as the same `Kysely<Database>`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { ServerError } from '../errors.js';
import type { Database } from './schema.js';
import { namedStatementPool } from './pg-named-statements.js';
import { attachCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';
import { cachedStatements } from './sqlite-statements.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface ServerDatabase {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** Where it is, with any password removed: safe to print. */
  readonly location: string;
  close(): Promise<void>;
}

export interface DatabaseTarget {
  /** A `postgres://` or `postgresql://` URL; wins over `sqliteFile`. */
  readonly url?: string;
  readonly sqliteFile?: string;
  /** PostgreSQL pool size per process. */
  readonly poolSize?: number;
}

const PG_INT8 = 20;
/** How long an idle PostgreSQL connection is kept: a new backend starts cold, so minutes rather than pg's 10 s. */
export const POOL_IDLE_TIMEOUT_MS = 5 * 60_000;
const PG_NUMERIC = 1700;

export async function openDatabase(target: DatabaseTarget): Promise<ServerDatabase> {
  if (target.url !== undefined && target.url !== '') return openPostgres(target.url, target.poolSize ?? 20);
  if (target.sqliteFile === undefined) throw new ServerError('CONFIG_INVALID', 'No database: give DATABASE_URL or a data directory');
  return openSqlite(target.sqliteFile);
}

function openSqlite(file: string): ServerDatabase {
  let handle: BetterSqlite3.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    handle = new BetterSqlite3(file);
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new ServerError('DATABASE_UNREACHABLE', `Cannot open the SQLite database ${file}: ${reason(error)}`, {}, { cause: error });
  }
  // Checkpoints off the event loop: an automatic one stalls the commit that triggers it by ~25 ms.
  const checkpointer: Checkpointer | null = file === ':memory:' || file === '' ? null : attachCheckpointer(handle, file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(handle) }) });
  const close = async (): Promise<void> => {
    await checkpointer?.close();
    await db.destroy();
  };
  return { db, kind: 'sqlite', location: file, close };
}

async function openPostgres(url: string, poolSize: number): Promise<ServerDatabase> {
  const location = redactUrl(url);
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new ServerError('CONFIG_INVALID', `DATABASE_URL must start with postgres:// (got ${location})`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 10_000,
    // A bursty load would otherwise keep closing and reopening backends (catalog caches, statements, plans lost).
    idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
    // Times and counts are bigint: read them as numbers (all fit in 2^53).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8 || oid === PG_NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new ServerError('DATABASE_UNREACHABLE', `Cannot reach PostgreSQL at ${location}: ${reason(error)}`, {}, { cause: error });
  }
  // Named statements: PostgreSQL plans each distinct query once per connection instead of on every run.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namedStatementPool(pool) }) });
  return { db, kind: 'postgres', location, close: () => db.destroy() };
}

/** Checks the database answers (readiness). */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = error.message !== '' ? error.message : String(code ?? 'unknown error');
    return text.split('\n')[0] ?? text;
  }
  return String(error);
}
