/**
 * The API keys service: create (shown once, stored as a hash), list, revoke, authenticate on the request
 * path, and the sweep that expires idle keys. Keys belong to a user within one team; the team's key
 * policy lives in its settings (`services/teams/settings.ts`) and is only read here.
 */
import type { ServerContext } from '../../context.js';
import type { Principal, RequestMeta } from '../../http/access.js';
import { authenticateApiKey } from './authenticate.js';
import { createKey, listOwnKeys, listTeamKeys, revokeKey, revokeMemberKeys, type CreatedApiKey, type NewApiKey, type TeamCaller } from './manage.js';
import type { Actor } from './records.js';
import { expireInactiveKeys } from './sweep.js';
import type { ApiKeyView, TeamApiKeyView } from './views.js';

export interface ApiKeysService {
  /** Creates a key for the caller in their team; the result is the only place the key ever appears. */
  createKey(caller: TeamCaller, input: NewApiKey, meta: RequestMeta | null): Promise<CreatedApiKey>;
  /** The user's keys, in one team (teamId) or in all. */
  listOwnKeys(userId: string, teamId: string | null): Promise<ApiKeyView[]>;
  listTeamKeys(teamId: string): Promise<TeamApiKeyView[]>;
  revokeKey(caller: TeamCaller, keyId: string, meta: RequestMeta | null): Promise<ApiKeyView>;
  /** For the teams service when it removes a member; pass its transaction as executor. */
  revokeMemberKeys(teamId: string, userId: string, actor: Actor | null, meta: RequestMeta | null, executor?: Parameters<typeof revokeMemberKeys>[5]): Promise<number>;
  /** Throws API_KEY_INVALID, API_KEY_REVOKED or API_KEY_EXPIRED (all 401). */
  authenticateApiKey(key: string, meta: RequestMeta): Promise<Principal>;
  /** The periodic sweep; returns how many keys it expired. */
  expireInactiveKeys(): Promise<number>;
}

export function createApiKeysService(ctx: ServerContext): ApiKeysService {
  return {
    createKey: (caller, input, meta) => createKey(ctx, caller, input, meta),
    listOwnKeys: (userId, teamId) => listOwnKeys(ctx, userId, teamId),
    listTeamKeys: (teamId) => listTeamKeys(ctx, teamId),
    revokeKey: (caller, keyId, meta) => revokeKey(ctx, caller, keyId, meta),
    revokeMemberKeys: (teamId, userId, actor, meta, executor) => revokeMemberKeys(ctx, teamId, userId, actor, meta, executor),
    authenticateApiKey: (key, meta) => authenticateApiKey(ctx, key, meta),
    expireInactiveKeys: () => expireInactiveKeys(ctx),
  };
}

export { EXPIRE_JOB } from './sweep.js';
export { MAX_KEY_NAME_LENGTH, type CreatedApiKey, type NewApiKey, type TeamCaller } from './manage.js';
export { MAX_EXPIRY_DAYS, REVOKE_REASONS, effectiveExpiryDays, keyState, type KeyStatus, type RevokeReason } from './policy.js';
export type { Actor } from './records.js';
export type { ApiKeyView, TeamApiKeyView } from './views.js';
