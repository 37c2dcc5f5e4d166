import { describe, expect, it } from 'vitest';
import { applyPulled, applyPushResult, finishRebuild, rejectChange, resolveConflict, stageChange } from './bookkeeping.js';
import { SyncError } from './errors.js';
import { emptySyncState, type SyncStateData } from './state.js';
import type { ElementState } from './wire.js';

const env = (value: string, current?: string) => ({ name: 'Dev', values: [{ key: 'k', value, ...(current !== undefined ? { currentValue: current } : {}) }] });

function serverState(revision: number, seq: number, value: string | null): ElementState {
  return { id: 'e1', type: 'environment', revision, seq, deleted: value === null, name: 'Dev', content: value === null ? null : env(value), updatedAt: 0, updatedBy: 'u' };
}

/** A state that knows e1 at revision 2 on the server. */
function synced(): SyncStateData {
  return applyPulled(emptySyncState('ws'), serverState(2, 5, 'v2')).state;
}

describe('staging local changes', () => {
  it('bases a change on the revision the state knows, and keeps that base across further edits', () => {
    let state = stageChange(synced(), { id: 'e1', type: 'environment', deleted: false, content: env('mine') });
    expect(state.pending).toMatchObject([{ id: 'e1', baseRevision: 2, status: 'pending' }]);
    state = stageChange(state, { id: 'e1', type: 'environment', deleted: false, content: env('mine again') });
    expect(state.pending).toHaveLength(1);
    expect(state.pending[0]).toMatchObject({ baseRevision: 2, content: env('mine again') });
    const fresh = stageChange(state, { id: 'new1', type: 'collection', deleted: false, content: { info: { name: 'C' }, item: [] } });
    expect(fresh.pending.find((p) => p.id === 'new1')?.baseRevision).toBe(0);
  });

  it('leaves nothing to push for a change of current values only, but keeps them locally', () => {
    const state = stageChange(synced(), { id: 'e1', type: 'environment', deleted: false, content: env('v2', 'my current') });
    expect(state.pending).toEqual([]);
    expect(state.elements['e1']?.content).toEqual(env('v2', 'my current'));
  });

  it('forgets a new element deleted before it was ever pushed', () => {
    let state = stageChange(emptySyncState('ws'), { id: 'n', type: 'environment', deleted: false, content: env('x') });
    state = stageChange(state, { id: 'n', type: 'environment', deleted: true, content: null });
    expect(state.pending).toEqual([]);
  });

  it('refuses bad ids, a type change and a misplaced globals id locally', () => {
    expect(() => stageChange(synced(), { id: 'bad id!', type: 'environment', deleted: false, content: env('x') })).toThrow(SyncError);
    expect(() => stageChange(synced(), { id: 'e1', type: 'collection', deleted: false, content: {} })).toThrow(/is a environment, not a collection/);
    expect(() => stageChange(synced(), { id: 'globals', type: 'environment', deleted: false, content: env('x') })).toThrow(/globals/);
  });
});

describe('pulled changes meeting pending ones', () => {
  const mine = () => stageChange(synced(), { id: 'e1', type: 'environment', deleted: false, content: env('mine', 'cur') });

  it('records a change the local one is already based on without touching the local change', () => {
    const { state, outcome } = applyPulled(mine(), serverState(2, 6, 'v2'));
    expect(outcome).toBe('applied');
    expect(state.pending[0]).toMatchObject({ status: 'pending', content: env('mine', 'cur') });
  });

  it('settles a pending change when the same change arrives (current values ignored)', () => {
    const { state, outcome } = applyPulled(mine(), serverState(3, 7, 'mine'));
    expect(outcome).toBe('settled');
    expect(state.pending).toEqual([]);
    expect(state.elements['e1']).toMatchObject({ revision: 3, content: env('mine', 'cur') });
  });

  it('turns a newer different change into a conflict holding both versions', () => {
    const { state, outcome } = applyPulled(mine(), serverState(3, 7, 'theirs'));
    expect(outcome).toBe('conflict');
    expect(state.pending[0]?.status).toBe('conflict');
    expect(state.conflicts).toEqual([
      {
        id: 'e1',
        type: 'environment',
        baseRevision: 2,
        reason: 'stale',
        server: { id: 'e1', type: 'environment', revision: 3, seq: 7, deleted: false, name: 'Dev', content: env('theirs') },
        local: { deleted: false, content: env('mine', 'cur') },
        confirmed: false,
      },
    ]);
    // A later server change updates the same conflict instead of adding one.
    const later = applyPulled(state, serverState(4, 9, 'theirs again')).state;
    expect(later.conflicts).toHaveLength(1);
    expect(later.conflicts[0]?.server.revision).toBe(4);
  });

  it('skips a pulled version older than the one known', () => {
    const { outcome } = applyPulled(synced(), serverState(1, 3, 'old'));
    expect(outcome).toBe('skipped');
  });
});

describe('resolving conflicts', () => {
  const conflicted = () => applyPulled(stageChange(synced(), { id: 'e1', type: 'environment', deleted: false, content: env('mine', 'cur') }), serverState(3, 7, 'theirs')).state;

  it('mine: stages the local version again on the server revision', () => {
    const state = resolveConflict(conflicted(), 'e1', 'mine');
    expect(state.conflicts).toEqual([]);
    expect(state.pending).toMatchObject([{ id: 'e1', baseRevision: 3, status: 'pending', content: env('mine', 'cur') }]);
  });

  it('theirs: drops the local change and keeps the server version with the device\'s current values', () => {
    const state = resolveConflict(conflicted(), 'e1', 'theirs');
    expect(state.pending).toEqual([]);
    expect(state.conflicts).toEqual([]);
    expect(state.elements['e1']).toMatchObject({ revision: 3, content: env('theirs', 'cur') });
  });

  it('refuses an unknown conflict id', () => {
    expect(() => resolveConflict(synced(), 'nope', 'mine')).toThrow(/no open conflict/);
  });
});

describe('push answers', () => {
  it('settles what was applied, but keeps an edit made while the push was on its way (rebased)', () => {
    let state = stageChange(synced(), { id: 'e1', type: 'environment', deleted: false, content: env('first') });
    const sent = [...state.pending];
    state = stageChange(state, { id: 'e1', type: 'environment', deleted: false, content: env('second') });
    state = applyPushResult(state, sent, [{ id: 'e1', type: 'environment', revision: 3, seq: 8, deleted: false, unchanged: false }], []);
    expect(state.elements['e1']).toMatchObject({ revision: 3, content: env('first') });
    expect(state.pending).toMatchObject([{ id: 'e1', baseRevision: 3, content: env('second') }]);
  });

  it('records a push conflict and flags a refused change', () => {
    let state = stageChange(synced(), { id: 'e1', type: 'environment', deleted: false, content: env('mine') });
    const sent = [...state.pending];
    state = applyPushResult(state, sent, [], [{ id: 'e1', type: 'environment', baseRevision: 2, reason: 'stale', server: serverState(4, 9, 'theirs'), client: { deleted: false, content: env('mine') } }]);
    expect(state.conflicts[0]).toMatchObject({ id: 'e1', reason: 'stale', server: { revision: 4 }, local: { content: env('mine') }, confirmed: true });
    expect(state.elements['e1']?.revision).toBe(4);
    const refused = rejectChange(stageChange(synced(), { id: 'e1', type: 'environment', deleted: false, content: env('x') }), 'e1', { code: 'VALIDATION', message: 'bad', field: 'changes[0].content' });
    expect(refused.pending[0]).toMatchObject({ status: 'rejected', rejection: { code: 'VALIDATION' } });
    // Editing it again makes it pending once more.
    expect(stageChange(refused, { id: 'e1', type: 'environment', deleted: false, content: env('y') }).pending[0]?.status).toBe('pending');
  });
});

describe('rebuilding after a server reset', () => {
  it('forgets vanished elements, re-creates pending edits of them, and conflicts edits from the future', () => {
    let state = applyPulled(synced(), { ...serverState(1, 6, 'x'), id: 'gone', name: 'Gone' }).state;
    state = stageChange(state, { id: 'gone', type: 'environment', deleted: false, content: env('edit') });
    state = applyPulled(state, serverState(7, 9, 'v7')).state;
    state = stageChange(state, { id: 'e1', type: 'environment', deleted: false, content: env('mine') });
    // The reset server has e1 at revision 2 only.
    const rebuilt = finishRebuild(applyPulled({ ...state, lastSeq: 0 }, serverState(2, 1, 'v2'), true).state, new Set(['e1']));
    expect(Object.keys(rebuilt.elements)).toEqual(['e1']);
    expect(rebuilt.pending.find((p) => p.id === 'gone')).toMatchObject({ baseRevision: 0, status: 'pending' });
    expect(rebuilt.pending.find((p) => p.id === 'e1')).toMatchObject({ baseRevision: 7, status: 'conflict' });
    expect(rebuilt.conflicts.find((c) => c.id === 'e1')?.server.revision).toBe(2);
  });
});
