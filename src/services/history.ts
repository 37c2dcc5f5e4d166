import { open } from 'node:fs/promises';
import type { z } from 'zod';
import type { HistoryEntrySchema } from '../api/ops-history.js';
import type { ResponseView, WireError } from '../api/index.js';
import type { HttpResponse } from '../engine/index.js';
import { PosternError, RequestSchema, type Request } from '../model/index.js';
import { DEFAULT_HISTORY_BODY_BYTES, type HistoryEntry } from '../store/index.js';
import type { ServiceContext } from './context.js';
import type { GroupHandlers } from './handlers.js';
import { encodePage } from './response-bodies.js';

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

/** The first bytes of a body for history (one more than it keeps, so it knows the body was cut). */
async function bodyHead(response: HttpResponse): Promise<Buffer> {
  const limit = DEFAULT_HISTORY_BODY_BYTES + 1;
  if (response.body.kind === 'memory') return response.body.bytes.subarray(0, limit);
  const buffer = Buffer.alloc(Math.min(limit, response.body.size));
  const handle = await open(response.body.path, 'r');
  try {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface HistoryRecord {
  readonly workspaceId: string;
  readonly request: Request;
  readonly sentAt: Date;
  readonly secrets: readonly string[];
  readonly response?: HttpResponse;
  readonly error?: WireError;
}

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
            headers: response.headers.map(([key, value]) => ({ key, value, enabled: true })),
            body: await bodyHead(response),
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

function savedResponseView(ctx: ServiceContext, entry: HistoryEntry): ResponseView | null {
  const response = entry.response;
  if (!response) return null;
  const responseId = ctx.bodies.keep({ kind: 'memory', bytes: response.body });
  const page = encodePage(response.body, 0, response.body.length);
  return {
    responseId,
    status: response.status,
    statusText: '',
    headers: response.headers.map((h) => [h.key, h.value] as [string, string]),
    body: page,
    sizes: { headersBytes: 0, bodyBytes: response.size },
    timings: { totalMs: response.timeMs },
    redirects: [],
    unresolvedVariables: [],
    warnings: entry.bodyTruncated ? [`history keeps the first ${response.body.length} bytes of this ${response.size}-byte body`] : [],
    finalUrl: entry.url,
    method: entry.method,
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
    return { entry: entryView(entry), request, response: savedResponseView(ctx, entry), error: errorOf(entry.error) };
  },
  'history.clear': async (ctx, input) => {
    const removed = ctx.store.history.count(input.workspaceId);
    ctx.store.history.clear(input.workspaceId);
    return { removed };
  },
};
