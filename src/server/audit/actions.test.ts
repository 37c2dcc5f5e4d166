import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditActionInfo, isAuditAction } from './actions.js';

const REQUIRED = [
  'user.signup', 'user.login', 'user.login_failed', 'user.locked_out', 'user.logout', 'user.logout_all',
  'user.password_change', 'user.2fa_enrol', 'user.2fa_disable', 'user.2fa_recovery_used',
  'user.2fa_recovery_regenerated', 'session.revoke', 'team.create', 'team.add_member', 'team.remove_member',
  'team.role_grant', 'team.role_revoke', 'team.settings_update', 'team.plan_change', 'group.create',
  'group.update', 'group.delete', 'group.add_member', 'group.remove_member', 'group.role_grant',
  'group.role_revoke', 'api_key.create', 'api_key.revoke', 'api_key.expire', 'api_key.policy_update', 'audit.pruned',
];

describe('audit action catalogue', () => {
  it('holds every action the issue names, each once', () => {
    const names = AUDIT_ACTIONS.map((row) => row.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of REQUIRED) expect(names).toContain(name);
  });

  it('uses names that fit a syslog MSGID and a CEF act field unchanged', () => {
    for (const { name } of AUDIT_ACTIONS) {
      expect(name).toMatch(/^[a-z][a-z0-9_]*\.[a-z0-9_]+$/);
      expect(name.length).toBeLessThanOrEqual(32);
    }
  });

  it('gives every action a one-line description, a known category and a level', () => {
    for (const row of AUDIT_ACTIONS) {
      expect(row.description.trim()).not.toBe('');
      expect(row.description).not.toMatch(/[\r\n|]/);
      expect(['user', 'team', 'security', 'billing']).toContain(row.category);
      expect(['info', 'notice', 'warning']).toContain(row.level);
    }
  });

  it('marks the events an attacker causes as warnings in the security category', () => {
    for (const name of ['user.login_failed', 'user.locked_out', 'user.2fa_disable', 'user.2fa_recovery_used'] as const) {
      expect(auditActionInfo(name)).toMatchObject({ category: 'security', level: 'warning' });
    }
    expect(auditActionInfo('team.plan_change').category).toBe('billing');
  });

  it('recognises catalogue names and nothing else', () => {
    expect(isAuditAction('team.add_member')).toBe(true);
    expect(isAuditAction('team.add_members')).toBe(false);
    expect(isAuditAction('TEAM.ADD_MEMBER')).toBe(false);
    expect(isAuditAction('')).toBe(false);
    expect(isAuditAction(null)).toBe(false);
    expect(isAuditAction(42)).toBe(false);
    expect(isAuditAction('toString')).toBe(false);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(AUDIT_ACTIONS)).toBe(true);
    expect(Object.isFrozen(AUDIT_ACTIONS[0])).toBe(true);
  });
});
