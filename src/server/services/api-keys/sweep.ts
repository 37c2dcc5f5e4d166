/**
 * The periodic sweep that records keys which expired through inactivity but were not used since (a key
 * that is used is caught on the request path). Batch UPDATEs per team, each with its audit entries in the
 * same transaction; `revoked_at IS NULL` in every UPDATE makes a key expire exactly once even when a
 * request or another process's sweep notices it at the same time. The run is recorded in `job_runs`.
 */
import { sql, type Transaction } from 'kysely';
import type { ServerContext } from '../../context.js';
import { newId, type Database } from '../../db/index.js';
import { appendAudit } from '../audit/index.js';
import { parseTeamSettings } from '../teams/settings.js';
import { DAY_MS, expiryCutoff } from './policy.js';
import { expireEvent } from './records.js';

export const EXPIRE_JOB = 'api_keys.expire';

/** Keys per UPDATE when expiring by owners' periods (keeps the IN list well under every bind limit). */
const BATCH = 500;

const lastActivity = sql<number>`coalesce(last_used_at, created_at)`;

/** Expires every key idle past its effective period; returns how many it expired. */
export async function expireInactiveKeys(ctx: ServerContext): Promise<number> {
  const runId = newId('job');
  const startedAt = ctx.clock();
  await ctx.db.insertInto('job_runs').values({ id: runId, job: EXPIRE_JOB, started_at: startedAt, finished_at: null, details: '{}' }).execute();
  try {
    const now = startedAt;
    const teamDays = await teamPeriods(ctx);
    let expired = 0;
    // Teams with a period: it replaces the owners' periods, so one UPDATE per team by the team's cutoff.
    for (const [teamId, days] of [...teamDays].sort(([a], [b]) => a.localeCompare(b))) {
      expired += await ctx.db.transaction().execute(async (trx) => {
        const rows = await trx
          .updateTable('api_keys')
          .set({ revoked_at: now, revoke_reason: 'expired_inactivity', revoked_by: null })
          .where('team_id', '=', teamId)
          .where('revoked_at', 'is', null)
          .where(lastActivity, '<=', expiryCutoff(now, days))
          .returning(['id', 'user_id', 'team_id', 'name'])
          .execute();
        return auditExpired(ctx, trx, rows.map((r) => ({ ...r, days })));
      });
    }
    // Other teams: each key by its owner's period.
    expired += await expireByOwnerPeriods(ctx, now, new Set(teamDays.keys()));
    await ctx.db
      .updateTable('job_runs')
      .set({ finished_at: ctx.clock(), details: JSON.stringify({ expired, teamsWithPolicy: teamDays.size }) })
      .where('id', '=', runId)
      .execute();
    return expired;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    await ctx.db.updateTable('job_runs').set({ details: JSON.stringify({ error: message }) }).where('id', '=', runId).execute().catch(() => undefined);
    throw error;
  }
}

/** Teams whose settings set an inactivity period. */
async function teamPeriods(ctx: ServerContext): Promise<Map<string, number>> {
  const teams = await ctx.db.selectFrom('teams').select(['id', 'settings']).execute();
  const periods = new Map<string, number>();
  for (const team of teams) {
    const days = parseTeamSettings(team.settings).apiKeys.inactivityExpiryDays;
    if (days !== null) periods.set(team.id, days);
  }
  return periods;
}

const ownerDeadline = sql<number>`coalesce(last_used_at, created_at) + cast(expires_after_days as bigint) * ${DAY_MS}`;

async function expireByOwnerPeriods(ctx: ServerContext, now: number, teamsWithPolicy: ReadonlySet<string>): Promise<number> {
  const candidates = await ctx.db
    .selectFrom('api_keys')
    .select(['id', 'team_id'])
    .where('revoked_at', 'is', null)
    .where('expires_after_days', 'is not', null)
    .where(ownerDeadline, '<=', now)
    .orderBy('team_id')
    .orderBy('id')
    .execute();
  const ids = candidates.filter((c) => !teamsWithPolicy.has(c.team_id)).map((c) => c.id);
  let expired = 0;
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    expired += await ctx.db.transaction().execute(async (trx) => {
      // The deadline is checked again: a use since the SELECT keeps the key alive.
      const rows = await trx
        .updateTable('api_keys')
        .set({ revoked_at: now, revoke_reason: 'expired_inactivity', revoked_by: null })
        .where('id', 'in', batch)
        .where('revoked_at', 'is', null)
        .where(ownerDeadline, '<=', now)
        .returning(['id', 'user_id', 'team_id', 'name', 'expires_after_days'])
        .execute();
      return auditExpired(ctx, trx, rows.map((r) => ({ ...r, days: r.expires_after_days ?? 0 })));
    });
  }
  return expired;
}

interface ExpiredRow {
  readonly id: string;
  readonly user_id: string;
  readonly team_id: string;
  readonly name: string;
  readonly days: number;
}

async function auditExpired(ctx: ServerContext, trx: Transaction<Database>, rows: readonly ExpiredRow[]): Promise<number> {
  // Ordered by team so concurrent sweeps take the chain locks in the same order.
  const ordered = [...rows].sort((a, b) => a.team_id.localeCompare(b.team_id) || a.id.localeCompare(b.id));
  for (const row of ordered) {
    await appendAudit(ctx, expireEvent({ id: row.id, userId: row.user_id, teamId: row.team_id, name: row.name }, row.days, null), trx);
  }
  return rows.length;
}
