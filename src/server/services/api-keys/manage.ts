/**
 * Creating, listing and revoking keys. Route guards have already checked the team action; the rules that
 * depend on the key or the team's policy (members may not create, only admins revoke others' keys) are
 * decided here, through authz.
 */
import { assertAllowed, authorize, type Subject } from '../../authz/index.js';
import type { ServerContext } from '../../context.js';
import { generateApiKey } from '../../crypto/index.js';
import { newId } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { RequestMeta, TeamAccess } from '../../http/access.js';
import { appendAudit } from '../audit/index.js';
import { loadTeamSettings, parseTeamSettings } from '../teams/settings.js';
import { MAX_EXPIRY_DAYS } from './policy.js';
import { recordRevocation, type Actor } from './records.js';
import { toView, VIEW_COLUMNS, type ApiKeyView, type TeamApiKeyView } from './views.js';

/** A member acting on a team, as the guard established them. */
export interface TeamCaller {
  readonly userId: string;
  readonly email: string;
  readonly team: TeamAccess;
}

export interface NewApiKey {
  readonly name: string;
  /** The owner's inactivity period in days; null or absent: only the team's period (if any) applies. */
  readonly expiresAfterDays?: number | null;
}

/** The one response that carries the key itself. */
export interface CreatedApiKey {
  readonly id: string;
  readonly name: string;
  readonly key: string;
  readonly hint: string;
  readonly createdAt: number;
  readonly expiresAfterDays: number | null;
}

export const MAX_KEY_NAME_LENGTH = 100;

function subjectOf(caller: TeamCaller): Subject {
  return { userId: caller.userId, roles: caller.team.roles, plan: caller.team.plan };
}

export async function createKey(ctx: ServerContext, caller: TeamCaller, input: NewApiKey, meta: RequestMeta | null): Promise<CreatedApiKey> {
  const name = input.name.trim();
  if (name === '' || name.length > MAX_KEY_NAME_LENGTH) {
    throw new ServerError('VALIDATION', `name: must be 1 to ${MAX_KEY_NAME_LENGTH} characters`, { field: 'name' });
  }
  const days = input.expiresAfterDays ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS)) {
    throw new ServerError('VALIDATION', `expiresAfterDays: must be a whole number of days from 1 to ${MAX_EXPIRY_DAYS}, or null`, { field: 'expiresAfterDays' });
  }
  const settings = await loadTeamSettings(ctx.db, caller.team.teamId);
  if (settings === null) throw new ServerError('NOT_FOUND', `No team ${caller.team.teamId}`, { field: 'teamId' });
  // Whoever may set the key policy is not bound by it: that is the "is an admin" test, decided by authz.
  if (!settings.apiKeys.membersMayCreate && !authorize(subjectOf(caller), 'api_keys.set_policy').allowed) {
    throw new ServerError('API_KEYS_DISABLED', 'This team allows only Admins to create API keys');
  }

  const generated = generateApiKey();
  const id = newId('key');
  const createdAt = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_keys')
      .values({
        id,
        user_id: caller.userId,
        team_id: caller.team.teamId,
        name,
        key_hash: generated.hash,
        hint: generated.hint,
        created_at: createdAt,
        last_used_at: null,
        expires_after_days: days,
        revoked_at: null,
        revoke_reason: null,
        revoked_by: null,
      })
      .execute();
    await appendAudit(
      ctx,
      {
        action: 'api_key.create',
        teamId: caller.team.teamId,
        actor: { id: caller.userId, email: caller.email },
        target: { type: 'api_key', id },
        details: { name, hint: generated.hint, expiresAfterDays: days },
        meta,
      },
      trx,
    );
  });
  return { id, name, key: generated.key, hint: generated.hint, createdAt, expiresAfterDays: days };
}

/** The user's own keys, in one team or in all of theirs, newest first. */
export async function listOwnKeys(ctx: ServerContext, userId: string, teamId: string | null): Promise<ApiKeyView[]> {
  let query = ctx.db
    .selectFrom('api_keys as k')
    .innerJoin('teams as t', 't.id', 'k.team_id')
    .leftJoin('team_members as m', (join) => join.onRef('m.team_id', '=', 'k.team_id').onRef('m.user_id', '=', 'k.user_id'))
    .select([...VIEW_COLUMNS, 't.settings', 'm.user_id as member_user_id'])
    .where('k.user_id', '=', userId);
  if (teamId !== null) query = query.where('k.team_id', '=', teamId);
  const rows = await query.orderBy('k.created_at', 'desc').orderBy('k.id').execute();
  const now = ctx.clock();
  return rows.map((row) => toView(row, parseTeamSettings(row.settings).apiKeys.inactivityExpiryDays, now, row.member_user_id !== null));
}

/** Every member's keys in the team (and those of former members), with their owners, newest first. */
export async function listTeamKeys(ctx: ServerContext, teamId: string): Promise<TeamApiKeyView[]> {
  const settings = await loadTeamSettings(ctx.db, teamId);
  if (settings === null) throw new ServerError('NOT_FOUND', `No team ${teamId}`, { field: 'teamId' });
  const rows = await ctx.db
    .selectFrom('api_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .leftJoin('team_members as m', (join) => join.onRef('m.team_id', '=', 'k.team_id').onRef('m.user_id', '=', 'k.user_id'))
    .select([...VIEW_COLUMNS, 'u.email', 'u.name as owner_name', 'm.user_id as member_user_id'])
    .where('k.team_id', '=', teamId)
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id')
    .execute();
  const now = ctx.clock();
  const teamDays = settings.apiKeys.inactivityExpiryDays;
  return rows.map((row) => ({
    ...toView(row, teamDays, now, row.member_user_id !== null),
    owner: { userId: row.user_id, email: row.email, name: row.owner_name },
  }));
}

/**
 * Revokes a key of the caller's team. A member may always revoke their own keys (even when the team no
 * longer lets members create them); anyone else's needs `api_keys.revoke_any`. Revoking a key that no
 * longer works changes nothing and answers its current state.
 */
export async function revokeKey(ctx: ServerContext, caller: TeamCaller, keyId: string, meta: RequestMeta | null): Promise<ApiKeyView> {
  const key = await ctx.db
    .selectFrom('api_keys')
    .select(['id', 'user_id', 'team_id', 'name'])
    .where('id', '=', keyId)
    .where('team_id', '=', caller.team.teamId)
    .executeTakeFirst();
  if (key === undefined) throw new ServerError('NOT_FOUND', `No API key ${keyId} in this team`, { field: 'keyId' });
  if (key.user_id !== caller.userId) assertAllowed(subjectOf(caller), 'api_keys.revoke_any');
  const actor: Actor = { id: caller.userId, email: caller.email };
  await recordRevocation(ctx, { id: key.id, userId: key.user_id, teamId: key.team_id, name: key.name }, 'revoked', actor, meta);
  const view = (await listOwnKeys(ctx, key.user_id, key.team_id)).find((k) => k.id === key.id);
  if (view === undefined) throw new ServerError('NOT_FOUND', `No API key ${keyId} in this team`, { field: 'keyId' });
  return view;
}

/**
 * Revokes every live key a member holds in a team, for the teams service to call when it removes the
 * member (pass its transaction so removal and revocation commit together). Returns how many it revoked.
 */
export async function revokeMemberKeys(
  ctx: ServerContext,
  teamId: string,
  userId: string,
  actor: Actor | null,
  meta: RequestMeta | null,
  executor?: Parameters<typeof recordRevocation>[5],
): Promise<number> {
  const db = executor ?? ctx.db;
  const keys = await db
    .selectFrom('api_keys')
    .select(['id', 'name'])
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  let revoked = 0;
  for (const key of keys) {
    if (await recordRevocation(ctx, { id: key.id, userId, teamId, name: key.name }, 'member_removed', actor, meta, executor)) revoked += 1;
  }
  return revoked;
}
