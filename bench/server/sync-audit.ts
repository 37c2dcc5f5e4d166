/**
 * The sync benchmark's check of its own outcome: every change a push answered as applied must be in the
 * final state exactly once per element revision (none lost, none applied twice), the final content of
 * each element must be the one its last applied change wrote, and no sequence number may repeat.
 */
export interface AppliedRecord {
  readonly workspaceId: string;
  readonly id: string;
  readonly revision: number;
  readonly seq: number;
  /** Which push wrote it (read back from the content). */
  readonly marker: string;
}

export interface FinalElement {
  readonly id: string;
  readonly revision: number;
  readonly seq: number;
  readonly deleted: boolean;
  readonly content: Record<string, unknown> | null;
}

export interface PushTally {
  readonly sent: number;
  readonly conflicts: number;
  /** Changes whose push answer named them neither applied nor conflicting. */
  readonly unreported: number;
  /** Conflicts that did not carry both the server's and the client's version. */
  readonly conflictsWithoutBoth: number;
}

export interface Outcome extends PushTally {
  readonly applied: number;
  readonly elements: number;
  /** Element revisions between 1 and the final one that no applied answer accounts for, or answers for revisions the server does not have. */
  readonly lost: number;
  /** Element revisions that two applied answers both claim. */
  readonly duplicated: number;
  /** Elements whose final content is not what their last applied change wrote. */
  readonly wrongContent: number;
  readonly duplicateSeqs: number;
}

export function auditOutcome(
  applied: readonly AppliedRecord[],
  finals: ReadonlyMap<string, readonly FinalElement[]>,
  markerOf: (content: Record<string, unknown> | null) => string | null,
  tally: PushTally,
): Outcome {
  const claims = new Map<string, AppliedRecord[]>();
  for (const record of applied) {
    const key = `${record.workspaceId}/${record.id}`;
    claims.set(key, [...(claims.get(key) ?? []), record]);
  }
  let lost = 0;
  let duplicated = 0;
  let wrongContent = 0;
  let duplicateSeqs = 0;
  let elements = 0;
  const accounted = new Set<string>();
  for (const [workspaceId, changes] of finals) {
    const seqs = new Set<number>();
    for (const element of changes) {
      elements++;
      if (seqs.has(element.seq)) duplicateSeqs++;
      seqs.add(element.seq);
      const key = `${workspaceId}/${element.id}`;
      accounted.add(key);
      const records = claims.get(key) ?? [];
      const byRevision = new Map<number, number>();
      for (const record of records) byRevision.set(record.revision, (byRevision.get(record.revision) ?? 0) + 1);
      for (let revision = 1; revision <= element.revision; revision++) {
        const count = byRevision.get(revision) ?? 0;
        if (count === 0) lost++;
        if (count > 1) duplicated += count - 1;
      }
      for (const revision of byRevision.keys()) if (revision > element.revision) lost++;
      const last = records.find((record) => record.revision === element.revision);
      if (!element.deleted && last !== undefined && markerOf(element.content) !== last.marker) wrongContent++;
    }
  }
  // An applied answer for an element the final state does not have at all was lost.
  for (const [key, records] of claims) if (!accounted.has(key)) lost += records.length;
  return { ...tally, applied: applied.length, elements, lost, duplicated, wrongContent, duplicateSeqs };
}
