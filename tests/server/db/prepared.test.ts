import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareQuery } from '../../../src/server/db/prepared.js';
import { ServerError } from '../../../src/server/errors.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from '../support/context.js';

describe.each(DATABASE_KINDS)('prepared queries on %s', (kind) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await openTestContext(kind);
    const now = 1;
    await t.ctx.db
      .insertInto('users')
      .values(['a', 'b', 'c'].map((name, i) => ({ id: `u${i}`, email: `${name}@example.com`, name, password_hash: null, totp_secret_sealed: null, totp_enabled_at: null, totp_last_step: null, created_at: now + i, password_changed_at: now, disabled_at: null })))
      .execute();
  });
  afterEach(async () => t.close());

  it('fills named parameters on every run, after compiling once', async () => {
    let builds = 0;
    const byEmail = prepareQuery<{ email: string }, { id: string; name: string }>((db, p) => {
      builds += 1;
      return db.selectFrom('users').select(['id', 'name']).where('email', '=', p.email);
    });
    expect(await byEmail.executeTakeFirst(t.ctx.db, { email: 'b@example.com' })).toEqual({ id: 'u1', name: 'b' });
    expect(await byEmail.executeTakeFirst(t.ctx.db, { email: 'c@example.com' })).toEqual({ id: 'u2', name: 'c' });
    expect(await byEmail.executeTakeFirst(t.ctx.db, { email: 'nobody@example.com' })).toBeUndefined();
    expect(builds).toBe(1);
  });

  it('keeps the constants of the query and the order of mixed parameters', async () => {
    const query = prepareQuery<{ after: number; limit: number }, { name: string }>((db, p) =>
      db.selectFrom('users').select('name').where('created_at', '>', p.after).where('name', '<>', 'c').orderBy('created_at').limit(p.limit),
    );
    expect(await query.execute(t.ctx.db, { after: 0, limit: 5 })).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(await query.execute(t.ctx.db, { after: 1, limit: 1 })).toEqual([{ name: 'b' }]);
  });

  it('compiles a list parameter once per length', async () => {
    let builds = 0;
    const byIds = prepareQuery<{ ids: readonly string[] }, { id: string }>((db, p) => {
      builds += 1;
      return db.selectFrom('users').select('id').where('id', 'in', p.ids).orderBy('id');
    });
    expect(await byIds.execute(t.ctx.db, { ids: ['u0', 'u2'] })).toEqual([{ id: 'u0' }, { id: 'u2' }]);
    expect(await byIds.execute(t.ctx.db, { ids: ['u1', 'u9'] })).toEqual([{ id: 'u1' }]);
    expect(await byIds.execute(t.ctx.db, { ids: ['u0', 'u1', 'u2'] })).toHaveLength(3);
    expect(builds).toBe(2);
  });

  it('runs inside a transaction with the same compiled query, and writes report affected rows', async () => {
    const rename = prepareQuery<{ id: string; name: string }, never>((db, p) => db.updateTable('users').set({ name: p.name }).where('id', '=', p.id));
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        expect(Number((await rename.run(trx, { id: 'u0', name: 'renamed' })).numAffectedRows)).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const row = await t.ctx.db.selectFrom('users').select('name').where('id', '=', 'u0').executeTakeFirstOrThrow();
    expect(row.name).toBe('a');
    expect(Number((await rename.run(t.ctx.db, { id: 'u1', name: 'bee' })).numAffectedRows)).toBe(1);
    expect(Number((await rename.run(t.ctx.db, { id: 'nobody', name: 'x' })).numAffectedRows)).toBe(0);
  });

  it('refuses a slot used as anything but a whole value', async () => {
    const concatenated = prepareQuery<{ name: string }, { id: string }>((db, p) => db.selectFrom('users').select('id').where('name', '=', `${p.name}!`));
    await expect(concatenated.execute(t.ctx.db, { name: 'a' })).rejects.toThrow(ServerError);
    const inlined = prepareQuery<{ name: string }, { id: string }>((db, p) => db.selectFrom('users').select('id').where('name', '=', sql.lit(p.name)));
    await expect(inlined.execute(t.ctx.db, { name: 'a' })).rejects.toThrow(/written into the SQL text/);
  });

  it('refuses a run without a value the query needs', async () => {
    const byEmail = prepareQuery<{ email: string }, { id: string }>((db, p) => db.selectFrom('users').select('id').where('email', '=', p.email));
    await expect(byEmail.execute(t.ctx.db, {} as { email: string })).rejects.toThrow(/no value for parameter email/);
  });
});
