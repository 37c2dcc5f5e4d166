import { z } from 'zod';
import { HeaderPairSchema } from './ops-requests.js';

/** Where a run is: iteration and position, both 0-based, with their totals. */
const CursorSchema = z.strictObject({
  iteration: z.number().int().min(0),
  iterationCount: z.number().int().min(1),
  position: z.number().int().min(0),
  length: z.number().int().min(0),
});

/** An item by id and name; `path` is the folder path shown to people (`Folder / Sub / Request`). */
const ItemRefSchema = z.strictObject({ id: z.string(), name: z.string(), path: z.string() });

/** A run error without its stack: name, message and the code when there is one. */
const RunErrorViewSchema = z.strictObject({
  name: z.string(),
  message: z.string(),
  code: z.string().optional(),
});

const StatCounterSchema = z.strictObject({
  total: z.number().int().min(0),
  pending: z.number().int().min(0),
  failed: z.number().int().min(0),
});

export const RunStatsViewSchema = z.strictObject({
  iterations: StatCounterSchema,
  items: StatCounterSchema,
  requests: StatCounterSchema,
  assertions: StatCounterSchema,
  testScripts: StatCounterSchema,
  prerequestScripts: StatCounterSchema,
});

/** The runner's events as the renderer needs them: summaries only, never bodies or stacks. */
export const RunEventViewSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('start'),
    collection: z.strictObject({ id: z.string(), name: z.string() }),
    iterationCount: z.number().int().min(1),
    requestCount: z.number().int().min(0),
  }),
  z.strictObject({ type: z.literal('beforeItem'), cursor: CursorSchema, item: ItemRefSchema }),
  z.strictObject({
    type: z.literal('request'),
    cursor: CursorSchema,
    item: ItemRefSchema,
    request: z.strictObject({ method: z.string(), url: z.string() }).optional(),
    response: z
      .strictObject({
        code: z.number().int(),
        status: z.string(),
        headers: z.array(HeaderPairSchema),
        responseTimeMs: z.number().min(0),
        responseSize: z.number().int().min(0),
      })
      .optional(),
    error: RunErrorViewSchema.optional(),
    unresolved: z.array(z.string()),
    warnings: z.array(z.string()),
  }),
  z.strictObject({
    type: z.literal('assertion'),
    cursor: CursorSchema,
    item: ItemRefSchema,
    index: z.number().int().min(0),
    assertion: z.string(),
    skipped: z.boolean(),
    error: RunErrorViewSchema.optional(),
  }),
  z.strictObject({
    type: z.literal('item'),
    cursor: CursorSchema,
    item: ItemRefSchema,
    passed: z.boolean(),
    skipped: z.boolean(),
  }),
  z.strictObject({
    type: z.literal('done'),
    stats: RunStatsViewSchema,
    failures: z.array(z.strictObject({ item: ItemRefSchema, at: z.string(), error: RunErrorViewSchema })),
    durationMs: z.number().min(0),
    stopped: z.enum(['cancelled', 'timeout', 'bail']).nullable(),
    error: RunErrorViewSchema.nullable(),
  }),
]);
export type RunEventView = z.infer<typeof RunEventViewSchema>;

export const EVENTS = {
  'runner.progress': {
    description: 'Progress of a collection run started with runner.start.',
    payload: z.strictObject({ runId: z.string(), event: RunEventViewSchema }),
  },
  'sync.status': {
    description: 'State of the team-server sync client.',
    payload: z.strictObject({
      state: z.enum(['offline', 'syncing', 'synced', 'error']),
      /** One line for a person, e.g. why sync failed. */
      message: z.string().optional(),
      /** ISO time of the last successful sync. */
      lastSyncedAt: z.string().optional(),
    }),
  },
} as const;
