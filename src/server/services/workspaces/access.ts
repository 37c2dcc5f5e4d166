/**
 * Pieces of a caller's standing in workspaces, read from the database: effective workspace roles (direct
 * ∪ through groups, groups only where the plan has them) across workspaces, element roles, visibility,
 * and the workspace row lock. The guard's per-request read of one workspace is standing.ts.
 */
import type { Transaction } from 'kysely';
import {
  isElementRole,
  isWorkspaceRole,
  isWorkspaceVisibility,
  planAllows,
  WORKSPACE_ROLES,
  type ElementRole,
  type ElementType,
  type Plan,
  type WorkspaceRole,
  type WorkspaceVisibility,
} from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import type { Database, WorkspacesTable } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { Executor } from '../teams/access.js';

export type { Executor };

export function workspaceNotFound(): ServerError {
  // One answer for "does not exist" and "you may not see it": private workspaces cannot be probed.
  return new ServerError('NOT_FOUND', 'No such workspace that you can see', { field: 'workspaceId' });
}

/** A stored visibility; an unknown one (never written by this server) counts as the most closed. */
export function visibilityOf(stored: string): WorkspaceVisibility {
  return isWorkspaceVisibility(stored) ? stored : 'personal';
}

/** The ids of the user's groups in the team, when the plan has groups (otherwise group grants count for nothing). */
export async function groupIdsOf(db: Executor, teamId: string, plan: Plan, userId: string): Promise<string[]> {
  if (!planAllows(plan, 'user_groups')) return [];
  const rows = await db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select('groups.id as id')
    .where('group_members.user_id', '=', userId)
    .where('groups.team_id', '=', teamId)
    .execute();
  return rows.map((row) => row.id);
}

/** Effective workspace roles of a user per workspace (for `workspaceIds`), from direct and group grants. */
export async function workspaceRolesByWorkspace(db: Executor, workspaceIds: readonly string[], userId: string, groupIds: readonly string[]): Promise<Map<string, Set<WorkspaceRole>>> {
  const byWorkspace = new Map<string, Set<WorkspaceRole>>();
  if (workspaceIds.length === 0) return byWorkspace;
  const rows = await db
    .selectFrom('workspace_members')
    .select(['workspace_id', 'role'])
    .where('workspace_id', 'in', workspaceIds)
    .where((eb) =>
      eb.or([
        eb.and([eb('principal_type', '=', 'user'), eb('principal_id', '=', userId)]),
        ...(groupIds.length > 0 ? [eb.and([eb('principal_type', '=', 'group'), eb('principal_id', 'in', groupIds)])] : []),
      ]),
    )
    .execute();
  for (const row of rows) {
    if (!isWorkspaceRole(row.role)) continue;
    const roles = byWorkspace.get(row.workspace_id) ?? new Set<WorkspaceRole>();
    roles.add(row.role);
    byWorkspace.set(row.workspace_id, roles);
  }
  return byWorkspace;
}

/** Effective roles of a user on one element (direct ∪ groups). */
export async function elementRolesOf(db: Executor, workspaceId: string, element: ElementRef, userId: string, groupIds: readonly string[]): Promise<Set<ElementRole>> {
  const rows = await db
    .selectFrom('element_roles')
    .select('role')
    .where('workspace_id', '=', workspaceId)
    .where('element_type', '=', element.type)
    .where('element_id', '=', element.id)
    .where((eb) =>
      eb.or([
        eb.and([eb('principal_type', '=', 'user'), eb('principal_id', '=', userId)]),
        ...(groupIds.length > 0 ? [eb.and([eb('principal_type', '=', 'group'), eb('principal_id', 'in', groupIds)])] : []),
      ]),
    )
    .execute();
  return new Set(rows.map((row) => row.role).filter(isElementRole));
}

export interface ElementRef {
  readonly type: ElementType;
  readonly id: string;
}

/** Workspace roles in WORKSPACE_ROLES order (for views). */
export function sortedWorkspaceRoles(roles: ReadonlySet<WorkspaceRole>): WorkspaceRole[] {
  return WORKSPACE_ROLES.filter((role) => roles.has(role));
}

/** The workspace row, locked for the rest of the transaction on PostgreSQL (SQLite's writer lock serialises). */
export async function lockWorkspace(ctx: Pick<ServerContext, 'kind'>, trx: Transaction<Database>, workspaceId: string): Promise<WorkspacesTable> {
  let query = trx.selectFrom('workspaces').selectAll().where('id', '=', workspaceId);
  if (ctx.kind === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (row === undefined) throw workspaceNotFound();
  return row;
}
