import { z } from 'zod';
import type { ResponseView } from '../api/index.js';
import { RedirectViewSchema, TimingsViewSchema, TlsViewSchema } from '../api/ops-requests.js';

/**
 * What history keeps of a response besides status, headers and body, shaped as the response view
 * shows it, so an entry opened again looks as the response did. Read back through this schema: a row
 * from an older version (or a damaged one) shows without the parts that do not parse.
 */
export const HistoryDetailsSchema = z.object({
  statusText: z.string().catch(''),
  headersBytes: z.number().int().min(0).catch(0),
  encodedBodyBytes: z.number().int().min(0).optional().catch(undefined),
  timings: TimingsViewSchema.optional().catch(undefined),
  tls: TlsViewSchema.optional().catch(undefined),
  redirects: z.array(RedirectViewSchema).catch([]),
  finalUrl: z.string().optional().catch(undefined),
  method: z.string().optional().catch(undefined),
  warnings: z.array(z.string()).catch([]),
});
export type HistoryDetails = z.output<typeof HistoryDetailsSchema>;

/** The details to keep: what the response view the renderer got shows, so the entry reopens as it was. */
export function historyDetails(view: ResponseView): HistoryDetails {
  return {
    statusText: view.statusText,
    headersBytes: view.sizes.headersBytes,
    ...(view.sizes.encodedBodyBytes === undefined ? {} : { encodedBodyBytes: view.sizes.encodedBodyBytes }),
    timings: view.timings,
    ...(view.tls ? { tls: view.tls } : {}),
    redirects: view.redirects,
    finalUrl: view.finalUrl,
    method: view.method,
    warnings: view.warnings,
  };
}

/** The details kept with an entry, or defaults when it has none. */
export function readHistoryDetails(value: unknown): HistoryDetails {
  const parsed = HistoryDetailsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : HistoryDetailsSchema.parse({});
}

const MIB = 1024 * 1024;

/** `5 MB`, `1.5 MB`, `900 KB`: sizes for the truncation marker. */
export function formatSize(bytes: number): string {
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
