import { describe, expect, it } from 'vitest';
import { activeRoles, isTeamRole, lowestPlanForRole, roleInPlan, rolesInPlan, takesSeat, type TeamRole } from './roles.js';

describe('team roles', () => {
  it('has the default roles on every plan, custom roles from Professional, Super Admin on Enterprise', () => {
    expect(rolesInPlan('free')).toEqual(['admin', 'billing', 'developer']);
    expect(rolesInPlan('basic')).toEqual(['admin', 'billing', 'developer']);
    expect(rolesInPlan('professional')).toEqual(['admin', 'billing', 'developer', 'community_manager', 'api_network_manager']);
    expect(rolesInPlan('enterprise')).toEqual(['super_admin', 'admin', 'billing', 'developer', 'community_manager', 'api_network_manager']);
    expect(lowestPlanForRole('super_admin')).toBe('enterprise');
    expect(lowestPlanForRole('community_manager')).toBe('professional');
    expect(lowestPlanForRole('billing')).toBe('free');
  });

  it('drops dormant roles when working out what a holder can do', () => {
    const held: TeamRole[] = ['super_admin', 'community_manager', 'developer'];
    expect([...activeRoles(held, 'basic')]).toEqual(['developer']);
    expect([...activeRoles(held, 'professional')]).toEqual(['community_manager', 'developer']);
    expect([...activeRoles(held, 'enterprise')]).toEqual(held);
  });

  it('treats an unknown role name (from stored data) as granting nothing', () => {
    expect(roleInPlan('owner' as TeamRole, 'enterprise')).toBe(false);
    expect(isTeamRole('owner')).toBe(false);
    expect(isTeamRole('developer')).toBe(true);
  });

  it('frees the seat only when every role is Admin or Billing', () => {
    expect(takesSeat(['admin'])).toBe(false);
    expect(takesSeat(['billing'])).toBe(false);
    expect(takesSeat(new Set<TeamRole>(['admin', 'billing']))).toBe(false);
    expect(takesSeat(['admin', 'developer'])).toBe(true);
    expect(takesSeat(['community_manager'])).toBe(true);
    expect(takesSeat(['super_admin'])).toBe(true);
    expect(takesSeat([])).toBe(true);
  });
});
