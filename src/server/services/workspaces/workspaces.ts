/** Creating, listing, reading, renaming and deleting workspaces. Visibility changes are in visibility.ts. */
import { assertWorkspaceAllowed, authorizeWorkspace, type WorkspaceSubject, type WorkspaceVisibility } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import type { WorkspacesTable } from '../../db/index.js';
import type { WorkspaceAccess } from '../../http/access.js';
import { loadAccess, teamNotFound } from '../teams/access.js';
import { runTeamChange } from '../teams/scope.js';
import { groupIdsOf, visibilityOf, workspaceNotFound, workspaceRolesByWorkspace } from './access.js';
import { newWorkspaceRowId } from './ids.js';
import { runWorkspaceChange } from './scope.js';
import type { Actor, PublicWorkspaceView, WorkspaceView } from './types.js';
import { publicWorkspaceView, requireWorkspaceRow, workspaceView } from './views.js';

export interface CreateWorkspaceInput {
  readonly name: string;
  readonly description?: string;
  readonly visibility: WorkspaceVisibility;
}

export interface WorkspaceChange {
  readonly name?: string;
  readonly description?: string;
}

/**
 * Any member creates a personal, team or private (plan permitting) workspace; authz decides with the
 * visibility asked for. The creator owns it and holds Admin, so it stays administered if it is shared.
 */
export function createWorkspace(ctx: ServerContext, actor: Actor, teamId: string, input: CreateWorkspaceInput): Promise<WorkspaceView> {
  // The team row lock serialises with membership changes: the creator is a member while it commits.
  return runTeamChange(ctx, actor, teamId, 'team.read', async ({ trx, subject, now, audit }) => {
    const creator: WorkspaceSubject = {
      userId: actor.userId,
      teamMember: true,
      teamRoles: subject.roles,
      plan: subject.plan,
      workspaceRoles: new Set(),
      isOwner: true,
    };
    assertWorkspaceAllowed(creator, { visibility: input.visibility, teamId }, 'workspace.create');
    const row: WorkspacesTable = {
      id: newWorkspaceRowId('ws'),
      team_id: teamId,
      name: input.name,
      description: input.description ?? '',
      visibility: input.visibility,
      owner_id: actor.userId,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('workspaces').values(row).execute();
    await trx
      .insertInto('workspace_members')
      .values({ workspace_id: row.id, principal_type: 'user', principal_id: actor.userId, role: 'admin', granted_by: actor.userId, granted_at: now })
      .execute();
    await audit({ action: 'workspace.create', target: { type: 'workspace', id: row.id }, details: { name: row.name, visibility: row.visibility } });
    const access: WorkspaceAccess = {
      workspace: { id: row.id, teamId, visibility: input.visibility, ownerId: actor.userId },
      subject: { ...creator, workspaceRoles: new Set(['admin']) },
      team: { teamId, plan: subject.plan, roles: subject.roles },
    };
    return workspaceView(trx, row, access);
  });
}

/** The team's workspaces that the member may see (all of them for a Super Admin), by name. */
export async function listWorkspaces(ctx: ServerContext, actor: Actor, teamId: string): Promise<WorkspaceView[]> {
  const team = await loadAccess(ctx.db, teamId, actor.userId);
  if (team === null) throw teamNotFound(teamId);
  const rows = await ctx.db.selectFrom('workspaces').selectAll().where('team_id', '=', teamId).orderBy('name').orderBy('id').execute();
  const groupIds = await groupIdsOf(ctx.db, teamId, team.plan, actor.userId);
  const roles = await workspaceRolesByWorkspace(ctx.db, rows.map((row) => row.id), actor.userId, groupIds);
  const views: WorkspaceView[] = [];
  for (const row of rows) {
    const visibility = visibilityOf(row.visibility);
    const subject: WorkspaceSubject = {
      userId: actor.userId,
      teamMember: true,
      teamRoles: team.roles,
      plan: team.plan,
      workspaceRoles: roles.get(row.id) ?? new Set(),
      isOwner: row.owner_id === actor.userId,
    };
    if (!authorizeWorkspace(subject, { visibility, teamId }, 'workspace.view').allowed) continue;
    views.push(await workspaceView(ctx.db, row, { workspace: { id: row.id, teamId, visibility, ownerId: row.owner_id }, subject, team }));
  }
  return views;
}

/** The workspace the guard let the caller see. */
export async function getWorkspace(ctx: ServerContext, access: WorkspaceAccess): Promise<WorkspaceView> {
  const row = await requireWorkspaceRow(ctx.db, access.workspace.id);
  if (row === null) throw workspaceNotFound();
  return workspaceView(ctx.db, row, access);
}

export async function getPublicWorkspace(ctx: ServerContext, access: WorkspaceAccess): Promise<PublicWorkspaceView> {
  const row = await requireWorkspaceRow(ctx.db, access.workspace.id);
  if (row === null || row.visibility !== 'public') throw workspaceNotFound();
  return publicWorkspaceView(row);
}

export function updateWorkspace(ctx: ServerContext, actor: Actor, workspaceId: string, change: WorkspaceChange): Promise<WorkspaceView> {
  return runWorkspaceChange(ctx, actor, workspaceId, 'workspace.update', async ({ trx, workspace, access, now, audit }) => {
    const changes: Record<string, { before: string; after: string }> = {};
    if (change.name !== undefined && change.name !== workspace.name) changes['name'] = { before: workspace.name, after: change.name };
    if (change.description !== undefined && change.description !== workspace.description) {
      changes['description'] = { before: workspace.description, after: change.description };
    }
    if (Object.keys(changes).length === 0) return workspaceView(trx, workspace, access);
    const updated: WorkspacesTable = { ...workspace, name: change.name ?? workspace.name, description: change.description ?? workspace.description, updated_at: now };
    // Only the fields that change: a concurrent edit of the other one is not written back over.
    await trx
      .updateTable('workspaces')
      .set({ ...('name' in changes ? { name: updated.name } : {}), ...('description' in changes ? { description: updated.description } : {}), updated_at: now })
      .where('id', '=', workspaceId)
      .execute();
    await audit({ action: 'workspace.update', target: { type: 'workspace', id: workspaceId }, details: { changes } });
    return workspaceView(trx, updated, access);
  });
}

/** Deletes the workspace with its grants and publish requests (elements come with sync, later). */
export function deleteWorkspace(ctx: ServerContext, actor: Actor, workspaceId: string): Promise<void> {
  return runWorkspaceChange(ctx, actor, workspaceId, 'workspace.delete', async ({ trx, workspace, audit }) => {
    await trx.deleteFrom('workspace_publish_requests').where('workspace_id', '=', workspaceId).execute();
    await trx.deleteFrom('element_roles').where('workspace_id', '=', workspaceId).execute();
    await trx.deleteFrom('workspace_members').where('workspace_id', '=', workspaceId).execute();
    await trx.deleteFrom('workspaces').where('id', '=', workspaceId).execute();
    await audit({
      action: 'workspace.delete',
      target: { type: 'workspace', id: workspaceId },
      details: { name: workspace.name, visibility: workspace.visibility, ownerId: workspace.owner_id },
    });
  });
}
