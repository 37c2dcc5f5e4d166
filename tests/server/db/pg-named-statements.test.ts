import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, inject } from 'vitest';
import { namedStatementPool, type NamedStatementPool } from '../../../src/server/db/pg-named-statements.js';
import { createDatabase } from '../../support/postgres.js';

interface Db {
  things: { id: number; name: string };
}

describe('named prepared statements on PostgreSQL', () => {
  let drop: () => Promise<void>;
  let raw: pg.Pool;
  let named: NamedStatementPool;
  let db: Kysely<Db>;

  async function open(maxNames?: number): Promise<void> {
    const created = await createDatabase(inject('postgresUrl'));
    drop = created.drop;
    // One connection: what pg_prepared_statements shows is that connection's.
    raw = new pg.Pool({ connectionString: created.url, max: 1 });
    named = namedStatementPool(raw, maxNames);
    db = new Kysely<Db>({ dialect: new PostgresDialect({ pool: named }) });
    await db.schema.createTable('things').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull()).execute();
    await db.insertInto('things').values([{ id: 1, name: 'one' }, { id: 2, name: 'two' }, { id: 3, name: 'three' }]).execute();
  }
  async function preparedStatements(): Promise<string[]> {
    const result = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by statement`.execute(db);
    return result.rows.filter((row) => !row.statement.includes('pg_prepared_statements')).map((row) => row.statement);
  }

  beforeEach(() => {
    drop = async () => undefined;
  });
  afterEach(async () => {
    await db?.destroy();
    await drop();
  });

  it('runs data statements as named statements, once per SQL text, with each run its own values', async () => {
    await open();
    const byId = (id: number) => db.selectFrom('things').select('name').where('id', '=', id).executeTakeFirst();
    expect(await byId(1)).toEqual({ name: 'one' });
    expect(await byId(3)).toEqual({ name: 'three' });
    expect(await byId(9)).toBeUndefined();
    const statements = await preparedStatements();
    expect(statements.filter((text) => text.includes('from "things" where "id" = $1'))).toHaveLength(1);
    // The table was created by DDL, which is never named.
    expect(statements.some((text) => /create table/i.test(text))).toBe(false);
  });

  it('keeps transactions working: begin, commit and rollback pass through', async () => {
    await open();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('things').set({ name: 'changed' }).where('id', '=', 1).execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.selectFrom('things').select('name').where('id', '=', 1).executeTakeFirst()).toEqual({ name: 'one' });
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('things').set({ name: 'uno' }).where('id', '=', 1).execute();
    });
    expect(await db.selectFrom('things').select('name').where('id', '=', 1).executeTakeFirst()).toEqual({ name: 'uno' });
  });

  it('names only the first distinct texts up to its limit; the rest still run, unnamed', async () => {
    await open(2);
    const before = named.namedCount;
    expect(await db.selectFrom('things').select('id').where('name', '=', 'two').execute()).toEqual([{ id: 2 }]);
    expect(await db.selectFrom('things').select('name').orderBy('id').execute()).toHaveLength(3);
    expect(await db.selectFrom('things').select('id').where('id', '>', 1).orderBy('id').execute()).toEqual([{ id: 2 }, { id: 3 }]);
    expect(named.namedCount).toBe(2);
    expect(before).toBeLessThanOrEqual(2);
    expect((await preparedStatements()).length).toBeLessThanOrEqual(2);
  });

  it('reports a failing named statement as the error PostgreSQL gave, and the connection goes on', async () => {
    await open();
    await expect(db.insertInto('things').values({ id: 1, name: 'again' }).execute()).rejects.toThrow(/duplicate key/);
    await expect(db.insertInto('things').values({ id: 1, name: 'again' }).execute()).rejects.toThrow(/duplicate key/);
    expect(await db.selectFrom('things').select('name').where('id', '=', 2).executeTakeFirst()).toEqual({ name: 'two' });
  });
});
