/**
 * Exports a team's audit entries as lines of NDJSON, CEF or RFC 5424 syslog, oldest first, read a page
 * at a time so an export of millions of entries never sits in memory.
 */
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { isAuditAction, toCef, toNdjson, toSyslog, type AuditEntry } from '../../audit/index.js';
import type { Database } from '../../db/index.js';
import { AUDIT_PAGE_MAX, checkFilters, queryAuditPage, type AuditFilters } from './query.js';
import { unknownActionError } from './rows.js';

export const AUDIT_EXPORT_FORMATS = ['ndjson', 'cef', 'syslog'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** The media type each export is served as. */
export const EXPORT_CONTENT_TYPES: Readonly<Record<AuditExportFormat, string>> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  cef: 'text/plain; charset=utf-8',
  syslog: 'text/plain; charset=utf-8',
};

/**
 * The export's lines (without line breaks). Filters are checked now, so a bad one fails before anything
 * is streamed; the database is read as the lines are consumed.
 */
export function exportAuditLines(db: Kysely<Database>, teamId: string, filters: AuditFilters, format: AuditExportFormat): AsyncIterable<string> {
  checkFilters(filters);
  const line = formatter(format);
  const only: AuditFilters = { since: filters.since, until: filters.until, action: filters.action, userId: filters.userId };
  return {
    async *[Symbol.asyncIterator]() {
      let cursor: string | undefined;
      do {
        const page = await queryAuditPage(db, teamId, { ...only, limit: AUDIT_PAGE_MAX, orderBy: 'asc', cursor });
        for (const entry of page.entries) yield line(entry);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
  };
}

function formatter(format: AuditExportFormat): (entry: AuditEntry) => string {
  switch (format) {
    case 'ndjson':
      return toNdjson;
    case 'cef':
      return (entry) => toCef(known(entry));
    case 'syslog': {
      const host = hostname();
      return (entry) => toSyslog(known(entry), { hostname: host });
    }
  }
}

// CEF and syslog look the action up in the catalogue; only an edited row can carry an unknown one.
function known(entry: AuditEntry): AuditEntry {
  if (!isAuditAction(entry.action)) throw unknownActionError(entry);
  return entry;
}
