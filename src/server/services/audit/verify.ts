/**
 * Verifying stored chains: each chain's entries are streamed in seq order from just after its pruning
 * anchor and checked against the chain head recorded in `audit_chains`, so an edited row, a deleted
 * middle row and a deleted tail are all reported.
 */
import type { Kysely } from 'kysely';
import { GENESIS_HASH, verifyChain, type AuditEntry, type ChainReport } from '../../audit/index.js';
import type { Database } from '../../db/index.js';
import { rowToEntry } from './rows.js';

export interface ChainVerification {
  readonly chain: string;
  readonly report: ChainReport;
}

const PAGE = 1000;
// A prune that commits while a chain is being read moves its anchor; read the chain again (rarely needed).
const ATTEMPTS = 3;

/** Verifies one chain, or every chain that has a head row or entries. */
export async function verifyChains(db: Kysely<Database>, key: Buffer, chain?: string): Promise<ChainVerification[]> {
  const chains = chain !== undefined ? [chain] : await allChains(db);
  const results: ChainVerification[] = [];
  for (const name of chains) results.push({ chain: name, report: await verifyOne(db, key, name) });
  return results;
}

async function verifyOne(db: Kysely<Database>, key: Buffer, chain: string): Promise<ChainReport> {
  let report: ChainReport | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    // The head is read before the entries, so entries appended meanwhile cannot look like a lost tail.
    const before = await readHead(db, chain);
    report = await verifyChain(
      key,
      streamEntries(db, chain, before?.anchorSeq ?? 0),
      { afterSeq: before?.anchorSeq ?? 0, anchorHash: before?.anchorHash ?? GENESIS_HASH, chain },
      before === undefined || before.headSeq === 0 ? undefined : { seq: before.headSeq, hash: before.headHash },
    );
    if (report.ok) return before === undefined && report.checked > 0 ? headMissing(chain, report.lastSeq, report.checked) : report;
    const after = await readHead(db, chain);
    if (after?.anchorSeq === before?.anchorSeq) return report;
  }
  // Three prunes in a row during one check: report what the last attempt saw.
  return report as ChainReport;
}

function headMissing(chain: string, lastSeq: number, checked: number): ChainReport {
  return { ok: false, checked, brokenAtSeq: lastSeq, problem: 'truncated', message: `chain ${chain} has entries up to ${lastSeq} but no recorded head (head record deleted?)` };
}

interface HeadRow {
  readonly headSeq: number;
  readonly headHash: string;
  readonly anchorSeq: number;
  readonly anchorHash: string;
}

async function readHead(db: Kysely<Database>, chain: string): Promise<HeadRow | undefined> {
  const row = await db.selectFrom('audit_chains').selectAll().where('chain', '=', chain).executeTakeFirst();
  if (row === undefined) return undefined;
  return { headSeq: Number(row.head_seq), headHash: row.head_hash, anchorSeq: Number(row.anchor_seq), anchorHash: row.anchor_hash };
}

/** A chain's entries after `afterSeq`, in seq order, read a page at a time (never all in memory). */
export async function* streamEntries(db: Kysely<Database>, chain: string, afterSeq: number): AsyncGenerator<AuditEntry> {
  let last = afterSeq;
  for (;;) {
    const rows = await db.selectFrom('audit_entries').selectAll().where('chain', '=', chain).where('seq', '>', last).orderBy('seq', 'asc').limit(PAGE).execute();
    for (const row of rows) yield rowToEntry(row);
    const tail = rows[rows.length - 1];
    if (rows.length < PAGE || tail === undefined) return;
    last = Number(tail.seq);
  }
}

async function allChains(db: Kysely<Database>): Promise<string[]> {
  const heads = await db.selectFrom('audit_chains').select('chain').execute();
  // A chain whose head row was deleted still has entries; it must be checked (and will fail).
  const orphans = await db
    .selectFrom('audit_entries')
    .select('chain')
    .distinct()
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('audit_chains').select('chain').whereRef('audit_chains.chain', '=', 'audit_entries.chain'))))
    .execute();
  return [...new Set([...heads.map((r) => r.chain), ...orphans.map((r) => r.chain)])].sort();
}
