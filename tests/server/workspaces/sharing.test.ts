/**
 * Workspace members (users and groups), element roles, and the audit trail of every change: group
 * grants take effect on the next request, element roles refine the workspace role for one element,
 * a shared workspace keeps an Admin, and refused changes write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeWorkspace } from '../../../src/server/authz/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { errorOf, openHarness, workspaceAuditActions, type Harness, type WorkspaceView } from './harness.js';

interface Member {
  type: string;
  id: string;
  role: string;
}

describe.each(DATABASE_KINDS)('workspace members and element roles on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gives a group role to its members at once, and takes it away when they leave the group', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, dev, ['developer']);
    const created = await h.call(owner, 'POST', `/teams/${teamId}/groups`, { name: 'Payments', roles: ['developer'] });
    const groupId = created.json<{ id: string }>().id;
    expect((await h.call(owner, 'POST', `/teams/${teamId}/groups/${groupId}/members`, { userId: dev.id })).statusCode).toBe(200);
    // The owner, as Super Admin, would see everything: a second Admin creates the private workspace.
    const lead = await h.user('lead');
    await h.add(owner, teamId, lead, ['developer']);
    const secret = await h.workspace(lead, teamId, 'private', 'Payments internal');

    expect((await h.call(dev, 'GET', `/workspaces/${secret.id}`)).statusCode).toBe(404);
    const shared = await h.call(lead, 'POST', `/workspaces/${secret.id}/members`, { type: 'group', id: groupId, role: 'editor' });
    expect(shared.statusCode).toBe(201);
    expect(shared.json<{ members: Member[] }>().members).toEqual([
      expect.objectContaining({ type: 'user', id: lead.id, role: 'admin' }),
      expect.objectContaining({ type: 'group', id: groupId, role: 'editor', name: 'Payments', email: null }),
    ]);
    const seen = await h.call(dev, 'GET', `/workspaces/${secret.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json<WorkspaceView>()).toMatchObject({ roles: ['editor'], actions: expect.arrayContaining(['element.update']) });
    expect((await h.call(dev, 'PATCH', `/workspaces/${secret.id}`, { name: 'Renamed' })).statusCode).toBe(403);

    const promoted = await h.call(lead, 'PATCH', `/workspaces/${secret.id}/members/groups/${groupId}`, { role: 'admin' });
    expect(promoted.statusCode).toBe(200);
    expect((await h.call(dev, 'PATCH', `/workspaces/${secret.id}`, { name: 'Renamed' })).statusCode).toBe(200);

    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/groups/${groupId}/members/${dev.id}`)).statusCode).toBe(200);
    expect((await h.call(dev, 'GET', `/workspaces/${secret.id}`)).statusCode).toBe(404);

    expect(await workspaceAuditActions(h, teamId)).toEqual(['workspace.create', 'workspace.member_add', 'workspace.role_change', 'workspace.update']);
    const change = (await h.audit(teamId)).find((row) => row.action === 'workspace.role_change');
    expect(change).toMatchObject({ actorId: lead.id, targetType: 'group', targetId: groupId, details: { workspaceId: secret.id, before: 'editor', after: 'admin' } });
  });

  it('grants to groups only where the plan has user groups, and to team members only', async () => {
    const owner = await h.user('owner');
    const outsider = await h.user('outsider');
    const teamId = await h.team(owner, 'professional');
    const workspace = await h.workspace(owner, teamId, 'team');
    const group = await h.call(owner, 'POST', `/workspaces/${workspace.id}/members`, { type: 'group', id: 'grp_x', role: 'viewer' });
    expect(group.statusCode).toBe(402);
    expect(errorOf(group).message).toBe('User groups need the Enterprise plan; this team is on Professional');
    const stranger = await h.call(owner, 'POST', `/workspaces/${workspace.id}/members`, { type: 'user', id: outsider.id, role: 'viewer' });
    expect(stranger.statusCode).toBe(404);
    expect(errorOf(stranger).message).toBe(`No member ${outsider.id} in this team`);
    const unknownField = await h.call(owner, 'POST', `/workspaces/${workspace.id}/members`, { type: 'user', id: outsider.id, role: 'viewer', extra: 1 });
    expect(unknownField.statusCode).toBe(400);
    const badRole = await h.call(owner, 'POST', `/workspaces/${workspace.id}/members`, { type: 'user', id: outsider.id, role: 'owner' });
    expect(badRole.statusCode).toBe(400);
    expect(errorOf(badRole).field).toBe('role');
    expect(await workspaceAuditActions(h, teamId)).toEqual(['workspace.create']);
  });

  it('keeps an Admin in every shared workspace, and audits each member change', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const teamId = await h.team(owner, 'free');
    await h.add(owner, teamId, dev, ['developer']);
    const workspace = await h.workspace(owner, teamId, 'team');
    const last = await h.call(owner, 'DELETE', `/workspaces/${workspace.id}/members/users/${owner.id}`);
    expect(last.statusCode).toBe(409);
    expect(errorOf(last)).toMatchObject({ code: 'LAST_ADMIN', message: 'A workspace keeps at least one Admin: make someone else Admin first' });
    expect((await h.call(owner, 'PATCH', `/workspaces/${workspace.id}/members/users/${owner.id}`, { role: 'viewer' })).statusCode).toBe(409);

    expect((await h.call(owner, 'POST', `/workspaces/${workspace.id}/members`, { type: 'user', id: dev.id, role: 'viewer' })).statusCode).toBe(201);
    const duplicate = await h.call(owner, 'POST', `/workspaces/${workspace.id}/members`, { type: 'user', id: dev.id, role: 'editor' });
    expect(duplicate.statusCode).toBe(409);
    expect((await h.call(owner, 'PATCH', `/workspaces/${workspace.id}/members/users/${dev.id}`, { role: 'admin' })).statusCode).toBe(200);
    expect((await h.call(owner, 'DELETE', `/workspaces/${workspace.id}/members/users/${owner.id}`)).statusCode).toBe(204);
    const members = await h.call(dev, 'GET', `/workspaces/${workspace.id}/members`);
    expect(members.json<{ members: Member[] }>().members).toEqual([expect.objectContaining({ id: dev.id, role: 'admin' })]);
    // The former Admin is still a team member, so still a Viewer of the team workspace.
    expect((await h.call(owner, 'GET', `/workspaces/${workspace.id}`)).json<WorkspaceView>().roles).toEqual([]);
    expect((await h.call(owner, 'PATCH', `/workspaces/${workspace.id}`, { description: 'x' })).statusCode).toBe(403);

    const removedMember = await h.call(dev, 'DELETE', `/workspaces/${workspace.id}/members/users/${owner.id}`);
    expect(removedMember.statusCode).toBe(404);
    expect(await workspaceAuditActions(h, teamId)).toEqual(['workspace.create', 'workspace.member_add', 'workspace.role_change', 'workspace.member_remove']);
  });

  it('refines the workspace role for one element with element roles, for users and groups', async () => {
    const owner = await h.user('owner');
    const viewer = await h.user('viewer');
    const editor = await h.user('editor');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, viewer, ['developer']);
    await h.add(owner, teamId, editor, ['developer']);
    const workspace = await h.workspace(owner, teamId, 'team');
    expect((await h.call(owner, 'POST', `/workspaces/${workspace.id}/members`, { type: 'user', id: editor.id, role: 'editor' })).statusCode).toBe(201);

    const grant = (body: Record<string, string>) => h.call(owner, 'PUT', `/workspaces/${workspace.id}/element-roles`, body);
    expect((await grant({ elementType: 'collection', elementId: 'col_orders', type: 'user', id: viewer.id, role: 'editor' })).statusCode).toBe(200);
    expect((await grant({ elementType: 'environment', elementId: 'env_prod', type: 'user', id: editor.id, role: 'viewer' })).statusCode).toBe(200);
    const refused = await h.call(editor, 'PUT', `/workspaces/${workspace.id}/element-roles`, { elementType: 'collection', elementId: 'col_orders', type: 'user', id: editor.id, role: 'editor' });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toBe('Managing element roles in a team workspace needs the Workspace Admin or Super Admin role');

    const may = async (userId: string, element: { type: 'collection' | 'environment'; id: string }, action: 'element.update' | 'element.update_own_current_values') => {
      const access = await h.services.workspaces.elementAccess(workspace.id, userId, element);
      if (access === null) throw new Error('workspace vanished');
      return authorizeWorkspace(access.subject, access.workspace, action).allowed;
    };
    const orders = { type: 'collection' as const, id: 'col_orders' };
    const prod = { type: 'environment' as const, id: 'env_prod' };
    // A workspace Viewer made Editor of one collection edits that one only.
    expect(await may(viewer.id, orders, 'element.update')).toBe(true);
    expect(await may(viewer.id, prod, 'element.update')).toBe(false);
    // A workspace Editor made Viewer of the production environment cannot change its shared values,
    // but keeps their own current values.
    expect(await may(editor.id, prod, 'element.update')).toBe(false);
    expect(await may(editor.id, prod, 'element.update_own_current_values')).toBe(true);
    expect(await may(editor.id, orders, 'element.update')).toBe(true);

    const listed = await h.call(viewer, 'GET', `/workspaces/${workspace.id}/element-roles`);
    expect(listed.json<{ elementRoles: unknown[] }>().elementRoles).toEqual([
      expect.objectContaining({ elementType: 'collection', elementId: 'col_orders', type: 'user', id: viewer.id, role: 'editor' }),
      expect.objectContaining({ elementType: 'environment', elementId: 'env_prod', type: 'user', id: editor.id, role: 'viewer' }),
    ]);
    // Granting the role already held changes nothing; another role replaces it.
    expect((await grant({ elementType: 'collection', elementId: 'col_orders', type: 'user', id: viewer.id, role: 'editor' })).statusCode).toBe(200);
    expect((await grant({ elementType: 'collection', elementId: 'col_orders', type: 'user', id: viewer.id, role: 'viewer' })).statusCode).toBe(200);
    expect(await may(viewer.id, orders, 'element.update')).toBe(false);

    // Through a group, at once.
    const group = await h.call(owner, 'POST', `/teams/${teamId}/groups`, { name: 'Release', roles: ['developer'] });
    const groupId = group.json<{ id: string }>().id;
    expect((await grant({ elementType: 'environment', elementId: 'env_prod', type: 'group', id: groupId, role: 'editor' })).statusCode).toBe(200);
    expect(await may(viewer.id, prod, 'element.update')).toBe(false);
    expect((await h.call(owner, 'POST', `/teams/${teamId}/groups/${groupId}/members`, { userId: viewer.id })).statusCode).toBe(200);
    expect(await may(viewer.id, prod, 'element.update')).toBe(true);

    const revoked = await h.call(owner, 'DELETE', `/workspaces/${workspace.id}/element-roles/environment/env_prod/groups/${groupId}`);
    expect(revoked.statusCode).toBe(204);
    expect(await may(viewer.id, prod, 'element.update')).toBe(false);
    expect((await h.call(owner, 'DELETE', `/workspaces/${workspace.id}/element-roles/environment/env_prod/groups/${groupId}`)).statusCode).toBe(404);

    const entries = (await h.audit(teamId)).filter((row) => row.action.startsWith('element.'));
    expect(entries.map((row) => row.action)).toEqual(['element.role_grant', 'element.role_grant', 'element.role_grant', 'element.role_grant', 'element.role_revoke']);
    expect(entries[2]).toMatchObject({ targetType: 'user', targetId: viewer.id, details: { elementType: 'collection', elementId: 'col_orders', role: 'viewer', before: 'editor' } });
  });

  it('audits a workspace from creation to deletion, and a deleted workspace is gone', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'professional');
    const workspace = await h.workspace(owner, teamId, 'team', 'Lifecycle');
    const renamed = await h.call(owner, 'PATCH', `/workspaces/${workspace.id}`, { name: 'Lifecycle 2', description: 'All of it' });
    expect(renamed.json<WorkspaceView>()).toMatchObject({ name: 'Lifecycle 2', description: 'All of it' });
    expect((await h.call(owner, 'PATCH', `/workspaces/${workspace.id}`, { name: 'Lifecycle 2' })).statusCode).toBe(200);
    expect((await h.call(owner, 'PUT', `/workspaces/${workspace.id}/visibility`, { visibility: 'private' })).statusCode).toBe(200);
    expect((await h.call(owner, 'DELETE', `/workspaces/${workspace.id}`)).statusCode).toBe(204);
    expect((await h.call(owner, 'GET', `/workspaces/${workspace.id}`)).statusCode).toBe(404);
    const rows = await h.test.ctx.db.selectFrom('workspace_members').select('principal_id').where('workspace_id', '=', workspace.id).execute();
    expect(rows).toEqual([]);

    const entries = (await h.audit(teamId)).filter((row) => row.action.startsWith('workspace.'));
    expect(entries.map((row) => row.action)).toEqual(['workspace.create', 'workspace.update', 'workspace.visibility_change', 'workspace.delete']);
    for (const entry of entries) expect(entry).toMatchObject({ actorId: owner.id, targetType: 'workspace', targetId: workspace.id });
    expect(entries[1]?.details).toEqual({ changes: { name: { before: 'Lifecycle', after: 'Lifecycle 2' }, description: { before: '', after: 'All of it' } } });
    expect(entries[2]?.details).toEqual({ from: 'team', to: 'private' });
    expect(entries[3]?.details).toMatchObject({ name: 'Lifecycle 2', visibility: 'private' });
    const [verified] = await h.services.audit.verify(teamId);
    expect(verified?.report).toMatchObject({ ok: true, checked: (await h.audit(teamId)).length });
  });

  it('takes every workspace role from someone who leaves the team', async () => {
    const owner = await h.user('owner');
    const leaver = await h.user('leaver');
    const teamId = await h.team(owner, 'professional');
    await h.add(owner, teamId, leaver, ['developer']);
    const secret = await h.workspace(owner, teamId, 'private');
    expect((await h.call(owner, 'POST', `/workspaces/${secret.id}/members`, { type: 'user', id: leaver.id, role: 'admin' })).statusCode).toBe(201);
    expect((await h.call(leaver, 'GET', `/workspaces/${secret.id}`)).statusCode).toBe(200);
    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/members/${leaver.id}`)).statusCode).toBe(204);
    expect((await h.call(leaver, 'GET', `/workspaces/${secret.id}`)).statusCode).toBe(404);
    expect((await h.call(leaver, 'DELETE', `/workspaces/${secret.id}`)).statusCode).toBe(404);
    const members = await h.call(owner, 'GET', `/workspaces/${secret.id}/members`);
    expect(members.json<{ members: Member[] }>().members.map((m) => m.id)).toEqual([owner.id]);

    // Added back to the team, they start without their old workspace or element roles.
    const shared = await h.workspace(owner, teamId, 'team');
    await h.add(owner, teamId, leaver, ['developer']);
    expect((await h.call(owner, 'PUT', `/workspaces/${shared.id}/element-roles`, { elementType: 'collection', elementId: 'c1', type: 'user', id: leaver.id, role: 'editor' })).statusCode).toBe(200);
    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/members/${leaver.id}`)).statusCode).toBe(204);
    await h.add(owner, teamId, leaver, ['developer']);
    expect((await h.call(leaver, 'GET', `/workspaces/${secret.id}`)).statusCode).toBe(404);
    const grants = await h.call(owner, 'GET', `/workspaces/${shared.id}/element-roles`);
    expect(grants.json<{ elementRoles: { id: string }[] }>().elementRoles.map((g) => g.id)).not.toContain(leaver.id);
  });
});
