/** Reads members and teams into the views the API answers with (a handful of queries per team, not per member). */
import { activeRoles, planAllows, takesSeat, TEAM_ROLES, type Plan, type TeamRole } from '../../authz/index.js';
import type { TeamsTable } from '../../db/index.js';
import { planOf, rolesOf, type Executor } from './access.js';
import { parseTeamSettings } from './settings.js';
import type { MemberGroupView, MemberView, TeamView } from './types.js';

function sortRoles(roles: Iterable<TeamRole>): TeamRole[] {
  const held = new Set(roles);
  return TEAM_ROLES.filter((role) => held.has(role));
}

/** Every member of the team (or just `onlyUserId`), with direct roles, groups and what they add up to. */
export async function loadMembers(db: Executor, teamId: string, plan: Plan, onlyUserId?: string): Promise<MemberView[]> {
  let membersQuery = db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['users.id as userId', 'users.email as email', 'users.name as name', 'team_members.joined_at as joinedAt'])
    .where('team_members.team_id', '=', teamId)
    .orderBy('team_members.joined_at')
    .orderBy('users.email');
  let rolesQuery = db.selectFrom('member_roles').select(['user_id', 'role']).where('team_id', '=', teamId);
  let groupsQuery = db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .leftJoin('group_roles', 'group_roles.group_id', 'groups.id')
    .select(['group_members.user_id as userId', 'groups.id as groupId', 'groups.name as groupName', 'group_roles.role as role'])
    .where('groups.team_id', '=', teamId)
    .orderBy('groups.name');
  if (onlyUserId !== undefined) {
    membersQuery = membersQuery.where('team_members.user_id', '=', onlyUserId);
    rolesQuery = rolesQuery.where('user_id', '=', onlyUserId);
    groupsQuery = groupsQuery.where('group_members.user_id', '=', onlyUserId);
  }
  const [members, roleRows, groupRows] = [await membersQuery.execute(), await rolesQuery.execute(), await groupsQuery.execute()];

  const direct = new Map<string, string[]>();
  for (const row of roleRows) direct.set(row.user_id, [...(direct.get(row.user_id) ?? []), row.role]);
  const groups = new Map<string, Map<string, { name: string; roles: string[] }>>();
  for (const row of groupRows) {
    const ofUser = groups.get(row.userId) ?? new Map<string, { name: string; roles: string[] }>();
    groups.set(row.userId, ofUser);
    const group = ofUser.get(row.groupId) ?? { name: row.groupName, roles: [] };
    ofUser.set(row.groupId, group);
    if (row.role !== null) group.roles.push(row.role);
  }
  const groupsCount = planAllows(plan, 'user_groups');

  return members.map((member) => {
    const roles = rolesOf(direct.get(member.userId) ?? []);
    const memberGroups: MemberGroupView[] = [...(groups.get(member.userId) ?? new Map<string, { name: string; roles: string[] }>())].map(
      ([id, group]) => ({ id, name: group.name, roles: rolesOf(group.roles) }),
    );
    const held = groupsCount ? [...roles, ...memberGroups.flatMap((group) => group.roles)] : roles;
    const effectiveRoles = sortRoles(activeRoles(held, plan));
    return { ...member, roles, groups: memberGroups, effectiveRoles, takesSeat: takesSeat(effectiveRoles) };
  });
}

export async function loadMember(db: Executor, teamId: string, plan: Plan, userId: string): Promise<MemberView | null> {
  const [member] = await loadMembers(db, teamId, plan, userId);
  return member ?? null;
}

/** The team as its member `viewerId` sees it. */
export async function teamView(db: Executor, team: TeamsTable, viewerId: string): Promise<TeamView> {
  const plan = planOf(team.plan);
  const members = await loadMembers(db, team.id, plan);
  const viewer = members.find((member) => member.userId === viewerId);
  return {
    id: team.id,
    name: team.name,
    plan,
    settings: parseTeamSettings(team.settings),
    createdAt: team.created_at,
    roles: viewer?.effectiveRoles ?? [],
    memberCount: members.length,
    seats: members.filter((member) => member.takesSeat).length,
  };
}
