/**
 * Reading a team's audit chain a page at a time: keyset pagination on `seq`, filters on time, action
 * and actor. A time range is first turned into a seq range through the (chain, at, seq) index — times
 * never go backwards within a chain — so every page is an index range scan whatever the filters,
 * however long the chain.
 */
import type { Kysely } from 'kysely';
import { chainOf, isAuditAction, type AuditEntry } from '../../audit/index.js';
import type { Database } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import { decodeCursor, encodeCursor, type AuditOrder } from './cursor.js';
import { rowToEntry } from './rows.js';

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 300;

export interface AuditFilters {
  /** Entries at or after this time (ms since the epoch). */
  readonly since?: number | undefined;
  /** Entries strictly before this time (ms since the epoch). */
  readonly until?: number | undefined;
  /** A catalogue action name; anything else is refused (400 naming `action`). */
  readonly action?: string | undefined;
  /** Entries whose actor is this user. */
  readonly userId?: string | undefined;
}

export interface AuditQuery extends AuditFilters {
  /** 1..300, default 100. */
  readonly limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | undefined;
  /** Default `desc`: newest first. */
  readonly orderBy?: AuditOrder | undefined;
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  /** Pass back as `cursor` for the next page; null when this page is the last. */
  readonly nextCursor: string | null;
}

interface SeqRange {
  readonly min: number;
  readonly max: number;
}

export async function queryAuditPage(db: Kysely<Database>, teamId: string, query: AuditQuery): Promise<AuditPage> {
  const order = query.orderBy ?? 'desc';
  const limit = checkLimit(query.limit);
  checkFilters(query);
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor, order).seq;
  const chain = chainOf(teamId);
  const range = await seqRange(db, chain, query);
  if (range === null) return { entries: [], nextCursor: null };

  let select = db.selectFrom('audit_entries').selectAll().where('chain', '=', chain);
  const min = order === 'asc' && after !== null ? Math.max(range.min, after + 1) : range.min;
  const max = order === 'desc' && after !== null ? Math.min(range.max, after - 1) : range.max;
  if (min > max) return { entries: [], nextCursor: null };
  if (min > 1) select = select.where('seq', '>=', min);
  if (max < Number.MAX_SAFE_INTEGER) select = select.where('seq', '<=', max);
  if (query.action !== undefined) select = select.where('action', '=', query.action);
  if (query.userId !== undefined) select = select.where('actor_id', '=', query.userId);
  const rows = await select.orderBy('seq', order).limit(limit + 1).execute();
  const page = rows.slice(0, limit).map(rowToEntry);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor({ seq: last.seq, order }) : null;
  return { entries: page, nextCursor };
}

/** The seq range that the time filters allow, or null when no entry is in it. */
async function seqRange(db: Kysely<Database>, chain: string, filters: AuditFilters): Promise<SeqRange | null> {
  let min = 1;
  let max = Number.MAX_SAFE_INTEGER;
  if (filters.since !== undefined) {
    const first = await edgeSeq(db, chain, '>=', filters.since, 'asc');
    if (first === undefined) return null;
    min = first;
  }
  if (filters.until !== undefined) {
    const last = await edgeSeq(db, chain, '<', filters.until, 'desc');
    if (last === undefined) return null;
    max = last;
  }
  return min > max ? null : { min, max };
}

/** The seq of the chain's first (asc) or last (desc) entry on that side of a time. */
async function edgeSeq(db: Kysely<Database>, chain: string, op: '>=' | '<', at: number, order: 'asc' | 'desc'): Promise<number | undefined> {
  const row = await db
    .selectFrom('audit_entries')
    .select('seq')
    .where('chain', '=', chain)
    .where('at', op, at)
    .orderBy('at', order)
    .orderBy('seq', order)
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.seq);
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return AUDIT_PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX) {
    throw new ServerError('VALIDATION', `limit must be a whole number from 1 to ${AUDIT_PAGE_MAX} (got ${String(limit)})`, { field: 'limit' });
  }
  return limit;
}

/** The service checks what the route checks, so other callers (CLI, bench) get the same answers. */
export function checkFilters(filters: AuditFilters): void {
  if (filters.action !== undefined && !isAuditAction(filters.action)) {
    throw new ServerError('VALIDATION', `action "${filters.action}" is not an audit action name; GET /audit/actions lists them`, { field: 'action' });
  }
  for (const field of ['since', 'until'] as const) {
    const value = filters[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new ServerError('VALIDATION', `${field} must be a time in milliseconds since the epoch (got ${String(value)})`, { field });
    }
  }
}
