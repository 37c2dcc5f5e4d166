import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ServerError } from '../errors.js';
import { chainHash, GENESIS_HASH, sealEntry, verifyChain, type AuditEntryDraft, type ChainReport } from './chain.js';
import type { AuditEntry } from './entry.js';

const KEY = randomBytes(32);

function draft(index: number, teamId: string | null = 't_1', overrides: Partial<AuditEntryDraft> = {}): AuditEntryDraft {
  return {
    chain: teamId ?? 'system',
    id: `ae_${teamId ?? 'sys'}_${index}`,
    at: 1_700_000_000_000 + index * 1000,
    action: index % 2 === 0 ? 'user.login' : 'team.add_member',
    actorId: `u_${index % 5}`,
    actorEmail: `user${index % 5}@example.com`,
    targetType: 'user',
    targetId: `u_${index}`,
    teamId,
    ip: '198.51.100.7',
    userAgent: 'Postern/0.1.0',
    details: { index, tags: ['a', 'b'] },
    ...overrides,
  };
}

function buildChain(count: number, teamId: string | null = 't_1', key = KEY): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let index = 1; index <= count; index += 1) {
    const last = entries.at(-1);
    entries.push(sealEntry(key, draft(index, teamId), last === undefined ? null : { seq: last.seq, hash: last.hash }));
  }
  return entries;
}

const GENESIS = { afterSeq: 0, anchorHash: GENESIS_HASH };

function headOf(entries: readonly AuditEntry[]): { seq: number; hash: string } {
  const last = entries.at(-1);
  if (last === undefined) throw new Error('empty chain');
  return { seq: last.seq, hash: last.hash };
}

function failure(report: ChainReport): Extract<ChainReport, { ok: false }> {
  if (report.ok) throw new Error(`expected a broken chain, got ok after ${report.checked} entries`);
  return report;
}

async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

describe('sealEntry', () => {
  it('numbers entries from 1 and links each to the previous hash', () => {
    const [first, second] = buildChain(2);
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prevHash: first?.hash });
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first?.hash).toBe(chainHash(KEY, { ...(first as AuditEntry) }));
  });

  it('depends on the key, so the database alone cannot forge a hash', () => {
    const sealed = sealEntry(KEY, draft(1), null);
    const other = sealEntry(randomBytes(32), draft(1), null);
    expect(other.hash).not.toBe(sealed.hash);
  });

  it('continues from a pruning anchor', () => {
    const sealed = sealEntry(KEY, draft(41), { seq: 40, hash: 'c'.repeat(64) });
    expect(sealed).toMatchObject({ seq: 41, prevHash: 'c'.repeat(64) });
  });

  it('refuses inconsistent drafts and weak keys', () => {
    expect(() => sealEntry(KEY, draft(1, 't_1', { chain: 't_2' }), null)).toThrow(/team t_1 cannot go in chain "t_2"/);
    expect(() => sealEntry(KEY, draft(1, null, { chain: 't_1' }), null)).toThrow(/no team cannot go in chain "t_1"/);
    const unknown = { ...draft(1), action: 'team.explode' } as unknown as AuditEntryDraft;
    expect(() => sealEntry(KEY, unknown, null)).toThrow(/unknown action "team.explode"/);
    expect(() => sealEntry(KEY, draft(2), { seq: 1, hash: 'not-hex' })).toThrow(ServerError);
    expect(() => sealEntry(KEY, draft(2), { seq: -1, hash: 'a'.repeat(64) })).toThrow(ServerError);
    expect(() => sealEntry(Buffer.alloc(16), draft(1), null)).toThrow(/at least 32/);
  });
});

describe('verifyChain', () => {
  it('accepts a valid chain of 1000 entries, from an array or an async stream', async () => {
    const entries = buildChain(1000);
    expect(await verifyChain(KEY, entries, GENESIS, headOf(entries))).toEqual({ ok: true, checked: 1000, lastSeq: 1000 });
    expect(await verifyChain(KEY, slowly(entries), GENESIS)).toEqual({ ok: true, checked: 1000, lastSeq: 1000 });
  });

  it('accepts an empty chain with no head', async () => {
    expect(await verifyChain(KEY, [], GENESIS)).toEqual({ ok: true, checked: 0, lastSeq: 0 });
  });

  it('rejects every entry under the wrong key', async () => {
    const report = failure(await verifyChain(randomBytes(32), buildChain(3), GENESIS));
    expect(report).toMatchObject({ problem: 'hash_mismatch', brokenAtSeq: 1, checked: 0 });
  });

  it('finds an edited entry', async () => {
    const entries = buildChain(10);
    entries[4] = { ...(entries[4] as AuditEntry), actorEmail: 'someone-else@example.com' };
    const report = failure(await verifyChain(KEY, entries, GENESIS));
    expect(report).toMatchObject({ problem: 'hash_mismatch', brokenAtSeq: 5, checked: 4 });
    expect(report.message).toBe('entry 5 of team t_1: its hash does not match its contents (edited?)');
  });

  it('finds edited details, including details no longer plain JSON', async () => {
    const entries = buildChain(3);
    entries[1] = { ...(entries[1] as AuditEntry), details: { index: 2, tags: ['a'] } };
    expect(failure(await verifyChain(KEY, entries, GENESIS))).toMatchObject({ problem: 'hash_mismatch', brokenAtSeq: 2 });
    entries[1] = { ...(entries[1] as AuditEntry), details: { index: Number.NaN } };
    expect(failure(await verifyChain(KEY, entries, GENESIS))).toMatchObject({ problem: 'hash_mismatch', brokenAtSeq: 2 });
  });

  it('finds an edit that also recomputes an unkeyed hash', async () => {
    const entries = buildChain(3);
    const edited = { ...(entries[1] as AuditEntry), ip: '192.0.2.1' };
    entries[1] = { ...edited, hash: chainHash(Buffer.alloc(32), edited) };
    expect(failure(await verifyChain(KEY, entries, GENESIS))).toMatchObject({ problem: 'hash_mismatch', brokenAtSeq: 2 });
  });

  it('finds entries deleted from the middle', async () => {
    const entries = buildChain(10);
    entries.splice(3, 2); // seq 4 and 5
    const report = failure(await verifyChain(KEY, entries, GENESIS, headOf(entries)));
    expect(report).toMatchObject({ problem: 'gap', brokenAtSeq: 4, checked: 3 });
    expect(report.message).toBe('entry 4 of team t_1: missing: the chain jumps from entry 3 to entry 6 (deleted?)');
  });

  it('finds a deleted first entry', async () => {
    const entries = buildChain(3).slice(1);
    expect(failure(await verifyChain(KEY, entries, GENESIS))).toMatchObject({ problem: 'gap', brokenAtSeq: 1, checked: 0 });
  });

  it('finds an entry replaced by a validly sealed one from a fork', async () => {
    const entries = buildChain(6);
    // A second writer sealed its own entry 4 on top of entry 3 (a lost race, or a restored backup).
    const fork3 = sealEntry(KEY, draft(3, 't_1', { id: 'ae_fork_3' }), { seq: 2, hash: (entries[1] as AuditEntry).hash });
    const fork4 = sealEntry(KEY, draft(4, 't_1', { id: 'ae_fork_4' }), { seq: fork3.seq, hash: fork3.hash });
    entries[3] = fork4;
    const report = failure(await verifyChain(KEY, entries, GENESIS));
    expect(report).toMatchObject({ problem: 'prev_mismatch', brokenAtSeq: 4, checked: 3 });
    expect(report.message).toBe('entry 4 of team t_1: it does not link to entry 3 (replaced or reordered?)');
  });

  it('finds a duplicated seq (two entries sealed on the same head)', async () => {
    const entries = buildChain(4);
    const twin = sealEntry(KEY, draft(4, 't_1', { id: 'ae_twin' }), { seq: 3, hash: (entries[2] as AuditEntry).hash });
    entries.push(twin);
    const report = failure(await verifyChain(KEY, entries, GENESIS));
    expect(report).toMatchObject({ problem: 'prev_mismatch', brokenAtSeq: 4, checked: 4 });
    expect(report.message).toMatch(/appears after entry 4 \(duplicated or out of order\?\)/);
  });

  it('finds entries given out of order', async () => {
    const entries = buildChain(5);
    const reordered = [entries[0], entries[2], entries[1], entries[3], entries[4]] as AuditEntry[];
    const report = failure(await verifyChain(KEY, reordered, GENESIS));
    expect(report).toMatchObject({ problem: 'gap', brokenAtSeq: 2 });
    const swappedTail = [entries[0], entries[1], entries[2], entries[4], entries[3]] as AuditEntry[];
    expect(failure(await verifyChain(KEY, swappedTail, GENESIS))).toMatchObject({ problem: 'gap', brokenAtSeq: 4 });
    const repeated = [entries[0], entries[1], entries[0]] as AuditEntry[];
    expect(failure(await verifyChain(KEY, repeated, GENESIS))).toMatchObject({ problem: 'prev_mismatch', brokenAtSeq: 1, checked: 2 });
  });

  it('finds a deleted tail against the recorded head', async () => {
    const entries = buildChain(10);
    const head = headOf(entries);
    const report = failure(await verifyChain(KEY, entries.slice(0, 7), GENESIS, head));
    expect(report).toMatchObject({ problem: 'truncated', brokenAtSeq: 8, checked: 7 });
    expect(report.message).toBe(
      'entry 8 of team t_1: missing: the recorded head is entry 10 but the chain ends at entry 7 (tail deleted?)',
    );
    expect(await verifyChain(KEY, entries.slice(0, 7), GENESIS)).toMatchObject({ ok: true, lastSeq: 7 });
  });

  it('finds a chain emptied entirely when a head was recorded', async () => {
    const entries = buildChain(3);
    const report = failure(await verifyChain(KEY, [], { ...GENESIS, chain: 't_1' }, headOf(entries)));
    expect(report).toMatchObject({ problem: 'truncated', brokenAtSeq: 1, checked: 0 });
    expect(report.message).toMatch(/^entry 1 of team t_1: .*no entries remain/);
  });

  it('finds a tail replaced by a fork that does not match the head', async () => {
    const entries = buildChain(5);
    const head = headOf(entries);
    entries[4] = sealEntry(KEY, draft(5, 't_1', { id: 'ae_other_5' }), { seq: 4, hash: (entries[3] as AuditEntry).hash });
    expect(failure(await verifyChain(KEY, entries, GENESIS, head))).toMatchObject({ problem: 'truncated', brokenAtSeq: 5, checked: 4 });
  });

  it('checks entries appended after the head was read', async () => {
    const entries = buildChain(8);
    const staleHead = { seq: 6, hash: (entries[5] as AuditEntry).hash };
    expect(await verifyChain(KEY, entries, GENESIS, staleHead)).toEqual({ ok: true, checked: 8, lastSeq: 8 });
    entries[7] = { ...(entries[7] as AuditEntry), targetId: 'u_x' };
    expect(failure(await verifyChain(KEY, entries, GENESIS, staleHead))).toMatchObject({ problem: 'hash_mismatch', brokenAtSeq: 8 });
  });

  it('finds an entry moved in from another chain', async () => {
    const mine = buildChain(5, 't_1');
    const theirs = buildChain(5, 't_2');
    const foreign = theirs[2] as AuditEntry;
    // Copied as is, with the next seq so it fits the listing.
    const copied = failure(await verifyChain(KEY, [...mine, { ...foreign, seq: 6 }], GENESIS));
    expect(copied).toMatchObject({ problem: 'chain_mismatch', brokenAtSeq: 6, checked: 5 });
    expect(copied.message).toBe('entry 6 of team t_1: it belongs to team t_2 (moved between chains?)');
    // Its chain column rewritten to fit: the team it names still gives it away.
    const relabelled = failure(await verifyChain(KEY, [...mine, { ...foreign, chain: 't_1', seq: 6 }], GENESIS));
    expect(relabelled).toMatchObject({ problem: 'chain_mismatch', brokenAtSeq: 6 });
    expect(relabelled.message).toMatch(/names team t_2/);
    // Both chain and team rewritten: then its hash no longer matches.
    const rewritten = { ...foreign, chain: 't_1', teamId: 't_1', seq: 6, prevHash: (mine[4] as AuditEntry).hash };
    expect(failure(await verifyChain(KEY, [...mine, rewritten], GENESIS))).toMatchObject({ problem: 'hash_mismatch', brokenAtSeq: 6 });
  });

  it('uses the expected chain from the start when given, even for a foreign first entry', async () => {
    const theirs = buildChain(2, 't_2');
    const report = failure(await verifyChain(KEY, theirs, { ...GENESIS, chain: 't_1' }));
    expect(report).toMatchObject({ problem: 'chain_mismatch', brokenAtSeq: 1, checked: 0 });
  });

  it('names the system chain in messages', async () => {
    const entries = buildChain(3, null);
    expect(await verifyChain(KEY, entries, GENESIS)).toMatchObject({ ok: true, checked: 3 });
    entries[2] = { ...(entries[2] as AuditEntry), actorId: 'u_evil' };
    expect(failure(await verifyChain(KEY, entries, GENESIS)).message).toBe(
      'entry 3 of the system chain: its hash does not match its contents (edited?)',
    );
  });

  describe('after pruning', () => {
    const entries = buildChain(100);
    const anchorEntry = entries[39] as AuditEntry; // seq 40, the last pruned
    const kept = entries.slice(40);
    const anchor = { afterSeq: 40, anchorHash: anchorEntry.hash, chain: 't_1' };

    it('verifies the remaining entries from the recorded anchor', async () => {
      expect(await verifyChain(KEY, kept, anchor, headOf(entries))).toEqual({ ok: true, checked: 60, lastSeq: 100 });
    });

    it('refuses the remaining entries from genesis', async () => {
      expect(failure(await verifyChain(KEY, kept, GENESIS))).toMatchObject({ problem: 'gap', brokenAtSeq: 1 });
    });

    it('finds a wrong anchor', async () => {
      const report = failure(await verifyChain(KEY, kept, { ...anchor, anchorHash: 'd'.repeat(64) }));
      expect(report).toMatchObject({ problem: 'prev_mismatch', brokenAtSeq: 41, checked: 0 });
      expect(report.message).toMatch(/does not link to the pruning anchor/);
    });

    it('finds more deleted than the anchor records', async () => {
      expect(failure(await verifyChain(KEY, kept.slice(5), anchor))).toMatchObject({ problem: 'gap', brokenAtSeq: 41 });
    });

    it('finds everything deleted after the anchor when a head was recorded', async () => {
      expect(failure(await verifyChain(KEY, [], anchor, headOf(entries)))).toMatchObject({ problem: 'truncated', brokenAtSeq: 41 });
    });

    it('accepts an empty remainder when every entry was pruned', async () => {
      const head = { seq: 40, hash: anchorEntry.hash };
      expect(await verifyChain(KEY, [], anchor, head)).toEqual({ ok: true, checked: 0, lastSeq: 40 });
    });
  });
});
