import { z } from 'zod';
import { JsonValueSchema } from './key-value.js';

/** Postman's auth types. `noauth` stops inheritance; an absent auth inherits from the parent. */
export const AUTH_TYPES = [
  'noauth',
  'basic',
  'bearer',
  'apikey',
  'digest',
  'oauth1',
  'oauth2',
  'awsv4',
  'hawk',
  'ntlm',
  'akamai',
  'edgegrid',
  'jwt',
  'asap',
] as const;
export const AuthTypeSchema = z.enum(AUTH_TYPES);
export type AuthType = z.infer<typeof AuthTypeSchema>;

/**
 * Auth settings: the type and its parameters by name (Postman's attribute keys, e.g. `username`,
 * `token`, `in`). Values are usually strings holding `{{variables}}`; some Postman types store
 * booleans or objects, which are kept as JSON.
 */
export const AuthSchema = z.object({
  type: AuthTypeSchema,
  params: z.record(z.string(), JsonValueSchema).default({}),
});
export type Auth = z.infer<typeof AuthSchema>;
