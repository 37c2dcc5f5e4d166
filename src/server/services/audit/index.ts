/**
 * The audit service: appends events to per-team hash chains, queries and exports them, verifies the
 * chains and prunes entries past the plan's retention. Composes the pure pieces in `src/server/audit/`
 * with the database.
 */
export { appendAudit, type AuditEvent, type AuditExecutor } from './append.js';
export { createAuditService, type AuditService } from './service.js';
export { loadOrCreateAuditKey, AUDIT_KEY_NAME } from './key.js';
export { sanitizeDetails, isSecretField } from './sanitize.js';
export { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, type AuditFilters, type AuditQuery, type AuditPage } from './query.js';
export { AUDIT_EXPORT_FORMATS, EXPORT_CONTENT_TYPES, type AuditExportFormat } from './export.js';
export { encodeCursor, decodeCursor, type AuditCursor, type AuditOrder } from './cursor.js';
export { PRUNE_JOB, type PruneReport, type ChainPruneResult } from './prune.js';
export type { ChainVerification } from './verify.js';
