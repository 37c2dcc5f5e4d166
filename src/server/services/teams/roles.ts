/** Granting and revoking a member's direct roles; who may grant which is authz's role-grant rules. */
import { assertCanGrantRole, assertCanRevokeRole, ROLE_LABELS, type TeamRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { ServerError } from '../../errors.js';
import { memberNotFound } from './access.js';
import { assertHoldersKept, runTeamChange, snapshotHolders } from './scope.js';
import type { Actor, MemberView } from './types.js';
import { loadMember } from './views.js';

/** Grants `role` directly; granting a role the member already holds directly changes nothing. */
export function grantRole(ctx: ServerContext, actor: Actor, teamId: string, userId: string, role: TeamRole): Promise<MemberView> {
  return runTeamChange(ctx, actor, teamId, 'members.grant_role', async ({ trx, subject, now, audit }) => {
    const member = await loadMember(trx, teamId, subject.plan, userId);
    if (member === null) throw memberNotFound(userId);
    assertCanGrantRole(subject, role);
    if (member.roles.includes(role)) return member;
    await trx.insertInto('member_roles').values({ team_id: teamId, user_id: userId, role, granted_by: actor.userId, granted_at: now }).execute();
    await audit({ action: 'team.role_grant', target: { type: 'user', id: userId }, details: { role } });
    return (await loadMember(trx, teamId, subject.plan, userId)) ?? member;
  });
}

/** Revokes a direct role; a role the member has only through a group is changed on the group instead. */
export function revokeRole(ctx: ServerContext, actor: Actor, teamId: string, userId: string, role: TeamRole): Promise<MemberView> {
  return runTeamChange(ctx, actor, teamId, 'members.revoke_role', async ({ trx, subject, audit }) => {
    const member = await loadMember(trx, teamId, subject.plan, userId);
    if (member === null) throw memberNotFound(userId);
    assertCanRevokeRole(subject, role);
    if (!member.roles.includes(role)) {
      throw new ServerError('NOT_FOUND', `${member.email} does not hold the ${ROLE_LABELS[role]} role directly`, { field: 'role' });
    }
    const before = await snapshotHolders(trx, subject, teamId);
    await trx.deleteFrom('member_roles').where('team_id', '=', teamId).where('user_id', '=', userId).where('role', '=', role).execute();
    await assertHoldersKept(trx, subject, teamId, before);
    await audit({ action: 'team.role_revoke', target: { type: 'user', id: userId }, details: { role } });
    return (await loadMember(trx, teamId, subject.plan, userId)) ?? member;
  });
}
