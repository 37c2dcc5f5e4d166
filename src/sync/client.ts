/**
 * The sync client the desktop app uses for one workspace: pull (paged, resumable), push (pending local
 * changes, current values stripped), conflicts returned to the caller to decide, offline survival, and
 * live following. Local changes are recorded at once; network work runs one operation at a time.
 */
import { applyPulled, applyPushResult, discardChange, finishRebuild, nameOf, rejectChange, resolveConflict, stageChange, type LocalChangeInput } from './bookkeeping.js';
import { stripCurrentValues } from './current-values.js';
import { isOffline, SyncError } from './errors.js';
import { createSyncHttp, type SyncHttp } from './http.js';
import { defaultLiveTimers, followLive, type LiveOptions, type LiveTimers } from './live.js';
import { emptySyncState, type LocalElement, type PendingChange, type StoredConflict, type SyncStateData, type SyncStateStore } from './state.js';
import { PULL_MAX_LIMIT, PUSH_MAX_CHANGES, type AppliedChange, type ElementContent, type PushChange, type SyncElementType } from './wire.js';

/** Timers for reconnection backoff (tests pass their own). */
export type SyncClock = LiveTimers;

export interface SyncClientOptions {
  readonly baseUrl: string;
  /** A session token or an API key: sent as `Authorization: Bearer …`. */
  readonly token: string;
  readonly workspaceId: string;
  readonly state: SyncStateStore;
  readonly fetch?: typeof fetch;
  readonly clock?: SyncClock;
  /** Changes per pull page (default 200, at most 500). */
  readonly pullLimit?: number;
  readonly requestTimeoutMs?: number;
}

export type SyncConflict = StoredConflict;

export interface PullSummary {
  /** Changes applied from the server. */
  readonly pulled: number;
  /** Of those, how many ran into a pending local change and became (or updated) a conflict. */
  readonly conflicts: number;
  /** The server was behind this device's state (reset): everything was pulled again from 0. */
  readonly rebuilt: boolean;
  readonly lastSeq: number;
}

export interface RejectedChange {
  readonly id: string;
  readonly error: SyncError;
}

export interface PushSummary {
  readonly applied: readonly AppliedChange[];
  /** Conflicts this push ran into: nothing was applied over someone else's edit. */
  readonly conflicts: readonly SyncConflict[];
  /** Changes the server refused (4xx): flagged, kept, not sent again until edited or discarded. */
  readonly rejected: readonly RejectedChange[];
}

export interface SyncSummary {
  readonly pulled: number;
  readonly pushed: number;
  /** Every open conflict after this sync. */
  readonly conflicts: readonly SyncConflict[];
  readonly rejected: readonly RejectedChange[];
  /** The server could not be reached (or answered 5xx): nothing was lost, the next sync resumes. */
  readonly offline: boolean;
  /** Why it was offline. */
  readonly error?: SyncError;
}

/** What the device has for an element: its pending version when there is one, else the server's. */
export interface LocalView {
  readonly id: string;
  readonly type: SyncElementType;
  readonly name: string;
  readonly deleted: boolean;
  readonly content: ElementContent | null;
  /** The server revision this is (or is based on); 0 for an element the server does not have yet. */
  readonly revision: number;
  readonly status: 'synced' | PendingChange['status'];
}

export interface SyncClient {
  pull(): Promise<PullSummary>;
  push(): Promise<PushSummary>;
  sync(): Promise<SyncSummary>;
  stage(change: { id: string; type: SyncElementType; deleted?: boolean; content?: ElementContent | null }): Promise<void>;
  upsert(id: string, type: SyncElementType, content: ElementContent): Promise<void>;
  remove(id: string): Promise<void>;
  /** Forget the local change of an element (and its conflict or rejection). */
  discard(id: string): Promise<void>;
  resolve(conflictId: string, choice: 'mine' | 'theirs'): Promise<void>;
  /** Follow the live stream and pull on every change; returns stop. */
  live(options?: LiveOptions & { onPulled?: (summary: PullSummary) => void }): () => Promise<void>;
  conflicts(): Promise<readonly SyncConflict[]>;
  pending(): Promise<readonly PendingChange[]>;
  elements(): Promise<readonly LocalView[]>;
  element(id: string): Promise<LocalView | null>;
  lastSeq(): Promise<number>;
}

const DEFAULT_PULL_LIMIT = 200;
const CHANGE_FIELD = /^changes\[(\d+)\]/;

function viewOf(element: LocalElement | undefined, pending: PendingChange | undefined): LocalView | null {
  if (pending !== undefined) {
    return {
      id: pending.id,
      type: pending.type,
      name: nameOf(pending.type, pending.content, element?.name ?? ''),
      deleted: pending.deleted,
      content: pending.content,
      revision: pending.baseRevision,
      status: pending.status,
    };
  }
  if (element === undefined) return null;
  return { id: element.id, type: element.type, name: element.name, deleted: element.deleted, content: element.content, revision: element.revision, status: 'synced' };
}

/** The server's 413 for a push of `change` alone, said of that change: it cannot be pushed as it is. */
function tooLargeAlone(change: PendingChange, error: SyncError): SyncError {
  const name = nameOf(change.type, change.content, change.id);
  return new SyncError('refused', error.code, `${change.type} "${name}" is larger than the server accepts in one push; make it smaller to sync it`, {
    ...(error.status !== undefined ? { status: error.status } : {}),
    cause: error,
  });
}

function toWire(pending: PendingChange): PushChange {
  if (pending.deleted) return { id: pending.id, type: pending.type, baseRevision: pending.baseRevision, deleted: true };
  return { id: pending.id, type: pending.type, baseRevision: pending.baseRevision, content: stripCurrentValues(pending.content ?? {}) };
}

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const http: SyncHttp = createSyncHttp(options);
  const clock = options.clock ?? defaultLiveTimers;
  const pullLimit = Math.max(1, Math.min(PULL_MAX_LIMIT, options.pullLimit ?? DEFAULT_PULL_LIMIT));
  let current: SyncStateData | null = null;
  let loading: Promise<SyncStateData> | null = null;
  let saving: Promise<void> = Promise.resolve();
  let network: Promise<unknown> = Promise.resolve();

  function ready(): Promise<SyncStateData> {
    if (current !== null) return Promise.resolve(current);
    loading ??= (async () => {
      const loaded = await options.state.load();
      if (loaded !== null && loaded.workspaceId !== options.workspaceId) {
        throw new SyncError('state', 'STATE_MISMATCH', `the sync state given belongs to workspace ${loaded.workspaceId}, not ${options.workspaceId}`);
      }
      current ??= loaded ?? emptySyncState(options.workspaceId);
      return current;
    })().finally(() => {
      loading = null;
    });
    return loading;
  }

  /** Makes `next` the state and saves it (saves run in order; the last one stays). */
  function commit(next: SyncStateData): Promise<void> {
    current = next;
    const write = saving.then(() => options.state.save(next));
    saving = write.catch(() => undefined);
    return write;
  }

  /** Network operations run one at a time, in the order asked. */
  function exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = network.then(run, run);
    network = result.catch(() => undefined);
    return result;
  }

  function badAnswer(message: string): SyncError {
    return new SyncError('bad-answer', 'BAD_ANSWER', message);
  }

  /** Pulls every page from `start.lastSeq`; `rebuild` accepts the server's revisions even when lower. */
  async function pullPages(start: SyncStateData, rebuild: boolean, onPage: (state: SyncStateData, pulled: number) => Promise<void>): Promise<{ state: SyncStateData; pulled: number; conflicts: number; ahead: boolean; seen: Set<string> }> {
    let state = start;
    let pulled = 0;
    let conflicts = 0;
    const seen = new Set<string>();
    for (;;) {
      const since = state.lastSeq;
      const page = await http.pullPage(since, pullLimit);
      if (page.workspaceId !== options.workspaceId) throw badAnswer(`pull: the server answered for workspace ${page.workspaceId}, not ${options.workspaceId}`);
      if (page.ahead) {
        if (since === 0) throw badAnswer('pull: the server says 0 is beyond its latest change');
        return { state, pulled, conflicts, ahead: true, seen };
      }
      if (page.nextSince < since || (page.hasMore && page.nextSince === since)) throw badAnswer(`pull: the server's next sequence ${page.nextSince} does not move past ${since}`);
      const changes = [...page.changes].sort((a, b) => a.seq - b.seq);
      let pagePulled = 0;
      for (const change of changes) {
        const applied = applyPulled(state, change, rebuild);
        state = applied.state;
        seen.add(change.id);
        if (applied.outcome !== 'skipped') pagePulled += 1;
        if (applied.outcome === 'conflict') conflicts += 1;
      }
      pulled += pagePulled;
      state = { ...state, lastSeq: page.nextSince };
      await onPage(state, pagePulled);
      if (!page.hasMore) return { state, pulled, conflicts, ahead: false, seen };
    }
  }

  /** `progress.pulled` counts saved changes as they land, so an interrupted sync can still say how many. */
  async function pullNow(progress: { pulled: number } = { pulled: 0 }): Promise<PullSummary> {
    const start = await ready();
    // Each page is saved as it lands: an interrupted pull continues from the last saved page.
    const first = await pullPages(start, false, async (state, pagePulled) => {
      await commit(state);
      progress.pulled += pagePulled;
    });
    if (!first.ahead) return { pulled: first.pulled, conflicts: first.conflicts, rebuilt: false, lastSeq: first.state.lastSeq };
    // The server was reset: pull everything again into a working copy, saved only once complete.
    const rebuilt = await pullPages({ ...(current ?? first.state), lastSeq: 0 }, true, async () => undefined);
    progress.pulled += rebuilt.pulled;
    if (rebuilt.ahead) throw badAnswer('pull: the server keeps saying the pull is ahead of it');
    // Local edits made during the rebuild are kept: the pending list of the newest state wins.
    const latest = current ?? rebuilt.state;
    const merged = finishRebuild({ ...rebuilt.state, pending: latest.pending, conflicts: latest.conflicts, nextStamp: latest.nextStamp }, rebuilt.seen);
    await commit(merged);
    return { pulled: rebuilt.pulled, conflicts: rebuilt.conflicts, rebuilt: true, lastSeq: merged.lastSeq };
  }

  async function pushNow(): Promise<PushSummary> {
    await ready();
    const applied: AppliedChange[] = [];
    const conflictIds: string[] = [];
    const rejected: RejectedChange[] = [];
    // Each version is sent at most once per push: a server that ignores a change cannot make this loop.
    const sent = new Map<string, number>();
    // Halved each time the server finds a push body too large, down to one change a push.
    let batchSize = PUSH_MAX_CHANGES;
    for (;;) {
      const state = current ?? (await ready());
      const unjudged = new Set(state.conflicts.filter((c) => !c.confirmed).map((c) => c.id));
      const sendable = (p: PendingChange): boolean => p.status === 'pending' || (p.status === 'conflict' && unjudged.has(p.id));
      const batch = state.pending.filter((p) => sendable(p) && sent.get(p.id) !== p.stamp).slice(0, batchSize);
      if (batch.length === 0) break;
      let result;
      try {
        result = await http.push(batch.map(toWire));
      } catch (error) {
        const tooLarge = error instanceof SyncError && error.status === 413;
        if (tooLarge && batch.length > 1) {
          batchSize = Math.floor(batch.length / 2);
          continue;
        }
        const index = error instanceof SyncError && error.kind === 'refused' ? CHANGE_FIELD.exec(error.field ?? '')?.[1] : undefined;
        // A change too large alone can never be pushed: flag it like a malformed one, and push the others.
        const blamed = tooLarge ? batch[0] : index === undefined ? undefined : batch[Number(index)];
        if (blamed === undefined || !(error instanceof SyncError)) throw error;
        const reason = tooLarge ? tooLargeAlone(blamed, error) : error;
        await commit(rejectChange(current ?? state, blamed.id, reason.toJSON()));
        sent.set(blamed.id, blamed.stamp);
        rejected.push({ id: blamed.id, error: reason });
        continue;
      }
      if (result.workspaceId !== options.workspaceId) throw badAnswer(`push: the server answered for workspace ${result.workspaceId}, not ${options.workspaceId}`);
      for (const change of batch) sent.set(change.id, change.stamp);
      await commit(applyPushResult(current ?? state, batch, result.applied, result.conflicts));
      applied.push(...result.applied.filter((a) => batch.some((p) => p.id === a.id)));
      conflictIds.push(...result.conflicts.map((c) => c.id));
    }
    const open = (current ?? (await ready())).conflicts;
    return { applied, conflicts: open.filter((c) => conflictIds.includes(c.id)), rejected };
  }

  async function local(change: (state: SyncStateData) => SyncStateData): Promise<void> {
    const state = await ready();
    await commit(change(current ?? state));
  }

  const client: SyncClient = {
    pull: () => exclusive(() => pullNow()),
    push: () => exclusive(pushNow),
    sync: () =>
      exclusive(async () => {
        const progress = { pulled: 0 };
        let pushed = 0;
        const rejected: RejectedChange[] = [];
        try {
          await pullNow(progress);
          const push = await pushNow();
          pushed = push.applied.length;
          rejected.push(...push.rejected);
          // Our own changes come back with the server's canonical content and move lastSeq past them.
          if (pushed > 0) await pullNow(progress);
        } catch (error) {
          if (!isOffline(error)) throw error;
          const state = current ?? (await ready());
          return { pulled: progress.pulled, pushed, conflicts: state.conflicts, rejected, offline: true, error: error as SyncError };
        }
        const state = current ?? (await ready());
        return { pulled: progress.pulled, pushed, conflicts: state.conflicts, rejected, offline: false };
      }),
    stage(change) {
      const input: LocalChangeInput = { id: change.id, type: change.type, deleted: change.deleted ?? false, content: change.content ?? null };
      return local((state) => stageChange(state, input));
    },
    upsert(id, type, content) {
      return client.stage({ id, type, content });
    },
    async remove(id) {
      const state = await ready();
      const known = state.elements[id] ?? state.pending.find((p) => p.id === id);
      if (known === undefined) return;
      await local((s) => stageChange(s, { id, type: known.type, deleted: true, content: null }));
    },
    discard(id) {
      return local((state) => discardChange(state, id));
    },
    resolve(conflictId, choice) {
      return local((state) => resolveConflict(state, conflictId, choice));
    },
    live(liveOptions = {}) {
      let pulling: Promise<void> | null = null;
      let again = false;
      const schedulePull = (): void => {
        if (pulling !== null) {
          again = true;
          return;
        }
        pulling = (async () => {
          do {
            again = false;
            try {
              const summary = await client.pull();
              liveOptions.onPulled?.(summary);
            } catch (error) {
              liveOptions.onError?.(error);
            }
          } while (again);
        })().finally(() => {
          pulling = null;
        });
      };
      const stopFollowing = followLive(http, (seq) => {
        if (current === null || seq !== current.lastSeq) schedulePull();
      }, liveOptions, clock);
      return async () => {
        await stopFollowing();
        await pulling;
      };
    },
    async conflicts() {
      return (await ready()).conflicts;
    },
    async pending() {
      return (await ready()).pending;
    },
    async elements() {
      const state = await ready();
      const ids = new Set([...Object.keys(state.elements), ...state.pending.map((p) => p.id)]);
      return [...ids].flatMap((id) => {
        const view = viewOf(state.elements[id], state.pending.find((p) => p.id === id));
        return view === null ? [] : [view];
      });
    },
    async element(id) {
      const state = await ready();
      return viewOf(state.elements[id], state.pending.find((p) => p.id === id));
    },
    async lastSeq() {
      return (await ready()).lastSeq;
    },
  };
  return client;
}
