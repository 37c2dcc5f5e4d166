/**
 * Every route of the real app, generated from its route table: routes that need a caller refuse one
 * without credentials, and every team route lets through exactly the roles that authz allows for its
 * action — checked for a member holding each single role (and none) on a Professional and an
 * Enterprise team. The expectation comes from authz's `authorize`, whose own matrix test checks it
 * against FEATURES.md; this test proves that no route bypasses it or adds its own rule on top.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { authorize, authorizeWorkspace, TEAM_ROLES, WORKSPACE_VISIBILITIES, type Plan, type TeamRole, type WorkspaceVisibility } from '../../src/server/authz/index.js';
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
  // Any member may ask to invite; the invites service decides through authz whether the invite is sent,
  // becomes a request for an Admin (a Developer where invites.create_developer is not allowed), or is refused.
  'POST /teams/:teamId/invites': { kind: 'team', action: 'team.read' },
  'GET /teams/:teamId/invites': { kind: 'team', action: 'invites.manage' },
  'DELETE /teams/:teamId/invites/:inviteId': { kind: 'team', action: 'invites.manage' },
  'POST /teams/:teamId/invites/:inviteId/approve': { kind: 'team', action: 'invites.manage' },
  'POST /teams/:teamId/invites/:inviteId/deny': { kind: 'team', action: 'invites.manage' },
  'POST /teams/:teamId/invite-links': { kind: 'team', action: 'invite_links.manage' },
  'GET /teams/:teamId/invite-links': { kind: 'team', action: 'invite_links.manage' },
  'DELETE /teams/:teamId/invite-links/:linkId': { kind: 'team', action: 'invite_links.manage' },
  'POST /invites/accept': { kind: 'user' },
  // Any member may create; authz's workspace.create then decides on the visibility asked for.
  'POST /teams/:teamId/workspaces': { kind: 'team', action: 'team.read' },
  // Lists only what authz's workspace.view allows the caller, workspace by workspace.
  'GET /teams/:teamId/workspaces': { kind: 'team', action: 'team.read' },
  'GET /workspaces/:workspaceId': { kind: 'workspace', action: 'workspace.view' },
  'PATCH /workspaces/:workspaceId': { kind: 'workspace', action: 'workspace.update' },
  'DELETE /workspaces/:workspaceId': { kind: 'workspace', action: 'workspace.delete' },
  // The service asks authz again for the visibility asked for (workspace.make_private, …).
  'PUT /workspaces/:workspaceId/visibility': { kind: 'workspace', action: 'workspace.change_visibility' },
  'GET /workspaces/:workspaceId/members': { kind: 'workspace', action: 'workspace.members.view' },
  'POST /workspaces/:workspaceId/members': { kind: 'workspace', action: 'workspace.members.manage' },
  'PATCH /workspaces/:workspaceId/members/:memberType/:memberId': { kind: 'workspace', action: 'workspace.members.manage' },
  'DELETE /workspaces/:workspaceId/members/:memberType/:memberId': { kind: 'workspace', action: 'workspace.members.manage' },
  'GET /workspaces/:workspaceId/element-roles': { kind: 'workspace', action: 'workspace.members.view' },
  'PUT /workspaces/:workspaceId/element-roles': { kind: 'workspace', action: 'element.manage_roles' },
  'DELETE /workspaces/:workspaceId/element-roles/:elementType/:elementId/:memberType/:memberId': { kind: 'workspace', action: 'element.manage_roles' },
  'GET /teams/:teamId/publish-requests': { kind: 'team', action: 'public.approve_requests' },
  'POST /teams/:teamId/publish-requests/:requestId/approve': { kind: 'team', action: 'public.approve_requests' },
  'POST /teams/:teamId/publish-requests/:requestId/deny': { kind: 'team', action: 'public.approve_requests' },
  'GET /public/workspaces/:workspaceId': { kind: 'workspace', action: 'workspace.view_public', public: true },
  // Anyone who may view a workspace (anonymous readers of public ones too) pulls and listens to its changes.
  'GET /workspaces/:workspaceId/sync/changes': { kind: 'workspace', action: 'element.view', public: true, apiKey: true },
  'GET /workspaces/:workspaceId/sync/live': { kind: 'workspace', action: 'element.view', public: true, apiKey: true },
  // Signed in; the elements service asks authz for element.create / update / delete change by change.
  'POST /workspaces/:workspaceId/sync/push': { kind: 'workspace', action: 'element.view', apiKey: true },
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
  let ownerId = '';

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
    ownerId = ownerPrincipal.userId;
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
    const guarded = table.filter((r) => r.access.kind !== 'public' && !(r.access.kind === 'workspace' && r.access.public === true));
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

  /** One workspace of each visibility, owned (and administered) by the team's owner; the subject holds no workspace role. */
  async function freshWorkspaces(teamId: string): Promise<Map<WorkspaceVisibility, string>> {
    const ids = new Map<WorkspaceVisibility, string>();
    for (const visibility of WORKSPACE_VISIBILITIES) {
      const id = `ws_matrix_${visibility}_${Math.random().toString(36).slice(2)}`;
      const now = test.clock();
      await test.ctx.db.insertInto('workspaces').values({ id, team_id: teamId, name: visibility, description: '', visibility, owner_id: ownerId, created_by: ownerId, created_at: now, updated_at: now }).execute();
      await test.ctx.db.insertInto('workspace_members').values({ workspace_id: id, principal_type: 'user', principal_id: ownerId, role: 'admin', granted_by: ownerId, granted_at: now }).execute();
      ids.set(visibility, id);
    }
    return ids;
  }

  for (const plan of PLANS) {
    for (const subject of SUBJECTS) {
      it(`${plan}: a member with ${subject === 'none' ? 'no role' : subject} gets exactly what authorizeWorkspace allows on every workspace route`, async () => {
        const teamId = teams.get(plan) ?? '';
        const token = tokens.get(subject) ?? '';
        const teamRoles = new Set<TeamRole>(subject === 'none' ? [] : [subject]);
        const workspaceIds = await freshWorkspaces(teamId);
        // Deleting the workspace goes last, so the other routes still find it.
        const routes = table
          .filter((r): r is RouteAccessEntry & { access: { kind: 'workspace' } } => r.access.kind === 'workspace' && r.access.public !== true)
          .sort((a, b) => Number(a.method === 'DELETE' && a.url === '/workspaces/:workspaceId') - Number(b.method === 'DELETE' && b.url === '/workspaces/:workspaceId'));
        expect(routes.length).toBeGreaterThan(10);
        const mismatches: string[] = [];
        let allowedSeen = 0;
        for (const route of routes) {
          for (const visibility of WORKSPACE_VISIBILITIES) {
            const workspaceId = workspaceIds.get(visibility) ?? '';
            const decision = authorizeWorkspace(
              { userId: 'x', teamMember: true, teamRoles, plan, workspaceRoles: new Set(), isOwner: false },
              { visibility, teamId },
              route.access.action,
            );
            const res = await app.inject({
              method: route.method as 'GET',
              url: route.url.replace(':workspaceId', workspaceId).replace(/:[A-Za-z]+/g, 'does-not-exist'),
              headers: { authorization: `Bearer ${token}`, ...(hasBody(route.method) ? { 'content-type': 'application/json' } : {}) },
              ...(hasBody(route.method) ? { payload: '{}' } : {}),
            });
            const error = res.body === '' ? undefined : (res.json() as { error?: { code?: string; field?: string } }).error;
            const name = `${route.method} ${route.url} on ${visibility} (${route.access.action})`;
            const hidden = res.statusCode === 404 && error?.field === 'workspaceId';
            if (decision.allowed) {
              allowedSeen += 1;
              if (res.statusCode === 401 || res.statusCode === 402 || res.statusCode === 403 || hidden) mismatches.push(`${name}: allowed by authz but answered ${res.statusCode} ${error?.code ?? ''}`);
            } else if (decision.code === 'NOT_FOUND') {
              if (!hidden) mismatches.push(`${name}: hidden by authz but answered ${res.statusCode} ${error?.code ?? ''}`);
            } else {
              const expected = decision.code === 'PLAN_REQUIRED' ? 402 : 403;
              if (res.statusCode !== expected || error?.code !== decision.code) mismatches.push(`${name}: denied by authz (${decision.code}) but answered ${res.statusCode} ${error?.code ?? ''}`);
            }
          }
        }
        expect(mismatches).toEqual([]);
        expect(allowedSeen).toBeGreaterThan(0);
      });
    }
  }
});
