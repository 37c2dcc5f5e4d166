/**
 * Elements and sync (issue 7 §2): what the elements service takes and answers. A workspace holds
 * collections, environments and one globals element, each stored in Postman shape (collection v2.1,
 * environment/globals export) with a revision; every applied change takes the workspace's next change
 * sequence number. Pull reads changes since a sequence number; push applies changes that name the
 * revision they were based on, and returns conflicts instead of overwriting someone else's edit.
 */
export const SYNC_ELEMENT_TYPES = ['collection', 'environment', 'globals'] as const;
export type SyncElementType = (typeof SYNC_ELEMENT_TYPES)[number];

/** The one globals element of a workspace has this id. */
export const GLOBALS_ELEMENT_ID = 'globals';

/** Client-chosen element ids (offline clients create elements): UUIDs and similar fit. */
export const ELEMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const PULL_DEFAULT_LIMIT = 100;
export const PULL_MAX_LIMIT = 500;
export const PUSH_MAX_CHANGES = 100;

/** A JSON object as sent and stored (Postman shape). */
export type ElementContent = Record<string, unknown>;

/** One element as the server has it now (a tombstone has `deleted: true` and no content). */
export interface ElementState {
  readonly id: string;
  readonly type: SyncElementType;
  /** 1 on creation, +1 on every applied change (a deletion too). */
  readonly revision: number;
  /** The workspace change sequence number of the element's last change. */
  readonly seq: number;
  readonly deleted: boolean;
  /** Collection: `info.name`; environment and globals: `name`. Kept for tombstones too. */
  readonly name: string;
  readonly content: ElementContent | null;
  readonly updatedAt: number;
  /** User id of whoever made the last change. */
  readonly updatedBy: string;
}

export interface PullPage {
  readonly workspaceId: string;
  /** The `since` asked for. */
  readonly since: number;
  /** The workspace's latest change sequence number. */
  readonly currentSeq: number;
  /** Ask again with this as `since` (the seq of the last change this page covered). */
  readonly nextSince: number;
  /** More changes remain after nextSince. */
  readonly hasMore: boolean;
  /** `since` is beyond currentSeq: nothing is returned and `message` says so (the client should pull from 0). */
  readonly ahead: boolean;
  readonly message?: string;
  /** Ascending by seq; each element's latest state. Elements the caller may not view are left out. */
  readonly changes: readonly ElementState[];
}

/** One change of a push: an upsert (content) or a deletion (`deleted: true`), based on `baseRevision` (0: a new element). */
export interface PushChange {
  readonly id: string;
  readonly type: SyncElementType;
  readonly baseRevision: number;
  readonly deleted?: boolean;
  readonly content?: ElementContent;
}

export interface AppliedChange {
  readonly id: string;
  readonly type: SyncElementType;
  readonly revision: number;
  readonly seq: number;
  readonly deleted: boolean;
  /** True when the server already had exactly this (a retried push whose answer was lost): nothing new was written. */
  readonly unchanged: boolean;
}

export interface SyncConflict {
  readonly id: string;
  readonly type: SyncElementType;
  readonly baseRevision: number;
  /** `stale`: someone changed it since baseRevision; `exists`: a new element's id is taken. */
  readonly reason: 'stale' | 'exists';
  /** The server's version, which the change was not applied over. */
  readonly server: ElementState;
  /** What the client sent. */
  readonly client: { readonly deleted: boolean; readonly content: ElementContent | null };
}

export interface PushResult {
  readonly workspaceId: string;
  /** The workspace's change sequence after the push. */
  readonly currentSeq: number;
  readonly applied: readonly AppliedChange[];
  readonly conflicts: readonly SyncConflict[];
}
