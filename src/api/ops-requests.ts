import { z } from 'zod';
import { ProtocolProfileBehaviorSchema, RequestSchema } from '../model/index.js';
import { IdSchema } from './common.js';

/** One page of a response body; large bodies stay in main (or on disk) and are fetched page by page. */
export const BodyPageSchema = z.strictObject({
  /** `text` when the bytes decode as UTF-8 text, else `base64`. */
  encoding: z.enum(['text', 'base64']),
  data: z.string(),
  /** Byte offset of this page in the whole body. */
  offset: z.number().int().min(0),
  /** Bytes in this page. */
  length: z.number().int().min(0),
  /** Bytes in the whole (decoded) body. */
  totalSize: z.number().int().min(0),
  /** More bytes follow this page. */
  truncated: z.boolean(),
});
export type BodyPage = z.infer<typeof BodyPageSchema>;

export const HeaderPairSchema = z.tuple([z.string(), z.string()]);

export const TimingsViewSchema = z.strictObject({
  /** Milliseconds for each phase; absent when a phase did not happen (reused connection, no TLS). */
  dnsMs: z.number().min(0).optional(),
  connectMs: z.number().min(0).optional(),
  tlsMs: z.number().min(0).optional(),
  firstByteMs: z.number().min(0).optional(),
  downloadMs: z.number().min(0).optional(),
  totalMs: z.number().min(0),
});

export const PeerCertificateViewSchema = z.strictObject({
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  serialNumber: z.string(),
  fingerprint256: z.string(),
  subjectAltNames: z.array(z.string()).default([]),
});

export const TlsViewSchema = z.strictObject({
  protocol: z.string(),
  cipher: z.string(),
  alpn: z.string().nullable(),
  authorized: z.boolean(),
  /** Why the peer was not trusted, when it was not. */
  authorizationError: z.string().optional(),
  /** Leaf first. */
  peerChain: z.array(PeerCertificateViewSchema),
  clientCertificate: z.discriminatedUnion('presented', [
    z.strictObject({ presented: z.literal(true), host: z.string(), subject: z.string().optional() }),
    /** Why none was sent: no match for this host, the server did not ask, disabled. */
    z.strictObject({ presented: z.literal(false), note: z.string() }),
  ]),
});

export const RedirectViewSchema = z.strictObject({
  status: z.number().int(),
  method: z.string(),
  url: z.string(),
  location: z.string(),
});

/** Which script: its level, its event, and where it lives (`Collection`, `Folder / Sub`, `Folder / Request`). */
export const ScriptPlaceSchema = z.strictObject({
  level: z.enum(['collection', 'folder', 'request']),
  event: z.enum(['prerequest', 'test']),
  location: z.string(),
});

/** One `pm.test`, as its script recorded it. */
export const TestResultViewSchema = z.strictObject({
  name: z.string(),
  status: z.enum(['passed', 'failed', 'skipped']),
  /** Why it failed (the assertion's message). */
  message: z.string().optional(),
  script: ScriptPlaceSchema,
});

/** One `console.*` line of a script; secret values are masked. */
export const ConsoleLineViewSchema = z.strictObject({
  level: z.enum(['log', 'info', 'warn', 'error', 'debug']),
  message: z.string(),
  script: ScriptPlaceSchema,
});

/** A script that failed (syntax, exception, time or memory limit), with its line when known. */
export const ScriptErrorViewSchema = z.strictObject({
  script: ScriptPlaceSchema,
  kind: z.enum(['syntax', 'runtime', 'timeout', 'memory']),
  name: z.string(),
  message: z.string(),
  line: z.number().int().min(0).optional(),
  column: z.number().int().min(0).optional(),
});

/** What the scripts around a send did, in the order they ran. */
export const ScriptResultsViewSchema = z.strictObject({
  tests: z.array(TestResultViewSchema),
  console: z.array(ConsoleLineViewSchema),
  errors: z.array(ScriptErrorViewSchema),
});
export type ScriptResultsView = z.infer<typeof ScriptResultsViewSchema>;

/** A response as the renderer shows it. Secrets never appear: it is what the server sent back. */
export const ResponseViewSchema = z.strictObject({
  /** Handle for `requests.body` (more pages) and for history. */
  responseId: IdSchema,
  status: z.number().int(),
  statusText: z.string(),
  /** Raw order and case, repeats kept. */
  headers: z.array(HeaderPairSchema),
  body: BodyPageSchema,
  sizes: z.strictObject({
    headersBytes: z.number().int().min(0),
    bodyBytes: z.number().int().min(0),
    /** Bytes on the wire before decompression, when known. */
    encodedBodyBytes: z.number().int().min(0).optional(),
  }),
  timings: TimingsViewSchema,
  /** Absent for plain HTTP. */
  tls: TlsViewSchema.optional(),
  redirects: z.array(RedirectViewSchema),
  /** `{{names}}` no scope defined; sent as written. */
  unresolvedVariables: z.array(z.string()),
  /** One line each: auth left out because a credential is empty, a header dropped, … */
  warnings: z.array(z.string()).default([]),
  /** The final URL and method actually sent (after variables and redirects). */
  finalUrl: z.string(),
  method: z.string(),
  /** Tests, console lines and errors of the pre-request and test scripts; absent when no script ran. */
  scripts: ScriptResultsViewSchema.optional(),
});
export type ResponseView = z.infer<typeof ResponseViewSchema>;

export const requestOperations = {
  'requests.send': {
    description: 'Send one request as edited: its collection, folder and own pre-request scripts, then the request (variables resolved from its collection, folder and environment), then the test scripts.',
    input: z.strictObject({
      /** Chosen by the renderer so `requests.cancel` can name this send before it returns. */
      sendId: IdSchema,
      workspaceId: IdSchema,
      request: RequestSchema,
      /** Where the request lives, for inherited auth, variables, scripts and TLS settings; null for a scratch request. */
      collectionId: IdSchema.nullable().default(null),
      folderId: IdSchema.nullable().default(null),
      itemId: IdSchema.nullable().default(null),
      environmentId: IdSchema.nullable().default(null),
      /** The request's own scripts as edited; absent: the saved item's. */
      scripts: z.strictObject({ prerequest: z.string().optional(), test: z.string().optional() }).optional(),
      /** The request's own settings as edited (TLS, redirects, timeout); absent: the saved item's. */
      protocolProfileBehavior: ProtocolProfileBehaviorSchema.optional(),
      /** The request's name as the tab shows it, for script messages and `pm.info.requestName`. */
      name: z.string().optional(),
      /** Bytes of body in the first page. */
      pageSize: z.number().int().min(1).max(16 * 1024 * 1024).default(1024 * 1024),
    }),
    output: ResponseViewSchema,
  },
  'requests.cancel': {
    description: 'Abort a send that is still in flight.',
    input: z.strictObject({ sendId: IdSchema }),
    output: z.strictObject({ cancelled: z.boolean() }),
  },
  'requests.body': {
    description: 'Read another page of a response body kept by main.',
    input: z.strictObject({
      responseId: IdSchema,
      offset: z.number().int().min(0),
      length: z.number().int().min(1).max(16 * 1024 * 1024),
    }),
    output: BodyPageSchema,
  },
} as const;
