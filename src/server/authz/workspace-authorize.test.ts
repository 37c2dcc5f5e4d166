import { describe, expect, it } from 'vitest';
import {
  WORKSPACE_ACTIONS,
  WORKSPACE_ACTION_ROWS,
  WORKSPACE_VISIBILITIES,
  allowedWorkspaceActions,
  assertWorkspaceAllowed,
  authorizeWorkspace,
  isWorkspaceAction,
  type Plan,
  type WorkspaceRole,
  type WorkspaceSubject,
} from './index.js';
import { serverErrorOf as thrown } from '../../../tests/server/support/server-error.js';

function member(plan: Plan, ...workspaceRoles: WorkspaceRole[]): WorkspaceSubject {
  return { userId: 'usr_1', teamMember: true, teamRoles: new Set(['developer']), plan, workspaceRoles: new Set(workspaceRoles), isOwner: false };
}

describe('assertWorkspaceAllowed', () => {
  it('answers a workspace the caller may not see with NOT_FOUND and no details', () => {
    const error = thrown(() => assertWorkspaceAllowed(member('enterprise'), { visibility: 'private', teamId: 't' }, 'workspace.delete'));
    expect(error.status).toBe(404);
    expect(error.toBody()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such workspace that you can see', field: 'workspaceId' } });
  });

  it('names the role needed, and Super Admin only where the plan has it', () => {
    expect(thrown(() => assertWorkspaceAllowed(member('enterprise', 'viewer'), { visibility: 'team', teamId: 't' }, 'element.update')).message).toBe(
      'Changing shared elements of a team workspace needs the Workspace Admin, Editor or Super Admin role',
    );
    const error = thrown(() => assertWorkspaceAllowed(member('professional', 'editor'), { visibility: 'team', teamId: 't' }, 'workspace.delete'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('Deleting a team workspace needs the Workspace Admin role');
    expect(error.extra.details).toEqual({ action: 'workspace.delete', visibility: 'team', currentPlan: 'professional', requiredRoles: ['admin'] });
  });

  it('names the plan for private workspaces below Professional', () => {
    const error = thrown(() => assertWorkspaceAllowed(member('free', 'admin'), { visibility: 'team', teamId: 't' }, 'workspace.make_private'));
    expect(error.status).toBe(402);
    expect(error.message).toBe('Making a team workspace private needs the Professional plan; this team is on Free');
    expect(error.extra.details).toMatchObject({ feature: 'private_workspaces', requiredPlan: 'professional' });
  });
});

describe('authorizeWorkspace', () => {
  it('lets an anonymous reader see a public workspace and nothing more', () => {
    const anonymous: WorkspaceSubject = { userId: null, teamMember: false, teamRoles: new Set(), plan: 'free', workspaceRoles: new Set(), isOwner: false };
    expect(allowedWorkspaceActions(anonymous, { visibility: 'public', teamId: 't' })).toEqual(['workspace.view', 'workspace.view_public', 'element.view', 'element.export']);
    expect(authorizeWorkspace(anonymous, { visibility: 'team', teamId: 't' }, 'workspace.view')).toMatchObject({ allowed: false, code: 'NOT_FOUND' });
  });

  it('lets Viewers keep their own current values but not change shared ones', () => {
    const viewer = member('professional', 'viewer');
    expect(authorizeWorkspace(viewer, { visibility: 'private', teamId: 't' }, 'element.update_own_current_values').allowed).toBe(true);
    expect(authorizeWorkspace(viewer, { visibility: 'private', teamId: 't' }, 'element.update').allowed).toBe(false);
  });

  it("gives an Enterprise Super Admin every action on a stranger's personal workspace, and nothing once the team leaves Enterprise", () => {
    const superAdmin: WorkspaceSubject = { ...member('enterprise'), teamRoles: new Set(['super_admin']) };
    const actions = allowedWorkspaceActions(superAdmin, { visibility: 'personal', teamId: 't' });
    expect(actions).toContain('workspace.delete');
    expect(actions).toContain('element.update');
    expect(actions).not.toContain('workspace.members.manage');
    expect(authorizeWorkspace({ ...superAdmin, plan: 'professional' }, { visibility: 'personal', teamId: 't' }, 'workspace.view').allowed).toBe(false);
  });
});

describe('the workspace action table', () => {
  it('describes every action for every visibility', () => {
    for (const action of WORKSPACE_ACTIONS) {
      const row = WORKSPACE_ACTION_ROWS[action];
      expect(row.does, action).toMatch(/^[A-Z].*%s/);
      for (const visibility of WORKSPACE_VISIBILITIES) expect(Array.isArray(row.cells[visibility]), `${action} ${visibility}`).toBe(true);
    }
  });

  it('recognises action names and nothing else', () => {
    expect(isWorkspaceAction('element.update_own_current_values')).toBe(true);
    expect(isWorkspaceAction('workspace.destroy')).toBe(false);
    expect(isWorkspaceAction('hasOwnProperty')).toBe(false);
  });
});
