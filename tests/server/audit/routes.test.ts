import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, TeamRole } from '../../../src/server/authz/index.js';
import { ServerError } from '../../../src/server/errors.js';
import type { Authenticators, Principal, TeamAccess } from '../../../src/server/http/access.js';
import { buildApp } from '../../../src/server/http/app.js';
import { auditRoutes } from '../../../src/server/http/routes/audit.js';
import { appendAudit, createAuditService } from '../../../src/server/services/audit/index.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from '../support/context.js';
import { insertTeam, teamEvent } from './support.js';

interface Caller {
  readonly principal: Principal;
  readonly teamId: string;
  readonly plan: Plan;
  readonly roles: readonly TeamRole[];
}

/** Fixed tokens → principals, and each principal's fixed access to its one team. */
function testAuthenticators(callers: ReadonlyMap<string, Caller>): Authenticators {
  const find = (token: string): Principal => {
    const caller = callers.get(token);
    if (caller === undefined) throw new ServerError('UNAUTHENTICATED', 'unknown test token');
    return caller.principal;
  };
  return {
    session: async (token) => find(token),
    apiKey: async (key) => find(key),
    teamAccess: async (teamId, userId): Promise<TeamAccess | null> => {
      for (const caller of callers.values()) {
        if (caller.principal.userId === userId && caller.teamId === teamId) return { teamId, plan: caller.plan, roles: new Set(caller.roles) };
      }
      return null;
    },
  };
}

function session(userId: string): Principal {
  return { kind: 'session', userId, email: `${userId}@example.com`, sessionId: `ses_${userId}`, stage: 'full' };
}

describe.each(DATABASE_KINDS)('audit routes on %s', (kind) => {
  let t: TestContext;
  let app: FastifyInstance;
  let proTeam: string;
  let freeTeam: string;
  const API_KEY = 'pstn_testkeyforauditroutes';
  const BASIC_KEY = 'pstn_testkeyonbasicplan';

  beforeAll(async () => {
    t = await openTestContext(kind);
    proTeam = await insertTeam(t.ctx.db, 'professional', t.clock());
    freeTeam = await insertTeam(t.ctx.db, 'free', t.clock());
    const basicTeam = await insertTeam(t.ctx.db, 'basic', t.clock());
    for (let i = 0; i < 12; i += 1) {
      await appendAudit(t.ctx, teamEvent(proTeam, i % 2 === 0 ? 'user.login' : 'team.add_member', 'usr_admin', { n: i }));
      t.clock.advance(1000);
    }
    await appendAudit(t.ctx, teamEvent(freeTeam));
    const callers = new Map<string, Caller>([
      ['admin-token', { principal: session('usr_admin'), teamId: proTeam, plan: 'professional', roles: ['admin'] }],
      ['dev-token', { principal: session('usr_dev'), teamId: proTeam, plan: 'professional', roles: ['developer'] }],
      ['free-admin-token', { principal: session('usr_free'), teamId: freeTeam, plan: 'free', roles: ['admin'] }],
      [API_KEY, { principal: { kind: 'api_key', userId: 'usr_admin', email: 'usr_admin@example.com', keyId: 'key_1', teamId: proTeam }, teamId: proTeam, plan: 'professional', roles: ['admin'] }],
      [BASIC_KEY, { principal: { kind: 'api_key', userId: 'usr_basic', email: 'usr_basic@example.com', keyId: 'key_2', teamId: basicTeam }, teamId: basicTeam, plan: 'basic', roles: ['admin'] }],
    ]);
    app = await buildApp(testAuthenticators(callers), [auditRoutes(createAuditService(t.ctx))]);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const get = (url: string, token?: string, header: 'authorization' | 'x-api-key' = 'authorization') =>
    app.inject({ method: 'GET', url, headers: token === undefined ? {} : header === 'authorization' ? { authorization: `Bearer ${token}` } : { 'x-api-key': token } });

  it('lets an Admin on Professional read the team log, page by page', async () => {
    const first = await get(`/teams/${proTeam}/audit/logs?limit=5&orderBy=asc`, 'admin-token');
    expect(first.statusCode).toBe(200);
    const body = first.json<{ trails: { seq: number; action: string; timestamp: string; actor: { id: string } | null; details: unknown }[]; nextCursor: string | null }>();
    expect(body.trails.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(body.trails[0]).toMatchObject({ action: 'user.login', actor: { id: 'usr_admin' }, details: { n: 0 }, ip: '192.0.2.7', target: { type: 'user', id: 'usr_target' } });
    expect(body.trails[0]?.timestamp).toBe(new Date(t.clock() - 12_000).toISOString());
    expect(body.nextCursor).not.toBeNull();
    const second = await get(`/teams/${proTeam}/audit/logs?limit=5&orderBy=asc&cursor=${body.nextCursor ?? ''}`, 'admin-token');
    expect(second.json<{ trails: { seq: number }[] }>().trails.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);
  });

  it('refuses a Developer (403) and a Free team (402 naming the plan)', async () => {
    const dev = await get(`/teams/${proTeam}/audit/logs`, 'dev-token');
    expect(dev.statusCode).toBe(403);
    const free = await get(`/teams/${freeTeam}/audit/logs`, 'free-admin-token');
    expect(free.statusCode).toBe(402);
    expect(free.json()).toMatchObject({ error: { code: 'PLAN_REQUIRED' } });
    expect(free.json<{ error: { message: string } }>().error.message).toMatch(/Professional/);
    expect((await get(`/teams/${proTeam}/audit/logs`)).statusCode).toBe(401);
  });

  it('serves the SIEM API to an API key, for the key\'s own team, with filters', async () => {
    const res = await get('/audit/logs?action=team.add_member&limit=300', API_KEY, 'x-api-key');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ trails: { seq: number; action: string }[]; nextCursor: string | null }>();
    expect(body.trails.map((e) => e.seq)).toEqual([12, 10, 8, 6, 4, 2]);
    expect(body.nextCursor).toBeNull();
    const since = new Date(t.clock() - 3000).toISOString();
    const recent = await get(`/audit/logs?since=${encodeURIComponent(since)}`, API_KEY);
    expect(recent.json<{ trails: { seq: number }[] }>().trails.map((e) => e.seq)).toEqual([12, 11, 10]);
    const basic = await get('/audit/logs', BASIC_KEY, 'x-api-key');
    expect(basic.statusCode).toBe(402);
    // A session cannot use the key route without a team.
    expect((await get('/audit/logs', 'admin-token')).statusCode).toBe(400);
  });

  it('answers bad query input with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/audit/logs?limit=301', 'limit'],
      ['/audit/logs?limit=0', 'limit'],
      ['/audit/logs?limit=ten', 'limit'],
      ['/audit/logs?action=user.nope', 'action'],
      ['/audit/logs?cursor=bogus!', 'cursor'],
      ['/audit/logs?since=yesterday', 'since'],
      ['/audit/logs?until=2026-11-01T09:00:00', 'until'],
      ['/audit/logs?orderBy=up', 'orderBy'],
      ['/audit/logs?colour=blue', 'colour'],
    ];
    for (const [url, field] of cases) {
      const res = await get(url, API_KEY, 'x-api-key');
      expect(res.statusCode, url).toBe(400);
      expect(res.json<{ error: { field: string } }>().error.field, url).toBe(field);
    }
  });

  it('lists the action names to signed-in callers and keys', async () => {
    const res = await get('/audit/actions', API_KEY, 'x-api-key');
    expect(res.statusCode).toBe(200);
    const actions = res.json<{ actions: { name: string; description: string; category: string }[] }>().actions;
    expect(actions.map((a) => a.name)).toEqual(expect.arrayContaining(['user.login', 'user.login_failed', 'team.add_member', 'audit.pruned']));
    expect(actions[0]).toEqual({ name: expect.any(String), description: expect.any(String), category: expect.any(String) });
    expect((await get('/audit/actions')).statusCode).toBe(401);
  });

  it('exports as NDJSON, CEF and syslog attachments with the right content types', async () => {
    const ndjson = await get(`/teams/${proTeam}/audit/export?format=ndjson`, 'admin-token');
    expect(ndjson.statusCode).toBe(200);
    expect(ndjson.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(ndjson.headers['content-disposition']).toMatch(/^attachment; filename="audit-.+\.ndjson"$/);
    const lines = ndjson.body.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ seq: 1, chain: proTeam });
    const cef = await get(`/teams/${proTeam}/audit/export?format=cef&action=user.login`, 'admin-token');
    expect(cef.headers['content-type']).toMatch(/^text\/plain/);
    expect(cef.body.trimEnd().split('\n')).toHaveLength(6);
    const syslog = await get(`/teams/${proTeam}/audit/export?format=syslog`, 'admin-token');
    expect(syslog.body.trimEnd().split('\n').every((line) => line.startsWith('<'))).toBe(true);
    expect((await get(`/teams/${proTeam}/audit/export?format=xml`, 'admin-token')).json()).toMatchObject({ error: { field: 'format' } });
    expect((await get(`/teams/${proTeam}/audit/export`, 'dev-token')).statusCode).toBe(403);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await get('/openapi.json')).json<{ paths: Record<string, { get?: { parameters?: { name: string }[]; responses?: Record<string, unknown> } }> }>();
    const logs = doc.paths['/audit/logs']?.get;
    expect(logs?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['since', 'until', 'action', 'userId', 'limit', 'cursor', 'orderBy']));
    expect(JSON.stringify(logs?.responses)).toContain('trails');
    expect(doc.paths['/teams/{teamId}/audit/export']).toBeDefined();
  });
});
