/**
 * Audit log routes. `GET /audit/logs` is the SIEM API: an API key reads its own team's log (plan
 * feature `audit_log_api`). `GET /teams/:teamId/audit/logs` and `/export` serve the admin UI with a
 * session (`audit_logs`). `GET /audit/actions` lists the action catalogue to anyone signed in or holding
 * a key. Times in queries (`since`, `until`) are milliseconds since the epoch or ISO 8601 with a zone;
 * `since` is inclusive and `until` exclusive.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../../audit/index.js';
import {
  AUDIT_EXPORT_FORMATS,
  AUDIT_PAGE_MAX,
  EXPORT_CONTENT_TYPES,
  type AuditFilters,
  type AuditService,
} from '../../services/audit/index.js';
import type { RoutePlugin } from '../app.js';
import { teamOf } from '../guard.js';

const TAGS = ['audit'];
const ACTION_NAMES = AUDIT_ACTIONS.map((a) => a.name) as [AuditAction, ...AuditAction[]];

const MS_PATTERN = /^\d{1,15}$/;
// A date, or a date-time with seconds optional and a zone required (a bare local time is ambiguous).
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** `since`/`until`: ms since the epoch, or ISO 8601 (`2026-11-01`, `2026-11-01T09:00:00Z`). */
const Time = z
  .string()
  .max(40)
  .transform((text, check) => {
    const ms = MS_PATTERN.test(text) ? Number(text) : ISO_PATTERN.test(text) ? Date.parse(text) : Number.NaN;
    if (!Number.isSafeInteger(ms) || ms < 0) {
      check.addIssue({ code: 'custom', message: 'must be milliseconds since the epoch or an ISO 8601 time with a zone (2026-11-01T09:00:00Z)' });
      return z.NEVER;
    }
    return ms;
  })
  .meta({ description: 'Milliseconds since the epoch, or ISO 8601 with a zone', examples: ['1793523600000', '2026-11-01T09:00:00Z'] });

const FilterFields = {
  since: Time.optional().describe('Entries at or after this time'),
  until: Time.optional().describe('Entries before this time'),
  action: z.enum(ACTION_NAMES).optional().describe('Only this action (see GET /audit/actions)'),
  userId: z.string().min(1).max(200).optional().describe('Only entries whose actor is this user'),
};

const LogsQuery = z.strictObject({
  ...FilterFields,
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).optional().describe(`Page size, 1 to ${AUDIT_PAGE_MAX} (default 100)`),
  cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
  orderBy: z.enum(['asc', 'desc']).optional().describe('By sequence: desc (newest first, default) or asc'),
});

const ExportQuery = z.strictObject({
  ...FilterFields,
  format: z.enum(AUDIT_EXPORT_FORMATS).default('ndjson').describe('ndjson (default), cef or syslog (RFC 5424)'),
});

const TeamParams = z.strictObject({ teamId: z.string().min(1).max(200) });

const TrailView = z.object({
  id: z.string(),
  seq: z.number().describe('Position in the team\'s hash chain'),
  action: z.string(),
  timestamp: z.string().describe('ISO 8601, UTC'),
  actor: z.object({ id: z.string().nullable(), email: z.string().nullable() }).nullable(),
  target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  teamId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

const LogsPage = z.object({
  trails: z.array(TrailView).describe('Audit entries, in orderBy order'),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});

const ActionsView = z.object({
  actions: z.array(z.object({ name: z.string(), description: z.string(), category: z.string() })),
});

export function auditRoutes(audit: AuditService): RoutePlugin {
  return (app) => {
    app.get(
      '/audit/logs',
      {
        config: { access: { kind: 'team', action: 'audit.api', apiKey: true } },
        schema: { tags: TAGS, summary: "The API key's team audit log (for SIEMs)", security: [{ apiKey: [] }], querystring: LogsQuery, response: { 200: LogsPage } },
      },
      async (request) => {
        const page = await audit.query(teamOf(request).teamId, request.query);
        return { trails: page.entries.map(toTrail), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/audit/actions',
      {
        config: { access: { kind: 'user', apiKey: true } },
        schema: { tags: TAGS, summary: 'Every audit action name', response: { 200: ActionsView } },
      },
      async () => ({ actions: audit.listActions().map(({ name, description, category }) => ({ name, description, category })) }),
    );

    app.get(
      '/teams/:teamId/audit/logs',
      {
        config: { access: { kind: 'team', action: 'audit.read' } },
        schema: { tags: TAGS, summary: "A team's audit log", security: [{ session: [] }], params: TeamParams, querystring: LogsQuery, response: { 200: LogsPage } },
      },
      async (request) => {
        const page = await audit.query(teamOf(request).teamId, request.query);
        return { trails: page.entries.map(toTrail), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/teams/:teamId/audit/export',
      {
        config: { access: { kind: 'team', action: 'audit.export' } },
        schema: {
          tags: TAGS,
          summary: "Export a team's audit log, oldest first, one entry per line",
          security: [{ session: [] }],
          params: TeamParams,
          querystring: ExportQuery,
          produces: ['application/x-ndjson', 'text/plain'],
        },
      },
      async (request, reply) => {
        const teamId = teamOf(request).teamId;
        const { format, ...filters } = request.query;
        const only: AuditFilters = filters;
        // Filters are checked here, before the first byte is sent.
        const lines = audit.exportEntries(teamId, only, format);
        const extension = format === 'ndjson' ? 'ndjson' : format === 'cef' ? 'cef.log' : 'syslog.log';
        void reply
          .header('content-type', EXPORT_CONTENT_TYPES[format])
          .header('content-disposition', `attachment; filename="audit-${safeFileName(teamId)}.${extension}"`);
        return reply.send(Readable.from(withNewlines(lines)));
      },
    );
  };
}

async function* withNewlines(lines: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const line of lines) yield `${line}\n`;
}

function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function toTrail(entry: AuditEntry): z.infer<typeof TrailView> {
  return {
    id: entry.id,
    seq: entry.seq,
    action: entry.action,
    timestamp: new Date(entry.at).toISOString(),
    actor: entry.actorId === null && entry.actorEmail === null ? null : { id: entry.actorId, email: entry.actorEmail },
    target: entry.targetType === null ? null : { type: entry.targetType, id: entry.targetId },
    teamId: entry.teamId,
    ip: entry.ip,
    userAgent: entry.userAgent,
    details: { ...entry.details },
  };
}
