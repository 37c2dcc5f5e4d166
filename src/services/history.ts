import { open } from 'node:fs/promises';
import type { z } from 'zod';
import type { HistoryEntrySchema } from '../api/ops-history.js';
import type { ResponseView, WireError } from '../api/index.js';
import type { HttpResponse } from '../engine/index.js';
import { PosternError, RequestSchema, type Request } from '../model/index.js';
import { SECRET_MASK } from '../variables/index.js';
import type { HistoryEntry } from '../store/index.js';
import type { ServiceContext } from './context.js';
import type { GroupHandlers } from './handlers.js';
import { formatSize, historyDetails, readHistoryDetails } from './history-details.js';

type HistoryEntryView = z.output<typeof HistoryEntrySchema>;

/** Errors are kept as `CODE: message`, so history can show the code again. */
const ERROR_LINE = /^([A-Z][A-Z0-9_]*): ([\s\S]*)$/;

function errorOf(text: string | undefined): WireError | null {
  if (text === undefined) return null;
  const match = ERROR_LINE.exec(text);
  return match ? { code: match[1] ?? 'INTERNAL', message: match[2] ?? '' } : { code: 'INTERNAL', message: text };
}

function entryView(entry: HistoryEntry): HistoryEntryView {
  const error = errorOf(entry.error);
  return {
    id: String(entry.id),
    at: entry.sentAt.toISOString(),
    method: entry.method,
    url: entry.url,
    status: entry.response?.status ?? null,
    durationMs: entry.response?.timeMs ?? null,
    ...(error ? { errorCode: error.code } : {}),
  };
}

/**
 * The body for history: all of it up to the store's limit, and past the limit one byte more (so the
 * store knows it was cut) plus the longest secret's length (so a secret across the cut is masked).
 */
async function bodyForHistory(response: HttpResponse, limit: number, secrets: readonly string[]): Promise<Buffer> {
  const margin = secrets.reduce((max, secret) => Math.max(max, Buffer.byteLength(secret, 'utf8')), 0);
  const wanted = limit + 1 + margin;
  if (response.body.kind === 'memory') return response.body.bytes.subarray(0, wanted);
  const buffer = Buffer.alloc(Math.min(wanted, response.body.size));
  const handle = await open(response.body.path, 'r');
  try {
    let done = 0;
    while (done < buffer.length) {
      const { bytesRead } = await handle.read(buffer, done, buffer.length - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buffer.subarray(0, done);
  } finally {
    await handle.close();
  }
}

/**
 * A response header as history keeps it: a Set-Cookie's value is a credential the cookie jar keeps
 * sealed, so history keeps only its name and attributes (`sid=••••••; Path=/; HttpOnly`).
 */
function keptHeader([key, value]: readonly [string, string]): { key: string; value: string; enabled: true } {
  if (key.toLowerCase() !== 'set-cookie') return { key, value, enabled: true };
  const eq = value.indexOf('=');
  const end = value.indexOf(';');
  if (eq === -1 || (end !== -1 && end < eq)) return { key, value: SECRET_MASK + (end === -1 ? '' : value.slice(end)), enabled: true };
  return { key, value: `${value.slice(0, eq + 1)}${SECRET_MASK}${end === -1 ? '' : value.slice(end)}`, enabled: true };
}

interface HistoryFields {
  readonly workspaceId: string;
  readonly request: Request;
  readonly sentAt: Date;
  readonly secrets: readonly string[];
  readonly error?: WireError;
}

/**
 * A send that got a response comes with the view the renderer was given for it: history keeps exactly
 * what was shown (timings, TLS, redirect hops with their methods) and reads only the body from `response`.
 */
export type HistoryRecord = HistoryFields & ({ readonly response: HttpResponse; readonly view: ResponseView } | { readonly response?: undefined; readonly view?: undefined });

/** Write one send to history; the store masks every secret value in what it keeps. */
export async function recordHistory(ctx: ServiceContext, record: HistoryRecord): Promise<void> {
  const response = record.response;
  ctx.store.history.add(record.workspaceId, {
    request: record.request,
    sentAt: record.sentAt,
    secrets: record.secrets,
    ...(response
      ? {
          response: {
            status: response.status,
            timeMs: response.timings.total,
            size: response.size.decodedBody,
            headers: response.headers.map(keptHeader),
            body: await bodyForHistory(response, ctx.store.history.bodyLimit, record.secrets),
            details: historyDetails(record.view),
          },
        }
      : {}),
    ...(record.error ? { error: `${record.error.code}: ${record.error.message}` } : {}),
  });
}

/** History ids are the store's row ids; the entry is found by looking in each workspace. */
function findEntry(ctx: ServiceContext, entryId: string): HistoryEntry {
  const id = Number(entryId);
  if (Number.isSafeInteger(id) && id > 0) {
    for (const workspace of ctx.store.workspaces.list()) {
      const [entry] = ctx.store.history.list(workspace.id, 1, id + 1);
      if (entry?.id === id) return entry;
    }
  }
  throw new PosternError('STORE_NOT_FOUND', `no history entry with id "${entryId}"`, { path: 'input.entryId' });
}

/** The truncation marker shown with a history body that was cut; null when it was kept whole. */
function truncationOf(entry: HistoryEntry): { keptBytes: number; totalBytes: number } | null {
  const response = entry.response;
  if (!response || !entry.bodyTruncated) return null;
  return { keptBytes: response.body.length, totalBytes: response.size };
}

/** The response as it was shown: its body kept for paging like a fresh one, the first page included. */
async function savedResponseView(ctx: ServiceContext, entry: HistoryEntry, pageSize: number): Promise<ResponseView | null> {
  const response = entry.response;
  if (!response) return null;
  const details = readHistoryDetails(response.details);
  const responseId = ctx.bodies.keep({ kind: 'memory', bytes: response.body });
  const truncation = truncationOf(entry);
  const marker = truncation
    ? [`truncated at ${formatSize(truncation.keptBytes)}: history kept the first ${formatSize(truncation.keptBytes)} of this ${formatSize(truncation.totalBytes)} body`]
    : [];
  return {
    responseId,
    status: response.status,
    statusText: details.statusText,
    headers: response.headers.map((h) => [h.key, h.value] as [string, string]),
    body: await ctx.bodies.page(responseId, 0, pageSize),
    sizes: {
      headersBytes: details.headersBytes,
      bodyBytes: response.size,
      ...(details.encodedBodyBytes === undefined ? {} : { encodedBodyBytes: details.encodedBodyBytes }),
    },
    timings: details.timings ?? { totalMs: response.timeMs },
    ...(details.tls ? { tls: details.tls } : {}),
    redirects: details.redirects,
    unresolvedVariables: [],
    warnings: [...marker, ...details.warnings],
    finalUrl: details.finalUrl ?? entry.url,
    method: details.method ?? entry.method,
  };
}

const SEARCH_PAGE = 500;

/** `history.*`: what was sent, newest first; secrets were masked when it was written. */
export const historyHandlers: GroupHandlers<'history'> = {
  'history.list': async (ctx, input) => {
    ctx.store.workspaces.require(input.workspaceId);
    let before = input.cursor === undefined ? undefined : Number(input.cursor);
    if (before !== undefined && !Number.isSafeInteger(before)) throw new PosternError('INVALID_INPUT', `history.list: input.cursor: not a cursor this operation returned`, { path: 'input.cursor' });
    const needle = input.search?.toLowerCase();
    const entries: HistoryEntry[] = [];
    for (;;) {
      const page = ctx.store.history.list(input.workspaceId, needle === undefined ? input.limit + 1 : SEARCH_PAGE, before);
      for (const entry of page) if (needle === undefined || entry.url.toLowerCase().includes(needle)) entries.push(entry);
      const last = page.at(-1);
      if (entries.length > input.limit || last === undefined || needle === undefined) break;
      before = last.id;
    }
    const shown = entries.slice(0, input.limit);
    const more = entries.length > input.limit;
    return { entries: shown.map(entryView), nextCursor: more ? String(shown.at(-1)?.id ?? '') : null };
  },
  'history.get': async (ctx, input) => {
    const entry = findEntry(ctx, input.entryId);
    const request = RequestSchema.parse(entry.request);
    const response = await savedResponseView(ctx, entry, input.pageSize);
    return { entry: entryView(entry), request, response, bodyTruncated: truncationOf(entry), error: errorOf(entry.error) };
  },
  'history.clear': async (ctx, input) => {
    const removed = ctx.store.history.count(input.workspaceId);
    ctx.store.history.clear(input.workspaceId);
    return { removed };
  },
};
