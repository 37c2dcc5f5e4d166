/** The audit service that routes, jobs and the CLI use: one object over a ServerContext. */
import { AUDIT_ACTIONS, type AuditActionEntry } from '../../audit/index.js';
import type { ServerContext } from '../../context.js';
import { appendAudit, type AuditEvent, type AuditExecutor } from './append.js';
import { exportAuditLines, type AuditExportFormat } from './export.js';
import { pruneExpiredEntries, type PruneReport } from './prune.js';
import { queryAuditPage, type AuditFilters, type AuditPage, type AuditQuery } from './query.js';
import { verifyChains, type ChainVerification } from './verify.js';

export interface AuditService {
  /** Same as `appendAudit(ctx, event, executor)`. */
  append(event: AuditEvent, executor?: AuditExecutor): Promise<void>;
  /** One page of a team's chain; throws ServerError VALIDATION (limit, action, since, until) or INVALID_CURSOR. */
  query(teamId: string, query: AuditQuery): Promise<AuditPage>;
  /** The team's entries matching `filters`, oldest first, one line each, streamed from the database. */
  exportEntries(teamId: string, filters: AuditFilters, format: AuditExportFormat): AsyncIterable<string>;
  /** Verifies one chain (a team id or 'system'), or every chain. */
  verify(chain?: string): Promise<ChainVerification[]>;
  /** Deletes entries past each team plan's retention and records the run in `job_runs`. */
  pruneExpired(): Promise<PruneReport>;
  /** The action catalogue served by GET /audit/actions. */
  listActions(): readonly AuditActionEntry[];
}

export function createAuditService(ctx: ServerContext): AuditService {
  return {
    append: (event, executor) => appendAudit(ctx, event, executor),
    query: (teamId, query) => queryAuditPage(ctx.db, teamId, query),
    exportEntries: (teamId, filters, format) => exportAuditLines(ctx.db, teamId, filters, format),
    verify: (chain) => verifyChains(ctx.db, ctx.auditKey, chain),
    pruneExpired: () => pruneExpiredEntries(ctx),
    listActions: () => AUDIT_ACTIONS,
  };
}
