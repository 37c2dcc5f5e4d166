import { createHmac } from 'node:crypto';
import { ServerError } from '../errors.js';
import { isAuditAction } from './actions.js';
import { canonicalAuditBytes, chainOf, SYSTEM_CHAIN, type AuditEntry, type UnhashedAuditEntry } from './entry.js';

/**
 * The audit hash chain. Each entry's hash is an HMAC keyed by a server secret over the entry's canonical
 * bytes, which include `prevHash`, `chain` and `seq`. Someone who can write the database but cannot read
 * the key can therefore neither edit an entry nor write a new one that verifies; deleting entries leaves
 * a gap, a broken link, or a chain shorter than its recorded head.
 */

/** The `prevHash` of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where verification starts: genesis, or the anchor recorded when older entries were pruned. */
export interface ChainStart {
  /** The last seq before the first entry given (0 at genesis; the last pruned seq after pruning). */
  readonly afterSeq: number;
  /** The hash the first entry given must link to (GENESIS_HASH at genesis; the anchor after pruning). */
  readonly anchorHash: string;
  /** The chain being verified; when left out, the first entry's chain is taken as the expected one. */
  readonly chain?: string;
}

/** The recorded head of a chain (seq and hash of its last entry), to detect a deleted tail. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export type ChainProblem = 'hash_mismatch' | 'gap' | 'prev_mismatch' | 'truncated' | 'chain_mismatch';

export type ChainReport =
  | { readonly ok: true; readonly checked: number; readonly lastSeq: number }
  | {
      readonly ok: false;
      readonly checked: number;
      readonly brokenAtSeq: number;
      readonly problem: ChainProblem;
      /** One line naming the entry and what is wrong with it. */
      readonly message: string;
    };

/** An entry before sealing: everything except what the chain decides. */
export type AuditEntryDraft = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

const HASH_PATTERN = /^[0-9a-f]{64}$/;
const MIN_KEY_BYTES = 32;

/** HMAC-SHA256(key, canonical bytes of every field but `hash`), lower-case hex. */
export function chainHash(key: Buffer, entry: UnhashedAuditEntry): string {
  checkKey(key);
  return createHmac('sha256', key).update(canonicalAuditBytes(entry)).digest('hex');
}

/**
 * Seals a new entry after `prev` (the chain's current head, or the pruning anchor; null for the first
 * entry of a chain): sets `seq`, `prevHash` and `hash`. Throws ServerError INTERNAL when the draft is
 * inconsistent (unknown action, chain that is not its team, bad previous head).
 */
export function sealEntry(key: Buffer, draft: AuditEntryDraft, prev: ChainHead | null): AuditEntry {
  if (!isAuditAction(draft.action)) {
    throw new ServerError('INTERNAL', `audit entry has unknown action "${String(draft.action)}"`, { field: 'action' });
  }
  if (draft.chain !== chainOf(draft.teamId)) {
    throw new ServerError('INTERNAL', `audit entry for ${describeTeam(draft.teamId)} cannot go in chain "${draft.chain}"`, { field: 'chain' });
  }
  if (prev !== null) {
    if (!Number.isSafeInteger(prev.seq) || prev.seq < 0) {
      throw new ServerError('INTERNAL', `previous audit head seq ${String(prev.seq)} is not a non-negative integer`, { field: 'seq' });
    }
    if (!HASH_PATTERN.test(prev.hash)) {
      throw new ServerError('INTERNAL', 'previous audit head hash is not 64 lower-case hex digits', { field: 'prevHash' });
    }
  }
  const unhashed: UnhashedAuditEntry = {
    chain: draft.chain,
    seq: prev === null ? 1 : prev.seq + 1,
    id: draft.id,
    at: draft.at,
    action: draft.action,
    actorId: draft.actorId,
    actorEmail: draft.actorEmail,
    targetType: draft.targetType,
    targetId: draft.targetId,
    teamId: draft.teamId,
    ip: draft.ip,
    userAgent: draft.userAgent,
    details: draft.details,
    prevHash: prev === null ? GENESIS_HASH : prev.hash,
  };
  return { ...unhashed, hash: chainHash(key, unhashed) };
}

/**
 * Walks a chain's entries in seq order and reports the first break. Detects an edited entry
 * (`hash_mismatch`), a deleted entry in the middle (`gap`), a replaced, duplicated or reordered entry
 * (`prev_mismatch`), a deleted tail when `head` is given (`truncated`), and an entry that belongs to
 * another chain (`chain_mismatch`). Entries after `head.seq` (appended since the head was read) are
 * still checked. Read the head before the entries so that concurrent appends cannot look like truncation.
 */
export async function verifyChain(
  key: Buffer,
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>,
  start: ChainStart,
  head?: ChainHead,
): Promise<ChainReport> {
  checkKey(key);
  let expectedChain = start.chain;
  let expectedSeq = start.afterSeq + 1;
  let expectedPrev = start.anchorHash;
  let checked = 0;
  let lastSeq = start.afterSeq;

  const broken = (seq: number, problem: ChainProblem, chain: string, what: string): ChainReport => ({
    ok: false,
    checked,
    brokenAtSeq: seq,
    problem,
    message: `entry ${seq} of ${describeChain(chain)}: ${what}`,
  });

  for await (const entry of entries) {
    expectedChain ??= entry.chain;
    if (entry.chain !== expectedChain) {
      return broken(entry.seq, 'chain_mismatch', expectedChain, `it belongs to ${describeChain(entry.chain)} (moved between chains?)`);
    }
    if (entry.chain !== chainOf(entry.teamId)) {
      return broken(entry.seq, 'chain_mismatch', expectedChain, `it names ${describeTeam(entry.teamId)} (moved between chains?)`);
    }
    if (!hashMatches(key, entry)) {
      return broken(entry.seq, 'hash_mismatch', expectedChain, 'its hash does not match its contents (edited?)');
    }
    if (entry.seq > expectedSeq) {
      const from = expectedSeq - 1 === 0 ? 'the start' : `entry ${expectedSeq - 1}`;
      return broken(expectedSeq, 'gap', expectedChain, `missing: the chain jumps from ${from} to entry ${entry.seq} (deleted?)`);
    }
    if (entry.seq < expectedSeq) {
      return broken(entry.seq, 'prev_mismatch', expectedChain, `it appears after entry ${expectedSeq - 1} (duplicated or out of order?)`);
    }
    if (entry.prevHash !== expectedPrev) {
      const before = expectedSeq - 1 === start.afterSeq && start.afterSeq > 0 ? 'the pruning anchor' : expectedSeq === 1 ? 'the genesis hash' : `entry ${expectedSeq - 1}`;
      return broken(entry.seq, 'prev_mismatch', expectedChain, `it does not link to ${before} (replaced or reordered?)`);
    }
    if (head !== undefined && entry.seq === head.seq && entry.hash !== head.hash) {
      return broken(entry.seq, 'truncated', expectedChain, 'its hash differs from the recorded chain head (tail replaced?)');
    }
    checked += 1;
    lastSeq = entry.seq;
    expectedSeq = entry.seq + 1;
    expectedPrev = entry.hash;
  }

  if (head !== undefined && lastSeq < head.seq) {
    const chain = expectedChain ?? SYSTEM_CHAIN;
    const what = lastSeq === start.afterSeq ? 'no entries remain' : `the chain ends at entry ${lastSeq}`;
    return broken(lastSeq + 1, 'truncated', chain, `missing: the recorded head is entry ${head.seq} but ${what} (tail deleted?)`);
  }
  return { ok: true, checked, lastSeq };
}

function hashMatches(key: Buffer, entry: AuditEntry): boolean {
  let expected: string;
  try {
    expected = chainHash(key, entry);
  } catch (error) {
    // Contents that cannot be canonicalised were not written by sealEntry: treat as edited.
    if (error instanceof ServerError) return false;
    throw error;
  }
  return expected === entry.hash;
}

function checkKey(key: Buffer): void {
  if (key.length < MIN_KEY_BYTES) {
    throw new ServerError('MASTER_KEY_INVALID', `audit chain key is ${key.length} bytes; it must be at least ${MIN_KEY_BYTES}`);
  }
}

function describeChain(chain: string): string {
  return chain === SYSTEM_CHAIN ? 'the system chain' : `team ${chain}`;
}

function describeTeam(teamId: string | null): string {
  return teamId === null ? 'no team' : `team ${teamId}`;
}
