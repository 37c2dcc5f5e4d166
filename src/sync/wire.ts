/**
 * The sync API's wire shapes, declared again on this side (the desktop never imports src/server) as zod
 * schemas: every answer is validated before the client believes it. They mirror
 * src/server/services/elements/types.ts; unknown extra fields are tolerated and dropped.
 */
import { z } from 'zod';

export const SYNC_ELEMENT_TYPES = ['collection', 'environment', 'globals'] as const;
export type SyncElementType = (typeof SYNC_ELEMENT_TYPES)[number];

/** The one globals element of a workspace has this id. */
export const GLOBALS_ELEMENT_ID = 'globals';
/** Element ids the server accepts (chosen by the client, so offline creation works). */
export const ELEMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const PULL_MAX_LIMIT = 500;
export const PUSH_MAX_CHANGES = 100;

const seqNumber = z.number().int().nonnegative();

export const ElementTypeSchema = z.enum(SYNC_ELEMENT_TYPES);
export const ElementContentSchema = z.record(z.string(), z.unknown());
export type ElementContent = z.infer<typeof ElementContentSchema>;

export const ElementStateSchema = z.object({
  id: z.string().min(1),
  type: ElementTypeSchema,
  revision: z.number().int().positive(),
  seq: seqNumber,
  deleted: z.boolean(),
  name: z.string(),
  content: ElementContentSchema.nullable(),
  updatedAt: z.number(),
  updatedBy: z.string(),
});
export type ElementState = z.infer<typeof ElementStateSchema>;

export const PullPageSchema = z.object({
  workspaceId: z.string(),
  since: seqNumber,
  currentSeq: seqNumber,
  nextSince: seqNumber,
  hasMore: z.boolean(),
  ahead: z.boolean(),
  message: z.string().optional(),
  changes: z.array(ElementStateSchema),
});
export type PullPage = z.infer<typeof PullPageSchema>;

/** One change of a push: an upsert (content) or a deletion, based on `baseRevision` (0: a new element). */
export interface PushChange {
  readonly id: string;
  readonly type: SyncElementType;
  readonly baseRevision: number;
  readonly deleted?: boolean;
  readonly content?: ElementContent;
}

export const AppliedChangeSchema = z.object({
  id: z.string(),
  type: ElementTypeSchema,
  revision: z.number().int().positive(),
  seq: seqNumber,
  deleted: z.boolean(),
  unchanged: z.boolean(),
});
export type AppliedChange = z.infer<typeof AppliedChangeSchema>;

export const WireConflictSchema = z.object({
  id: z.string(),
  type: ElementTypeSchema,
  baseRevision: seqNumber,
  reason: z.enum(['stale', 'exists']),
  server: ElementStateSchema,
  client: z.object({ deleted: z.boolean(), content: ElementContentSchema.nullable() }),
});
export type WireConflict = z.infer<typeof WireConflictSchema>;

export const PushResultSchema = z.object({
  workspaceId: z.string(),
  currentSeq: seqNumber,
  applied: z.array(AppliedChangeSchema),
  conflicts: z.array(WireConflictSchema),
});
export type PushResult = z.infer<typeof PushResultSchema>;

/** Every error the server sends has this one shape. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string().min(1), message: z.string(), field: z.string().nullish() }),
});

/** `event: ready` and `event: change` of the live stream carry the workspace's sequence number. */
export const LiveEventDataSchema = z.object({ seq: seqNumber });
