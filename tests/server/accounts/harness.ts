/**
 * One app per database kind for the account tests: the real accounts service over a migrated database,
 * its routes, and a guard whose API-key and team lookups refuse (these tests need neither).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DatabaseKind } from '../../../src/server/db/index.js';
import { ServerError } from '../../../src/server/errors.js';
import { buildApp } from '../../../src/server/http/app.js';
import { accountRoutes } from '../../../src/server/http/routes/accounts.js';
import { createAccountsService, type AccountsService } from '../../../src/server/services/accounts/index.js';
import { DEFAULT_TEAM_SETTINGS, type TeamSettings } from '../../../src/server/services/teams/settings.js';
import { openTestContext, type TestContext } from '../support/context.js';

export const PASSWORD = 'correct horse battery';

export interface Harness extends TestContext {
  readonly accounts: AccountsService;
  readonly app: FastifyInstance;
}

export async function openHarness(kind: DatabaseKind): Promise<Harness> {
  const context = await openTestContext(kind);
  const accounts = createAccountsService(context.ctx);
  const app = await buildApp(
    {
      session: accounts.authenticateSession,
      apiKey: async () => {
        throw new ServerError('API_KEY_INVALID', 'API keys are not part of these tests');
      },
      teamAccess: async () => null,
    },
    [accountRoutes(accounts)],
  );
  return {
    ...context,
    accounts,
    app,
    async close() {
      await app.close();
      await context.close();
    },
  };
}

let counter = 0;
export function freshEmail(label = 'user'): string {
  counter += 1;
  return `${label}-${counter}-${randomBytes(4).toString('hex')}@example.com`;
}

export function post(app: FastifyInstance, url: string, payload?: unknown, token?: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    headers: { 'user-agent': 'accounts-test', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
  });
}

export function get(app: FastifyInstance, url: string, token: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

export function del(app: FastifyInstance, url: string, token: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'DELETE', url, headers: { authorization: `Bearer ${token}` } });
}

export interface Body {
  readonly [key: string]: unknown;
}

export function bodyOf(response: LightMyRequestResponse): Body {
  return response.json<Body>();
}

export function errorOf(response: LightMyRequestResponse): { code: string; message: string; field?: string } {
  return (response.json<{ error: { code: string; message: string; field?: string } }>()).error;
}

/** Signs up and returns the user's id (read from the database: the API does not say). */
export async function signUp(h: Harness, email = freshEmail(), password = PASSWORD): Promise<{ email: string; userId: string }> {
  const response = await post(h.app, '/auth/sign-up', { email, name: 'Test User', password });
  if (response.statusCode !== 202) throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  const row = await h.ctx.db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirstOrThrow();
  return { email, userId: row.id };
}

/** Signs in with a password and returns the session token (fails the test on any other answer). */
export async function signIn(h: Harness, email: string, password = PASSWORD): Promise<string> {
  const response = await post(h.app, '/auth/sign-in', { email, password });
  const body = bodyOf(response);
  if (response.statusCode !== 200 || body['status'] !== 'signed_in' || typeof body['token'] !== 'string') {
    throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  }
  return body['token'];
}

/** A team with `settings` (defaults for the rest) and the user as a member holding `roles`. */
export async function addTeam(h: Harness, userId: string, settings: Partial<TeamSettings> = {}, roles: string[] = ['developer']): Promise<string> {
  const teamId = `team_${randomBytes(8).toString('hex')}`;
  const now = h.clock();
  await h.ctx.db.insertInto('teams').values({ id: teamId, name: `Team ${teamId}`, plan: 'enterprise', created_at: now, settings: JSON.stringify({ ...DEFAULT_TEAM_SETTINGS, ...settings }) }).execute();
  await h.ctx.db.insertInto('team_members').values({ team_id: teamId, user_id: userId, joined_at: now }).execute();
  for (const role of roles) await h.ctx.db.insertInto('member_roles').values({ team_id: teamId, user_id: userId, role, granted_by: null, granted_at: now }).execute();
  return teamId;
}
