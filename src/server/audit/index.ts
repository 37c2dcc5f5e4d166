/**
 * The audit log's pure pieces: the action catalogue, the canonical form and keyed hash chain of
 * entries, chain verification, and export formats. No database and no I/O; the audit service
 * composes these with storage.
 */
export {
  AUDIT_ACTIONS,
  isAuditAction,
  auditActionInfo,
  type AuditAction,
  type AuditActionInfo,
  type AuditActionEntry,
  type AuditCategory,
  type AuditLevel,
} from './actions.js';
export { canonicalAuditBytes, canonicalJson, chainOf, SYSTEM_CHAIN, type AuditEntry, type UnhashedAuditEntry } from './entry.js';
export {
  chainHash,
  sealEntry,
  verifyChain,
  GENESIS_HASH,
  type AuditEntryDraft,
  type ChainHead,
  type ChainStart,
  type ChainProblem,
  type ChainReport,
} from './chain.js';
export * from './formats/index.js';
