/**
 * User groups (Enterprise): named sets of members whose roles the members inherit. A role given through
 * a group follows the same grant rules as a direct grant: putting someone in a group grants its roles,
 * taking them out (or deleting the group, or dropping a role from it) revokes them.
 */
import { assertAllowed, assertCanGrantRole, assertCanRevokeRole, type Subject, type TeamRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { newId, type GroupsTable } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import { isMember, loadAccess, memberNotFound, rolesOf, teamNotFound, type Executor } from './access.js';
import { assertHoldersKept, runTeamChange, snapshotHolders } from './scope.js';
import type { Actor, GroupMemberView, GroupView } from './types.js';

export interface GroupChange {
  readonly name?: string;
  readonly roles?: readonly TeamRole[];
}

function groupNotFound(groupId: string): ServerError {
  return new ServerError('NOT_FOUND', `No group ${groupId} in this team`, { field: 'groupId' });
}

async function loadGroups(db: Executor, teamId: string, onlyGroupId?: string): Promise<GroupView[]> {
  let groupsQuery = db.selectFrom('groups').selectAll().where('team_id', '=', teamId).orderBy('name');
  if (onlyGroupId !== undefined) groupsQuery = groupsQuery.where('id', '=', onlyGroupId);
  const groups = await groupsQuery.execute();
  if (groups.length === 0) return [];
  const ids = groups.map((group) => group.id);
  const roleRows = await db.selectFrom('group_roles').select(['group_id', 'role']).where('group_id', 'in', ids).execute();
  const memberRows = await db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select(['group_members.group_id as groupId', 'users.id as userId', 'users.email as email', 'users.name as name', 'group_members.added_at as addedAt'])
    .where('group_members.group_id', 'in', ids)
    .orderBy('users.email')
    .execute();
  return groups.map((group) => ({
    id: group.id,
    name: group.name,
    createdAt: group.created_at,
    roles: rolesOf(roleRows.filter((row) => row.group_id === group.id).map((row) => row.role)),
    members: memberRows.filter((row) => row.groupId === group.id).map(({ groupId: _groupId, ...member }): GroupMemberView => member),
  }));
}

async function requireGroup(db: Executor, teamId: string, groupId: string): Promise<GroupView> {
  const [group] = await loadGroups(db, teamId, groupId);
  if (group === undefined) throw groupNotFound(groupId);
  return group;
}

async function assertNameFree(db: Executor, teamId: string, name: string, exceptId?: string): Promise<void> {
  let query = db.selectFrom('groups').select('id').where('team_id', '=', teamId).where('name', '=', name);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  if ((await query.executeTakeFirst()) !== undefined) throw new ServerError('CONFLICT', `A group named "${name}" already exists in this team`, { field: 'name' });
}

function assertMayGrantAll(subject: Subject, roles: Iterable<TeamRole>): void {
  for (const role of roles) assertCanGrantRole(subject, role);
}

function assertMayRevokeAll(subject: Subject, roles: Iterable<TeamRole>): void {
  for (const role of roles) assertCanRevokeRole(subject, role);
}

export async function listGroups(ctx: ServerContext, actor: Actor, teamId: string): Promise<GroupView[]> {
  const access = await loadAccess(ctx.db, teamId, actor.userId);
  if (access === null) throw teamNotFound(teamId);
  assertAllowed({ userId: actor.userId, roles: access.roles, plan: access.plan }, 'groups.list');
  return loadGroups(ctx.db, teamId);
}

export function createGroup(ctx: ServerContext, actor: Actor, teamId: string, input: { name: string; roles: readonly TeamRole[] }): Promise<GroupView> {
  return runTeamChange(ctx, actor, teamId, 'groups.manage', async ({ trx, subject, now, audit }) => {
    const roles = rolesOf(input.roles);
    assertMayGrantAll(subject, roles);
    await assertNameFree(trx, teamId, input.name);
    const row: GroupsTable = { id: newId('grp'), team_id: teamId, name: input.name, created_at: now };
    await trx.insertInto('groups').values(row).execute();
    if (roles.length > 0) await trx.insertInto('group_roles').values(roles.map((role) => ({ group_id: row.id, role }))).execute();
    await audit({ action: 'group.create', target: { type: 'group', id: row.id }, details: { name: input.name, roles } });
    return requireGroup(trx, teamId, row.id);
  });
}

export function updateGroup(ctx: ServerContext, actor: Actor, teamId: string, groupId: string, change: GroupChange): Promise<GroupView> {
  return runTeamChange(ctx, actor, teamId, 'groups.manage', async ({ trx, subject, audit }) => {
    const group = await requireGroup(trx, teamId, groupId);
    const roles = change.roles === undefined ? group.roles : rolesOf(change.roles);
    const added = roles.filter((role) => !group.roles.includes(role));
    const removed = group.roles.filter((role) => !roles.includes(role));
    assertMayGrantAll(subject, added);
    assertMayRevokeAll(subject, removed);
    const before = await snapshotHolders(trx, subject, teamId);

    if (change.name !== undefined && change.name !== group.name) {
      await assertNameFree(trx, teamId, change.name, groupId);
      await trx.updateTable('groups').set({ name: change.name }).where('id', '=', groupId).execute();
      await audit({ action: 'group.update', target: { type: 'group', id: groupId }, details: { name: { before: group.name, after: change.name } } });
    }
    if (added.length > 0) await trx.insertInto('group_roles').values(added.map((role) => ({ group_id: groupId, role }))).execute();
    if (removed.length > 0) await trx.deleteFrom('group_roles').where('group_id', '=', groupId).where('role', 'in', removed).execute();
    await assertHoldersKept(trx, subject, teamId, before);
    for (const role of added) await audit({ action: 'group.role_grant', target: { type: 'group', id: groupId }, details: { role } });
    for (const role of removed) await audit({ action: 'group.role_revoke', target: { type: 'group', id: groupId }, details: { role } });
    return requireGroup(trx, teamId, groupId);
  });
}

export function deleteGroup(ctx: ServerContext, actor: Actor, teamId: string, groupId: string): Promise<void> {
  return runTeamChange(ctx, actor, teamId, 'groups.manage', async ({ trx, subject, audit }) => {
    const group = await requireGroup(trx, teamId, groupId);
    assertMayRevokeAll(subject, group.roles);
    const before = await snapshotHolders(trx, subject, teamId);
    await trx.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    await trx.deleteFrom('group_roles').where('group_id', '=', groupId).execute();
    await trx.deleteFrom('groups').where('id', '=', groupId).execute();
    await assertHoldersKept(trx, subject, teamId, before);
    await audit({
      action: 'group.delete',
      target: { type: 'group', id: groupId },
      details: { name: group.name, roles: group.roles, memberIds: group.members.map((member) => member.userId) },
    });
  });
}

/** Adds a team member to the group; they hold its roles from their next request on. */
export function addGroupMember(ctx: ServerContext, actor: Actor, teamId: string, groupId: string, userId: string): Promise<GroupView> {
  return runTeamChange(ctx, actor, teamId, 'groups.manage', async ({ trx, subject, now, audit }) => {
    const group = await requireGroup(trx, teamId, groupId);
    if (!(await isMember(trx, teamId, userId))) throw memberNotFound(userId);
    assertMayGrantAll(subject, group.roles);
    if (group.members.some((member) => member.userId === userId)) return group;
    await trx.insertInto('group_members').values({ group_id: groupId, user_id: userId, added_at: now }).execute();
    await audit({ action: 'group.add_member', target: { type: 'user', id: userId }, details: { groupId, groupName: group.name, roles: group.roles } });
    return requireGroup(trx, teamId, groupId);
  });
}

export function removeGroupMember(ctx: ServerContext, actor: Actor, teamId: string, groupId: string, userId: string): Promise<GroupView> {
  return runTeamChange(ctx, actor, teamId, 'groups.manage', async ({ trx, subject, audit }) => {
    const group = await requireGroup(trx, teamId, groupId);
    if (!group.members.some((member) => member.userId === userId)) {
      throw new ServerError('NOT_FOUND', `${userId} is not in the group ${group.name}`, { field: 'userId' });
    }
    assertMayRevokeAll(subject, group.roles);
    const before = await snapshotHolders(trx, subject, teamId);
    await trx.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
    await assertHoldersKept(trx, subject, teamId, before);
    await audit({ action: 'group.remove_member', target: { type: 'user', id: userId }, details: { groupId, groupName: group.name, roles: group.roles } });
    return requireGroup(trx, teamId, groupId);
  });
}
