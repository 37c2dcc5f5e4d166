/**
 * Appends one event to its team's audit chain. The chain head row (`audit_chains`) is the lock: on
 * PostgreSQL it is read with SELECT … FOR UPDATE inside the transaction, so appends from every process
 * and every request are serialised per chain; on SQLite the single connection serialises transactions.
 * The entry and the new head are written in the same transaction, which is the caller's when one is
 * passed (so the audited change and its entry commit together, or neither does).
 */
import type { Kysely, Transaction } from 'kysely';
import { chainOf, GENESIS_HASH, sealEntry, type AuditAction, type ChainHead } from '../../audit/index.js';
import type { ServerContext } from '../../context.js';
import { newId, type Database } from '../../db/index.js';
import type { RequestMeta } from '../../http/access.js';
import { entryToRow } from './rows.js';
import { sanitizeDetails } from './sanitize.js';

export interface AuditEvent {
  readonly action: AuditAction;
  /** The team the event belongs to; null puts it in the system chain. */
  readonly teamId: string | null;
  readonly actor: { readonly id: string | null; readonly email: string | null } | null;
  readonly target?: { readonly type: string; readonly id: string } | null;
  /** Plain JSON; fields that name secrets (password, token, code, key…) are left out. */
  readonly details?: Record<string, unknown>;
  readonly meta?: RequestMeta | null;
}

export type AuditExecutor = Kysely<Database> | Transaction<Database>;

/**
 * Seals `event` into its chain. Pass the caller's transaction as `executor` when the audited change is
 * in one; on SQLite a caller inside a transaction must pass it (the one connection is busy otherwise).
 */
export async function appendAudit(ctx: ServerContext, event: AuditEvent, executor: AuditExecutor = ctx.db): Promise<void> {
  // Built before the transaction: sanitising or an unknown action fails without touching the database.
  const now = ctx.clock();
  const draft = {
    chain: chainOf(event.teamId),
    id: newId('aud'),
    at: now,
    action: event.action,
    actorId: event.actor?.id ?? null,
    actorEmail: event.actor?.email ?? null,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    teamId: event.teamId,
    ip: event.meta?.ip ?? null,
    userAgent: event.meta?.userAgent ?? null,
    details: sanitizeDetails(event.details),
  };
  const write = async (trx: Transaction<Database>): Promise<void> => {
    const head = await lockChainHead(ctx, trx, draft.chain);
    // Another process's clock may lag by a few ms: a chain's times never go backwards, so that a time
    // range is a seq range (queries) and entries older than a date are a prefix (pruning).
    const at = head === null ? now : Math.max(now, head.at);
    const entry = sealEntry(ctx.auditKey, { ...draft, at }, head);
    await trx.insertInto('audit_entries').values(entryToRow(entry)).execute();
    await trx.updateTable('audit_chains').set({ head_seq: entry.seq, head_hash: entry.hash, head_at: entry.at }).where('chain', '=', entry.chain).execute();
  };
  if (executor.isTransaction) await write(executor as Transaction<Database>);
  else await executor.transaction().execute(write);
}

/**
 * Creates the chain's head row when missing, then reads it under a row lock. Returns the last entry
 * appended (which pruning never forgets, even when it deleted the entry), or null for an empty chain.
 */
export async function lockChainHead(ctx: Pick<ServerContext, 'kind'>, trx: Transaction<Database>, chain: string): Promise<LockedHead | null> {
  await trx
    .insertInto('audit_chains')
    .values({ chain, head_seq: 0, head_hash: GENESIS_HASH, head_at: 0, anchor_seq: 0, anchor_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('chain').doNothing())
    .execute();
  let query = trx.selectFrom('audit_chains').select(['head_seq', 'head_hash', 'head_at']).where('chain', '=', chain);
  // SQLite has no row locks (nor the syntax); its writer lock, taken by the insert above, serialises.
  if (ctx.kind === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirstOrThrow();
  const seq = Number(row.head_seq);
  return seq === 0 ? null : { seq, hash: row.head_hash, at: Number(row.head_at) };
}

export interface LockedHead extends ChainHead {
  readonly at: number;
}
