import { describe, expect, it } from 'vitest';
import { assertCanGrantRole, assertCanRevokeRole, assertNotLastHolder, canGrantRole, type Subject, type TeamRole } from './index.js';
import type { Plan } from './plans.js';
import { serverErrorOf as thrown } from '../../../tests/server/support/server-error.js';

function granter(plan: Plan, ...roles: TeamRole[]): Subject {
  return { userId: 'u1', roles: new Set(roles), plan };
}

describe('role grants', () => {
  it('refuses a role outside the plan, naming the plan it needs', () => {
    const error = thrown(() => assertCanGrantRole(granter('professional', 'admin'), 'super_admin'));
    expect(error.code).toBe('ROLE_NOT_IN_PLAN');
    expect(error.status).toBe(402);
    expect(error.message).toBe('Granting the Super Admin role needs the Enterprise plan; this team is on Professional');
    expect(error.extra.details).toEqual({ role: 'super_admin', currentPlan: 'professional', requiredPlan: 'enterprise' });
  });

  it('lets only Super Admins and Billing users grant Billing', () => {
    expect(canGrantRole(granter('free', 'billing'), 'billing').allowed).toBe(true);
    const error = thrown(() => assertCanGrantRole(granter('free', 'admin'), 'billing'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('Granting the Billing role needs the Billing role');
    expect(thrown(() => assertCanRevokeRole(granter('enterprise', 'admin'), 'billing')).message).toBe(
      'Revoking the Billing role needs the Super Admin or Billing role',
    );
  });

  it('lets only a Super Admin grant Super Admin', () => {
    expect(canGrantRole(granter('enterprise', 'super_admin'), 'super_admin').allowed).toBe(true);
    expect(thrown(() => assertCanGrantRole(granter('enterprise', 'admin', 'billing'), 'super_admin')).message).toBe(
      'Granting the Super Admin role needs the Super Admin role',
    );
  });

  it('does not let a Billing user grant Admin', () => {
    expect(canGrantRole(granter('basic', 'billing'), 'admin')).toMatchObject({ allowed: false, code: 'FORBIDDEN', requiredRoles: ['admin'] });
    expect(() => assertCanGrantRole(granter('basic', 'admin'), 'admin')).not.toThrow();
  });
});

describe('assertNotLastHolder', () => {
  it('refuses to leave the team without an Admin or Super Admin', () => {
    const admin = thrown(() => assertNotLastHolder('admin', 0));
    expect(admin.code).toBe('LAST_ADMIN');
    expect(admin.status).toBe(409);
    expect(admin.message).toBe('The team must keep at least one Admin');
    expect(thrown(() => assertNotLastHolder('super_admin', 0)).message).toBe('The team must keep at least one Super Admin');
  });

  it('allows the change while another holder remains, and for every other role', () => {
    expect(() => assertNotLastHolder('admin', 1)).not.toThrow();
    expect(() => assertNotLastHolder('super_admin', 2)).not.toThrow();
    for (const role of ['billing', 'developer', 'community_manager', 'api_network_manager'] as const) {
      expect(() => assertNotLastHolder(role, 0)).not.toThrow();
    }
  });
});
