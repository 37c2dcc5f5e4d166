/**
 * Accepting an invite (the invited address only) or an invite link (any signed-in user): the user joins
 * the team with the roles it carries. The use is claimed by one conditional UPDATE that re-checks every
 * condition (not revoked, not expired, not used / under max uses), so concurrent accepts — from any
 * number of processes — can never exceed a link's maximum or use an invite twice; a refused accept
 * names why (INVITE_NOT_FOUND, INVITE_EXPIRED, INVITE_REVOKED, INVITE_USED).
 */
import type { Transaction } from 'kysely';
import { isTeamRole, type TeamRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { hashToken } from '../../crypto/index.js';
import type { Database } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import { normaliseEmail } from '../accounts/index.js';
import { appendAudit, type AuditEvent } from '../audit/index.js';
import type { Actor } from '../teams/index.js';
import { INVITE_LINK_TOKEN_PREFIX, INVITE_TOKEN_PREFIX, rolesFromJson } from './tokens.js';
import type { AcceptedInvite } from './types.js';
import { linkStatus, type InviteLinkRow, type InviteRow } from './views.js';

const NOT_FOUND = (): ServerError => new ServerError('INVITE_NOT_FOUND', 'No invite matches this token; check the link, or ask for a new invite', { field: 'token' });

export function acceptInvite(ctx: ServerContext, actor: Actor, token: string): Promise<AcceptedInvite> {
  const trimmed = token.trim();
  if (trimmed.startsWith(INVITE_TOKEN_PREFIX)) return acceptEmailInvite(ctx, actor, hashToken(trimmed));
  if (trimmed.startsWith(INVITE_LINK_TOKEN_PREFIX)) return acceptLink(ctx, actor, hashToken(trimmed));
  return Promise.reject(NOT_FOUND());
}

function refuseInvite(row: InviteRow, now: number): ServerError | null {
  if (row.status === 'revoked') return new ServerError('INVITE_REVOKED', 'This invite was revoked; ask the team for a new one', { field: 'token' });
  if (row.status === 'accepted') return new ServerError('INVITE_USED', 'This invite has already been accepted; an invite works once', { field: 'token' });
  if (row.status !== 'pending' || row.expires_at === null) return NOT_FOUND();
  if (row.expires_at <= now) return new ServerError('INVITE_EXPIRED', `This invite expired on ${new Date(row.expires_at).toISOString()}; ask the team for a new one`, { field: 'token' });
  return null;
}

function refuseLink(row: InviteLinkRow, now: number): ServerError | null {
  switch (linkStatus(row, now)) {
    case 'revoked':
      return new ServerError('INVITE_REVOKED', 'This invite link was revoked; ask the team for a new one', { field: 'token' });
    case 'expired':
      return new ServerError('INVITE_EXPIRED', `This invite link expired on ${new Date(row.expires_at).toISOString()}; ask the team for a new one`, { field: 'token' });
    case 'used_up':
      return new ServerError('INVITE_USED', `This invite link has been used its maximum of ${row.max_uses} times; ask the team for a new one`, { field: 'token' });
    case 'active':
      return null;
  }
}

function acceptEmailInvite(ctx: ServerContext, actor: Actor, hash: string): Promise<AcceptedInvite> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock();
    const found = await trx.selectFrom('team_invites').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    if (found === undefined) throw NOT_FOUND();
    const refusal = refuseInvite(found, now);
    if (refusal !== null) throw refusal;
    if (found.email !== normaliseEmail(actor.email)) {
      throw new ServerError('FORBIDDEN', 'This invite was sent to another email address; sign in with the address it was sent to', { field: 'token' });
    }
    await assertNotMember(trx, found.team_id, actor.userId);
    const claimed = await trx
      .updateTable('team_invites')
      .set({ status: 'accepted', accepted_by: actor.userId, accepted_at: now })
      .where('id', '=', found.id)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw await currentRefusal(trx, found.id, now);

    const roles = rolesFromJson(found.roles);
    const teamName = await join(trx, found.team_id, actor.userId, roles, found.invited_by, now);
    const audit = auditor(ctx, trx, found.team_id, actor);
    await audit({ action: 'invite.accept', target: { type: 'invite', id: found.id }, details: { email: found.email, roles, invitedBy: found.invited_by } });
    await audit({ action: 'team.add_member', target: { type: 'user', id: actor.userId }, details: { email: found.email, roles, via: 'invite', inviteId: found.id } });
    return { teamId: found.team_id, teamName, roles, via: 'invite' as const };
  });
}

function acceptLink(ctx: ServerContext, actor: Actor, hash: string): Promise<AcceptedInvite> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock();
    const found = await trx.selectFrom('invite_links').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    if (found === undefined) throw NOT_FOUND();
    const refusal = refuseLink(found, now);
    if (refusal !== null) throw refusal;
    await assertNotMember(trx, found.team_id, actor.userId);
    // The claim: on PostgreSQL a concurrent accept waits for this row and then re-checks the conditions.
    const claimed = await trx
      .updateTable('invite_links')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('id', '=', found.id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where((eb) => eb('uses', '<', eb.ref('max_uses')))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      const current = await trx.selectFrom('invite_links').selectAll().where('id', '=', found.id).executeTakeFirst();
      throw (current === undefined ? null : refuseLink(current, now)) ?? NOT_FOUND();
    }

    const roles: TeamRole[] = isTeamRole(found.role) ? [found.role] : [];
    const teamName = await join(trx, found.team_id, actor.userId, roles, found.created_by, now);
    const audit = auditor(ctx, trx, found.team_id, actor);
    await audit({ action: 'invite_link.use', target: { type: 'invite_link', id: found.id }, details: { userId: actor.userId, email: actor.email, role: found.role, use: found.uses + 1 } });
    await audit({ action: 'team.add_member', target: { type: 'user', id: actor.userId }, details: { email: actor.email, roles, via: 'invite_link', linkId: found.id } });
    return { teamId: found.team_id, teamName, roles, via: 'invite_link' as const };
  });
}

async function currentRefusal(trx: Transaction<Database>, inviteId: string, now: number): Promise<ServerError> {
  const current = await trx.selectFrom('team_invites').selectAll().where('id', '=', inviteId).executeTakeFirst();
  return (current === undefined ? null : refuseInvite(current, now)) ?? NOT_FOUND();
}

async function assertNotMember(trx: Transaction<Database>, teamId: string, userId: string): Promise<void> {
  const member = await trx.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
  if (member !== undefined) throw new ServerError('CONFLICT', 'You are already a member of this team', { field: 'token' });
}

/** Adds the member with `roles` (granted by whoever made the invite); the team's name for the answer. */
async function join(trx: Transaction<Database>, teamId: string, userId: string, roles: readonly TeamRole[], grantedBy: string, now: number): Promise<string> {
  const team = await trx.selectFrom('teams').select('name').where('id', '=', teamId).executeTakeFirst();
  if (team === undefined) throw NOT_FOUND();
  // Two accepts by one user at once: the primary key lets one in; the other is refused and rolls back its claim.
  const inserted = await trx
    .insertInto('team_members')
    .values({ team_id: teamId, user_id: userId, joined_at: now })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new ServerError('CONFLICT', 'You are already a member of this team', { field: 'token' });
  if (roles.length > 0) {
    await trx
      .insertInto('member_roles')
      .values(roles.map((role) => ({ team_id: teamId, user_id: userId, role, granted_by: grantedBy, granted_at: now })))
      .execute();
  }
  return team.name;
}

function auditor(ctx: ServerContext, trx: Transaction<Database>, teamId: string, actor: Actor) {
  return (event: Pick<AuditEvent, 'action' | 'target' | 'details'>): Promise<void> =>
    appendAudit(ctx, { ...event, teamId, actor: { id: actor.userId, email: actor.email }, meta: actor.meta }, trx);
}

