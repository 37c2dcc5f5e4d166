/** Reads invites and invite links into the views the API answers with (the people named, the status as of now). */
import type { Kysely, Transaction } from 'kysely';
import type { TeamRole } from '../../authz/index.js';
import type { Database, InviteLinksTable, TeamInvitesTable } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import { rolesFromJson } from './tokens.js';
import type { InviteLinkStatus, InviteLinkView, InviteStatus, InviteView, PersonRef } from './types.js';

export type Executor = Kysely<Database> | Transaction<Database>;
export type InviteRow = TeamInvitesTable;
export type InviteLinkRow = Omit<InviteLinksTable, 'uses'> & { uses: number };

/** An invite's status as of `now`: a pending invite past its expiry is expired. */
export function inviteStatus(row: InviteRow, now: number): InviteStatus {
  if (row.status === 'pending' && row.expires_at !== null && row.expires_at <= now) return 'expired';
  const known: readonly string[] = ['requested', 'pending', 'accepted', 'revoked', 'denied'];
  return known.includes(row.status) ? (row.status as InviteStatus) : 'revoked';
}

export function linkStatus(row: InviteLinkRow, now: number): InviteLinkStatus {
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at <= now) return 'expired';
  if (row.uses >= row.max_uses) return 'used_up';
  return 'active';
}

async function emailsOf(db: Executor, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'email']).where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [row.id, row.email]));
}

function person(emails: Map<string, string>, userId: string): PersonRef;
function person(emails: Map<string, string>, userId: string | null): PersonRef | null;
function person(emails: Map<string, string>, userId: string | null): PersonRef | null {
  return userId === null ? null : { userId, email: emails.get(userId) ?? null };
}

export async function inviteViews(db: Executor, rows: readonly InviteRow[], now: number): Promise<InviteView[]> {
  const emails = await emailsOf(db, rows.flatMap((row) => [row.invited_by, row.decided_by]));
  return rows.map((row) => ({
    id: row.id,
    teamId: row.team_id,
    email: row.email,
    roles: rolesFromJson(row.roles) as TeamRole[],
    status: inviteStatus(row, now),
    invitedBy: person(emails, row.invited_by),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    decidedBy: person(emails, row.decided_by),
    decidedAt: row.decided_at,
    acceptedAt: row.accepted_at,
    revokedAt: row.revoked_at,
  }));
}

export async function inviteView(db: Executor, row: InviteRow, now: number): Promise<InviteView> {
  const [view] = await inviteViews(db, [row], now);
  if (view === undefined) throw new ServerError('INTERNAL', `invite ${row.id} has no view`);
  return view;
}

export async function linkViews(db: Executor, rows: readonly InviteLinkRow[], now: number): Promise<InviteLinkView[]> {
  const emails = await emailsOf(db, rows.flatMap((row) => [row.created_by, row.revoked_by]));
  return rows.map((row) => ({
    id: row.id,
    teamId: row.team_id,
    role: row.role as TeamRole,
    status: linkStatus(row, now),
    createdBy: person(emails, row.created_by),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    maxUses: row.max_uses,
    uses: row.uses,
    revokedBy: person(emails, row.revoked_by),
    revokedAt: row.revoked_at,
  }));
}

export async function linkView(db: Executor, row: InviteLinkRow, now: number): Promise<InviteLinkView> {
  const [view] = await linkViews(db, [row], now);
  if (view === undefined) throw new ServerError('INTERNAL', `invite link ${row.id} has no view`);
  return view;
}

export async function loadInvite(db: Executor, teamId: string, inviteId: string): Promise<InviteRow> {
  const row = await db.selectFrom('team_invites').selectAll().where('id', '=', inviteId).where('team_id', '=', teamId).executeTakeFirst();
  if (row === undefined) throw new ServerError('NOT_FOUND', `No invite ${inviteId} in this team`, { field: 'inviteId' });
  return row;
}

export async function loadLink(db: Executor, teamId: string, linkId: string): Promise<InviteLinkRow> {
  const row = await db.selectFrom('invite_links').selectAll().where('id', '=', linkId).where('team_id', '=', teamId).executeTakeFirst();
  if (row === undefined) throw new ServerError('NOT_FOUND', `No invite link ${linkId} in this team`, { field: 'linkId' });
  return row;
}
