import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, createAuditService, PRUNE_JOB } from '../../../src/server/services/audit/index.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from '../support/context.js';
import { insertTeam, teamEvent } from './support.js';

const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('audit retention on %s', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await openTestContext(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  async function seqsOf(chain: string): Promise<number[]> {
    const rows = await t.ctx.db.selectFrom('audit_entries').select('seq').where('chain', '=', chain).orderBy('seq').execute();
    return rows.map((r) => r.seq);
  }

  it('prunes only entries past the plan\'s retention, keeps the chain verifiable, and records the run', async () => {
    const audit = createAuditService(t.ctx);
    const start = t.clock();
    const professional = await insertTeam(t.ctx.db, 'professional', start);
    const enterprise = await insertTeam(t.ctx.db, 'enterprise', start);
    // Entries 100 days, 95 days, 60 days and 1 day old when the job runs.
    for (const ageDays of [100, 95, 60, 1]) {
      t.clock.set(start + (100 - ageDays) * DAY);
      await appendAudit(t.ctx, teamEvent(professional, 'user.login'));
      await appendAudit(t.ctx, teamEvent(enterprise, 'user.login'));
    }
    t.clock.set(start + 100 * DAY);
    const runAt = t.clock();

    const report = await audit.pruneExpired();

    // Professional keeps 90 days: the two oldest go, then the job's own entry is appended.
    expect(await seqsOf(professional)).toEqual([3, 4, 5]);
    const prunedEntry = await t.ctx.db.selectFrom('audit_entries').selectAll().where('chain', '=', professional).where('seq', '=', 5).executeTakeFirstOrThrow();
    expect(prunedEntry.action).toBe('audit.pruned');
    expect(JSON.parse(prunedEntry.details)).toEqual({ count: 2, before: runAt - 90 * DAY, throughSeq: 2 });
    // Enterprise keeps 180 days: nothing goes, and no entry is added.
    expect(await seqsOf(enterprise)).toEqual([1, 2, 3, 4]);

    const head = await t.ctx.db.selectFrom('audit_chains').selectAll().where('chain', '=', professional).executeTakeFirstOrThrow();
    expect(head.anchor_seq).toBe(2);
    for (const chain of [professional, enterprise]) {
      const [result] = await audit.verify(chain);
      expect(result?.report.ok).toBe(true);
    }
    expect((await audit.verify(professional))[0]?.report).toEqual({ ok: true, checked: 3, lastSeq: 5 });
    expect(report.pruned).toContainEqual({ chain: professional, deleted: 2, before: runAt - 90 * DAY });
    expect(report.pruned.some((r) => r.chain === enterprise)).toBe(false);

    const run = await t.ctx.db.selectFrom('job_runs').selectAll().where('id', '=', report.jobId).executeTakeFirstOrThrow();
    expect(run.job).toBe(PRUNE_JOB);
    expect(run.started_at).toBe(runAt);
    expect(run.finished_at).toBe(runAt);
    expect(JSON.parse(run.details)).toMatchObject({ deleted: report.deleted, pruned: expect.arrayContaining([{ chain: professional, deleted: 2, before: runAt - 90 * DAY }]) });

    // A second run the same day finds nothing more to delete, and the chain still verifies.
    const again = await audit.pruneExpired();
    expect(again.pruned.some((r) => r.chain === professional)).toBe(false);
    expect((await audit.verify(professional))[0]?.report.ok).toBe(true);

    // After pruning, a deleted tail is still detected.
    await t.ctx.db.deleteFrom('audit_entries').where('chain', '=', professional).where('seq', '=', 5).execute();
    expect((await audit.verify(professional))[0]?.report).toMatchObject({ ok: false, problem: 'truncated' });
  });

  it('can prune every entry of a chain and go on appending after the anchor', async () => {
    const audit = createAuditService(t.ctx);
    const team = await insertTeam(t.ctx.db, 'basic', t.clock());
    await appendAudit(t.ctx, teamEvent(team));
    await appendAudit(t.ctx, teamEvent(team));
    t.clock.advance(91 * DAY);
    await audit.pruneExpired();
    expect(await seqsOf(team)).toEqual([3]);
    await appendAudit(t.ctx, teamEvent(team));
    expect((await audit.verify(team))[0]?.report).toEqual({ ok: true, checked: 2, lastSeq: 4 });
  });
});
