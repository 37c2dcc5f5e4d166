import { z } from 'zod';
import { RequestSchema } from '../model/index.js';
import { IdSchema, TimestampSchema } from './common.js';
import { WireErrorSchema } from './errors.js';
import { ResponseViewSchema } from './ops-requests.js';

export const HistoryEntrySchema = z.strictObject({
  id: IdSchema,
  at: TimestampSchema,
  method: z.string(),
  url: z.string(),
  /** Null when no response came back (see errorCode). */
  status: z.number().int().nullable(),
  durationMs: z.number().min(0).nullable(),
  errorCode: z.string().optional(),
});

export const historyOperations = {
  'history.list': {
    description: 'Sent requests of a workspace, newest first, a page at a time.',
    input: z.strictObject({
      workspaceId: IdSchema,
      limit: z.number().int().min(1).max(1000).default(100),
      /** The `nextCursor` of the previous page. */
      cursor: z.string().optional(),
      /** Case-insensitive text in the URL. */
      search: z.string().optional(),
    }),
    output: z.strictObject({ entries: z.array(HistoryEntrySchema), nextCursor: z.string().nullable() }),
  },
  'history.get': {
    description: 'One history entry: the request as sent and its response or error.',
    input: z.strictObject({
      entryId: IdSchema,
      /** Bytes of body in the first page; more through `requests.body` with the response's id. */
      pageSize: z.number().int().min(1).max(16 * 1024 * 1024).default(1024 * 1024),
    }),
    output: z.strictObject({
      entry: HistoryEntrySchema,
      request: RequestSchema,
      response: ResponseViewSchema.nullable(),
      /**
       * Set when the body was larger than history keeps (5 MB by default): only its first `keptBytes`
       * were kept. The response's warnings say so too.
       */
      bodyTruncated: z.strictObject({ keptBytes: z.number().int().min(0), totalBytes: z.number().int().min(0) }).nullable(),
      error: WireErrorSchema.nullable(),
    }),
  },
  'history.clear': {
    description: "Remove a workspace's history (and the disk space its kept bodies took).",
    input: z.strictObject({ workspaceId: IdSchema }),
    output: z.strictObject({ removed: z.number().int().min(0) }),
  },
} as const;
