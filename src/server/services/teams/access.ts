/**
 * Who holds what in a team, read from the database: a user's effective roles (the guard asks on every
 * team request), the members effectively holding a role, and the row lock that serialises changes to a
 * team's membership, roles, groups and plan across processes.
 */
import type { Kysely, Transaction } from 'kysely';
import { activeRoles, isPlan, planAllows, roleInPlan, TEAM_ROLES, type Plan, type TeamRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import type { Database, TeamsTable } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { TeamAccess } from '../../http/access.js';

export type Executor = Kysely<Database> | Transaction<Database>;

/** A stored plan name; an unknown one (never written by this server) counts as the least plan. */
export function planOf(stored: string): Plan {
  return isPlan(stored) ? stored : 'free';
}

/** Stored role names as TEAM_ROLES, in TEAM_ROLES order, unknown names dropped. */
export function rolesOf(stored: Iterable<string | null>): TeamRole[] {
  const held = new Set<string | null>(stored);
  return TEAM_ROLES.filter((role) => held.has(role));
}

export function teamNotFound(teamId: string): ServerError {
  // Same answer for "no such team" and "not yours": callers cannot probe which teams exist.
  return new ServerError('NOT_FOUND', `No team ${teamId} that you belong to`, { field: 'teamId' });
}

/**
 * The user's access to the team: null when either does not exist or they are not a member. One query
 * for the membership and direct roles, a second for group roles only when the plan has user groups.
 */
export async function loadAccess(db: Executor, teamId: string, userId: string): Promise<TeamAccess | null> {
  const rows = await db
    .selectFrom('teams')
    .innerJoin('team_members', (join) => join.onRef('team_members.team_id', '=', 'teams.id').on('team_members.user_id', '=', userId))
    .leftJoin('member_roles', (join) =>
      join.onRef('member_roles.team_id', '=', 'team_members.team_id').onRef('member_roles.user_id', '=', 'team_members.user_id'),
    )
    .select(['teams.plan as plan', 'member_roles.role as role'])
    .where('teams.id', '=', teamId)
    .execute();
  const first = rows[0];
  if (first === undefined) return null;
  const plan = planOf(first.plan);
  const held = rolesOf(rows.map((row) => row.role));
  if (planAllows(plan, 'user_groups')) held.push(...(await groupRolesOfUser(db, teamId, userId)));
  return { teamId, plan, roles: activeRoles(held, plan) };
}

async function groupRolesOfUser(db: Executor, teamId: string, userId: string): Promise<TeamRole[]> {
  const rows = await db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .innerJoin('group_roles', 'group_roles.group_id', 'group_members.group_id')
    .select('group_roles.role as role')
    .where('group_members.user_id', '=', userId)
    .where('groups.team_id', '=', teamId)
    .execute();
  return rolesOf(rows.map((row) => row.role));
}

/** The members who effectively hold `role` on `plan`: directly, or through a group when the plan has groups. */
export async function effectiveHolders(db: Executor, teamId: string, plan: Plan, role: TeamRole): Promise<Set<string>> {
  const holders = new Set<string>();
  if (!roleInPlan(role, plan)) return holders;
  const direct = await db.selectFrom('member_roles').select('user_id').where('team_id', '=', teamId).where('role', '=', role).execute();
  for (const row of direct) holders.add(row.user_id);
  if (planAllows(plan, 'user_groups')) {
    const viaGroups = await db
      .selectFrom('group_members')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .innerJoin('group_roles', 'group_roles.group_id', 'group_members.group_id')
      .innerJoin('team_members', (join) =>
        join.onRef('team_members.team_id', '=', 'groups.team_id').onRef('team_members.user_id', '=', 'group_members.user_id'),
      )
      .select('group_members.user_id as userId')
      .where('groups.team_id', '=', teamId)
      .where('group_roles.role', '=', role)
      .execute();
    for (const row of viaGroups) holders.add(row.userId);
  }
  return holders;
}

/** The team row, locked for the rest of the transaction on PostgreSQL (SQLite's writer lock serialises). */
export async function lockTeam(ctx: Pick<ServerContext, 'kind'>, trx: Transaction<Database>, teamId: string): Promise<TeamsTable> {
  let query = trx.selectFrom('teams').selectAll().where('id', '=', teamId);
  if (ctx.kind === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (row === undefined) throw teamNotFound(teamId);
  return row;
}

/** Whether `userId` is a member of the team. */
export async function isMember(db: Executor, teamId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

export function memberNotFound(userId: string): ServerError {
  return new ServerError('NOT_FOUND', `No member ${userId} in this team`, { field: 'userId' });
}
