import type { Statement } from 'better-sqlite3';
import type { KeyValue, Request } from '../model/index.js';
import type { StoreContext } from './context.js';
import { readAll, writeAll } from './context.js';
import { createSecretMasker } from '../variables/index.js';
import { keptBody } from './history-body.js';

/**
 * How much of a response body history keeps by default: whole bodies up to 5 MiB, the first 5 MiB of
 * larger ones (marked truncated). The file grows by at most this much per entry, so its worst case is
 * `history.maxEntries` times this; `clear` gives the space back to the OS.
 */
export const DEFAULT_HISTORY_BODY_BYTES = 5 * 1024 * 1024;

/** Freed space worth a VACUUM after history is cleared (below it, SQLite reuses the pages). */
const RECLAIM_BYTES = 8 * 1024 * 1024;

/** What history keeps of a response: enough to show it again, bounded in size. */
export interface ResponseSummary {
  readonly status: number;
  readonly timeMs: number;
  /** The whole body's size in bytes. */
  readonly size: number;
  readonly headers: readonly KeyValue[];
  /**
   * The body, or its first bytes (see `bodyTruncated`). Writers may pass up to the longest secret's
   * length more than `bodyLimit`, so a secret across the cut is still masked.
   */
  readonly body: Buffer;
  /**
   * What else the response view shows (status text, timings, TLS summary, redirects), as JSON the
   * caller shapes and reads back; masked like everything else. Absent for entries written before it.
   */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface HistoryInput {
  readonly request: Request;
  /** Absent when the request failed before a response (see `error`). */
  readonly response?: ResponseSummary;
  readonly error?: string;
  readonly sentAt?: Date;
  /** Values of secret variables: masked in everything history keeps (URL, request, headers, body text). */
  readonly secrets?: readonly string[];
}

export interface HistoryEntry {
  readonly id: number;
  readonly workspaceId: string;
  readonly sentAt: Date;
  readonly method: string;
  readonly url: string;
  readonly request: Request;
  readonly response?: ResponseSummary;
  readonly bodyTruncated: boolean;
  readonly error?: string;
}

interface HistoryRow {
  id: number;
  workspace_id: string;
  sent_at: number;
  method: string;
  url: string;
  request: string;
  status: number | null;
  time_ms: number | null;
  size: number | null;
  response_headers: string | null;
  body: Buffer | null;
  body_truncated: number;
  error: string | null;
  response_details: string | null;
}

/** Details are only shown, never trusted: a row that does not parse shows without them. */
function parseDetails(text: string | null): Record<string, unknown> | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function toEntry(row: HistoryRow): HistoryEntry {
  const response: ResponseSummary | undefined =
    row.status === null
      ? undefined
      : {
          status: row.status,
          timeMs: row.time_ms ?? 0,
          size: row.size ?? 0,
          headers: row.response_headers === null ? [] : (JSON.parse(row.response_headers) as KeyValue[]),
          body: row.body ?? Buffer.alloc(0),
          ...(parseDetails(row.response_details) ? { details: parseDetails(row.response_details) } : {}),
        };
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    sentAt: new Date(row.sent_at),
    method: row.method,
    url: row.url,
    request: JSON.parse(row.request) as Request,
    ...(response ? { response } : {}),
    bodyTruncated: row.body_truncated === 1,
    ...(row.error === null ? {} : { error: row.error }),
  };
}

/**
 * Sent requests, newest first. The cap (`history.maxEntries`) is over the whole file: ids only grow, so
 * pruning after an insert deletes ids at or below `newest - max`, which costs only the rows it removes.
 */
export class HistoryTable {
  // Prepared once: history is written after every request sent.
  private readonly insert: Statement<unknown[]>;
  private readonly pruneBelow: Statement<[number]>;

  constructor(
    private readonly ctx: StoreContext,
    private readonly maxEntries: () => number,
    /** Bytes of each body kept (see DEFAULT_HISTORY_BODY_BYTES); callers read this much and one more. */
    readonly bodyLimit: number,
  ) {
    this.insert = ctx.db.prepare(
      `INSERT INTO history (workspace_id, sent_at, method, url, request, status, time_ms, size, response_headers, body, body_truncated, error, response_details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.pruneBelow = ctx.db.prepare('DELETE FROM history WHERE id <= ?');
  }

  add(workspaceId: string, input: HistoryInput): number {
    const { request, response } = input;
    const mask = input.secrets && input.secrets.length > 0 ? createSecretMasker(input.secrets) : (text: string): string => text;
    const body = response?.body;
    const head = body ? keptBody(body, this.bodyLimit, input.secrets ?? []) : undefined;
    // Truncated when the passed bytes ran past the limit, or the caller passed only part of the body.
    const truncated = body !== undefined && (body.length > this.bodyLimit || (response?.size ?? 0) > body.length);
    return writeAll(this.ctx, 'recording history', () => {
      const { lastInsertRowid } = this.insert.run(
          workspaceId,
          (input.sentAt ?? new Date()).getTime(),
          request.method,
          mask(request.url),
          mask(JSON.stringify(request)),
          response?.status ?? null,
          response?.timeMs ?? null,
          response?.size ?? null,
          response ? mask(JSON.stringify(response.headers)) : null,
          head ?? null,
          truncated ? 1 : 0,
          input.error === undefined ? null : mask(input.error),
          response?.details === undefined ? null : mask(JSON.stringify(response.details)),
        );
      const id = Number(lastInsertRowid);
      this.pruneBelow.run(id - this.maxEntries());
      return id;
    });
  }

  /** The newest entries of a workspace, newest first; `beforeId` pages further back. */
  list(workspaceId: string, limit = 50, beforeId?: number): HistoryEntry[] {
    return readAll(this.ctx, 'reading history', () =>
      this.ctx.db
        .prepare<[string, number, number], HistoryRow>(
          'SELECT * FROM history WHERE workspace_id = ? AND id < ? ORDER BY id DESC LIMIT ?',
        )
        .all(workspaceId, beforeId ?? Number.MAX_SAFE_INTEGER, limit)
        .map(toEntry),
    );
  }

  count(workspaceId?: string): number {
    return readAll(this.ctx, 'counting history', () => {
      const row =
        workspaceId === undefined
          ? this.ctx.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM history').get()
          : this.ctx.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM history WHERE workspace_id = ?').get(workspaceId);
      return row?.n ?? 0;
    });
  }

  /** Keep only the newest `history.maxEntries` (e.g. after the setting was lowered); returns how many went. */
  prune(): number {
    return writeAll(this.ctx, 'pruning history', () => {
      const keep = this.maxEntries();
      const cutoff = this.ctx.db
        .prepare<[number], { id: number }>('SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?')
        .get(keep);
      if (!cutoff) return 0;
      return this.ctx.db.prepare('DELETE FROM history WHERE id <= ?').run(cutoff.id).changes;
    });
  }

  delete(id: number): void {
    writeAll(this.ctx, `deleting history entry ${id}`, () => this.ctx.db.prepare('DELETE FROM history WHERE id = ?').run(id));
  }

  /** Remove a workspace's history and, when that freed a lot, give the space back to the OS. */
  clear(workspaceId: string): void {
    writeAll(this.ctx, 'clearing history', () => this.ctx.db.prepare('DELETE FROM history WHERE workspace_id = ?').run(workspaceId));
    this.reclaim();
  }

  /**
   * VACUUM when many pages are free: SQLite reuses freed pages but never shrinks the file, and kept
   * bodies can be large. A VACUUM that cannot run now (another connection reading) is skipped.
   */
  private reclaim(): void {
    const pages = this.ctx.db.pragma('freelist_count', { simple: true });
    const pageSize = this.ctx.db.pragma('page_size', { simple: true });
    if (typeof pages !== 'number' || typeof pageSize !== 'number' || pages * pageSize < RECLAIM_BYTES) return;
    try {
      this.ctx.db.exec('VACUUM');
    } catch {
      // The pages stay free and are reused by later writes.
    }
  }
}
