import { ServerError } from '../errors.js';

/**
 * The catalogue of audit action names. Names are stable identifiers that SIEM rules match on, so an
 * existing name is never renamed or removed; new actions are new rows. `GET /audit/actions` serves this
 * table as it is.
 */

/** What an action is about; the export formats pick syslog facility and CEF severity from it. */
export type AuditCategory = 'user' | 'team' | 'security' | 'billing';

/**
 * How loud an action is: `info` for routine events, `notice` for changes an admin may want to review,
 * `warning` for events that can mean an attack or a weakened account (failed sign-ins, 2FA removed).
 */
export type AuditLevel = 'info' | 'notice' | 'warning';

export interface AuditActionInfo {
  readonly name: string;
  readonly description: string;
  readonly category: AuditCategory;
  readonly level: AuditLevel;
}

const ACTION_TABLE = [
  { name: 'user.signup', description: 'Account created', category: 'user', level: 'info' },
  { name: 'user.login', description: 'Signed in', category: 'security', level: 'info' },
  { name: 'user.login_failed', description: 'Sign-in failed', category: 'security', level: 'warning' },
  { name: 'user.locked_out', description: 'Account locked after repeated failed sign-ins', category: 'security', level: 'warning' },
  { name: 'user.logout', description: 'Signed out', category: 'user', level: 'info' },
  { name: 'user.logout_all', description: 'Signed out of every session', category: 'security', level: 'notice' },
  { name: 'user.password_change', description: 'Password changed', category: 'security', level: 'notice' },
  { name: 'user.2fa_enrol', description: 'Two-factor authentication enabled', category: 'security', level: 'notice' },
  { name: 'user.2fa_disable', description: 'Two-factor authentication disabled', category: 'security', level: 'warning' },
  { name: 'user.2fa_recovery_used', description: 'Two-factor recovery code used', category: 'security', level: 'warning' },
  { name: 'user.2fa_recovery_regenerated', description: 'Two-factor recovery codes regenerated', category: 'security', level: 'notice' },
  { name: 'session.revoke', description: 'Session revoked', category: 'security', level: 'notice' },
  { name: 'team.create', description: 'Team created', category: 'team', level: 'info' },
  { name: 'team.add_member', description: 'Member added to team', category: 'team', level: 'info' },
  { name: 'team.remove_member', description: 'Member removed from team', category: 'team', level: 'notice' },
  { name: 'team.role_grant', description: 'Team role granted', category: 'team', level: 'notice' },
  { name: 'team.role_revoke', description: 'Team role revoked', category: 'team', level: 'notice' },
  { name: 'team.settings_update', description: 'Team settings changed', category: 'team', level: 'notice' },
  { name: 'team.plan_change', description: 'Team plan changed', category: 'billing', level: 'notice' },
  { name: 'group.create', description: 'User group created', category: 'team', level: 'info' },
  { name: 'group.update', description: 'User group renamed or changed', category: 'team', level: 'info' },
  { name: 'group.delete', description: 'User group deleted', category: 'team', level: 'notice' },
  { name: 'group.add_member', description: 'Member added to user group', category: 'team', level: 'info' },
  { name: 'group.remove_member', description: 'Member removed from user group', category: 'team', level: 'info' },
  { name: 'group.role_grant', description: 'Role granted to user group', category: 'team', level: 'notice' },
  { name: 'group.role_revoke', description: 'Role revoked from user group', category: 'team', level: 'notice' },
  { name: 'api_key.create', description: 'API key created', category: 'security', level: 'info' },
  { name: 'api_key.revoke', description: 'API key revoked', category: 'security', level: 'notice' },
  { name: 'api_key.expire', description: 'API key expired after inactivity', category: 'security', level: 'info' },
  { name: 'api_key.policy_update', description: 'Team API key policy changed', category: 'security', level: 'notice' },
  { name: 'audit.pruned', description: 'Audit entries older than the retention period pruned', category: 'security', level: 'notice' },
  { name: 'workspace.create', description: 'Workspace created', category: 'team', level: 'info' },
  { name: 'workspace.update', description: 'Workspace renamed or described', category: 'team', level: 'info' },
  { name: 'workspace.delete', description: 'Workspace deleted', category: 'team', level: 'notice' },
  { name: 'workspace.visibility_change', description: 'Workspace visibility changed', category: 'security', level: 'notice' },
  { name: 'workspace.member_add', description: 'User or group given a workspace role', category: 'team', level: 'info' },
  { name: 'workspace.member_remove', description: 'User or group removed from a workspace', category: 'team', level: 'info' },
  { name: 'workspace.role_change', description: 'Workspace role changed', category: 'team', level: 'notice' },
  { name: 'workspace.publish_request', description: 'Request to make a workspace public', category: 'team', level: 'info' },
  { name: 'workspace.publish_approve', description: 'Request to make a workspace public approved', category: 'security', level: 'notice' },
  { name: 'workspace.publish_deny', description: 'Request to make a workspace public denied', category: 'team', level: 'info' },
  { name: 'element.role_grant', description: 'Element role granted', category: 'team', level: 'info' },
  { name: 'element.role_revoke', description: 'Element role revoked', category: 'team', level: 'info' },
  { name: 'invite.create', description: 'Team invite sent, or requested for an Admin to approve', category: 'team', level: 'info' },
  { name: 'invite.revoke', description: 'Team invite revoked', category: 'team', level: 'info' },
  { name: 'invite.accept', description: 'Team invite accepted: the invitee joined the team', category: 'team', level: 'notice' },
  { name: 'invite.approve', description: 'Requested team invite approved and sent', category: 'team', level: 'notice' },
  { name: 'invite.deny', description: 'Requested team invite denied', category: 'team', level: 'info' },
  { name: 'invite_link.create', description: 'Team invite link created', category: 'team', level: 'notice' },
  { name: 'invite_link.revoke', description: 'Team invite link revoked', category: 'team', level: 'info' },
  { name: 'invite_link.use', description: 'Team invite link used: a user joined the team', category: 'team', level: 'notice' },
] as const satisfies readonly AuditActionInfo[];

/** A stable action name such as `team.add_member`. */
export type AuditAction = (typeof ACTION_TABLE)[number]['name'];

export interface AuditActionEntry extends AuditActionInfo {
  readonly name: AuditAction;
}

export const AUDIT_ACTIONS: readonly AuditActionEntry[] = Object.freeze(ACTION_TABLE.map((row) => Object.freeze({ ...row })));

const BY_NAME: ReadonlyMap<string, AuditActionEntry> = new Map(AUDIT_ACTIONS.map((row) => [row.name, row]));

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && BY_NAME.has(value);
}

/** The catalogue row for an action; every `AuditAction` has one. */
export function auditActionInfo(action: AuditAction): AuditActionEntry {
  const row = BY_NAME.get(action);
  // Unreachable for a well-typed caller; guards values that slipped past the type system.
  if (row === undefined) throw new ServerError('INTERNAL', `unknown audit action "${String(action)}"`);
  return row;
}
