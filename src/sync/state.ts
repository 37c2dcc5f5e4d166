/**
 * The sync client's local state for one workspace, and the small store interface it lives behind (the
 * memory store is here; the JSON file store is in file-state.ts). The state knows the last pulled change
 * sequence, every element as the server last had it (with this device's current values kept), the
 * pending local changes with the revision each was based on, and the open conflicts.
 */
import { z } from 'zod';
import { ElementContentSchema, ElementTypeSchema, type ElementContent, type SyncElementType } from './wire.js';

export const SYNC_STATE_VERSION = 1;

/** An element as the server last had it (content carries this device's current values). */
export interface LocalElement {
  readonly id: string;
  readonly type: SyncElementType;
  readonly revision: number;
  readonly seq: number;
  readonly deleted: boolean;
  readonly name: string;
  readonly content: ElementContent | null;
}

export type PendingStatus = 'pending' | 'rejected' | 'conflict';

export interface RejectionInfo {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly status?: number;
}

/** A local change not yet on the server. */
export interface PendingChange {
  readonly id: string;
  readonly type: SyncElementType;
  /** The server revision this change was made on (0: a new element). */
  readonly baseRevision: number;
  readonly deleted: boolean;
  /** The local version, current values included (they are stripped only on the way out). */
  readonly content: ElementContent | null;
  /** Grows on every local edit: a push answer only settles the version that was sent. */
  readonly stamp: number;
  /** `rejected`: the server refused it (4xx), not retried until edited again; `conflict`: waits for resolve(). */
  readonly status: PendingStatus;
  readonly rejection?: RejectionInfo;
}

/** Someone else changed an element this device has a pending change for. Its id is the element id. */
export interface StoredConflict {
  readonly id: string;
  readonly type: SyncElementType;
  readonly baseRevision: number;
  readonly reason: 'stale' | 'exists';
  /** The server's version. */
  readonly server: LocalElement;
  /** This device's version. */
  readonly local: { readonly deleted: boolean; readonly content: ElementContent | null };
  /**
   * False for a conflict found by a pull: the server has not judged it yet. The next push sends it once on
   * its old base (never applied over the newer version): the server either confirms the conflict or finds
   * that its canonical version is the same as the local one, and the change settles.
   */
  readonly confirmed: boolean;
}

export interface SyncStateData {
  readonly version: typeof SYNC_STATE_VERSION;
  readonly workspaceId: string;
  /** Pull resumes after this change sequence number. */
  readonly lastSeq: number;
  readonly nextStamp: number;
  readonly elements: Readonly<Record<string, LocalElement>>;
  /** In the order they were first made. */
  readonly pending: readonly PendingChange[];
  readonly conflicts: readonly StoredConflict[];
}

/** Where the state lives between runs. `load` answers null when nothing was saved yet. */
export interface SyncStateStore {
  load(): Promise<SyncStateData | null>;
  save(state: SyncStateData): Promise<void>;
}

export function emptySyncState(workspaceId: string): SyncStateData {
  return { version: SYNC_STATE_VERSION, workspaceId, lastSeq: 0, nextStamp: 1, elements: {}, pending: [], conflicts: [] };
}

const count = z.number().int().nonnegative();

const LocalElementSchema = z.object({
  id: z.string().min(1),
  type: ElementTypeSchema,
  revision: count,
  seq: count,
  deleted: z.boolean(),
  name: z.string(),
  content: ElementContentSchema.nullable(),
});

const PendingChangeSchema = z.object({
  id: z.string().min(1),
  type: ElementTypeSchema,
  baseRevision: count,
  deleted: z.boolean(),
  content: ElementContentSchema.nullable(),
  stamp: count,
  status: z.enum(['pending', 'rejected', 'conflict']),
  rejection: z
    .object({ code: z.string(), message: z.string(), field: z.string().optional(), status: z.number().optional() })
    .optional(),
});

const StoredConflictSchema = z.object({
  id: z.string().min(1),
  type: ElementTypeSchema,
  baseRevision: count,
  reason: z.enum(['stale', 'exists']),
  server: LocalElementSchema,
  local: z.object({ deleted: z.boolean(), content: ElementContentSchema.nullable() }),
  confirmed: z.boolean(),
});

export const SyncStateSchema = z.object({
  version: z.literal(SYNC_STATE_VERSION),
  workspaceId: z.string().min(1),
  lastSeq: count,
  nextStamp: count,
  elements: z.record(z.string(), LocalElementSchema),
  pending: z.array(PendingChangeSchema),
  conflicts: z.array(StoredConflictSchema),
});

/** Keeps the state in memory (tests, and clients that sync without a disk). Saved copies are detached. */
export function memorySyncState(initial: SyncStateData | null = null): SyncStateStore & { snapshot(): SyncStateData | null } {
  let saved: SyncStateData | null = initial === null ? null : structuredClone(initial);
  return {
    async load() {
      return saved === null ? null : structuredClone(saved);
    },
    async save(state) {
      saved = structuredClone(state);
    },
    snapshot() {
      return saved === null ? null : structuredClone(saved);
    },
  };
}
