/**
 * API key routes: create (the key is in this one response only), list one's own, list the team's,
 * revoke. Creating and revoking need a signed-in session: a key never mints or kills keys.
 */
import { z } from 'zod';
import { ServerError } from '../../errors.js';
import { MAX_EXPIRY_DAYS, MAX_KEY_NAME_LENGTH, REVOKE_REASONS, type ApiKeysService, type TeamCaller } from '../../services/api-keys/index.js';
import type { RoutePlugin } from '../app.js';
import { principalOf, teamOf } from '../guard.js';
import type { FastifyRequest } from 'fastify';

const TAGS = ['api-keys'];

const TeamParams = z.strictObject({ teamId: z.string().min(1).max(200) });
const KeyParams = z.strictObject({ teamId: z.string().min(1).max(200), keyId: z.string().min(1).max(200) });

const CreateBody = z.strictObject({
  name: z.string().trim().min(1).max(MAX_KEY_NAME_LENGTH),
  /** Stop working after this many days without use; null or absent: only the team's period applies. */
  expiresAfterDays: z.number().int().min(1).max(MAX_EXPIRY_DAYS).nullable().optional(),
});

const Created = z.object({
  id: z.string(),
  name: z.string(),
  key: z.string(),
  hint: z.string(),
  createdAt: z.number(),
  expiresAfterDays: z.number().nullable(),
});

const KeyView = z.object({
  id: z.string(),
  teamId: z.string(),
  name: z.string(),
  hint: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
  expiresAfterDays: z.number().nullable(),
  effectiveExpiryDays: z.number().nullable(),
  expiresAt: z.number().nullable(),
  status: z.enum(['active', 'revoked', 'expired']),
  statusReason: z.enum(REVOKE_REASONS).nullable(),
  revokedAt: z.number().nullable(),
  revokedBy: z.string().nullable(),
});

const TeamKeyView = KeyView.extend({ owner: z.object({ userId: z.string(), email: z.string(), name: z.string() }) });

const OwnQuery = z.strictObject({ teamId: z.string().min(1).max(200).optional() });

function callerOf(request: FastifyRequest): TeamCaller {
  const principal = principalOf(request);
  return { userId: principal.userId, email: principal.email, team: teamOf(request) };
}

export function apiKeyRoutes(apiKeys: ApiKeysService): RoutePlugin {
  return (app) => {
    app.post(
      '/teams/:teamId/api-keys',
      {
        config: { access: { kind: 'team', action: 'api_keys.create_own' } },
        schema: { tags: TAGS, summary: 'Create an API key (shown once)', params: TeamParams, body: CreateBody, response: { 201: Created } },
      },
      async (request, reply) => {
        const created = await apiKeys.createKey(callerOf(request), { name: request.body.name, expiresAfterDays: request.body.expiresAfterDays ?? null }, request.access.meta);
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/me/api-keys',
      {
        config: { access: { kind: 'user', apiKey: true } },
        schema: { tags: TAGS, summary: 'List your own API keys', querystring: OwnQuery, response: { 200: z.object({ keys: z.array(KeyView) }) } },
      },
      async (request) => {
        const principal = principalOf(request);
        let teamId = request.query.teamId ?? null;
        // A key sees only its own team.
        if (principal.kind === 'api_key') {
          if (teamId !== null && teamId !== principal.teamId) throw new ServerError('FORBIDDEN', 'This API key belongs to another team', { field: 'teamId' });
          teamId = principal.teamId;
        }
        return { keys: await apiKeys.listOwnKeys(principal.userId, teamId) };
      },
    );

    app.get(
      '/teams/:teamId/api-keys',
      {
        config: { access: { kind: 'team', action: 'api_keys.list_team' } },
        schema: { tags: TAGS, summary: "List every member's API keys", params: TeamParams, response: { 200: z.object({ keys: z.array(TeamKeyView) }) } },
      },
      async (request) => ({ keys: await apiKeys.listTeamKeys(teamOf(request).teamId) }),
    );

    app.delete(
      '/teams/:teamId/api-keys/:keyId',
      {
        // Any member may revoke their own keys; the service asks authz for api_keys.revoke_any otherwise.
        config: { access: { kind: 'team', action: 'api_keys.create_own' } },
        schema: { tags: TAGS, summary: 'Revoke an API key', params: KeyParams, response: { 200: KeyView } },
      },
      async (request) => apiKeys.revokeKey(callerOf(request), request.params.keyId, request.access.meta),
    );
  };
}
