/** Reads workspaces and publish requests into the views the API answers with. */
import { allowedWorkspaceActions } from '../../authz/index.js';
import type { WorkspacePublishRequestsTable, WorkspacesTable } from '../../db/index.js';
import type { WorkspaceAccess } from '../../http/access.js';
import { sortedWorkspaceRoles, visibilityOf, type Executor } from './access.js';
import { PUBLISH_STATUSES, type PublicWorkspaceView, type PublishRequestView, type PublishStatus, type WorkspaceView } from './types.js';

function statusOf(stored: string): PublishStatus {
  return (PUBLISH_STATUSES as readonly string[]).includes(stored) ? (stored as PublishStatus) : 'cancelled';
}

export function publishRequestView(row: WorkspacePublishRequestsTable, workspaceName: string): PublishRequestView {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    workspaceName,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    fromVisibility: visibilityOf(row.from_visibility),
    status: statusOf(row.status),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    note: row.note,
  };
}

export async function pendingPublishRequest(db: Executor, workspaceId: string): Promise<WorkspacePublishRequestsTable | null> {
  const row = await db
    .selectFrom('workspace_publish_requests')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'pending')
    .orderBy('requested_at', 'desc')
    .executeTakeFirst();
  return row ?? null;
}

/** The workspace as `access`'s caller sees it (their roles and what they may do). */
export async function workspaceView(db: Executor, row: WorkspacesTable, access: WorkspaceAccess): Promise<WorkspaceView> {
  const visibility = visibilityOf(row.visibility);
  const pending = await pendingPublishRequest(db, row.id);
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    description: row.description,
    visibility,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    roles: sortedWorkspaceRoles(access.subject.workspaceRoles),
    actions: allowedWorkspaceActions(access.subject, { visibility, teamId: row.team_id }),
    pendingPublishRequest: pending === null ? null : publishRequestView(pending, row.name),
  };
}

export function publicWorkspaceView(row: WorkspacesTable): PublicWorkspaceView {
  return { id: row.id, name: row.name, description: row.description, visibility: 'public', updatedAt: row.updated_at };
}

export async function requireWorkspaceRow(db: Executor, workspaceId: string): Promise<WorkspacesTable | null> {
  return (await db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst()) ?? null;
}
