/**
 * The caller's standing in one workspace in as few reads as the guard can make it — it runs on every
 * workspace request, sync pulls included: one query for the workspace, its team's plan, the caller's
 * membership, direct team roles and direct workspace role; a second for the caller's groups (their team
 * roles and workspace roles here) only where the plan has user groups; a third only for an element.
 * Same answer as reading each piece on its own (the workspace and HTTP matrices check it).
 */
import { activeRoles, isWorkspaceRole, planAllows, type ElementRole, type WorkspaceRole, type WorkspaceSubject } from '../../authz/index.js';
import type { TeamAccess, WorkspaceAccess } from '../../http/access.js';
import { planOf, rolesOf, type Executor } from '../teams/access.js';
import { elementRolesOf, visibilityOf, type ElementRef } from './access.js';

interface GroupStanding {
  readonly groupIds: string[];
  readonly teamRoles: (string | null)[];
  readonly workspaceRoles: (string | null)[];
}

async function groupStanding(db: Executor, teamId: string, workspaceId: string, userId: string): Promise<GroupStanding> {
  const rows = await db
    .selectFrom('group_members as gm')
    .innerJoin('groups as g', 'g.id', 'gm.group_id')
    .leftJoin('group_roles as gr', 'gr.group_id', 'g.id')
    .leftJoin('workspace_members as gw', (join) =>
      join.on('gw.workspace_id', '=', workspaceId).on('gw.principal_type', '=', 'group').onRef('gw.principal_id', '=', 'g.id'),
    )
    .select(['g.id as groupId', 'gr.role as teamRole', 'gw.role as workspaceRole'])
    .where('gm.user_id', '=', userId)
    .where('g.team_id', '=', teamId)
    .execute();
  return {
    groupIds: [...new Set(rows.map((row) => row.groupId))],
    teamRoles: rows.map((row) => row.teamRole),
    workspaceRoles: rows.map((row) => row.workspaceRole),
  };
}

/**
 * The caller's standing in the workspace, or null when it does not exist. `userId` null: not signed in.
 * With `element`, the subject carries the caller's roles on that element too.
 */
export async function loadWorkspaceAccess(db: Executor, workspaceId: string, userId: string | null, element?: ElementRef): Promise<WorkspaceAccess | null> {
  // An anonymous caller matches no membership row: '' is no user id.
  const caller = userId ?? '';
  const rows = await db
    .selectFrom('workspaces as w')
    .innerJoin('teams as t', 't.id', 'w.team_id')
    .leftJoin('team_members as m', (join) => join.onRef('m.team_id', '=', 'w.team_id').on('m.user_id', '=', caller))
    .leftJoin('member_roles as r', (join) => join.onRef('r.team_id', '=', 'm.team_id').onRef('r.user_id', '=', 'm.user_id'))
    .leftJoin('workspace_members as wm', (join) =>
      join.onRef('wm.workspace_id', '=', 'w.id').on('wm.principal_type', '=', 'user').on('wm.principal_id', '=', caller),
    )
    .select(['w.id as id', 'w.team_id as teamId', 'w.visibility as visibility', 'w.owner_id as ownerId', 't.plan as plan', 'm.user_id as memberId', 'r.role as teamRole', 'wm.role as workspaceRole'])
    .where('w.id', '=', workspaceId)
    .execute();
  const first = rows[0];
  if (first === undefined) return null;
  const plan = planOf(first.plan);
  let team: TeamAccess | null = null;
  const workspaceRoles = new Set<WorkspaceRole>();
  let elementRoles: Set<ElementRole> | undefined;
  if (userId !== null && first.memberId !== null) {
    const held = rolesOf(rows.map((row) => row.teamRole));
    const storedWorkspaceRoles = rows.map((row) => row.workspaceRole);
    let groupIds: string[] = [];
    if (planAllows(plan, 'user_groups')) {
      const groups = await groupStanding(db, first.teamId, workspaceId, userId);
      groupIds = groups.groupIds;
      held.push(...rolesOf(groups.teamRoles));
      storedWorkspaceRoles.push(...groups.workspaceRoles);
    }
    for (const role of storedWorkspaceRoles) if (isWorkspaceRole(role)) workspaceRoles.add(role);
    team = { teamId: first.teamId, plan, roles: activeRoles(held, plan) };
    if (element !== undefined) elementRoles = await elementRolesOf(db, workspaceId, element, userId, groupIds);
  }
  const subject: WorkspaceSubject = {
    userId,
    teamMember: team !== null,
    teamRoles: team?.roles ?? new Set(),
    plan,
    workspaceRoles,
    isOwner: userId !== null && userId === first.ownerId,
    ...(elementRoles !== undefined ? { elementRoles } : {}),
  };
  return { workspace: { id: first.id, teamId: first.teamId, visibility: visibilityOf(first.visibility), ownerId: first.ownerId }, subject, team };
}
