/**
 * Racing pushes to one workspace, on both databases: the change sequence stays gap-free and unique, and of
 * several updates from the same base exactly one is applied while the others come back as conflicts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResult } from '../../../src/server/services/elements/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { collectionDoc, environmentDoc, openElementsHarness, type ElementsHarness } from './harness.js';

describe.each(DATABASE_KINDS)('concurrent pushes on %s', (kind) => {
  let h: ElementsHarness;
  beforeAll(async () => {
    h = await openElementsHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gives 20 parallel pushes of new elements the sequence numbers 1..20, each once', async () => {
    const { admin, workspaceId, access } = await h.fresh();
    const heard = h.listen(workspaceId);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.elements.push(admin, access, [{ id: `env-${i}`, type: 'environment', baseRevision: 0, content: environmentDoc(`Env ${i}`) }])),
    );
    const seqs = results.flatMap((r) => r.applied.map((a) => a.seq)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.every((r) => r.conflicts.length === 0 && r.applied[0]?.revision === 1)).toBe(true);
    // Each push answers the sequence as of its own commit: its own change's seq.
    expect(results.every((r) => r.currentSeq === r.applied[0]?.seq)).toBe(true);
    const page = await h.elements.pull(access, 0, 100);
    expect(page.currentSeq).toBe(20);
    expect(page.changes.map((c) => c.seq)).toEqual(seqs);
    expect(new Set(page.changes.map((c) => c.id)).size).toBe(20);
    expect(heard.map((c) => c.seq).sort((a, b) => a - b)).toEqual(seqs);
  });

  it('applies exactly one of 10 racing updates from the same base; the rest are stale conflicts', async () => {
    const { admin, workspaceId, access } = await h.fresh();
    await h.elements.push(admin, access, [{ id: 'shared', type: 'collection', baseRevision: 0, content: collectionDoc('Start') }]);
    const results: PushResult[] = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.elements.push(admin, access, [{ id: 'shared', type: 'collection', baseRevision: 1, content: collectionDoc(`Edit ${i}`) }])),
    );
    const winners = results.filter((r) => r.applied.length === 1);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.applied).toEqual([{ id: 'shared', type: 'collection', revision: 2, seq: 2, deleted: false, unchanged: false }]);
    const losers = results.filter((r) => r.conflicts.length === 1);
    expect(losers).toHaveLength(9);
    const winnerIndex = results.findIndex((r) => r.applied.length === 1);
    for (const loser of losers) {
      expect(loser.applied).toEqual([]);
      expect(loser.conflicts[0]).toMatchObject({ reason: 'stale', baseRevision: 1, server: { revision: 2, seq: 2, name: `Edit ${winnerIndex}` } });
    }
    const page = await h.elements.pull(access, 0, 10);
    expect(page).toMatchObject({ currentSeq: 2, changes: [{ id: 'shared', revision: 2, seq: 2, name: `Edit ${winnerIndex}` }] });
    const stored = await h.snapshot(workspaceId);
    expect(stored.changeSeq).toBe(2);
    expect(stored.rows).toHaveLength(1);
  });

  it('keeps the sequence gap-free when creates, updates and deletes race together', async () => {
    const { admin, access } = await h.fresh();
    await h.elements.push(admin, access, Array.from({ length: 5 }, (_, i) => ({ id: `c-${i}`, type: 'collection' as const, baseRevision: 0, content: collectionDoc(`C${i}`) })));
    const results = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => h.elements.push(admin, access, [{ id: `c-${i}`, type: 'collection', baseRevision: 1, ...(i % 2 === 0 ? { deleted: true } : { content: collectionDoc(`C${i} edited`) }) }])),
      ...Array.from({ length: 5 }, (_, i) => h.elements.push(admin, access, [{ id: `n-${i}`, type: 'environment', baseRevision: 0, content: environmentDoc(`N${i}`) }])),
    ]);
    const seqs = results.flatMap((r) => r.applied.map((a) => a.seq)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => i + 6));
    const page = await h.elements.pull(access, 0, 100);
    expect(page.currentSeq).toBe(15);
    expect(page.changes.map((c) => c.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 6));
    expect(page.changes.filter((c) => c.deleted).map((c) => c.id).sort()).toEqual(['c-0', 'c-2', 'c-4']);
  });
});
