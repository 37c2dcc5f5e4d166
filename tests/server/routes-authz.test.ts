/**
 * Every route of the real app, generated from its route table: routes that need a caller refuse one
 * without credentials, and every team route lets through exactly the roles that authz allows for its
 * action — checked for a member holding each single role (and none) on a Professional and an
 * Enterprise team. The expectation comes from authz's `authorize`, whose own matrix test checks it
 * against FEATURES.md; this test proves that no route bypasses it or adds its own rule on top.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { authorize, TEAM_ROLES, type Plan, type TeamRole } from '../../src/server/authz/index.js';
import { composeServer } from '../../src/server/compose.js';
import type { RouteAccessEntry } from '../../src/server/http/access.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from './support/context.js';

const PASSWORD = 'a long enough password';
const META = { ip: '127.0.0.1', userAgent: 'vitest' };
const SUBJECTS: readonly (TeamRole | 'none')[] = ['none', ...TEAM_ROLES];
const PLANS: readonly Plan[] = ['professional', 'enterprise'];


/**
 * The access rule each route must declare, written out by hand: a new route, or a route whose rule
 * changes, fails here until someone decides on purpose (the roles allowed per action are authz's).
 */
const EXPECTED_ACCESS: Readonly<Record<string, unknown>> = {
  'GET /healthz': { kind: 'public' },
  'GET /readyz': { kind: 'public' },
  'GET /openapi.json': { kind: 'public' },
  'POST /auth/sign-up': { kind: 'public' },
  'POST /auth/sign-in': { kind: 'public' },
  'POST /auth/sign-in/totp': { kind: 'public' },
  'POST /auth/sign-out': { kind: 'user', enrolment: true },
  'POST /auth/sign-out-everywhere': { kind: 'user', enrolment: true },
  'GET /me': { kind: 'user', enrolment: true },
  'GET /me/sessions': { kind: 'user' },
  'DELETE /me/sessions/:sessionId': { kind: 'user' },
  'POST /me/password': { kind: 'user' },
  'POST /me/2fa/enrol': { kind: 'user', enrolment: true },
  'POST /me/2fa/confirm': { kind: 'user', enrolment: true },
  'POST /me/2fa/disable': { kind: 'user' },
  'POST /me/2fa/recovery-codes': { kind: 'user' },
  'GET /me/api-keys': { kind: 'user', apiKey: true },
  'POST /teams': { kind: 'user' },
  'GET /teams/:teamId': { kind: 'team', action: 'team.read' },
  'PATCH /teams/:teamId': { kind: 'team', action: 'team.rename' },
  'PATCH /teams/:teamId/settings': { kind: 'team', action: 'team.update_settings' },
  'PUT /teams/:teamId/plan': { kind: 'team', action: 'team.change_plan' },
  'GET /teams/:teamId/members': { kind: 'team', action: 'members.list' },
  'POST /teams/:teamId/members': { kind: 'team', action: 'members.add' },
  'DELETE /teams/:teamId/members/:userId': { kind: 'team', action: 'members.remove' },
  'POST /teams/:teamId/members/:userId/roles': { kind: 'team', action: 'members.grant_role' },
  'DELETE /teams/:teamId/members/:userId/roles/:role': { kind: 'team', action: 'members.revoke_role' },
  'POST /teams/:teamId/members/:userId/sign-out': { kind: 'team', action: 'sessions.revoke_member' },
  'GET /teams/:teamId/groups': { kind: 'team', action: 'groups.list' },
  'POST /teams/:teamId/groups': { kind: 'team', action: 'groups.manage' },
  'PATCH /teams/:teamId/groups/:groupId': { kind: 'team', action: 'groups.manage' },
  'DELETE /teams/:teamId/groups/:groupId': { kind: 'team', action: 'groups.manage' },
  'POST /teams/:teamId/groups/:groupId/members': { kind: 'team', action: 'groups.manage' },
  'DELETE /teams/:teamId/groups/:groupId/members/:userId': { kind: 'team', action: 'groups.manage' },
  'POST /teams/:teamId/api-keys': { kind: 'team', action: 'api_keys.create_own' },
  'GET /teams/:teamId/api-keys': { kind: 'team', action: 'api_keys.list_team' },
  // Owners revoke their own keys; the service asks authz for api_keys.revoke_any for anyone else's.
  'DELETE /teams/:teamId/api-keys/:keyId': { kind: 'team', action: 'api_keys.create_own' },
  'GET /audit/logs': { kind: 'team', action: 'audit.api', apiKey: true },
  'GET /audit/actions': { kind: 'user', apiKey: true },
  'GET /teams/:teamId/audit/logs': { kind: 'team', action: 'audit.read' },
  'GET /teams/:teamId/audit/export': { kind: 'team', action: 'audit.export' },
};

function fill(url: string, teamId: string): string {
  return url.replace(':teamId', teamId).replace(/:[A-Za-z]+/g, 'does-not-exist');
}

function hasBody(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH';
}

describe.each(DATABASE_KINDS)('routes and authz on %s', (kind) => {
  let test: TestContext;
  let app: FastifyInstance;
  const tokens = new Map<string, string>();
  const teams = new Map<Plan, string>();
  let table: readonly RouteAccessEntry[] = [];

  beforeAll(async () => {
    test = await openTestContext(kind);
    const composed = await composeServer(test.ctx, { rateLimit: null });
    app = composed.app;
    await app.ready();
    table = app.accessTable;
    const { accounts, teams: teamsService } = composed.services;
    const tokenOf = async (email: string): Promise<string> => {
      await accounts.signUp({ email, name: email, password: PASSWORD }, META);
      const result = await accounts.signIn({ email, password: PASSWORD }, META);
      if (!('token' in result)) throw new Error(`no session for ${email}`);
      return result.token;
    };
    const owner = await tokenOf(`owner-${kind}@example.com`);
    const ownerPrincipal = await accounts.authenticateSession(owner, META);
    for (const plan of PLANS) {
      const team = await teamsService.createTeam({ userId: ownerPrincipal.userId, email: ownerPrincipal.email, meta: META }, `Matrix ${plan}`);
      await test.ctx.db.updateTable('teams').set({ plan }).where('id', '=', team.id).execute();
      teams.set(plan, team.id);
    }
    // Members hold exactly one role each (or none), written directly: the grant rules are tested elsewhere.
    for (const subject of SUBJECTS) {
      const token = await tokenOf(`${subject}-${kind}@example.com`);
      const principal = await accounts.authenticateSession(token, META);
      tokens.set(subject, token);
      for (const teamId of teams.values()) {
        await test.ctx.db.insertInto('team_members').values({ team_id: teamId, user_id: principal.userId, joined_at: test.clock() }).execute();
        if (subject !== 'none') {
          await test.ctx.db.insertInto('member_roles').values({ team_id: teamId, user_id: principal.userId, role: subject, granted_by: null, granted_at: test.clock() }).execute();
        }
      }
    }
  });

  afterAll(async () => {
    await app?.close();
    await test?.close();
  });

  it('declares exactly the expected access rule on every route', () => {
    expect(Object.fromEntries(table.map((r) => [`${r.method} ${r.url}`, r.access]))).toEqual(EXPECTED_ACCESS);
  });

  it('refuses every non-public route without credentials (401), before reading the body', async () => {
    const guarded = table.filter((r) => r.access.kind !== 'public');
    expect(guarded.length).toBeGreaterThan(20);
    for (const route of guarded) {
      const res = await app.inject({
        method: route.method as 'GET',
        url: fill(route.url, teams.get('enterprise') ?? ''),
        ...(hasBody(route.method) ? { headers: { 'content-type': 'application/json' }, payload: '{not json' } : {}),
      });
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode, code: res.json().error?.code }).toEqual({ route: `${route.method} ${route.url}`, status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  for (const plan of PLANS) {
    for (const subject of SUBJECTS) {
      it(`${plan}: a member with ${subject === 'none' ? 'no role' : subject} gets exactly what authz allows on every team route`, async () => {
        const teamId = teams.get(plan) ?? '';
        const token = tokens.get(subject) ?? '';
        const roles = new Set<TeamRole>(subject === 'none' ? [] : [subject]);
        const teamRoutes = table.filter((r): r is RouteAccessEntry & { access: { kind: 'team' } } => r.access.kind === 'team' && r.url.includes(':teamId'));
        const mismatches: string[] = [];
        for (const route of teamRoutes) {
          const decision = authorize({ userId: 'x', roles, plan }, route.access.action);
          const res = await app.inject({
            method: route.method as 'GET',
            url: fill(route.url, teamId),
            headers: { authorization: `Bearer ${token}`, ...(hasBody(route.method) ? { 'content-type': 'application/json' } : {}) },
            ...(hasBody(route.method) ? { payload: '{}' } : {}),
          });
          const code = (res.json() as { error?: { code?: string } }).error?.code;
          const name = `${route.method} ${route.url} (${route.access.action})`;
          if (decision.allowed) {
            // Allowed through the gate; the handler may still find the dummy ids or the empty body wrong.
            if (res.statusCode === 401 || res.statusCode === 402 || (res.statusCode === 403 && (code === 'FORBIDDEN' || code === 'PLAN_REQUIRED'))) {
              mismatches.push(`${name}: allowed by authz but answered ${res.statusCode} ${code ?? ''}`);
            }
          } else {
            const expected = decision.code === 'PLAN_REQUIRED' ? 402 : 403;
            if (res.statusCode !== expected || code !== decision.code) mismatches.push(`${name}: denied by authz (${decision.code}) but answered ${res.statusCode} ${code ?? ''}`);
          }
        }
        expect(mismatches).toEqual([]);
      });
    }
  }
});
