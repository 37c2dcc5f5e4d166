/**
 * Who sees which workspace over HTTP: personal (owner and Super Admins), private (Professional and up,
 * invited members and Super Admins), team (every member), public (anyone, read-only, signed in or not).
 * A workspace the caller may not see answers exactly like one that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/context.js';
import { errorOf, openHarness, workspaceAuditActions, type Harness, type WorkspaceView } from './harness.js';

describe.each(DATABASE_KINDS)('workspace visibility on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function listed(user: Parameters<Harness['call']>[0], teamId: string): Promise<string[]> {
    const response = await h.call(user, 'GET', `/teams/${teamId}/workspaces`);
    expect(response.statusCode).toBe(200);
    return response.json<{ workspaces: WorkspaceView[] }>().workspaces.map((w) => w.id);
  }

  it('hides a personal workspace from everyone but its owner (404, as for no workspace) and shows it to a Super Admin', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const other = await h.user('other');
    const admin = await h.user('admin');
    // Entering Enterprise makes the team's Admin (the owner) a Super Admin too.
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, dev, ['developer']);
    await h.add(owner, teamId, other, ['developer']);
    await h.add(owner, teamId, admin, ['admin']);
    const personal = await h.workspace(dev, teamId, 'personal', 'Scratch');
    expect(personal).toMatchObject({ visibility: 'personal', ownerId: dev.id, roles: ['admin'] });

    const hidden = await h.call(other, 'GET', `/workspaces/${personal.id}`);
    const missing = await h.call(other, 'GET', '/workspaces/ws_does_not_exist');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual(missing.json());
    expect(errorOf(hidden)).toMatchObject({ code: 'NOT_FOUND', field: 'workspaceId' });
    // Team Admins do not see personal workspaces either: only Super Admins do.
    expect((await h.call(admin, 'GET', `/workspaces/${personal.id}`)).statusCode).toBe(404);
    expect((await h.call(other, 'PATCH', `/workspaces/${personal.id}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect(await listed(other, teamId)).not.toContain(personal.id);
    expect(await listed(admin, teamId)).not.toContain(personal.id);

    expect((await h.call(dev, 'GET', `/workspaces/${personal.id}`)).statusCode).toBe(200);
    expect(await listed(dev, teamId)).toContain(personal.id);
    const bySuperAdmin = await h.call(owner, 'GET', `/workspaces/${personal.id}`);
    expect(bySuperAdmin.statusCode).toBe(200);
    expect(bySuperAdmin.json<WorkspaceView>().actions).toContain('workspace.delete');
    expect(await listed(owner, teamId)).toContain(personal.id);
    const renamed = await h.call(owner, 'PATCH', `/workspaces/${personal.id}`, { name: 'Handed over' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<WorkspaceView>().name).toBe('Handed over');
    // A personal workspace has no members to manage.
    const share = await h.call(dev, 'POST', `/workspaces/${personal.id}/members`, { type: 'user', id: other.id, role: 'viewer' });
    expect(share.statusCode).toBe(403);
    expect(errorOf(share).message).toBe('A personal workspace has no members: make it a team or private workspace first');
  });

  it('refuses private workspaces below Professional naming the plan, and shows them only to invited members above', async () => {
    const owner = await h.user('owner');
    const basicTeam = await h.team(owner, 'basic');
    const refused = await h.call(owner, 'POST', `/teams/${basicTeam}/workspaces`, { name: 'Secret', visibility: 'private' });
    expect(refused.statusCode).toBe(402);
    expect(errorOf(refused)).toMatchObject({
      code: 'PLAN_REQUIRED',
      message: 'Creating a private workspace needs the Professional plan; this team is on Basic',
      details: { feature: 'private_workspaces', requiredPlan: 'professional', currentPlan: 'basic' },
    });
    const teamWorkspace = await h.workspace(owner, basicTeam, 'team');
    const toPrivate = await h.call(owner, 'PUT', `/workspaces/${teamWorkspace.id}/visibility`, { visibility: 'private' });
    expect(toPrivate.statusCode).toBe(402);
    expect(errorOf(toPrivate).message).toBe('Making a team workspace private needs the Professional plan; this team is on Basic');
    expect((await h.call(owner, 'GET', `/workspaces/${teamWorkspace.id}`)).json<WorkspaceView>().visibility).toBe('team');

    const dev = await h.user('dev');
    const invited = await h.user('invited');
    const teamAdmin = await h.user('team-admin');
    const proTeam = await h.team(owner, 'professional');
    await h.add(owner, proTeam, dev, ['developer']);
    await h.add(owner, proTeam, invited, ['developer']);
    await h.add(owner, proTeam, teamAdmin, ['admin']);
    const secret = await h.workspace(dev, proTeam, 'private', 'Secret');
    for (const outsider of [invited, teamAdmin, owner]) {
      expect((await h.call(outsider, 'GET', `/workspaces/${secret.id}`)).statusCode).toBe(404);
      expect(await listed(outsider, proTeam)).not.toContain(secret.id);
    }
    const added = await h.call(dev, 'POST', `/workspaces/${secret.id}/members`, { type: 'user', id: invited.id, role: 'viewer' });
    expect(added.statusCode).toBe(201);
    const seen = await h.call(invited, 'GET', `/workspaces/${secret.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json<WorkspaceView>()).toMatchObject({ visibility: 'private', roles: ['viewer'] });
    expect(await listed(invited, proTeam)).toContain(secret.id);
    const rename = await h.call(invited, 'PATCH', `/workspaces/${secret.id}`, { name: 'Mine' });
    expect(rename.statusCode).toBe(403);
    expect(errorOf(rename).message).toBe('Changing the name or description of a private workspace needs the Workspace Admin role');
    expect((await h.call(teamAdmin, 'GET', `/workspaces/${secret.id}`)).statusCode).toBe(404);

    // Back on Basic the private workspace is frozen: its Admin may only move it out (or delete it).
    expect((await h.call(owner, 'PUT', `/teams/${proTeam}/plan`, { plan: 'basic' })).statusCode).toBe(200);
    const frozen = await h.call(invited, 'GET', `/workspaces/${secret.id}`);
    expect(frozen.statusCode).toBe(402);
    expect(errorOf(frozen).message).toBe('Viewing a private workspace needs the Professional plan; this team is on Basic');
    expect((await h.call(teamAdmin, 'GET', `/workspaces/${secret.id}`)).statusCode).toBe(404);
    const out = await h.call(dev, 'PUT', `/workspaces/${secret.id}/visibility`, { visibility: 'team' });
    expect(out.statusCode).toBe(200);
    expect((await h.call(teamAdmin, 'GET', `/workspaces/${secret.id}`)).statusCode).toBe(200);
  });

  it('shows a team workspace to every member, read-only without a workspace role, and to nobody outside', async () => {
    const owner = await h.user('owner');
    const plain = await h.user('plain');
    const billing = await h.user('billing');
    const outsider = await h.user('outsider');
    const teamId = await h.team(owner, 'free');
    await h.add(owner, teamId, plain, []);
    await h.add(owner, teamId, billing, ['billing']);
    const shared = await h.workspace(owner, teamId, 'team', 'Shared');
    for (const member of [plain, billing]) {
      const seen = await h.call(member, 'GET', `/workspaces/${shared.id}`);
      expect(seen.statusCode).toBe(200);
      expect(seen.json<WorkspaceView>()).toMatchObject({ roles: [], actions: expect.arrayContaining(['workspace.view', 'element.update_own_current_values']) });
      expect(seen.json<WorkspaceView>().actions).not.toContain('element.update');
      expect(await listed(member, teamId)).toContain(shared.id);
      expect((await h.call(member, 'GET', `/workspaces/${shared.id}/members`)).statusCode).toBe(200);
      const del = await h.call(member, 'DELETE', `/workspaces/${shared.id}`);
      expect(del.statusCode).toBe(403);
      expect(errorOf(del)).toMatchObject({ code: 'FORBIDDEN', message: 'Deleting a team workspace needs the Workspace Admin role' });
    }
    expect((await h.call(outsider, 'GET', `/workspaces/${shared.id}`)).statusCode).toBe(404);
    expect((await h.call(outsider, 'GET', `/teams/${teamId}/workspaces`)).statusCode).toBe(404);
    expect((await h.call(null, 'GET', `/workspaces/${shared.id}`)).statusCode).toBe(401);
    expect((await h.call(null, 'GET', `/public/workspaces/${shared.id}`)).statusCode).toBe(404);
    expect((await h.call(plain, 'GET', `/public/workspaces/${shared.id}`)).statusCode).toBe(404);
  });

  it('lets anyone read a public workspace, signed in or not, and nobody outside change it', async () => {
    const owner = await h.user('owner');
    const outsider = await h.user('outsider');
    const teamId = await h.team(owner, 'free');
    const api = await h.workspace(owner, teamId, 'team', 'Public API');
    // No Community Manager on Free: the workspace Admin publishes directly.
    const published = await h.call(owner, 'PUT', `/workspaces/${api.id}/visibility`, { visibility: 'public' });
    expect(published.statusCode).toBe(200);
    expect(published.json<{ workspace: WorkspaceView; publishRequest: null }>()).toMatchObject({ workspace: { visibility: 'public' }, publishRequest: null });

    const anonymous = await h.call(null, 'GET', `/public/workspaces/${api.id}`);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ id: api.id, name: 'Public API', description: '', visibility: 'public', updatedAt: expect.any(Number) });
    // A bad credential on the public route reads as anonymous rather than failing.
    expect((await h.app.inject({ method: 'GET', url: `/public/workspaces/${api.id}`, headers: { authorization: 'Bearer nonsense' } })).statusCode).toBe(200);
    expect((await h.call(null, 'PATCH', `/workspaces/${api.id}`, { name: 'Defaced' })).statusCode).toBe(401);
    expect((await h.call(null, 'DELETE', `/workspaces/${api.id}`)).statusCode).toBe(401);

    const asOutsider = await h.call(outsider, 'GET', `/workspaces/${api.id}`);
    expect(asOutsider.statusCode).toBe(200);
    expect(asOutsider.json<WorkspaceView>().actions).toEqual(['workspace.view', 'workspace.view_public', 'element.view', 'element.export', 'element.fork']);
    expect((await h.call(outsider, 'PATCH', `/workspaces/${api.id}`, { name: 'Defaced' })).statusCode).toBe(403);
    expect((await h.call(outsider, 'GET', `/workspaces/${api.id}/members`)).statusCode).toBe(403);
    expect((await h.call(outsider, 'PUT', `/workspaces/${api.id}/visibility`, { visibility: 'team' })).statusCode).toBe(403);
    expect((await h.call(owner, 'GET', `/workspaces/${api.id}`)).json<WorkspaceView>().name).toBe('Public API');

    // Public only through a visibility change.
    const direct = await h.call(owner, 'POST', `/teams/${teamId}/workspaces`, { name: 'Straight out', visibility: 'public' });
    expect(direct.statusCode).toBe(403);
    expect(errorOf(direct).message).toMatch(/^A workspace becomes public only by changing its visibility/);

    // Taken back to team: anonymous readers lose it at once.
    expect((await h.call(owner, 'PUT', `/workspaces/${api.id}/visibility`, { visibility: 'team' })).statusCode).toBe(200);
    expect((await h.call(null, 'GET', `/public/workspaces/${api.id}`)).statusCode).toBe(404);
    expect(await workspaceAuditActions(h, teamId)).toEqual(['workspace.create', 'workspace.visibility_change', 'workspace.visibility_change']);
  });

  it('documents the workspace routes in the OpenAPI document', async () => {
    const response = await h.call(null, 'GET', '/openapi.json');
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/teams/{teamId}/workspaces',
        '/workspaces/{workspaceId}',
        '/workspaces/{workspaceId}/visibility',
        '/workspaces/{workspaceId}/members/{memberType}/{memberId}',
        '/workspaces/{workspaceId}/element-roles',
        '/teams/{teamId}/publish-requests/{requestId}/approve',
        '/public/workspaces/{workspaceId}',
      ]),
    );
  });
});
