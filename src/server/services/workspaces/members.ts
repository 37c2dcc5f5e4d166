/**
 * Workspace members: users and groups holding a workspace role. Only a workspace Admin (or Super Admin)
 * changes them, and a shared workspace always keeps an Admin. A group's role reaches its members at
 * once: roles are read on every request, never cached.
 */
import { isWorkspaceRole, type WorkspaceRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { ServerError } from '../../errors.js';
import type { WorkspaceAccess } from '../../http/access.js';
import type { Executor } from './access.js';
import { assertGrantable } from './principals.js';
import { runWorkspaceChange } from './scope.js';
import type { Actor, GrantPrincipal, WorkspaceMemberView } from './types.js';

/** Current grants, skipping users who left the team and groups that were deleted (they grant nothing). */
export async function loadWorkspaceMembers(db: Executor, workspaceId: string, teamId: string): Promise<WorkspaceMemberView[]> {
  const users = await db
    .selectFrom('workspace_members')
    .innerJoin('users', 'users.id', 'workspace_members.principal_id')
    .innerJoin('team_members', (join) => join.onRef('team_members.user_id', '=', 'users.id').on('team_members.team_id', '=', teamId))
    .select(['users.id as id', 'users.name as name', 'users.email as email', 'workspace_members.role as role', 'workspace_members.granted_by as grantedBy', 'workspace_members.granted_at as grantedAt'])
    .where('workspace_members.workspace_id', '=', workspaceId)
    .where('workspace_members.principal_type', '=', 'user')
    .orderBy('users.email')
    .execute();
  const groups = await db
    .selectFrom('workspace_members')
    .innerJoin('groups', 'groups.id', 'workspace_members.principal_id')
    .select(['groups.id as id', 'groups.name as name', 'workspace_members.role as role', 'workspace_members.granted_by as grantedBy', 'workspace_members.granted_at as grantedAt'])
    .where('workspace_members.workspace_id', '=', workspaceId)
    .where('workspace_members.principal_type', '=', 'group')
    .where('groups.team_id', '=', teamId)
    .orderBy('groups.name')
    .execute();
  const views: WorkspaceMemberView[] = [];
  for (const row of users) if (isWorkspaceRole(row.role)) views.push({ type: 'user', ...row, role: row.role });
  for (const row of groups) if (isWorkspaceRole(row.role)) views.push({ type: 'group', ...row, email: null, role: row.role });
  return views;
}

export function listWorkspaceMembers(ctx: ServerContext, access: WorkspaceAccess): Promise<WorkspaceMemberView[]> {
  return loadWorkspaceMembers(ctx.db, access.workspace.id, access.workspace.teamId);
}

function memberNotFound(principal: GrantPrincipal): ServerError {
  return new ServerError('NOT_FOUND', `The ${principal.type} ${principal.id} holds no role in this workspace`, { field: 'id' });
}

async function assertAdminKept(db: Executor, workspaceId: string, teamId: string): Promise<void> {
  const admins = (await loadWorkspaceMembers(db, workspaceId, teamId)).filter((member) => member.role === 'admin');
  if (admins.length === 0) throw new ServerError('LAST_ADMIN', 'A workspace keeps at least one Admin: make someone else Admin first', { field: 'role' });
}

async function currentRole(db: Executor, workspaceId: string, principal: GrantPrincipal): Promise<WorkspaceRole | null> {
  const row = await db
    .selectFrom('workspace_members')
    .select('role')
    .where('workspace_id', '=', workspaceId)
    .where('principal_type', '=', principal.type)
    .where('principal_id', '=', principal.id)
    .executeTakeFirst();
  return row !== undefined && isWorkspaceRole(row.role) ? row.role : null;
}

export function addWorkspaceMember(ctx: ServerContext, actor: Actor, workspaceId: string, principal: GrantPrincipal, role: WorkspaceRole): Promise<WorkspaceMemberView[]> {
  return runWorkspaceChange(ctx, actor, workspaceId, 'workspace.members.manage', async ({ trx, workspace, access, now, audit }) => {
    await assertGrantable(trx, workspace.team_id, access.subject.plan, principal);
    const held = await currentRole(trx, workspaceId, principal);
    if (held !== null) throw new ServerError('CONFLICT', `The ${principal.type} ${principal.id} already holds the ${held} role here; change it instead`, { field: 'id' });
    await trx
      .insertInto('workspace_members')
      .values({ workspace_id: workspaceId, principal_type: principal.type, principal_id: principal.id, role, granted_by: actor.userId, granted_at: now })
      .execute();
    await audit({ action: 'workspace.member_add', target: { type: principal.type, id: principal.id }, details: { workspaceId, role } });
    return loadWorkspaceMembers(trx, workspaceId, workspace.team_id);
  });
}

export function changeWorkspaceRole(ctx: ServerContext, actor: Actor, workspaceId: string, principal: GrantPrincipal, role: WorkspaceRole): Promise<WorkspaceMemberView[]> {
  return runWorkspaceChange(ctx, actor, workspaceId, 'workspace.members.manage', async ({ trx, workspace, now, audit }) => {
    const held = await currentRole(trx, workspaceId, principal);
    if (held === null) throw memberNotFound(principal);
    if (held !== role) {
      await trx
        .updateTable('workspace_members')
        .set({ role, granted_by: actor.userId, granted_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('principal_type', '=', principal.type)
        .where('principal_id', '=', principal.id)
        .execute();
      if (held === 'admin') await assertAdminKept(trx, workspaceId, workspace.team_id);
      await audit({ action: 'workspace.role_change', target: { type: principal.type, id: principal.id }, details: { workspaceId, before: held, after: role } });
    }
    return loadWorkspaceMembers(trx, workspaceId, workspace.team_id);
  });
}

export function removeWorkspaceMember(ctx: ServerContext, actor: Actor, workspaceId: string, principal: GrantPrincipal): Promise<void> {
  return runWorkspaceChange(ctx, actor, workspaceId, 'workspace.members.manage', async ({ trx, workspace, audit }) => {
    const held = await currentRole(trx, workspaceId, principal);
    if (held === null) throw memberNotFound(principal);
    await trx
      .deleteFrom('workspace_members')
      .where('workspace_id', '=', workspaceId)
      .where('principal_type', '=', principal.type)
      .where('principal_id', '=', principal.id)
      .execute();
    if (held === 'admin') await assertAdminKept(trx, workspaceId, workspace.team_id);
    await audit({ action: 'workspace.member_remove', target: { type: principal.type, id: principal.id }, details: { workspaceId, role: held } });
  });
}
