/**
 * Requests to make a workspace public: listed, approved or denied by those authz allows
 * `public.approve_requests` (Community Managers, Super Admins). Approving makes the workspace public in
 * the same transaction; both steps are audited.
 */
import { assertAllowed } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { ServerError } from '../../errors.js';
import { loadAccess, teamNotFound } from '../teams/access.js';
import { runTeamChange } from '../teams/scope.js';
import { lockWorkspace, visibilityOf } from './access.js';
import type { Actor, PublishRequestView, PublishStatus } from './types.js';
import { publishRequestView } from './views.js';

export async function listPublishRequests(ctx: ServerContext, actor: Actor, teamId: string, status: PublishStatus | 'all'): Promise<PublishRequestView[]> {
  const access = await loadAccess(ctx.db, teamId, actor.userId);
  if (access === null) throw teamNotFound(teamId);
  assertAllowed({ userId: actor.userId, roles: access.roles, plan: access.plan }, 'public.approve_requests');
  let query = ctx.db
    .selectFrom('workspace_publish_requests')
    .innerJoin('workspaces', 'workspaces.id', 'workspace_publish_requests.workspace_id')
    .selectAll('workspace_publish_requests')
    .select('workspaces.name as workspaceName')
    .where('workspace_publish_requests.team_id', '=', teamId)
    .orderBy('workspace_publish_requests.requested_at')
    .orderBy('workspace_publish_requests.id');
  if (status !== 'all') query = query.where('workspace_publish_requests.status', '=', status);
  const rows = await query.execute();
  return rows.map(({ workspaceName, ...row }) => publishRequestView(row, workspaceName));
}

function requestNotFound(requestId: string): ServerError {
  return new ServerError('NOT_FOUND', `No publish request ${requestId} in this team`, { field: 'requestId' });
}

export function decidePublishRequest(
  ctx: ServerContext,
  actor: Actor,
  teamId: string,
  requestId: string,
  verdict: 'approve' | 'deny',
  note: string | null,
): Promise<PublishRequestView> {
  return runTeamChange(ctx, actor, teamId, 'public.approve_requests', async ({ trx, now, audit }) => {
    const readRequest = () => trx.selectFrom('workspace_publish_requests').selectAll().where('id', '=', requestId).where('team_id', '=', teamId).executeTakeFirst();
    const found = await readRequest();
    if (found === undefined) throw requestNotFound(requestId);
    // Visibility changes hold the workspace lock when they cancel a pending request: read the status again
    // under that lock, so an approval racing with "make it private" cannot publish it afterwards.
    const workspace = await lockWorkspace(ctx, trx, found.workspace_id);
    const request = await readRequest();
    if (request === undefined) throw requestNotFound(requestId);
    if (request.status !== 'pending') {
      throw new ServerError('CONFLICT', `Publish request ${requestId} is already ${request.status}`, { field: 'requestId' });
    }
    const status = verdict === 'approve' ? 'approved' : 'denied';
    await trx.updateTable('workspace_publish_requests').set({ status, decided_by: actor.userId, decided_at: now, note }).where('id', '=', requestId).execute();
    const target = { type: 'workspace', id: workspace.id };
    if (verdict === 'approve') {
      const from = visibilityOf(workspace.visibility);
      await trx.updateTable('workspaces').set({ visibility: 'public', updated_at: now }).where('id', '=', workspace.id).execute();
      await audit({ action: 'workspace.publish_approve', target, details: { requestId, requestedBy: request.requested_by, note } });
      await audit({ action: 'workspace.visibility_change', target, details: { from, to: 'public', requestId } });
    } else {
      await audit({ action: 'workspace.publish_deny', target, details: { requestId, requestedBy: request.requested_by, note } });
    }
    return publishRequestView({ ...request, status, decided_by: actor.userId, decided_at: now, note }, workspace.name);
  });
}
