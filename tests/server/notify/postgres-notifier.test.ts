/**
 * Two PostgreSQL notifiers on one database, as two server processes would have: changes cross between
 * them through LISTEN/NOTIFY, stray payloads are ignored, a killed listening connection comes back and
 * catches up, and close() releases every connection.
 */
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NOTIFIER_APPLICATION_NAME, postgresNotifier, SYNC_CHANGES_CHANNEL, type ChangeNotifier, type WorkspaceChange } from '../../../src/server/notify/index.js';
import type { Database } from '../../../src/server/db/index.js';
import { ServerError } from '../../../src/server/errors.js';
import { writeChangeSeq } from '../../../src/server/services/elements/records.js';
import { createDatabase, type TestDatabase } from '../../support/postgres.js';
import { waitUntil } from './wait.js';

const B_NAME = 'postern-notify-b';

/** Every change a listener heard, in order. */
function recorder(): { readonly heard: WorkspaceChange[]; readonly listener: (change: WorkspaceChange) => void } {
  const heard: WorkspaceChange[] = [];
  return { heard, listener: (change) => heard.push(change) };
}

const has = (heard: readonly WorkspaceChange[], workspaceId: string, seq: number): boolean => heard.some((c) => c.workspaceId === workspaceId && c.seq === seq);
const newWorkspaceId = (): string => `ws_${randomBytes(6).toString('hex')}`;

describe('postgresNotifier: two processes on one database', () => {
  let database: TestDatabase;
  let admin: pg.Client;
  let a: ChangeNotifier;
  let b: ChangeNotifier;
  const logA: string[] = [];
  const logB: string[] = [];

  const sessions = async (applicationName: string): Promise<number[]> => {
    const result = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and application_name = $1', [applicationName]);
    return result.rows.map((row) => row.pid);
  };

  beforeAll(async () => {
    database = await createDatabase(inject('postgresUrl'));
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    // The column the catch-up after a reconnect reads (the real table has more; the notifier reads only these).
    await admin.query('create table workspaces (id text primary key, change_seq bigint not null default 0)');
    a = await postgresNotifier(database.url, { log: (line) => logA.push(line), reconnectDelayMs: () => 50 });
    b = await postgresNotifier(database.url, { log: (line) => logB.push(line), reconnectDelayMs: () => 50, applicationName: B_NAME });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await admin?.end();
    await database?.drop();
  });

  it('delivers a publish on one process to the subscribers of that workspace on both, and no others', async () => {
    const [first, second] = [newWorkspaceId(), newWorkspaceId()];
    const onA = recorder();
    const onB = recorder();
    const otherOnA = recorder();
    const otherOnB = recorder();
    a.subscribe(first, onA.listener);
    b.subscribe(first, onB.listener);
    a.subscribe(second, otherOnA.listener);
    b.subscribe(second, otherOnB.listener);

    await a.publish({ workspaceId: first, seq: 3 });
    await waitUntil(() => has(onA.heard, first, 3) && has(onB.heard, first, 3), 'change 3 on both processes');
    await b.publish({ workspaceId: second, seq: 9 });
    await waitUntil(() => has(otherOnA.heard, second, 9) && has(otherOnB.heard, second, 9), 'change 9 on both processes');

    // Notices arrive in order on each connection: by now every stray delivery would have happened.
    expect(onA.heard).toEqual([{ workspaceId: first, seq: 3 }]);
    expect(onB.heard).toEqual([{ workspaceId: first, seq: 3 }]);
    expect(otherOnA.heard).toEqual([{ workspaceId: second, seq: 9 }]);
    expect(otherOnB.heard).toEqual([{ workspaceId: second, seq: 9 }]);
  });

  it('hears a change announced inside a push transaction when it commits, and never one that rolls back', async () => {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }) });
    try {
      const workspaceId = newWorkspaceId();
      await admin.query('insert into workspaces (id) values ($1)', [workspaceId]);
      const onB = recorder();
      b.subscribe(workspaceId, onB.listener);
      const channel = a.inTransaction?.channel ?? null;
      expect(channel).toBe(SYNC_CHANGES_CHANNEL);
      await expect(
        db.transaction().execute(async (trx) => {
          await writeChangeSeq(trx, workspaceId, 1, channel);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await db.transaction().execute((trx) => writeChangeSeq(trx, workspaceId, 2, channel));
      await waitUntil(() => has(onB.heard, workspaceId, 2), 'change 2 on the other process');
      // Notices arrive in order: the rolled-back 1 would have come first.
      expect(onB.heard).toEqual([{ workspaceId, seq: 2 }]);
      const stored = await admin.query<{ change_seq: string }>('select change_seq from workspaces where id = $1', [workspaceId]);
      expect(Number(stored.rows[0]?.change_seq)).toBe(2);
    } finally {
      await db.destroy();
    }
  });

  it('stops delivering to a listener once it unsubscribes', async () => {
    const workspaceId = newWorkspaceId();
    const gone = recorder();
    const staying = recorder();
    const unsubscribe = b.subscribe(workspaceId, gone.listener);
    b.subscribe(workspaceId, staying.listener);

    await a.publish({ workspaceId, seq: 1 });
    await waitUntil(() => has(gone.heard, workspaceId, 1) && has(staying.heard, workspaceId, 1), 'change 1');
    unsubscribe();
    unsubscribe();
    await a.publish({ workspaceId, seq: 2 });
    await waitUntil(() => has(staying.heard, workspaceId, 2), 'change 2');

    expect(gone.heard.map((c) => c.seq)).toEqual([1]);
    expect(staying.heard.map((c) => c.seq)).toEqual([1, 2]);
  });

  it('ignores payloads on the channel that are not changes, and keeps delivering', async () => {
    const workspaceId = newWorkspaceId();
    const onA = recorder();
    const onB = recorder();
    a.subscribe(workspaceId, onA.listener);
    b.subscribe(workspaceId, onB.listener);
    const stray = [
      '',
      'not json',
      '[1,2]',
      'null',
      '42',
      JSON.stringify({ w: 7, s: 1 }),
      JSON.stringify({ w: workspaceId }),
      JSON.stringify({ w: workspaceId, s: -4 }),
      JSON.stringify({ w: workspaceId, s: 1.5 }),
      JSON.stringify({ w: workspaceId, s: '6' }),
      JSON.stringify({ w: '', s: 6 }),
      JSON.stringify({ w: workspaceId, s: 2 ** 60 }),
    ];
    for (const payload of stray) await admin.query('select pg_notify($1, $2)', [SYNC_CHANGES_CHANNEL, payload]);
    await admin.query(`NOTIFY ${SYNC_CHANGES_CHANNEL}`);
    await admin.query(`NOTIFY ${SYNC_CHANGES_CHANNEL}, '${JSON.stringify({ w: workspaceId, s: 5 })}'`);
    // A change on another channel is not ours either.
    await admin.query('select pg_notify($1, $2)', ['some_other_channel', JSON.stringify({ w: workspaceId, s: 4 })]);
    await a.publish({ workspaceId, seq: 6 });

    await waitUntil(() => has(onA.heard, workspaceId, 6) && has(onB.heard, workspaceId, 6), 'change 6');
    expect(onA.heard.map((c) => c.seq)).toEqual([5, 6]);
    expect(onB.heard.map((c) => c.seq)).toEqual([5, 6]);
  });

  it('publishes nothing for a malformed change and never throws for it', async () => {
    const workspaceId = newWorkspaceId();
    const onB = recorder();
    b.subscribe(workspaceId, onB.listener);
    await expect(a.publish({ workspaceId, seq: -1 })).resolves.toBeUndefined();
    await expect(a.publish({ workspaceId: '', seq: 1 })).resolves.toBeUndefined();
    await a.publish({ workspaceId, seq: 2 });
    await waitUntil(() => has(onB.heard, workspaceId, 2), 'change 2');
    expect(onB.heard.map((c) => c.seq)).toEqual([2]);
    expect(logA.join('\n')).toMatch(/not publishing a malformed change/);
  });

  it('reconnects after its listening connection is killed, catches up on the current sequence, and hears later changes', async () => {
    const workspaceId = newWorkspaceId();
    await admin.query('insert into workspaces (id, change_seq) values ($1, 41)', [workspaceId]);
    const onA = recorder();
    const onB = recorder();
    a.subscribe(workspaceId, onA.listener);
    b.subscribe(workspaceId, onB.listener);
    const before = [...(await sessions(NOTIFIER_APPLICATION_NAME)), ...(await sessions(B_NAME))];
    expect(before).toHaveLength(2);

    const killed = await admin.query<{ pg_terminate_backend: boolean }>('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = any($1::text[])', [[NOTIFIER_APPLICATION_NAME, B_NAME]]);
    expect(killed.rows.map((row) => row.pg_terminate_backend)).toEqual([true, true]);
    // A change committed while the listeners are gone: the catch-up must bring it.
    await admin.query('update workspaces set change_seq = 42 where id = $1', [workspaceId]);

    await waitUntil(() => has(onA.heard, workspaceId, 42) && has(onB.heard, workspaceId, 42), 'the catch-up delivery of seq 42 after reconnecting');
    const after = [...(await sessions(NOTIFIER_APPLICATION_NAME)), ...(await sessions(B_NAME))];
    expect(after).toHaveLength(2);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    expect(logA.join('\n')).toMatch(/lost the PostgreSQL LISTEN connection/);
    expect(logB.join('\n')).toMatch(/listening again/);

    await b.publish({ workspaceId, seq: 43 });
    await waitUntil(() => has(onA.heard, workspaceId, 43) && has(onB.heard, workspaceId, 43), 'change 43 after reconnecting');
    expect(onA.heard.map((c) => c.seq)).toEqual([42, 43]);
    expect(onB.heard.map((c) => c.seq)).toEqual([42, 43]);
  });

  it('close() stops delivery and releases its connections; publish and subscribe after it do nothing', async () => {
    const c = await postgresNotifier(database.url, { applicationName: 'postern-notify-c' });
    const workspaceId = newWorkspaceId();
    const onC = recorder();
    const onA = recorder();
    c.subscribe(workspaceId, onC.listener);
    a.subscribe(workspaceId, onA.listener);
    await c.publish({ workspaceId, seq: 1 });
    await waitUntil(() => has(onC.heard, workspaceId, 1) && has(onA.heard, workspaceId, 1), 'change 1');
    const open = await admin.query<{ count: string }>("select count(*) from pg_stat_activity where datname = current_database() and application_name like 'postern-notify-c%'");
    expect(Number(open.rows[0]?.count)).toBeGreaterThanOrEqual(2);

    await c.close();
    await c.close();
    await waitUntil(async () => {
      const left = await admin.query<{ count: string }>("select count(*) from pg_stat_activity where datname = current_database() and application_name like 'postern-notify-c%'");
      return Number(left.rows[0]?.count) === 0;
    }, 'the closed notifier to leave pg_stat_activity');

    const late = recorder();
    c.subscribe(workspaceId, late.listener)();
    await expect(c.publish({ workspaceId, seq: 99 })).resolves.toBeUndefined();
    await a.publish({ workspaceId, seq: 2 });
    await waitUntil(() => has(onA.heard, workspaceId, 2), 'change 2 on the open notifier');
    expect(onA.heard.map((x) => x.seq)).toEqual([1, 2]);
    expect(onC.heard.map((x) => x.seq)).toEqual([1]);
    expect(late.heard).toEqual([]);
  });
});

describe('postgresNotifier: an unreachable or vanished database', () => {
  it('refuses to start with one clear line that hides the password', async () => {
    const url = new URL(inject('postgresUrl'));
    url.password = 'definitely-wrong-password';
    const error = await postgresNotifier(url.toString()).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).code).toBe('DATABASE_UNREACHABLE');
    expect((error as ServerError).message).toMatch(/^Cannot LISTEN for sync changes on PostgreSQL at postgres:\/\/postern:\*\*\*@/);
    expect((error as ServerError).message).not.toContain('definitely-wrong-password');
  });

  it('keeps publish from throwing and keeps retrying while the database is gone; close() stops the retries', async () => {
    const database = await createDatabase(inject('postgresUrl'));
    const lines: string[] = [];
    const attempts: number[] = [];
    const notifier = await postgresNotifier(database.url, {
      log: (line) => lines.push(line),
      reconnectDelayMs: (attempt) => {
        attempts.push(attempt);
        return 20;
      },
    });
    try {
      await database.drop();
      await waitUntil(() => attempts.length >= 3, 'three reconnect attempts');
      expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);
      await expect(notifier.publish({ workspaceId: 'ws_gone', seq: 1 })).resolves.toBeUndefined();
      expect(lines.join('\n')).toMatch(/could not publish change 1 of workspace ws_gone/);
      expect(lines.join('\n')).toMatch(/reconnect attempt \d+ to postgres:\/\/postern:\*\*\*@.* failed/);
    } finally {
      await notifier.close();
    }
    const count = attempts.length;
    // Give a stray timer every chance to fire: none may (a condition that must stay false, not a timing assertion).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(attempts.length).toBe(count);
  });
});
