/** Multi-use invite links: create (with a role the creator may grant), list with who made each, revoke. */
import { assertAllowed, assertCanGrantRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { newId } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { Actor } from '../teams/index.js';
import { loadAccess, teamNotFound } from '../teams/access.js';
import { runTeamChange } from '../teams/scope.js';
import { acceptUrl, DAY_MS, newInviteLinkToken } from './tokens.js';
import type { CreatedInviteLink, CreateInviteLinkInput, InviteLinkView, InvitesDeps } from './types.js';
import { linkStatus, linkView, linkViews, loadLink, type InviteLinkRow } from './views.js';

export const LINK_MAX_DAYS = 90;
export const LINK_MAX_USES = 1000;

function assertWhole(value: number, min: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ServerError('VALIDATION', `${field}: must be a whole number from ${min} to ${max}`, { field });
  }
}

export async function createInviteLink(ctx: ServerContext, deps: InvitesDeps, actor: Actor, teamId: string, input: CreateInviteLinkInput): Promise<CreatedInviteLink> {
  assertWhole(input.expiresInDays, 1, LINK_MAX_DAYS, 'expiresInDays');
  assertWhole(input.maxUses, 1, LINK_MAX_USES, 'maxUses');
  return runTeamChange(ctx, actor, teamId, 'invite_links.manage', async ({ trx, subject, now, audit }) => {
    assertCanGrantRole(subject, input.role);
    const issued = newInviteLinkToken();
    const row: InviteLinkRow = {
      id: newId('invl'),
      team_id: teamId,
      role: input.role,
      token_hash: issued.hash,
      created_by: actor.userId,
      created_at: now,
      expires_at: now + input.expiresInDays * DAY_MS,
      max_uses: input.maxUses,
      uses: 0,
      revoked_by: null,
      revoked_at: null,
    };
    await trx.insertInto('invite_links').values(row).execute();
    await audit({ action: 'invite_link.create', target: { type: 'invite_link', id: row.id }, details: { role: row.role, expiresAt: row.expires_at, maxUses: row.max_uses } });
    return { link: await linkView(trx, row, now), url: acceptUrl(deps.publicUrl(), issued.token) };
  });
}

export async function listInviteLinks(ctx: ServerContext, actor: Actor, teamId: string): Promise<InviteLinkView[]> {
  const access = await loadAccess(ctx.db, teamId, actor.userId);
  if (access === null) throw teamNotFound(teamId);
  assertAllowed({ userId: actor.userId, roles: access.roles, plan: access.plan }, 'invite_links.manage');
  const rows = await ctx.db.selectFrom('invite_links').selectAll().where('team_id', '=', teamId).orderBy('created_at', 'desc').orderBy('id').execute();
  return linkViews(ctx.db, rows, ctx.clock());
}

export function revokeInviteLink(ctx: ServerContext, actor: Actor, teamId: string, linkId: string): Promise<InviteLinkView> {
  return runTeamChange(ctx, actor, teamId, 'invite_links.manage', async ({ trx, now, audit }) => {
    const row = await loadLink(trx, teamId, linkId);
    if (row.revoked_at !== null) throw new ServerError('CONFLICT', `Invite link ${linkId} is already revoked`, { field: 'linkId' });
    const revoked: InviteLinkRow = { ...row, revoked_by: actor.userId, revoked_at: now };
    await trx.updateTable('invite_links').set({ revoked_by: actor.userId, revoked_at: now }).where('id', '=', row.id).execute();
    await audit({ action: 'invite_link.revoke', target: { type: 'invite_link', id: row.id }, details: { role: row.role, uses: row.uses, was: linkStatus(row, now) } });
    return linkView(trx, revoked, now);
  });
}
