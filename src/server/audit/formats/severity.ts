import { auditActionInfo, type AuditAction } from '../actions.js';

/**
 * How loud each action is in the export formats, derived from the catalogue's category and level so a
 * new action needs no change here.
 */

/** RFC 5424 facilities used: 10 = security/authorization (authpriv), 13 = log audit. */
export const SYSLOG_FACILITY_AUTHPRIV = 10;
export const SYSLOG_FACILITY_LOG_AUDIT = 13;

const SYSLOG_SEVERITY = { info: 6, notice: 5, warning: 4 } as const;
const CEF_BASE = { info: 3, notice: 5, warning: 6 } as const;

/** Security actions (sign-ins, 2FA, sessions, keys) go to authpriv; team and billing changes to log audit. */
export function syslogFacility(action: AuditAction): number {
  return auditActionInfo(action).category === 'security' ? SYSLOG_FACILITY_AUTHPRIV : SYSLOG_FACILITY_LOG_AUDIT;
}

/** RFC 5424 severity: 4 warning, 5 notice, 6 informational. */
export function syslogSeverity(action: AuditAction): number {
  return SYSLOG_SEVERITY[auditActionInfo(action).level];
}

/** CEF severity 0–10: 3 routine, 5 notice, 6 warning; one higher for security actions (so failed sign-ins are 7). */
export function cefSeverity(action: AuditAction): number {
  const info = auditActionInfo(action);
  return CEF_BASE[info.level] + (info.category === 'security' ? 1 : 0);
}
