/**
 * Resolves an API key to its principal. The hot path is one indexed, prepared read (by the unique key
 * hash, joined to its owner, team and membership); a write happens only when the stored last use is over
 * a minute old, or when the key turns out to have expired or lost its owner's membership, which is
 * recorded once.
 */
import { isWellFormedApiKey, hashApiKey } from '../../crypto/index.js';
import type { ServerContext } from '../../context.js';
import { prepareQuery } from '../../db/index.js';
import { ServerError } from '../../errors.js';
import type { Principal, RequestMeta } from '../../http/access.js';
import { parseTeamSettings } from '../teams/settings.js';
import { effectiveExpiryDays, inactivityDeadline, isPastDeadline, lastActivityAt, LAST_USED_RESOLUTION_MS, shouldRecordUse } from './policy.js';
import { recordExpiry, recordRevocation, type KeyRef } from './records.js';

const keyByHash = prepareQuery((db, p: { keyHash: string }) =>
  db
    .selectFrom('api_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .innerJoin('teams as t', 't.id', 'k.team_id')
    .leftJoin('team_members as m', (join) => join.onRef('m.team_id', '=', 'k.team_id').onRef('m.user_id', '=', 'k.user_id'))
    .select([
      'k.id',
      'k.user_id',
      'k.team_id',
      'k.name',
      'k.created_at',
      'k.last_used_at',
      'k.expires_after_days',
      'k.revoked_at',
      'k.revoke_reason',
      'u.email',
      'u.disabled_at',
      't.settings',
      'm.user_id as member_user_id',
    ])
    .where('k.key_hash', '=', p.keyHash),
);

/** The inactivity expiry a team's stored settings give; the same few settings texts come back on every call. */
const expiryDaysBySettings = new Map<string, number | null>();
const MAX_REMEMBERED_SETTINGS = 256;

function inactivityExpiryDaysOf(settings: string): number | null {
  const known = expiryDaysBySettings.get(settings);
  if (known !== undefined) return known;
  const days = parseTeamSettings(settings).apiKeys.inactivityExpiryDays;
  if (expiryDaysBySettings.size >= MAX_REMEMBERED_SETTINGS) expiryDaysBySettings.clear();
  expiryDaysBySettings.set(settings, days);
  return days;
}

export async function authenticateApiKey(ctx: ServerContext, key: string, meta: RequestMeta): Promise<Principal> {
  // Look-alikes and typos never reach the database.
  if (!isWellFormedApiKey(key)) throw new ServerError('API_KEY_INVALID', 'Not a Postern API key: wrong prefix, length or checksum');
  const row = await keyByHash.executeTakeFirst(ctx.db, { keyHash: hashApiKey(key) });
  if (row === undefined) throw new ServerError('API_KEY_INVALID', 'Unknown API key');

  if (row.revoked_at !== null) {
    if (row.revoke_reason === 'expired_inactivity') throw expiredError();
    if (row.revoke_reason === 'member_removed') throw new ServerError('API_KEY_REVOKED', "This API key was revoked when its owner left the key's team");
    throw new ServerError('API_KEY_REVOKED', 'This API key has been revoked');
  }
  const ref: KeyRef = { id: row.id, userId: row.user_id, teamId: row.team_id, name: row.name };
  if (row.member_user_id === null) {
    // Removal from the team ends the owner's keys for good: recorded so that re-joining does not revive them.
    await recordRevocation(ctx, ref, 'member_removed', null, meta);
    throw new ServerError('API_KEY_REVOKED', "This API key's owner is no longer a member of its team");
  }
  // A disabled account may be enabled again, so its keys are refused but not revoked.
  if (row.disabled_at !== null) throw new ServerError('API_KEY_REVOKED', "This API key's owner account is disabled");

  const now = ctx.clock();
  const days = effectiveExpiryDays(inactivityExpiryDaysOf(row.settings), row.expires_after_days);
  const deadline = inactivityDeadline(lastActivityAt({ createdAt: row.created_at, lastUsedAt: row.last_used_at }), days);
  if (days !== null && isPastDeadline(deadline, now)) {
    await recordExpiry(ctx, ref, days, meta);
    throw expiredError();
  }

  if (shouldRecordUse(row.last_used_at, now)) {
    // Conditional, so concurrent uses within the same minute write once between them.
    await ctx.db
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', now - LAST_USED_RESOLUTION_MS)]))
      .execute();
  }
  return { kind: 'api_key', userId: row.user_id, email: row.email, keyId: row.id, teamId: row.team_id };
}

function expiredError(): ServerError {
  return new ServerError('API_KEY_EXPIRED', 'This API key expired after a period without use; create a new one');
}
