import { z } from 'zod';
import { FileTextSchema, IdSchema } from './common.js';

export const runnerOperations = {
  'runner.start': {
    description: 'Start a collection run; progress arrives as `runner.progress` events carrying the run id.',
    input: z.strictObject({
      collectionId: IdSchema,
      /** Folder or request ids to run, in order; empty runs the whole collection. */
      itemIds: z.array(IdSchema).default([]),
      environmentId: IdSchema.nullable().default(null),
      iterationCount: z.number().int().min(1).optional(),
      /** A CSV or JSON data file: one iteration per row. */
      data: FileTextSchema.optional(),
      delayRequestMs: z.number().int().min(0).default(0),
      timeoutMs: z.number().int().min(0).optional(),
      bail: z.boolean().default(false),
      /** Write script changes to current values back to the environment and globals. */
      persistVariables: z.boolean().default(false),
    }),
    output: z.strictObject({ runId: IdSchema }),
  },
  'runner.cancel': {
    description: 'Stop a run; a final `done` event reports it as cancelled.',
    input: z.strictObject({ runId: IdSchema }),
    output: z.strictObject({ cancelled: z.boolean() }),
  },
} as const;
