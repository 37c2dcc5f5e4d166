/**
 * The whole composed server over a real database, with users who sign up and sign in through the
 * accounts service (real sessions), teams made through the API, and helpers to read the audit log.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Plan, TeamRole } from '../../../src/server/authz/index.js';
import { composeServer, type ServerServices } from '../../../src/server/compose.js';
import type { DatabaseKind } from '../../../src/server/db/index.js';
import { openTestContext, type TestContext } from '../support/context.js';

const PASSWORD = 'a long enough password';
const META = { ip: '127.0.0.1', userAgent: 'vitest' };

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly token: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface WorkspaceView {
  id: string;
  teamId: string;
  name: string;
  description: string;
  visibility: string;
  ownerId: string;
  roles: string[];
  actions: string[];
  pendingPublishRequest: { id: string; status: string } | null;
}

export interface AuditRow {
  action: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

export interface Harness {
  readonly test: TestContext;
  readonly app: FastifyInstance;
  readonly services: ServerServices;
  user(label?: string): Promise<TestUser>;
  /** `null`: no credentials. */
  call(user: TestUser | null, method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** A team created by `owner` (Admin, Billing, Developer) through the API, moved to `plan`. */
  team(owner: TestUser, plan: Plan): Promise<string>;
  add(by: TestUser, teamId: string, user: TestUser, roles: TeamRole[]): Promise<void>;
  /** POST /teams/:teamId/workspaces as `by`; fails the test unless 201. */
  workspace(by: TestUser, teamId: string, visibility: string, name?: string): Promise<WorkspaceView>;
  audit(teamId: string): Promise<AuditRow[]>;
  close(): Promise<void>;
}

let counter = 0;

export async function openHarness(kind: DatabaseKind): Promise<Harness> {
  const test = await openTestContext(kind);
  const { app, services } = await composeServer(test.ctx, { rateLimit: null });
  await app.ready();

  const harness: Harness = {
    test,
    app,
    services,
    async user(label = 'user') {
      counter += 1;
      const email = `${label}-${counter}-${randomBytes(3).toString('hex')}@example.com`;
      await services.accounts.signUp({ email, name: label, password: PASSWORD }, META);
      const result = await services.accounts.signIn({ email, password: PASSWORD }, META);
      if (!('token' in result)) throw new Error(`no session for ${email}`);
      const principal = await services.accounts.authenticateSession(result.token, META);
      return { id: principal.userId, email, token: result.token };
    },
    call(user, method, url, payload) {
      return app.inject({
        method,
        url,
        headers: user === null ? {} : { authorization: `Bearer ${user.token}` },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
    },
    async team(owner, plan) {
      const created = await harness.call(owner, 'POST', '/teams', { name: `Team ${counter}` });
      if (created.statusCode !== 201) throw new Error(`create team: ${created.statusCode} ${created.body}`);
      const id = created.json<{ id: string }>().id;
      if (plan !== 'free') {
        const changed = await harness.call(owner, 'PUT', `/teams/${id}/plan`, { plan });
        if (changed.statusCode !== 200) throw new Error(`change plan: ${changed.statusCode} ${changed.body}`);
      }
      return id;
    },
    async add(by, teamId, user, roles) {
      // A member without any role: added as a Developer, then the role is taken away.
      const added = await harness.call(by, 'POST', `/teams/${teamId}/members`, { email: user.email, roles: roles.length > 0 ? roles : ['developer'] });
      if (added.statusCode !== 201) throw new Error(`add member: ${added.statusCode} ${added.body}`);
      if (roles.length === 0) {
        const revoked = await harness.call(by, 'DELETE', `/teams/${teamId}/members/${user.id}/roles/developer`);
        if (revoked.statusCode !== 200) throw new Error(`revoke role: ${revoked.statusCode} ${revoked.body}`);
      }
    },
    async workspace(by, teamId, visibility, name = `${visibility} workspace`) {
      const created = await harness.call(by, 'POST', `/teams/${teamId}/workspaces`, { name, visibility });
      if (created.statusCode !== 201) throw new Error(`create workspace: ${created.statusCode} ${created.body}`);
      return created.json<WorkspaceView>();
    },
    async audit(teamId) {
      const rows = await test.ctx.db
        .selectFrom('audit_entries')
        .select(['action', 'actor_id', 'target_type', 'target_id', 'details'])
        .where('team_id', '=', teamId)
        .orderBy('seq')
        .execute();
      return rows.map((row) => ({
        action: row.action,
        actorId: row.actor_id,
        targetType: row.target_type,
        targetId: row.target_id,
        details: JSON.parse(row.details) as Record<string, unknown>,
      }));
    },
    async close() {
      await app.close();
      await test.close();
    },
  };
  return harness;
}

export function errorOf(response: LightMyRequestResponse): { code: string; message: string; field?: string; details?: Record<string, unknown> } {
  return response.json<{ error: { code: string; message: string; field?: string; details?: Record<string, unknown> } }>().error;
}

/** The workspace actions in a team's audit log, in order. */
export async function workspaceAuditActions(h: Harness, teamId: string): Promise<string[]> {
  return (await h.audit(teamId)).map((row) => row.action).filter((action) => action.startsWith('workspace.') || action.startsWith('element.'));
}
