import { describe, expect, it } from 'vitest';
import { ANY_MEMBER, decide, orList, type Rule, type RoleVocabulary } from './rules.js';

/** A stand-in for issue 7's workspace roles: the engine is not tied to team roles. */
type WorkspaceRole = 'ws_admin' | 'editor' | 'viewer';
const vocabulary: RoleVocabulary<WorkspaceRole> = {
  label: (role) => ({ ws_admin: 'Workspace Admin', editor: 'Editor', viewer: 'Viewer' })[role],
  existsOn: () => true,
};
const editElements: Rule<WorkspaceRole> = { does: 'Changing elements', feature: null, grants: [{ role: 'ws_admin' }, { role: 'editor' }] };
const makePrivate: Rule<WorkspaceRole> = { does: 'Making the workspace private', feature: 'private_workspaces', grants: [{ role: 'ws_admin' }] };

describe('decide', () => {
  it('allows a holder of any granting role and refuses others naming the roles needed', () => {
    expect(decide(editElements, new Set<WorkspaceRole>(['editor']), 'free', vocabulary)).toEqual({ allowed: true });
    expect(decide(editElements, new Set<WorkspaceRole>(['viewer']), 'free', vocabulary)).toEqual({
      allowed: false,
      code: 'FORBIDDEN',
      reason: 'Changing elements needs the Workspace Admin or Editor role',
      requiredRoles: ['ws_admin', 'editor'],
    });
  });

  it('checks the plan before the roles', () => {
    expect(decide(makePrivate, new Set<WorkspaceRole>(['ws_admin']), 'basic', vocabulary)).toEqual({
      allowed: false,
      code: 'PLAN_REQUIRED',
      reason: 'Making the workspace private needs the Professional plan; this team is on Basic',
      feature: 'private_workspaces',
      requiredPlan: 'professional',
    });
    expect(decide(makePrivate, new Set<WorkspaceRole>(['ws_admin']), 'professional', vocabulary).allowed).toBe(true);
  });

  it('lets any member through an ANY_MEMBER grant, and honours plan-limited grants', () => {
    const view: Rule<WorkspaceRole> = { does: 'Viewing', feature: null, grants: [{ role: ANY_MEMBER }] };
    expect(decide(view, new Set<WorkspaceRole>(), 'free', vocabulary).allowed).toBe(true);
    const limited: Rule<WorkspaceRole> = { does: 'Forking', feature: null, grants: [{ role: 'viewer', onlyOn: ['free'] }] };
    expect(decide(limited, new Set<WorkspaceRole>(['viewer']), 'free', vocabulary).allowed).toBe(true);
    const refused = decide(limited, new Set<WorkspaceRole>(['viewer']), 'basic', vocabulary);
    expect(refused).toMatchObject({ allowed: false, code: 'FORBIDDEN', reason: 'Forking is not available to any role on the Basic plan' });
  });

  it('joins role names for messages', () => {
    expect(orList([])).toBe('');
    expect(orList(['Admin'])).toBe('Admin');
    expect(orList(['Admin', 'Billing'])).toBe('Admin or Billing');
    expect(orList(['Super Admin', 'Admin', 'Community Manager'])).toBe('Super Admin, Admin or Community Manager');
  });
});
