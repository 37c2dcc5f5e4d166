/**
 * The writes that end a key's life, each a conditional UPDATE (`revoked_at IS NULL`) so that when several
 * requests or processes notice the same thing at once exactly one of them records it and audits it.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { ServerContext } from '../../context.js';
import type { Database } from '../../db/index.js';
import type { RequestMeta } from '../../http/access.js';
import { appendAudit } from '../audit/index.js';
import { expiryCutoff, type RevokeReason } from './policy.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface KeyRef {
  readonly id: string;
  readonly userId: string;
  readonly teamId: string;
  readonly name: string;
}

export interface Actor {
  readonly id: string | null;
  readonly email: string | null;
}

/** Runs `work` in the caller's transaction, or in a new one. */
export async function inTransaction<T>(ctx: ServerContext, executor: Executor | undefined, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (executor !== undefined && executor.isTransaction) return work(executor as Transaction<Database>);
  return (executor ?? ctx.db).transaction().execute(work);
}

/**
 * Records that the key expired through inactivity under a period of `days`, if it still is unrevoked and
 * still idle since before the cutoff (a concurrent use may have refreshed it). True when this call wrote.
 */
export async function recordExpiry(ctx: ServerContext, key: KeyRef, days: number, meta: RequestMeta | null): Promise<boolean> {
  const now = ctx.clock();
  return ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now, revoke_reason: 'expired_inactivity' satisfies RevokeReason, revoked_by: null })
      .where('id', '=', key.id)
      .where('revoked_at', 'is', null)
      .where(sql<number>`coalesce(last_used_at, created_at)`, '<=', expiryCutoff(now, days))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await appendAudit(ctx, expireEvent(key, days, meta), trx);
    return true;
  });
}

export function expireEvent(key: KeyRef, days: number, meta: RequestMeta | null): Parameters<typeof appendAudit>[1] {
  return {
    action: 'api_key.expire',
    teamId: key.teamId,
    actor: null,
    target: { type: 'api_key', id: key.id },
    details: { ownerId: key.userId, name: key.name, reason: 'expired_inactivity', inactivityDays: days },
    meta,
  };
}

/**
 * Revokes one key for `reason` (a person revoking it, or its owner leaving the team) and audits
 * `api_key.revoke` in the same transaction. False when it was already revoked.
 */
export async function recordRevocation(
  ctx: ServerContext,
  key: KeyRef,
  reason: Exclude<RevokeReason, 'expired_inactivity'>,
  actor: Actor | null,
  meta: RequestMeta | null,
  executor?: Executor,
): Promise<boolean> {
  const now = ctx.clock();
  return inTransaction(ctx, executor, async (trx) => {
    const result = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now, revoke_reason: reason, revoked_by: actor?.id ?? null })
      .where('id', '=', key.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await appendAudit(
      ctx,
      {
        action: 'api_key.revoke',
        teamId: key.teamId,
        actor,
        target: { type: 'api_key', id: key.id },
        details: { ownerId: key.userId, name: key.name, reason, revoked_by: actor?.id ?? null },
        meta,
      },
      trx,
    );
    return true;
  });
}
