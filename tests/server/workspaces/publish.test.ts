/**
 * Making a workspace public: a request that a Community Manager approves or denies when the team has one
 * (directly or through a group), a direct change when it has none. Every step audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/context.js';
import { errorOf, openHarness, workspaceAuditActions, type Harness, type WorkspaceView } from './harness.js';

interface PublishRequest {
  id: string;
  workspaceId: string;
  workspaceName: string;
  requestedBy: string;
  status: string;
  fromVisibility: string;
  decidedBy: string | null;
  note: string | null;
}

describe.each(DATABASE_KINDS)('publishing workspaces on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('turns "make public" into a request a Community Manager approves, then the workspace is public', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const manager = await h.user('manager');
    const teamId = await h.team(owner, 'professional');
    await h.add(owner, teamId, dev, ['developer']);
    await h.add(owner, teamId, manager, ['community_manager']);
    const api = await h.workspace(dev, teamId, 'team', 'Payments API');

    const asked = await h.call(dev, 'PUT', `/workspaces/${api.id}/visibility`, { visibility: 'public' });
    expect(asked.statusCode).toBe(202);
    const { workspace, publishRequest } = asked.json<{ workspace: WorkspaceView; publishRequest: PublishRequest }>();
    expect(workspace.visibility).toBe('team');
    expect(workspace.pendingPublishRequest?.id).toBe(publishRequest.id);
    expect(publishRequest).toMatchObject({ workspaceId: api.id, workspaceName: 'Payments API', requestedBy: dev.id, status: 'pending', fromVisibility: 'team' });
    expect((await h.call(null, 'GET', `/public/workspaces/${api.id}`)).statusCode).toBe(404);
    // Asking again while pending returns the same request.
    const again = await h.call(dev, 'PUT', `/workspaces/${api.id}/visibility`, { visibility: 'public' });
    expect(again.json<{ publishRequest: PublishRequest }>().publishRequest.id).toBe(publishRequest.id);

    // Only those allowed public.approve_requests see or decide requests.
    for (const notManager of [dev, owner]) {
      const list = await h.call(notManager, 'GET', `/teams/${teamId}/publish-requests`);
      expect(list.statusCode).toBe(403);
      expect(errorOf(list).message).toBe('Approving requests to make workspaces public needs the Community Manager role');
      expect((await h.call(notManager, 'POST', `/teams/${teamId}/publish-requests/${publishRequest.id}/approve`, {})).statusCode).toBe(403);
    }
    const pending = await h.call(manager, 'GET', `/teams/${teamId}/publish-requests`);
    expect(pending.statusCode).toBe(200);
    expect(pending.json<{ requests: PublishRequest[] }>().requests.map((r) => r.id)).toEqual([publishRequest.id]);
    // The Community Manager decides without seeing the workspace's contents otherwise.
    const approved = await h.call(manager, 'POST', `/teams/${teamId}/publish-requests/${publishRequest.id}/approve`, { note: 'Reviewed' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json<PublishRequest>()).toMatchObject({ status: 'approved', decidedBy: manager.id, note: 'Reviewed' });

    expect((await h.call(null, 'GET', `/public/workspaces/${api.id}`)).statusCode).toBe(200);
    expect((await h.call(dev, 'GET', `/workspaces/${api.id}`)).json<WorkspaceView>()).toMatchObject({ visibility: 'public', pendingPublishRequest: null });
    const twice = await h.call(manager, 'POST', `/teams/${teamId}/publish-requests/${publishRequest.id}/deny`, {});
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice).message).toBe(`Publish request ${publishRequest.id} is already approved`);
    expect((await h.call(manager, 'GET', `/teams/${teamId}/publish-requests`)).json<{ requests: unknown[] }>().requests).toEqual([]);
    expect((await h.call(manager, 'GET', `/teams/${teamId}/publish-requests?status=approved`)).json<{ requests: unknown[] }>().requests).toHaveLength(1);

    const entries = (await h.audit(teamId)).filter((row) => row.action.startsWith('workspace.'));
    expect(entries.map((row) => [row.action, row.actorId])).toEqual([
      ['workspace.create', dev.id],
      ['workspace.publish_request', dev.id],
      ['workspace.publish_approve', manager.id],
      ['workspace.visibility_change', manager.id],
    ]);
    expect(entries[3]).toMatchObject({ targetType: 'workspace', targetId: api.id, details: { from: 'team', to: 'public', requestId: publishRequest.id } });
  });

  it('leaves the workspace as it was when the request is denied, and a later direct change cancels a pending one', async () => {
    const owner = await h.user('owner');
    const manager = await h.user('manager');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, manager, ['developer']);
    // Community Manager through a group counts as having one.
    const group = await h.call(owner, 'POST', `/teams/${teamId}/groups`, { name: 'Community', roles: ['community_manager'] });
    expect(group.statusCode).toBe(201);
    const groupId = group.json<{ id: string }>().id;
    expect((await h.call(owner, 'POST', `/teams/${teamId}/groups/${groupId}/members`, { userId: manager.id })).statusCode).toBe(200);

    const first = await h.workspace(owner, teamId, 'private', 'Internal');
    const asked = await h.call(owner, 'PUT', `/workspaces/${first.id}/visibility`, { visibility: 'public' });
    expect(asked.statusCode).toBe(202);
    const requestId = asked.json<{ publishRequest: PublishRequest }>().publishRequest.id;
    const denied = await h.call(manager, 'POST', `/teams/${teamId}/publish-requests/${requestId}/deny`, { note: 'Has secrets' });
    expect(denied.statusCode).toBe(200);
    expect(denied.json<PublishRequest>()).toMatchObject({ status: 'denied', note: 'Has secrets' });
    expect((await h.call(owner, 'GET', `/workspaces/${first.id}`)).json<WorkspaceView>().visibility).toBe('private');
    expect((await h.call(null, 'GET', `/public/workspaces/${first.id}`)).statusCode).toBe(404);

    const second = await h.workspace(owner, teamId, 'team', 'Docs');
    const pendingId = (await h.call(owner, 'PUT', `/workspaces/${second.id}/visibility`, { visibility: 'public' })).json<{ publishRequest: PublishRequest }>().publishRequest.id;
    expect((await h.call(owner, 'PUT', `/workspaces/${second.id}/visibility`, { visibility: 'private' })).statusCode).toBe(200);
    const late = await h.call(manager, 'POST', `/teams/${teamId}/publish-requests/${pendingId}/approve`, {});
    expect(late.statusCode).toBe(409);
    expect(errorOf(late).message).toBe(`Publish request ${pendingId} is already cancelled`);
    expect((await h.call(owner, 'GET', `/workspaces/${second.id}`)).json<WorkspaceView>().visibility).toBe('private');

    // Once nobody holds Community Manager, the Admin publishes directly.
    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/groups/${groupId}/members/${manager.id}`)).statusCode).toBe(200);
    const direct = await h.call(owner, 'PUT', `/workspaces/${second.id}/visibility`, { visibility: 'public' });
    expect(direct.statusCode).toBe(200);
    expect(direct.json<{ workspace: WorkspaceView }>().workspace.visibility).toBe('public');

    expect(await workspaceAuditActions(h, teamId)).toEqual([
      'workspace.create',
      'workspace.publish_request',
      'workspace.publish_deny',
      'workspace.create',
      'workspace.publish_request',
      'workspace.visibility_change',
      'workspace.visibility_change',
    ]);
  });

  it('lets only a workspace Admin ask, and refuses an unknown request', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const manager = await h.user('manager');
    const teamId = await h.team(owner, 'professional');
    await h.add(owner, teamId, dev, ['developer']);
    await h.add(owner, teamId, manager, ['community_manager']);
    const shared = await h.workspace(owner, teamId, 'team');
    const refused = await h.call(dev, 'PUT', `/workspaces/${shared.id}/visibility`, { visibility: 'public' });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toBe('Changing the visibility of a team workspace needs the Workspace Admin role');
    // A Community Manager approves requests but does not change visibility of others' workspaces.
    expect((await h.call(manager, 'PUT', `/workspaces/${shared.id}/visibility`, { visibility: 'public' })).statusCode).toBe(403);
    const unknown = await h.call(manager, 'POST', `/teams/${teamId}/publish-requests/wpr_nope/approve`, {});
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).field).toBe('requestId');
    expect(await workspaceAuditActions(h, teamId)).toEqual(['workspace.create']);
  });
});
