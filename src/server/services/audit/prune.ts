/**
 * The retention job: per chain, deletes the entries older than the team plan's retention, records the
 * last deleted entry as the chain's anchor (so verification still starts from a known hash), appends an
 * `audit.pruned` entry, and records the run in `job_runs`. Each chain is pruned in one transaction that
 * holds the chain's head lock, so appends wait and other processes' runs cannot interleave.
 */
import type { Kysely } from 'kysely';
import { auditRetentionDays, isPlan, PLANS } from '../../authz/index.js';
import { canonicalJson, SYSTEM_CHAIN } from '../../audit/index.js';
import type { ServerContext } from '../../context.js';
import { newId, type Database } from '../../db/index.js';
import { appendAudit, lockChainHead } from './append.js';

export const PRUNE_JOB = 'audit.prune';
const DAY_MS = 86_400_000;

/**
 * The system chain and chains of deleted teams have no plan: they keep entries as long as the longest
 * plan does, since nothing says their history matters less.
 */
const PLANLESS_RETENTION_DAYS = Math.max(...PLANS.map(auditRetentionDays));

export interface ChainPruneResult {
  readonly chain: string;
  readonly deleted: number;
  /** Entries before this time (ms) were deleted. */
  readonly before: number;
}

export interface PruneReport {
  readonly jobId: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly chains: number;
  readonly deleted: number;
  /** Only the chains that lost entries. */
  readonly pruned: readonly ChainPruneResult[];
}

export async function pruneExpiredEntries(ctx: ServerContext): Promise<PruneReport> {
  const jobId = newId('job');
  const startedAt = ctx.clock();
  await ctx.db.insertInto('job_runs').values({ id: jobId, job: PRUNE_JOB, started_at: startedAt, finished_at: null, details: '{}' }).execute();
  try {
    const chains = await chainsWithRetention(ctx.db);
    const pruned: ChainPruneResult[] = [];
    for (const { chain, teamId, days } of chains) {
      const result = await pruneChain(ctx, chain, teamId, ctx.clock() - days * DAY_MS);
      if (result.deleted > 0) pruned.push(result);
    }
    const deleted = pruned.reduce((sum, r) => sum + r.deleted, 0);
    const finishedAt = ctx.clock();
    await finishRun(ctx.db, jobId, finishedAt, { chains: chains.length, deleted, pruned: pruned.map((r) => ({ ...r })) });
    return { jobId, startedAt, finishedAt, chains: chains.length, deleted, pruned };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(ctx.db, jobId, ctx.clock(), { error: message.split('\n')[0] ?? message }).catch(() => undefined);
    throw error;
  }
}

async function pruneChain(ctx: ServerContext, chain: string, teamId: string | null, before: number): Promise<ChainPruneResult> {
  return ctx.db.transaction().execute(async (trx) => {
    await lockChainHead(ctx, trx, chain);
    // Times never go backwards within a chain, so the old entries are exactly a prefix ending here.
    const last = await trx
      .selectFrom('audit_entries')
      .select(['seq', 'hash'])
      .where('chain', '=', chain)
      .where('at', '<', before)
      .orderBy('at', 'desc')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last === undefined) return { chain, deleted: 0, before };
    const throughSeq = Number(last.seq);
    const result = await trx.deleteFrom('audit_entries').where('chain', '=', chain).where('seq', '<=', throughSeq).executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    await trx.updateTable('audit_chains').set({ anchor_seq: throughSeq, anchor_hash: last.hash }).where('chain', '=', chain).execute();
    await appendAudit(ctx, { action: 'audit.pruned', teamId, actor: null, details: { count: deleted, before, throughSeq } }, trx);
    return { chain, deleted, before };
  });
}

interface ChainRetention {
  readonly chain: string;
  readonly teamId: string | null;
  readonly days: number;
}

async function chainsWithRetention(db: Kysely<Database>): Promise<ChainRetention[]> {
  const rows = await db
    .selectFrom('audit_chains')
    .leftJoin('teams', 'teams.id', 'audit_chains.chain')
    .select(['audit_chains.chain as chain', 'teams.plan as plan'])
    .orderBy('audit_chains.chain')
    .execute();
  return rows.map((row) => {
    const plan = row.plan ?? null;
    const days = plan !== null && isPlan(plan) ? auditRetentionDays(plan) : PLANLESS_RETENTION_DAYS;
    // A deleted team's chain keeps its team id (entries name it) but no longer has a plan.
    const teamId = row.chain === SYSTEM_CHAIN ? null : row.chain;
    return { chain: row.chain, teamId, days };
  });
}

async function finishRun(db: Kysely<Database>, id: string, finishedAt: number, details: Record<string, unknown>): Promise<void> {
  await db.updateTable('job_runs').set({ finished_at: finishedAt, details: canonicalJson(details) }).where('id', '=', id).execute();
}
