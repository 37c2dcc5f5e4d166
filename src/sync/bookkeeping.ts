/**
 * The sync client's bookkeeping as pure functions over the state: staging a local change, applying a
 * pulled change, settling a push answer, flagging a refused change, resolving a conflict, and finishing
 * a rebuild after the server was reset. No I/O here; client.ts calls these and saves the result.
 */
import { carryCurrentValues, stripCurrentValues } from './current-values.js';
import { SyncError } from './errors.js';
import { jsonEqual } from './json-equal.js';
import type { LocalElement, PendingChange, RejectionInfo, StoredConflict, SyncStateData } from './state.js';
import { ELEMENT_ID_PATTERN, GLOBALS_ELEMENT_ID, type AppliedChange, type ElementContent, type ElementState, type SyncElementType, type WireConflict } from './wire.js';

export interface LocalChangeInput {
  readonly id: string;
  readonly type: SyncElementType;
  readonly deleted: boolean;
  readonly content: ElementContent | null;
}

/** Collection: `info.name`; environment and globals: `name`. */
export function nameOf(type: SyncElementType, content: ElementContent | null, fallback = ''): string {
  if (content === null) return fallback;
  const holder = type === 'collection' ? content['info'] : content;
  if (typeof holder === 'object' && holder !== null && !Array.isArray(holder)) {
    const name = (holder as Record<string, unknown>)['name'];
    if (typeof name === 'string') return name;
  }
  return fallback;
}

function checkChange(change: LocalChangeInput, known: LocalElement | undefined): void {
  if (!ELEMENT_ID_PATTERN.test(change.id)) {
    throw new SyncError('refused', 'VALIDATION', `element id "${change.id}" must be 1–64 letters, digits, _ or -, starting with a letter or digit`, { field: 'id' });
  }
  if ((change.type === 'globals') !== (change.id === GLOBALS_ELEMENT_ID)) {
    throw new SyncError('refused', 'VALIDATION', `the globals element has id "${GLOBALS_ELEMENT_ID}" and no other element may use it`, { field: 'id' });
  }
  if (known !== undefined && known.type !== change.type) {
    throw new SyncError('refused', 'VALIDATION', `element ${change.id} is a ${known.type}, not a ${change.type}`, { field: 'type' });
  }
  if (!change.deleted && change.content === null) {
    throw new SyncError('refused', 'VALIDATION', `element ${change.id}: an upsert needs content`, { field: 'content' });
  }
}

function withoutPending(state: SyncStateData, id: string): SyncStateData {
  return { ...state, pending: state.pending.filter((p) => p.id !== id), conflicts: state.conflicts.filter((c) => c.id !== id) };
}

function replacePending(state: SyncStateData, next: PendingChange): SyncStateData {
  const exists = state.pending.some((p) => p.id === next.id);
  return { ...state, pending: exists ? state.pending.map((p) => (p.id === next.id ? next : p)) : [...state.pending, next] };
}

function setElement(state: SyncStateData, element: LocalElement): SyncStateData {
  return { ...state, elements: { ...state.elements, [element.id]: element } };
}

function sameShared(a: { deleted: boolean; content: ElementContent | null }, b: { deleted: boolean; content: ElementContent | null }): boolean {
  if (a.deleted || b.deleted) return a.deleted && b.deleted;
  if (a.content === null || b.content === null) return false;
  return jsonEqual(stripCurrentValues(a.content), stripCurrentValues(b.content));
}

/**
 * Records a local change on the revision the state knows. A new element that was never pushed and is
 * deleted again just disappears; a change that only touches current values (or undoes the local edit)
 * leaves nothing to push.
 */
export function stageChange(state: SyncStateData, change: LocalChangeInput): SyncStateData {
  const known = state.elements[change.id];
  checkChange(change, known);
  const pending = state.pending.find((p) => p.id === change.id);
  const stamp = state.nextStamp;
  let next: SyncStateData = { ...state, nextStamp: stamp + 1 };

  if (known !== undefined && sameShared(change, known)) {
    // Nothing shared differs from the server's version: keep the device's current values, push nothing.
    next = withoutPending(next, change.id);
    return change.deleted ? next : setElement(next, { ...known, content: change.content });
  }
  if (known === undefined && change.deleted) return withoutPending(next, change.id);

  const baseRevision = pending?.baseRevision ?? known?.revision ?? 0;
  const status = pending?.status === 'conflict' ? 'conflict' : 'pending';
  next = replacePending(next, { id: change.id, type: change.type, baseRevision, deleted: change.deleted, content: change.deleted ? null : change.content, stamp, status });
  if (status === 'conflict') {
    next = { ...next, conflicts: next.conflicts.map((c) => (c.id === change.id ? { ...c, local: { deleted: change.deleted, content: change.deleted ? null : change.content } } : c)) };
  }
  return next;
}

/** Drops the local change of an element (and its conflict): the device goes back to the server's version. */
export function discardChange(state: SyncStateData, id: string): SyncStateData {
  return withoutPending(state, id);
}

function fromServer(element: ElementState, carryFrom: ElementContent | null): LocalElement {
  return {
    id: element.id,
    type: element.type,
    revision: element.revision,
    seq: element.seq,
    deleted: element.deleted,
    name: element.name,
    content: element.deleted || element.content === null ? null : carryCurrentValues(carryFrom, element.content),
  };
}

export type PulledOutcome = 'applied' | 'settled' | 'conflict' | 'skipped';

/**
 * Applies one pulled change. With a pending local change it does not overwrite the local version: a
 * change the local one was already based on is just recorded; the same change as the local one settles
 * it; anything newer is a conflict (unconfirmed until a push lets the server compare its canonical
 * version with the local one). `rebuild`: the server was reset, so its revisions win even if lower.
 */
export function applyPulled(state: SyncStateData, change: ElementState, rebuild = false): { state: SyncStateData; outcome: PulledOutcome } {
  const known = state.elements[change.id];
  if (!rebuild && known !== undefined && change.revision < known.revision) return { state, outcome: 'skipped' };
  const pending = state.pending.find((p) => p.id === change.id);
  const element = fromServer(change, pending?.content ?? known?.content ?? null);
  let next = setElement(state, element);
  if (pending === undefined || change.revision <= pending.baseRevision) return { state: next, outcome: 'applied' };
  if (pending.type === change.type && sameShared(pending, change)) return { state: withoutPending(next, change.id), outcome: 'settled' };

  const server = fromServer(change, null);
  const existing = next.conflicts.find((c) => c.id === change.id);
  const conflict: StoredConflict = existing
    ? { ...existing, server }
    : { id: change.id, type: change.type, baseRevision: pending.baseRevision, reason: pending.baseRevision === 0 ? 'exists' : 'stale', server, local: { deleted: pending.deleted, content: pending.content }, confirmed: false };
  next = replacePending(next, { ...pending, status: 'conflict' });
  next = { ...next, conflicts: existing ? next.conflicts.map((c) => (c.id === change.id ? conflict : c)) : [...next.conflicts, conflict] };
  return { state: next, outcome: 'conflict' };
}

/** Settles a push answer for the changes that were sent (each with the stamp of the version sent). */
export function applyPushResult(state: SyncStateData, sent: readonly PendingChange[], applied: readonly AppliedChange[], conflicts: readonly WireConflict[]): SyncStateData {
  let next = state;
  for (const done of applied) {
    const was = sent.find((p) => p.id === done.id);
    if (was === undefined) continue;
    const known = next.elements[done.id];
    if (known === undefined || done.revision >= known.revision) {
      const content = done.deleted ? null : was.content;
      next = setElement(next, { id: done.id, type: done.type, revision: done.revision, seq: done.seq, deleted: done.deleted, name: nameOf(done.type, content, known?.name ?? ''), content });
    }
    const now = next.pending.find((p) => p.id === done.id);
    if (now === undefined) continue;
    // Edited again while the push was on its way: that newer edit is now based on what was just applied.
    next = now.stamp === was.stamp ? withoutPending(next, done.id) : replacePending(next, { ...now, baseRevision: done.revision });
  }
  for (const refused of conflicts) {
    const now = next.pending.find((p) => p.id === refused.id);
    if (now === undefined) continue;
    const known = next.elements[refused.id];
    if (known === undefined || refused.server.revision > known.revision) next = setElement(next, fromServer(refused.server, now.content ?? known?.content ?? null));
    const conflict: StoredConflict = {
      id: refused.id,
      type: refused.type,
      baseRevision: now.baseRevision,
      reason: refused.reason,
      server: fromServer(refused.server, null),
      local: { deleted: now.deleted, content: now.content },
      confirmed: true,
    };
    next = replacePending(next, { ...now, status: 'conflict' });
    next = { ...next, conflicts: [...next.conflicts.filter((c) => c.id !== refused.id), conflict] };
  }
  return next;
}

/** The server refused this change (4xx): it stays, flagged, and is not sent again until edited or discarded. */
export function rejectChange(state: SyncStateData, id: string, rejection: RejectionInfo): SyncStateData {
  const pending = state.pending.find((p) => p.id === id);
  return pending === undefined ? state : replacePending(state, { ...pending, status: 'rejected', rejection });
}

/**
 * `mine`: the local version is staged again on the server's revision (pushed by the next push);
 * `theirs`: the local change is dropped and the server's version kept (with this device's current values).
 */
export function resolveConflict(state: SyncStateData, id: string, choice: 'mine' | 'theirs'): SyncStateData {
  const conflict = state.conflicts.find((c) => c.id === id);
  if (conflict === undefined) throw new SyncError('state', 'NO_SUCH_CONFLICT', `there is no open conflict for element ${id}`, { field: 'conflictId' });
  const pending = state.pending.find((p) => p.id === id);
  const known = state.elements[id];
  let next = withoutPending(state, id);
  const server = known !== undefined && known.revision > conflict.server.revision ? known : conflict.server;
  if (choice === 'theirs' || pending === undefined) {
    return setElement(next, { ...server, content: server.content === null ? null : carryCurrentValues(pending?.content ?? known?.content ?? null, server.content) });
  }
  next = setElement(next, { ...server, content: server.content === null ? null : carryCurrentValues(pending.content, server.content) });
  if (pending.deleted && server.deleted) return next;
  return replacePending({ ...next, nextStamp: next.nextStamp + 1 }, { ...pending, baseRevision: server.revision, status: 'pending', stamp: next.nextStamp });
}

/**
 * After pulling everything from 0 again (the server was reset): elements it no longer has are forgotten;
 * a pending change on an element that is gone becomes a creation (a deletion of it is dropped), and one
 * based on a revision the server no longer has becomes a conflict with the server's version.
 */
export function finishRebuild(state: SyncStateData, seen: ReadonlySet<string>): SyncStateData {
  const elements: Record<string, LocalElement> = {};
  for (const [id, element] of Object.entries(state.elements)) if (seen.has(id)) elements[id] = element;
  let next: SyncStateData = { ...state, elements };
  for (const pending of state.pending) {
    const known = elements[pending.id];
    if (known === undefined) {
      // The server no longer has it: a deletion has nothing left to do, anything else creates it again.
      next = withoutPending(next, pending.id);
      if (!pending.deleted) next = replacePending(next, { id: pending.id, type: pending.type, baseRevision: 0, deleted: false, content: pending.content, stamp: pending.stamp, status: 'pending' });
      continue;
    }
    if (pending.status !== 'conflict' && pending.baseRevision > known.revision) {
      // Confirmed: a base from the future would be refused by the server, not judged.
      const conflict: StoredConflict = { id: pending.id, type: known.type, baseRevision: pending.baseRevision, reason: 'stale', server: known, local: { deleted: pending.deleted, content: pending.content }, confirmed: true };
      next = replacePending(next, { ...pending, status: 'conflict' });
      next = { ...next, conflicts: [...next.conflicts.filter((c) => c.id !== pending.id), conflict] };
    }
  }
  return next;
}
