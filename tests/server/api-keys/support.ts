/**
 * Fixtures for the API key tests: users, teams and members written straight into the database, a team
 * access reader over member_roles, and an app with the real API key service, a token-map session
 * authenticator and a test-only route that answers who the caller is.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isPlan, isTeamRole, type TeamRole } from '../../../src/server/authz/index.js';
import type { ServerContext } from '../../../src/server/context.js';
import { newId } from '../../../src/server/db/index.js';
import { ServerError } from '../../../src/server/errors.js';
import type { Authenticators, Principal, TeamAccess } from '../../../src/server/http/access.js';
import { buildApp, type RoutePlugin } from '../../../src/server/http/app.js';
import { principalOf } from '../../../src/server/http/guard.js';
import { apiKeyRoutes } from '../../../src/server/http/routes/api-keys.js';
import type { ApiKeysService } from '../../../src/server/services/api-keys/index.js';
import { DEFAULT_TEAM_SETTINGS, type TeamSettings } from '../../../src/server/services/teams/settings.js';

export interface TestUser {
  readonly id: string;
  readonly email: string;
  /** A session token the test app's session authenticator accepts for this user. */
  readonly session: string;
}

export async function addUser(ctx: ServerContext, label = 'user'): Promise<TestUser> {
  const id = newId('usr');
  const email = `${label}-${randomUUID()}@example.com`;
  await ctx.db
    .insertInto('users')
    .values({ id, email, name: label, password_hash: null, totp_secret_sealed: null, totp_enabled_at: null, totp_last_step: null, created_at: ctx.clock(), password_changed_at: null, disabled_at: null })
    .execute();
  return { id, email, session: `session-${id}` };
}

export async function addTeam(ctx: ServerContext, apiKeys: Partial<TeamSettings['apiKeys']> = {}, plan = 'professional'): Promise<string> {
  const id = newId('team');
  const settings: TeamSettings = { ...DEFAULT_TEAM_SETTINGS, apiKeys: { ...DEFAULT_TEAM_SETTINGS.apiKeys, ...apiKeys } };
  await ctx.db.insertInto('teams').values({ id, name: `Team ${id}`, plan, created_at: ctx.clock(), settings: JSON.stringify(settings) }).execute();
  return id;
}

export async function setKeyPolicy(ctx: ServerContext, teamId: string, apiKeys: Partial<TeamSettings['apiKeys']>): Promise<void> {
  const settings: TeamSettings = { ...DEFAULT_TEAM_SETTINGS, apiKeys: { ...DEFAULT_TEAM_SETTINGS.apiKeys, ...apiKeys } };
  await ctx.db.updateTable('teams').set({ settings: JSON.stringify(settings) }).where('id', '=', teamId).execute();
}

export async function addMember(ctx: ServerContext, teamId: string, user: TestUser, roles: readonly TeamRole[]): Promise<void> {
  await ctx.db.insertInto('team_members').values({ team_id: teamId, user_id: user.id, joined_at: ctx.clock() }).execute();
  for (const role of roles) {
    await ctx.db.insertInto('member_roles').values({ team_id: teamId, user_id: user.id, role, granted_by: null, granted_at: ctx.clock() }).execute();
  }
}

export async function removeMember(ctx: ServerContext, teamId: string, user: TestUser): Promise<void> {
  await ctx.db.deleteFrom('member_roles').where('team_id', '=', teamId).where('user_id', '=', user.id).execute();
  await ctx.db.deleteFrom('team_members').where('team_id', '=', teamId).where('user_id', '=', user.id).execute();
}

/** The user's direct roles in the team, read from the tables (groups play no part in these tests). */
function teamAccessReader(ctx: ServerContext): Authenticators['teamAccess'] {
  return async (teamId, userId): Promise<TeamAccess | null> => {
    const team = await ctx.db.selectFrom('teams').select(['id', 'plan']).where('id', '=', teamId).executeTakeFirst();
    if (team === undefined || !isPlan(team.plan)) return null;
    const member = await ctx.db.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
    if (member === undefined) return null;
    const rows = await ctx.db.selectFrom('member_roles').select('role').where('team_id', '=', teamId).where('user_id', '=', userId).execute();
    const roles = new Set<TeamRole>();
    for (const { role } of rows) if (isTeamRole(role)) roles.add(role);
    return { teamId, plan: team.plan, roles };
  };
}

/** GET /test/whoami: who the guard says is calling; accepts sessions and API keys. */
const whoamiRoute: RoutePlugin = (app) => {
  app.get(
    '/test/whoami',
    { config: { access: { kind: 'user', apiKey: true } }, schema: { response: { 200: z.object({ principal: z.record(z.string(), z.unknown()) }) } } },
    async (request) => ({ principal: { ...principalOf(request) } }),
  );
};

export async function buildTestApp(ctx: ServerContext, apiKeys: ApiKeysService, users: () => readonly TestUser[]): Promise<FastifyInstance> {
  const session: Authenticators['session'] = async (token) => {
    const user = users().find((u) => u.session === token);
    if (user === undefined) throw new ServerError('UNAUTHENTICATED', 'Unknown session');
    const principal: Principal = { kind: 'session', userId: user.id, email: user.email, sessionId: `ses-${user.id}`, stage: 'full' };
    return principal;
  };
  return buildApp({ session, apiKey: apiKeys.authenticateApiKey, teamAccess: teamAccessReader(ctx) }, [apiKeyRoutes(apiKeys), whoamiRoute]);
}

export async function auditRows(ctx: ServerContext, action: string, targetId: string): Promise<{ details: Record<string, unknown>; actor_id: string | null }[]> {
  const rows = await ctx.db.selectFrom('audit_entries').select(['details', 'actor_id']).where('action', '=', action).where('target_id', '=', targetId).execute();
  return rows.map((r) => ({ actor_id: r.actor_id, details: JSON.parse(r.details) as Record<string, unknown> }));
}
