/**
 * Email invites: create (mailed now, or a request that waits for an Admin), list, revoke, approve, deny.
 * Each change is one team change (team row locked, actor's access re-read, authz asked, audit entries
 * written in the same transaction); the mail goes out after the commit, and an invite whose mail could
 * not be sent is revoked again (audited) so no unusable invite is left pending.
 */
import { assertAllowed, assertCanGrantRole, isTeamRole, type TeamRole } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { newId } from '../../db/index.js';
import { ServerError, isServerError } from '../../errors.js';
import { normaliseEmail } from '../accounts/index.js';
import { validEmail } from '../accounts/email.js';
import { appendAudit } from '../audit/index.js';
import type { Actor } from '../teams/index.js';
import { loadAccess, teamNotFound } from '../teams/access.js';
import { runTeamChange } from '../teams/scope.js';
import { inviteMail } from './mail.js';
import { inviteMode } from './policy.js';
import { acceptUrl, INVITE_TTL_MS, newInviteToken, rolesFromJson } from './tokens.js';
import type { CreateInviteInput, InvitesDeps, InviteView } from './types.js';
import { inviteStatus, inviteView, inviteViews, loadInvite, type Executor, type InviteRow } from './views.js';

/** An invite that was just made acceptable: what the mail needs, sent after the commit. */
interface ToMail {
  readonly row: InviteRow;
  readonly token: string;
  readonly teamName: string;
  readonly view: InviteView;
}

export type InviteListFilter = 'open' | 'all';

function uniqueRoles(roles: readonly TeamRole[]): TeamRole[] {
  const held = new Set(roles);
  for (const role of held) if (!isTeamRole(role)) throw new ServerError('VALIDATION', `roles: unknown role ${String(role)}`, { field: 'roles' });
  return [...held];
}

/** Refuses an invite for someone already in the team, or with an invite still open. */
async function assertInvitable(db: Executor, teamId: string, email: string, now: number, exceptInviteId?: string): Promise<void> {
  const member = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select('users.id')
    .where('team_members.team_id', '=', teamId)
    .where('users.email', '=', email)
    .executeTakeFirst();
  if (member !== undefined) throw new ServerError('CONFLICT', `${email} is already a member of this team`, { field: 'email' });
  let open = db
    .selectFrom('team_invites')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('email', '=', email)
    .where('status', 'in', ['requested', 'pending']);
  if (exceptInviteId !== undefined) open = open.where('id', '!=', exceptInviteId);
  for (const row of await open.execute()) {
    if (inviteStatus(row, now) === 'expired') continue;
    throw new ServerError('CONFLICT', `${email} already has an open invite (${row.id}); revoke it first to invite again`, { field: 'email', details: { inviteId: row.id } });
  }
}

export async function createInvite(ctx: ServerContext, deps: InvitesDeps, actor: Actor, teamId: string, input: CreateInviteInput): Promise<InviteView> {
  const email = validEmail(input.email);
  const roles = uniqueRoles(input.roles);
  if (roles.length === 0) throw new ServerError('VALIDATION', 'roles: give at least one role', { field: 'roles' });
  // Any member may ask; inviteMode (authz) decides whether the invite is sent, requested or refused.
  const created = await runTeamChange(ctx, actor, teamId, 'team.read', async ({ trx, team, subject, now, audit }) => {
    const mode = inviteMode(subject, roles);
    await assertInvitable(trx, teamId, email, now);
    const issued = mode === 'direct' ? newInviteToken() : null;
    const row: InviteRow = {
      id: newId('inv'),
      team_id: teamId,
      email,
      roles: JSON.stringify(roles),
      status: mode === 'direct' ? 'pending' : 'requested',
      token_hash: issued?.hash ?? null,
      invited_by: actor.userId,
      created_at: now,
      expires_at: issued === null ? null : now + INVITE_TTL_MS,
      decided_by: null,
      decided_at: null,
      revoked_by: null,
      revoked_at: null,
      accepted_by: null,
      accepted_at: null,
    };
    await trx.insertInto('team_invites').values(row).execute();
    await audit({ action: 'invite.create', target: { type: 'invite', id: row.id }, details: { email, roles, approval: mode === 'request' ? 'required' : 'not_required' } });
    const view = await inviteView(trx, row, now);
    return { view, toMail: issued === null ? null : { row, token: issued.token, teamName: team.name, view } };
  });
  if (created.toMail !== null) await mailInvite(ctx, deps, actor, created.toMail);
  return created.view;
}

export async function listInvites(ctx: ServerContext, actor: Actor, teamId: string, filter: InviteListFilter): Promise<InviteView[]> {
  const access = await loadAccess(ctx.db, teamId, actor.userId);
  if (access === null) throw teamNotFound(teamId);
  assertAllowed({ userId: actor.userId, roles: access.roles, plan: access.plan }, 'invites.manage');
  let query = ctx.db.selectFrom('team_invites').selectAll().where('team_id', '=', teamId).orderBy('created_at', 'desc').orderBy('id');
  if (filter === 'open') query = query.where('status', 'in', ['requested', 'pending']);
  const now = ctx.clock();
  const views = await inviteViews(ctx.db, await query.execute(), now);
  return filter === 'open' ? views.filter((view) => view.status !== 'expired') : views;
}

export function revokeInvite(ctx: ServerContext, actor: Actor, teamId: string, inviteId: string): Promise<InviteView> {
  return runTeamChange(ctx, actor, teamId, 'invites.manage', async ({ trx, now, audit }) => {
    const row = await loadInvite(trx, teamId, inviteId);
    if (row.status !== 'requested' && row.status !== 'pending') {
      throw new ServerError('CONFLICT', `Invite ${inviteId} is already ${inviteStatus(row, now)}`, { field: 'inviteId' });
    }
    const revoked: InviteRow = { ...row, status: 'revoked', revoked_by: actor.userId, revoked_at: now };
    await trx.updateTable('team_invites').set({ status: 'revoked', revoked_by: actor.userId, revoked_at: now }).where('id', '=', row.id).execute();
    await audit({ action: 'invite.revoke', target: { type: 'invite', id: row.id }, details: { email: row.email, was: inviteStatus(row, now) } });
    return inviteView(trx, revoked, now);
  });
}

/** A request becomes a mailed invite; the approver must be allowed to grant every role it asks for. */
export async function approveInvite(ctx: ServerContext, deps: InvitesDeps, actor: Actor, teamId: string, inviteId: string): Promise<InviteView> {
  const approved = await runTeamChange(ctx, actor, teamId, 'invites.manage', async ({ trx, team, subject, now, audit }) => {
    const row = await loadRequest(trx, teamId, inviteId, now);
    const roles = rolesFromJson(row.roles);
    for (const role of roles) assertCanGrantRole(subject, role);
    await assertInvitable(trx, teamId, row.email, now, row.id);
    const issued = newInviteToken();
    const next: InviteRow = { ...row, status: 'pending', token_hash: issued.hash, expires_at: now + INVITE_TTL_MS, decided_by: actor.userId, decided_at: now };
    await trx
      .updateTable('team_invites')
      .set({ status: next.status, token_hash: next.token_hash, expires_at: next.expires_at, decided_by: next.decided_by, decided_at: next.decided_at })
      .where('id', '=', row.id)
      .execute();
    await audit({ action: 'invite.approve', target: { type: 'invite', id: row.id }, details: { email: row.email, roles, requestedBy: row.invited_by } });
    const view = await inviteView(trx, next, now);
    return { row: next, token: issued.token, teamName: team.name, view };
  });
  await mailInvite(ctx, deps, actor, approved);
  return approved.view;
}

export function denyInvite(ctx: ServerContext, actor: Actor, teamId: string, inviteId: string): Promise<InviteView> {
  return runTeamChange(ctx, actor, teamId, 'invites.manage', async ({ trx, now, audit }) => {
    const row = await loadRequest(trx, teamId, inviteId, now);
    const denied: InviteRow = { ...row, status: 'denied', decided_by: actor.userId, decided_at: now };
    await trx.updateTable('team_invites').set({ status: 'denied', decided_by: actor.userId, decided_at: now }).where('id', '=', row.id).execute();
    await audit({ action: 'invite.deny', target: { type: 'invite', id: row.id }, details: { email: row.email, roles: rolesFromJson(row.roles), requestedBy: row.invited_by } });
    return inviteView(trx, denied, now);
  });
}

async function loadRequest(db: Executor, teamId: string, inviteId: string, now: number): Promise<InviteRow> {
  const row = await loadInvite(db, teamId, inviteId);
  if (row.status !== 'requested') {
    throw new ServerError('CONFLICT', `Invite ${inviteId} is not waiting for approval (it is ${inviteStatus(row, now)})`, { field: 'inviteId' });
  }
  return row;
}

async function mailInvite(ctx: ServerContext, deps: InvitesDeps, actor: Actor, sent: ToMail): Promise<void> {
  const { row, token } = sent;
  const message = inviteMail({
    to: row.email,
    teamName: sent.teamName,
    inviterEmail: normaliseEmail(actor.email),
    roles: rolesFromJson(row.roles),
    url: acceptUrl(deps.publicUrl(), token),
    expiresAt: row.expires_at ?? ctx.clock() + INVITE_TTL_MS,
  });
  try {
    await deps.mailer.send(message);
  } catch (error) {
    await revokeUnsent(ctx, actor, row);
    const reason = isServerError(error) ? error.message : String(error);
    throw new ServerError('MAIL_FAILED', `${reason}; the invite ${row.id} was revoked, invite again once mail works`, { details: { inviteId: row.id } }, { cause: error });
  }
}

/** The token only ever existed in the mail that failed: the invite cannot be accepted, so it is revoked. */
async function revokeUnsent(ctx: ServerContext, actor: Actor, row: InviteRow): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock();
    const result = await trx
      .updateTable('team_invites')
      .set({ status: 'revoked', revoked_by: actor.userId, revoked_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return;
    await appendAudit(
      ctx,
      {
        action: 'invite.revoke',
        teamId: row.team_id,
        actor: { id: actor.userId, email: actor.email },
        target: { type: 'invite', id: row.id },
        details: { email: row.email, reason: 'mail_failed' },
        meta: actor.meta,
      },
      trx,
    );
  });
}
