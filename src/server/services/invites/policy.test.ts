import { describe, expect, it } from 'vitest';
import type { Plan, TeamRole } from '../../authz/index.js';
import { ServerError } from '../../errors.js';
import { inviteMode } from './policy.js';

function subject(plan: Plan, ...roles: TeamRole[]) {
  return { userId: 'u', roles: new Set(roles), plan };
}

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ServerError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('who may invite whom', () => {
  it('Admins invite directly with roles they may grant, but not Billing or Super Admin', () => {
    expect(inviteMode(subject('professional', 'admin'), ['developer', 'admin', 'community_manager'])).toBe('direct');
    expect(refusal(() => inviteMode(subject('professional', 'admin'), ['billing']))).toEqual({ code: 'FORBIDDEN', message: 'Granting the Billing role needs the Billing role' });
    expect(refusal(() => inviteMode(subject('enterprise', 'admin'), ['super_admin'])).message).toBe('Granting the Super Admin role needs the Super Admin role');
    expect(inviteMode(subject('enterprise', 'super_admin'), ['billing', 'super_admin'])).toBe('direct');
  });

  it('Developers invite Developers directly on Free, Basic and Professional; on Enterprise it is a request', () => {
    for (const plan of ['free', 'basic', 'professional'] as const) expect(inviteMode(subject(plan, 'developer'), ['developer'])).toBe('direct');
    expect(inviteMode(subject('enterprise', 'developer'), ['developer'])).toBe('request');
  });

  it('a Developer asking for other roles makes a request; a role outside the plan is refused', () => {
    expect(inviteMode(subject('professional', 'developer'), ['admin'])).toBe('request');
    expect(inviteMode(subject('professional', 'developer'), ['developer', 'community_manager'])).toBe('request');
    expect(refusal(() => inviteMode(subject('basic', 'developer'), ['community_manager']))).toEqual({
      code: 'ROLE_NOT_IN_PLAN',
      message: 'The Community Manager role needs the Professional plan; this team is on Basic',
    });
  });

  it('members without Admin or Developer cannot invite at all', () => {
    expect(refusal(() => inviteMode(subject('professional', 'billing'), ['developer']))).toEqual({ code: 'FORBIDDEN', message: 'Inviting Developers needs the Admin or Developer role' });
    expect(refusal(() => inviteMode(subject('enterprise', 'community_manager'), ['developer'])).code).toBe('FORBIDDEN');
    expect(refusal(() => inviteMode(subject('free'), ['developer'])).code).toBe('FORBIDDEN');
  });
});
