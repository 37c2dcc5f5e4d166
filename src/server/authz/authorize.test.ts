import { describe, expect, it } from 'vitest';
import { TEAM_ACTIONS, TEAM_ACTION_RULES, allowedActions, assertAllowed, authorize, isTeamAction, type Subject, type TeamRole } from './index.js';
import type { Plan } from './plans.js';
import { serverErrorOf as thrown } from '../../../tests/server/support/server-error.js';

function subject(plan: Plan, ...roles: TeamRole[]): Subject {
  return { userId: 'u1', roles: new Set(roles), plan };
}

describe('assertAllowed', () => {
  it('passes silently when allowed', () => {
    expect(() => assertAllowed(subject('basic', 'billing'), 'team.change_plan')).not.toThrow();
  });

  it('names the action and the role needed', () => {
    const error = thrown(() => assertAllowed(subject('professional', 'admin'), 'team.change_plan'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.status).toBe(403);
    expect(error.message).toBe('Changing the plan needs the Billing role');
    expect(error.extra.details).toEqual({ action: 'team.change_plan', currentPlan: 'professional', requiredRoles: ['billing'] });
  });

  it('mentions Super Admin only where the plan has it', () => {
    expect(thrown(() => assertAllowed(subject('enterprise', 'developer'), 'audit.read')).message).toBe(
      'Reading the audit log needs the Admin, Community Manager or Super Admin role',
    );
    expect(thrown(() => assertAllowed(subject('professional', 'developer'), 'audit.read')).message).toBe(
      'Reading the audit log needs the Admin or Community Manager role',
    );
  });

  it('names the plan when the feature is outside it, whatever the roles', () => {
    const error = thrown(() => assertAllowed(subject('basic', 'admin'), 'groups.manage'));
    expect(error.code).toBe('PLAN_REQUIRED');
    expect(error.status).toBe(402);
    expect(error.message).toBe('Managing user groups needs the Enterprise plan; this team is on Basic');
    expect(error.extra.details).toEqual({ action: 'groups.manage', currentPlan: 'basic', feature: 'user_groups', requiredPlan: 'enterprise' });
  });
});

describe('authorize', () => {
  it('gives a Super Admin nothing once the team leaves Enterprise', () => {
    expect(authorize(subject('enterprise', 'super_admin'), 'team.change_plan').allowed).toBe(true);
    expect(authorize(subject('professional', 'super_admin'), 'team.change_plan')).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    expect(authorize(subject('professional', 'super_admin'), 'team.read').allowed).toBe(true);
  });

  it('follows the effective roles at once (a group role added or removed)', () => {
    const direct: TeamRole[] = ['developer'];
    expect(authorize(subject('enterprise', ...direct), 'members.add').allowed).toBe(false);
    expect(authorize(subject('enterprise', ...direct, 'admin'), 'members.add').allowed).toBe(true);
  });

  it('lets Developers invite Developers except on Enterprise', () => {
    expect(authorize(subject('professional', 'developer'), 'invites.create_developer').allowed).toBe(true);
    expect(authorize(subject('enterprise', 'developer'), 'invites.create_developer')).toEqual({
      allowed: false,
      code: 'FORBIDDEN',
      reason: 'Inviting Developers needs the Admin or Super Admin role',
      requiredRoles: ['admin', 'super_admin'],
    });
  });

  it('lists what a subject may do', () => {
    expect(allowedActions(subject('free', 'developer'))).toEqual(['team.read', 'members.list', 'api_keys.create_own', 'invites.create_developer']);
    expect(allowedActions(subject('enterprise', 'super_admin'))).toEqual([...TEAM_ACTIONS]);
  });
});

describe('the action table', () => {
  it('gives every action a description, and Super Admin a way to do it', () => {
    for (const action of TEAM_ACTIONS) {
      const rule = TEAM_ACTION_RULES[action];
      expect(rule.does, action).toMatch(/^[A-Z]/);
      expect(rule.grants.some((grant) => grant.role === 'super_admin' && grant.onlyOn === undefined), action).toBe(true);
    }
  });

  it('recognises action names and nothing else', () => {
    expect(isTeamAction('audit.read')).toBe(true);
    expect(isTeamAction('audit.delete')).toBe(false);
    expect(isTeamAction('constructor')).toBe(false);
  });
});
