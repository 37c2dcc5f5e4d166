/**
 * Named prepared statements for PostgreSQL. Kysely sends every query unnamed, so PostgreSQL parses and
 * plans it on every run — and planning the guard's one-read standing query (ten joins) cost ~2 ms of
 * backend CPU each time, ten times running it. Naming a statement by its SQL lets each connection parse
 * it once and PostgreSQL reuse the plan. Only data statements are named, and only the first
 * `maxNames` distinct texts of the process (each named statement lives on every connection that ran
 * it), so a stream of one-off SQL cannot grow backend memory without bound.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

export const DEFAULT_MAX_NAMED_STATEMENTS = 1000;

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

export interface NamedStatementPool extends PostgresPool {
  /** How many distinct SQL texts have a name (for tests and diagnostics). */
  readonly namedCount: number;
}

/** The name for `sql`, or null when it is not to be named. */
function namer(maxNames: number): { nameOf(sql: string): string | null; readonly count: number } {
  const names = new Map<string, string>();
  return {
    get count() {
      return names.size;
    },
    nameOf(sql) {
      const known = names.get(sql);
      if (known !== undefined) return known;
      if (names.size >= maxNames || !DATA_STATEMENT.test(sql)) return null;
      // A digest of the text: the same SQL gets the same name on every connection.
      const name = `pq_${createHash('sha256').update(sql).digest('base64url').slice(0, 32)}`;
      names.set(sql, name);
      return name;
    },
  };
}

function isCursor<R>(value: unknown): value is PostgresCursor<R> {
  return typeof value === 'object' && value !== null && typeof (value as { read?: unknown }).read === 'function';
}

/** Wraps a pg Pool for Kysely's PostgresDialect so that data statements run as named prepared statements. */
export function namedStatementPool(pool: pg.Pool, maxNames = DEFAULT_MAX_NAMED_STATEMENTS): NamedStatementPool {
  const names = namer(maxNames);
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
    function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
    function query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
      // A cursor (streamed query) goes through as Kysely made it.
      if (isCursor<R>(sqlOrCursor)) return client.query(sqlOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
      const name = names.nameOf(sqlOrCursor);
      const values = [...(parameters ?? [])];
      const config: pg.QueryConfig = name === null ? { text: sqlOrCursor, values } : { name, text: sqlOrCursor, values };
      return client.query(config) as unknown as Promise<PostgresQueryResult<R>>;
    }
    return { query, release: (destroy?: boolean) => client.release(destroy) };
  };
  return {
    get namedCount() {
      return names.count;
    },
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
