/**
 * Audit page cursors: opaque to clients, base64url of `{ seq, order }`. A cursor only says where the
 * previous page stopped within the team's chain, so a forged one can show nothing the caller could not
 * page to anyway; it is still checked strictly so a damaged one gets a clear 400.
 */
import { ServerError } from '../../errors.js';

export type AuditOrder = 'asc' | 'desc';

export interface AuditCursor {
  /** The last seq of the previous page; the next page starts after it in `order`. */
  readonly seq: number;
  readonly order: AuditOrder;
}

const MAX_CURSOR_LENGTH = 200;

export function encodeCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify({ seq: cursor.seq, order: cursor.order }), 'utf8').toString('base64url');
}

/** Reads a cursor for a query in `order`; throws ServerError INVALID_CURSOR naming `cursor`. */
export function decodeCursor(text: string, order: AuditOrder): AuditCursor {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid('is not a cursor this server issued');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor this server issued');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('is not a cursor this server issued');
  const { seq, order: cursorOrder, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0 || (cursorOrder !== 'asc' && cursorOrder !== 'desc')) {
    throw invalid('is not a cursor this server issued');
  }
  if (cursorOrder !== order) throw invalid(`was issued for orderBy=${cursorOrder}, not orderBy=${order}`);
  return { seq, order: cursorOrder };
}

function invalid(why: string): ServerError {
  return new ServerError('INVALID_CURSOR', `cursor ${why}; start again without one`, { field: 'cursor' });
}
