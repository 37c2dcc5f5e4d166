/**
 * An app with the real teams service over a real database, and users made by inserting rows: each gets a
 * session token that the test's session authenticator maps to its principal.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { newId, type DatabaseKind } from '../../../src/server/db/index.js';
import { ServerError } from '../../../src/server/errors.js';
import type { Principal } from '../../../src/server/http/access.js';
import { buildApp } from '../../../src/server/http/app.js';
import { groupRoutes } from '../../../src/server/http/routes/groups.js';
import { teamRoutes } from '../../../src/server/http/routes/teams.js';
import { createTeamsService, type TeamsService } from '../../../src/server/services/teams/index.js';
import { openTestContext, type TestContext } from '../support/context.js';

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly token: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Harness {
  readonly test: TestContext;
  readonly app: FastifyInstance;
  readonly teams: TeamsService;
  user(label?: string): Promise<TestUser>;
  call(user: TestUser, method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** POST /teams as `owner`, then optionally PUT the plan; returns the team id. */
  team(owner: TestUser, plan?: 'free' | 'basic' | 'professional' | 'enterprise'): Promise<string>;
  /** Adds `user` to the team with `roles` through the API, as `by`. */
  add(by: TestUser, teamId: string, user: TestUser, roles: string[]): Promise<void>;
  /** The team's audit action names, in chain order. */
  auditActions(teamId: string): Promise<string[]>;
  close(): Promise<void>;
}

let counter = 0;

export async function openHarness(kind: DatabaseKind): Promise<Harness> {
  const test = await openTestContext(kind);
  const { ctx } = test;
  const teams = createTeamsService(ctx);
  const sessions = new Map<string, Principal>();
  const app = await buildApp(
    {
      session: async (token) => {
        const principal = sessions.get(token);
        if (principal === undefined) throw new ServerError('UNAUTHENTICATED', 'Unknown session');
        return principal;
      },
      apiKey: async () => {
        throw new ServerError('API_KEY_INVALID', 'No API keys in these tests');
      },
      teamAccess: teams.teamAccess,
    },
    [teamRoutes(teams), groupRoutes(teams)],
  );

  const harness: Harness = {
    test,
    app,
    teams,
    async user(label = 'user') {
      counter += 1;
      const id = newId('usr');
      const email = `${label}-${counter}-${randomBytes(3).toString('hex')}@example.com`;
      await ctx.db
        .insertInto('users')
        .values({ id, email, name: label, password_hash: null, totp_secret_sealed: null, totp_enabled_at: null, totp_last_step: null, created_at: ctx.clock(), password_changed_at: null, disabled_at: null })
        .execute();
      const token = `ses-${randomBytes(12).toString('hex')}`;
      sessions.set(token, { kind: 'session', userId: id, email, sessionId: newId('ses'), stage: 'full' });
      return { id, email, token };
    },
    call(user, method, url, payload) {
      return app.inject({ method, url, headers: { authorization: `Bearer ${user.token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    },
    async team(owner, plan) {
      const created = await harness.call(owner, 'POST', '/teams', { name: `Team ${counter}` });
      if (created.statusCode !== 201) throw new Error(`create team: ${created.statusCode} ${created.body}`);
      const id = created.json<{ id: string }>().id;
      if (plan !== undefined && plan !== 'free') {
        const changed = await harness.call(owner, 'PUT', `/teams/${id}/plan`, { plan });
        if (changed.statusCode !== 200) throw new Error(`change plan: ${changed.statusCode} ${changed.body}`);
      }
      return id;
    },
    async add(by, teamId, user, roles) {
      const added = await harness.call(by, 'POST', `/teams/${teamId}/members`, { email: user.email, roles });
      if (added.statusCode !== 201) throw new Error(`add member: ${added.statusCode} ${added.body}`);
    },
    async auditActions(teamId) {
      const rows = await ctx.db.selectFrom('audit_entries').select('action').where('team_id', '=', teamId).orderBy('seq').execute();
      return rows.map((row) => row.action);
    },
    async close() {
      await app.close();
      await test.close();
    },
  };
  return harness;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

export function errorOf(response: LightMyRequestResponse): ErrorBody['error'] {
  return response.json<ErrorBody>().error;
}
