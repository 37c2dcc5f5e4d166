/** Members: listing, adding an existing account, removing (which revokes their keys for the team), signing them out. */
import { assertAllowed, assertCanGrantRole, assertCanRevokeRole, type TeamRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { ServerError } from '../../errors.js';
import { isMember, loadAccess, memberNotFound, teamNotFound } from './access.js';
import { assertHoldersKept, runTeamChange, snapshotHolders } from './scope.js';
import type { Actor, MemberView } from './types.js';
import { loadMember, loadMembers } from './views.js';

/** Why sessions end when an admin signs a member out (sessions.revoke_reason). */
export const ADMIN_SIGN_OUT_REASON = 'signed_out_by_admin';
/** Why a removed member's API keys stop working (api_keys.revoke_reason). */
export const MEMBER_REMOVED_REASON = 'member_removed';

export async function listMembers(ctx: ServerContext, actor: Actor, teamId: string): Promise<MemberView[]> {
  const access = await loadAccess(ctx.db, teamId, actor.userId);
  if (access === null) throw teamNotFound(teamId);
  assertAllowed({ userId: actor.userId, roles: access.roles, plan: access.plan }, 'members.list');
  return loadMembers(ctx.db, teamId, access.plan);
}

export interface AddMemberInput {
  readonly email: string;
  readonly roles: readonly TeamRole[];
}

export function addMember(ctx: ServerContext, actor: Actor, teamId: string, input: AddMemberInput): Promise<MemberView> {
  return runTeamChange(ctx, actor, teamId, 'members.add', async ({ trx, subject, now, audit }) => {
    for (const role of input.roles) assertCanGrantRole(subject, role);
    const email = input.email.trim().toLowerCase();
    const user = await trx.selectFrom('users').select(['id', 'disabled_at']).where('email', '=', email).executeTakeFirst();
    // Invites for people without an account come later (issue 7); until then the account must exist.
    if (user === undefined || user.disabled_at !== null) {
      throw new ServerError('NOT_FOUND', `No active account with the email ${email}; they must sign up first`, { field: 'email' });
    }
    if (await isMember(trx, teamId, user.id)) throw new ServerError('CONFLICT', `${email} is already a member of this team`, { field: 'email' });

    await trx.insertInto('team_members').values({ team_id: teamId, user_id: user.id, joined_at: now }).execute();
    const roles = [...new Set(input.roles)];
    if (roles.length > 0) {
      await trx
        .insertInto('member_roles')
        .values(roles.map((role) => ({ team_id: teamId, user_id: user.id, role, granted_by: actor.userId, granted_at: now })))
        .execute();
    }
    await audit({ action: 'team.add_member', target: { type: 'user', id: user.id }, details: { email, roles } });
    const member = await loadMember(trx, teamId, subject.plan, user.id);
    if (member === null) throw memberNotFound(user.id);
    return member;
  });
}

/**
 * Removing a member takes away every role they effectively hold, so the remover must be allowed to revoke
 * each (an Admin cannot remove a Billing user or a Super Admin), and the team must keep an Admin.
 */
export function removeMember(ctx: ServerContext, actor: Actor, teamId: string, userId: string): Promise<void> {
  return runTeamChange(ctx, actor, teamId, 'members.remove', async ({ trx, subject, now, audit }) => {
    const member = await loadMember(trx, teamId, subject.plan, userId);
    if (member === null) throw memberNotFound(userId);
    for (const role of member.effectiveRoles) assertCanRevokeRole(subject, role);
    const before = await snapshotHolders(trx, subject, teamId);

    const revokedKeys = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now, revoke_reason: MEMBER_REMOVED_REASON, revoked_by: actor.userId })
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    const teamGroups = trx.selectFrom('groups').select('id').where('team_id', '=', teamId);
    await trx.deleteFrom('group_members').where('user_id', '=', userId).where('group_id', 'in', teamGroups).execute();
    await trx.deleteFrom('member_roles').where('team_id', '=', teamId).where('user_id', '=', userId).execute();
    // Workspace and element grants go too: someone added back later starts without their old access.
    const teamWorkspaces = trx.selectFrom('workspaces').select('id').where('team_id', '=', teamId);
    for (const table of ['workspace_members', 'element_roles'] as const) {
      await trx.deleteFrom(table).where('principal_type', '=', 'user').where('principal_id', '=', userId).where('workspace_id', 'in', teamWorkspaces).execute();
    }
    await trx.deleteFrom('team_members').where('team_id', '=', teamId).where('user_id', '=', userId).execute();
    await assertHoldersKept(trx, subject, teamId, before);

    await audit({
      action: 'team.remove_member',
      target: { type: 'user', id: userId },
      details: { email: member.email, roles: member.roles, groups: member.groups.map((group) => group.id), revokedKeyIds: revokedKeys.map((k) => k.id) },
    });
    for (const key of revokedKeys) {
      await audit({ action: 'api_key.revoke', target: { type: 'api_key', id: key.id }, details: { ownerId: userId, reason: MEMBER_REMOVED_REASON } });
    }
  });
}

/** Ends every open session of the member (all devices); they must sign in again. */
export function signOutMember(ctx: ServerContext, actor: Actor, teamId: string, userId: string): Promise<{ revoked: number }> {
  return runTeamChange(ctx, actor, teamId, 'sessions.revoke_member', async ({ trx, now, audit }) => {
    if (!(await isMember(trx, teamId, userId))) throw memberNotFound(userId);
    const result = await trx
      .updateTable('sessions')
      .set({ revoked_at: now, revoke_reason: ADMIN_SIGN_OUT_REASON })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const revoked = Number(result.numUpdatedRows);
    await audit({ action: 'session.revoke', target: { type: 'user', id: userId }, details: { sessions: revoked, reason: ADMIN_SIGN_OUT_REASON } });
    return { revoked };
  });
}
