import { describe, expect, it } from 'vitest';
import { auditOutcome, type AppliedRecord, type FinalElement } from '../../bench/server/sync-audit.js';

const marker = (content: Record<string, unknown> | null): string | null => (typeof content?.['m'] === 'string' ? content['m'] : null);
const tally = { sent: 3, conflicts: 0, unreported: 0, conflictsWithoutBoth: 0 };
const rec = (id: string, revision: number, seq: number, m: string): AppliedRecord => ({ workspaceId: 'w', id, revision, seq, marker: m });
const fin = (id: string, revision: number, seq: number, m: string | null, deleted = false): FinalElement => ({ id, revision, seq, deleted, content: m === null ? null : { m } });

describe('the sync benchmark audit', () => {
  it('passes a history where every revision is claimed once and the last one wrote the content', () => {
    const outcome = auditOutcome([rec('a', 1, 1, 'x'), rec('a', 2, 3, 'y'), rec('b', 1, 2, 'z')], new Map([['w', [fin('b', 1, 2, 'z'), fin('a', 2, 3, 'y')]]]), marker, tally);
    expect(outcome).toMatchObject({ applied: 3, elements: 2, lost: 0, duplicated: 0, wrongContent: 0, duplicateSeqs: 0 });
  });

  it('counts a revision claimed twice as duplicated and one claimed by nobody as lost', () => {
    const outcome = auditOutcome([rec('a', 1, 1, 'x'), rec('a', 1, 2, 'y'), rec('a', 3, 4, 'z')], new Map([['w', [fin('a', 3, 4, 'z')]]]), marker, tally);
    expect(outcome.duplicated).toBe(1);
    expect(outcome.lost).toBe(1);
  });

  it('counts content that is not the last applied write, repeated seqs, and applied elements missing from the final state', () => {
    const outcome = auditOutcome([rec('a', 1, 1, 'x'), rec('gone', 1, 5, 'q')], new Map([['w', [fin('a', 1, 1, 'other'), fin('b', 0, 1, null, true)]]]), marker, tally);
    expect(outcome.wrongContent).toBe(1);
    expect(outcome.duplicateSeqs).toBe(1);
    expect(outcome.lost).toBe(1);
  });
});
