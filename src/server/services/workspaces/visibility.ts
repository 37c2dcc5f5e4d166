/**
 * Changing a workspace's visibility (workspace Admins only). Making it public, when the team has a
 * Community Manager (anyone effectively holding the role, directly or through a group), becomes a
 * request that one of them approves or denies (publish.ts); otherwise the Admin changes it directly.
 * A direct change cancels a request still pending, so an old request cannot undo a later decision.
 */
import { assertWorkspaceAllowed, MAKE_VISIBILITY_ACTION, type WorkspaceVisibility } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import type { WorkspacesTable } from '../../db/index.js';
import type { WorkspaceAccess } from '../../http/access.js';
import { effectiveHolders } from '../teams/access.js';
import { visibilityOf } from './access.js';
import { newWorkspaceRowId } from './ids.js';
import { runWorkspaceChange } from './scope.js';
import type { Actor, VisibilityChangeResult } from './types.js';
import { pendingPublishRequest, publishRequestView, workspaceView } from './views.js';

export function changeVisibility(ctx: ServerContext, actor: Actor, workspaceId: string, target: WorkspaceVisibility): Promise<VisibilityChangeResult> {
  return runWorkspaceChange(ctx, actor, workspaceId, 'workspace.change_visibility', async ({ trx, workspace, access, now, audit }) => {
    assertWorkspaceAllowed(access.subject, access.workspace, MAKE_VISIBILITY_ACTION[target]);
    const from = visibilityOf(workspace.visibility);
    if (from === target) return { workspace: await workspaceView(trx, workspace, access), publishRequest: null };

    if (target === 'public') {
      const managers = await effectiveHolders(trx, workspace.team_id, access.subject.plan, 'community_manager');
      if (managers.size > 0) {
        const pending = await pendingPublishRequest(trx, workspaceId);
        if (pending !== null) return { workspace: await workspaceView(trx, workspace, access), publishRequest: publishRequestView(pending, workspace.name) };
        const request = {
          id: newWorkspaceRowId('wpr'),
          workspace_id: workspaceId,
          team_id: workspace.team_id,
          requested_by: actor.userId,
          requested_at: now,
          from_visibility: from,
          status: 'pending',
          decided_by: null,
          decided_at: null,
          note: null,
        };
        await trx.insertInto('workspace_publish_requests').values(request).execute();
        await audit({ action: 'workspace.publish_request', target: { type: 'workspace', id: workspaceId }, details: { requestId: request.id, from } });
        return { workspace: await workspaceView(trx, workspace, access), publishRequest: publishRequestView(request, workspace.name) };
      }
    }

    const cancelled = await trx
      .updateTable('workspace_publish_requests')
      .set({ status: 'cancelled', decided_by: actor.userId, decided_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'pending')
      .returning('id')
      .execute();
    // A personal workspace is its owner's alone: whoever makes it personal owns it (so they keep it).
    const ownerId = target === 'personal' ? actor.userId : workspace.owner_id;
    await trx.updateTable('workspaces').set({ visibility: target, owner_id: ownerId, updated_at: now }).where('id', '=', workspaceId).execute();
    await audit({
      action: 'workspace.visibility_change',
      target: { type: 'workspace', id: workspaceId },
      details: {
        from,
        to: target,
        ...(ownerId !== workspace.owner_id ? { ownerId: { before: workspace.owner_id, after: ownerId } } : {}),
        ...(cancelled.length > 0 ? { cancelledRequestIds: cancelled.map((row) => row.id) } : {}),
      },
    });
    const updated: WorkspacesTable = { ...workspace, visibility: target, owner_id: ownerId, updated_at: now };
    const after: WorkspaceAccess = {
      ...access,
      workspace: { ...access.workspace, visibility: target, ownerId },
      subject: { ...access.subject, isOwner: ownerId === actor.userId },
    };
    return { workspace: await workspaceView(trx, updated, after), publishRequest: null };
  });
}
