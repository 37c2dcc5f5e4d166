import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../src/server/audit/index.js';
import { openDatabase, type ServerDatabase } from '../../../src/server/db/index.js';
import { appendAudit, createAuditService, loadOrCreateAuditKey, AUDIT_KEY_NAME } from '../../../src/server/services/audit/index.js';
import type { ServerContext } from '../../../src/server/context.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from '../support/context.js';
import { insertTeam, teamEvent } from './support.js';

describe.each(DATABASE_KINDS)('audit chain on %s', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await openTestContext(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  async function chainRows(chain: string) {
    return t.ctx.db.selectFrom('audit_entries').selectAll().where('chain', '=', chain).orderBy('seq').execute();
  }

  it('appends entries that form a valid chain, one chain per team', async () => {
    const teamA = await insertTeam(t.ctx.db, 'professional', t.clock());
    const teamB = await insertTeam(t.ctx.db, 'professional', t.clock());
    for (let i = 0; i < 5; i += 1) {
      await appendAudit(t.ctx, teamEvent(teamA, 'team.role_grant', 'usr_a', { role: 'developer', password: 'never stored' }));
      await appendAudit(t.ctx, teamEvent(teamB));
      t.clock.advance(1000);
    }
    await appendAudit(t.ctx, teamEvent(null, 'user.signup'));
    const rows = await chainRows(teamA);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(JSON.parse(rows[0]?.details ?? '')).toEqual({ role: 'developer' });
    expect(rows[0]?.ip).toBe('192.0.2.7');
    const head = await t.ctx.db.selectFrom('audit_chains').selectAll().where('chain', '=', teamA).executeTakeFirstOrThrow();
    expect(head.head_seq).toBe(5);
    expect(head.head_hash).toBe(rows[4]?.hash);

    const reports = await createAuditService(t.ctx).verify();
    const chains = reports.map((r) => r.chain);
    expect(chains).toEqual(expect.arrayContaining([teamA, teamB, 'system']));
    for (const r of reports) expect(r.report).toMatchObject({ ok: true });
    expect(reports.find((r) => r.chain === teamA)?.report).toEqual({ ok: true, checked: 5, lastSeq: 5 });
  });

  it('commits the entry with the caller\'s transaction, or not at all', async () => {
    const team = await insertTeam(t.ctx.db, 'professional', t.clock());
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await appendAudit(t.ctx, teamEvent(team), trx);
        throw new Error('the audited change failed');
      }),
    ).rejects.toThrow('the audited change failed');
    expect(await chainRows(team)).toHaveLength(0);
    await t.ctx.db.transaction().execute(async (trx) => {
      await appendAudit(t.ctx, teamEvent(team), trx);
      await appendAudit(t.ctx, teamEvent(team), trx);
    });
    expect((await chainRows(team)).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('keeps a chain\'s times from going backwards', async () => {
    const team = await insertTeam(t.ctx.db, 'professional', t.clock());
    await appendAudit(t.ctx, teamEvent(team));
    const first = t.clock();
    t.clock.set(first - 5000);
    await appendAudit(t.ctx, teamEvent(team));
    t.clock.set(first + 1000);
    const rows = await chainRows(team);
    expect(rows.map((r) => r.at)).toEqual([first, first]);
  });

  it('leaves a valid, gap-free chain after 200 concurrent appends from two pools', async () => {
    const team = await insertTeam(t.ctx.db, 'enterprise', t.clock());
    let second: ServerDatabase | null = null;
    let other: ServerContext = t.ctx;
    if (kind === 'postgres') {
      // A second pool on the same database stands in for a second server process.
      second = await openDatabase({ url: t.location, poolSize: 10 });
      other = { ...t.ctx, db: second.db };
    }
    try {
      await Promise.all(Array.from({ length: 200 }, (_, i) => appendAudit(i % 2 === 0 ? t.ctx : other, teamEvent(team, 'user.login', `usr_${i}`))));
    } finally {
      await second?.close();
    }
    const rows = await chainRows(team);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.actor_id)).size).toBe(200);
    const [result] = await createAuditService(t.ctx).verify(team);
    expect(result?.report).toEqual({ ok: true, checked: 200, lastSeq: 200 });
  });

  describe('detects tampering in the raw database', () => {
    async function chainOfFive(): Promise<string> {
      const team = await insertTeam(t.ctx.db, 'professional', t.clock());
      for (let i = 0; i < 5; i += 1) await appendAudit(t.ctx, teamEvent(team, 'team.role_grant', `usr_${i}`));
      const [before] = await createAuditService(t.ctx).verify(team);
      expect(before?.report.ok).toBe(true);
      return team;
    }

    it('an edited row', async () => {
      const team = await chainOfFive();
      await t.ctx.db.updateTable('audit_entries').set({ actor_email: 'someone-else@example.com' }).where('chain', '=', team).where('seq', '=', 3).execute();
      const [result] = await createAuditService(t.ctx).verify(team);
      expect(result?.report).toMatchObject({ ok: false, brokenAtSeq: 3, problem: 'hash_mismatch' });
    });

    it('an edited action name', async () => {
      const team = await chainOfFive();
      await t.ctx.db.updateTable('audit_entries').set({ action: 'made.up' }).where('chain', '=', team).where('seq', '=', 2).execute();
      const [result] = await createAuditService(t.ctx).verify(team);
      expect(result?.report).toMatchObject({ ok: false, brokenAtSeq: 2, problem: 'hash_mismatch' });
    });

    it('a deleted middle row', async () => {
      const team = await chainOfFive();
      await t.ctx.db.deleteFrom('audit_entries').where('chain', '=', team).where('seq', '=', 3).execute();
      const [result] = await createAuditService(t.ctx).verify(team);
      expect(result?.report).toMatchObject({ ok: false, brokenAtSeq: 3, problem: 'gap' });
    });

    it('a deleted last row', async () => {
      const team = await chainOfFive();
      await t.ctx.db.deleteFrom('audit_entries').where('chain', '=', team).where('seq', '=', 5).execute();
      const [result] = await createAuditService(t.ctx).verify(team);
      expect(result?.report).toMatchObject({ ok: false, brokenAtSeq: 5, problem: 'truncated' });
    });

    it('a deleted head record', async () => {
      const team = await chainOfFive();
      await t.ctx.db.deleteFrom('audit_chains').where('chain', '=', team).execute();
      const reports = await createAuditService(t.ctx).verify();
      expect(reports.find((r) => r.chain === team)?.report).toMatchObject({ ok: false, problem: 'truncated' });
    });
  });

  it('creates the audit key once: concurrent first starts converge on one key', async () => {
    await t.ctx.db.deleteFrom('server_secrets').where('name', '=', AUDIT_KEY_NAME).execute();
    const keys = await Promise.all(Array.from({ length: 5 }, () => loadOrCreateAuditKey(t.ctx.db, t.ctx.keyRing, t.clock())));
    expect(keys[0]).toHaveLength(32);
    for (const key of keys) expect(key.equals(keys[0] as Buffer)).toBe(true);
    const again = await loadOrCreateAuditKey(t.ctx.db, t.ctx.keyRing);
    expect(again.equals(keys[0] as Buffer)).toBe(true);
    const row = await t.ctx.db.selectFrom('server_secrets').selectAll().where('name', '=', AUDIT_KEY_NAME).executeTakeFirstOrThrow();
    // Stored sealed, never as the raw key.
    expect(row.sealed).not.toContain(again.toString('hex'));
    expect(row.sealed).not.toContain(again.toString('base64'));
    expect(row.created_at).toBe(t.clock());
  });
});
