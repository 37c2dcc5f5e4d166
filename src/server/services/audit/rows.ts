/** Audit entries as the `audit_entries` table stores them, and back. */
import type { Selectable } from 'kysely';
import type { AuditEntry } from '../../audit/index.js';
import type { AuditEntriesTable } from '../../db/index.js';
import { canonicalJson } from '../../audit/index.js';
import { ServerError } from '../../errors.js';

export type AuditEntryRow = Selectable<AuditEntriesTable>;

export function entryToRow(entry: AuditEntry): AuditEntryRow {
  return {
    chain: entry.chain,
    seq: entry.seq,
    id: entry.id,
    at: entry.at,
    action: entry.action,
    actor_id: entry.actorId,
    actor_email: entry.actorEmail,
    target_type: entry.targetType,
    target_id: entry.targetId,
    team_id: entry.teamId,
    ip: entry.ip,
    user_agent: entry.userAgent,
    // Canonical text: the same bytes the hash covered, whatever the database.
    details: canonicalJson(entry.details, 'details'),
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

/**
 * A stored row as an entry. A row that was tampered with so that it no longer parses is still returned
 * (unknown action kept as is, unreadable details as `{ unreadable: text }`) so that verification reports
 * it as a hash mismatch instead of failing.
 */
export function rowToEntry(row: AuditEntryRow): AuditEntry {
  return {
    chain: row.chain,
    seq: Number(row.seq),
    id: row.id,
    at: Number(row.at),
    // An unknown name can only come from an edited row; the hash check will say so.
    action: row.action as AuditEntry['action'],
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    targetType: row.target_type,
    targetId: row.target_id,
    teamId: row.team_id,
    ip: row.ip,
    userAgent: row.user_agent,
    details: parseDetails(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: an edited row
  }
  return { unreadable: text };
}

/** Raised when a stored entry cannot be shown (an export meeting an edited row with an unknown action). */
export function unknownActionError(row: { chain: string; seq: number; action: string }): ServerError {
  return new ServerError('AUDIT_CHAIN_BROKEN', `audit entry ${row.seq} of chain ${row.chain} has unknown action "${row.action}"; run audit verify`);
}
