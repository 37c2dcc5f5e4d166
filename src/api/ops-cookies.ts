import { z } from 'zod';
import { TimestampSchema } from './common.js';

/** One cookie in the app's jar, as the cookie manager shows it. */
export const CookieViewSchema = z.strictObject({
  domain: z.string(),
  path: z.string(),
  name: z.string(),
  value: z.string(),
  /** Null for a session cookie: it is sent until the app closes and is not kept across restarts. */
  expires: TimestampSchema.nullable(),
  /** Sent only to this exact host (the response set no Domain attribute). */
  hostOnly: z.boolean(),
  secure: z.boolean(),
  httpOnly: z.boolean(),
  sameSite: z.string().nullable(),
});
export type CookieView = z.infer<typeof CookieViewSchema>;

export const CookieDomainSchema = z.strictObject({
  domain: z.string(),
  cookies: z.array(CookieViewSchema),
});

export const cookieOperations = {
  'cookies.list': {
    description: "The app's cookie jar, grouped by domain (one domain when given).",
    input: z.strictObject({ domain: z.string().min(1).optional() }),
    output: z.strictObject({ domains: z.array(CookieDomainSchema) }),
  },
  'cookies.delete': {
    description: 'Remove one cookie, named by its domain, path and name.',
    input: z.strictObject({ domain: z.string().min(1), path: z.string().min(1), name: z.string() }),
    output: z.strictObject({ removed: z.boolean() }),
  },
  'cookies.clear': {
    description: "Remove every cookie of a domain, or the whole jar when no domain is given.",
    input: z.strictObject({ domain: z.string().min(1).optional() }),
    output: z.strictObject({ removed: z.number().int().min(0) }),
  },
} as const;
