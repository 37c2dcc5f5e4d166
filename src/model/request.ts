import { z } from 'zod';
import { AuthSchema } from './auth.js';
import { BodySchema } from './body.js';
import { KeyValueSchema } from './key-value.js';

/** An HTTP token (RFC 9110): standard and custom methods alike. */
export const MethodSchema = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a method is one HTTP token, e.g. GET or PURGE');

/**
 * A request as a user edits it: text may hold `{{variables}}`. The URL is kept without its query;
 * `query` holds every parameter, enabled or not, in order.
 */
export const RequestSchema = z.object({
  method: MethodSchema.default('GET'),
  url: z.string(),
  query: z.array(KeyValueSchema).default([]),
  /** Values for `:name` path segments. */
  pathVariables: z.array(KeyValueSchema).default([]),
  headers: z.array(KeyValueSchema).default([]),
  body: BodySchema.default({ mode: 'none' }),
  /** Absent: inherit from the folder or collection. */
  auth: AuthSchema.optional(),
  description: z.string().optional(),
});
export type Request = z.infer<typeof RequestSchema>;
export type RequestInput = z.input<typeof RequestSchema>;
