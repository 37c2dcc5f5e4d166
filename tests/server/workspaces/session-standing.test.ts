/**
 * A signed-in workspace request reads its session and its standing in one query. The session's rules
 * must hold exactly as on every other route: unknown and signed-out sessions are refused before any
 * question about the workspace (401, not 404, even for a workspace that does not exist), ended ones are
 * recorded and refused, 2FA enrolment sessions only reach what anonymous callers reach, and last_seen_at
 * moves. And the point of it: a signed-in pull costs two queries (standing, page); a push one per element
 * write beyond those, the last write moving the change sequence in the same statement on PostgreSQL.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeServer } from '../../../src/server/compose.js';
import { DATABASE_KINDS } from '../support/context.js';
import { errorOf, openHarness, type Harness, type TestUser } from './harness.js';

const MINUTE = 60_000;

function countingPlugin(): KyselyPlugin & { count: number } {
  return {
    count: 0,
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      return args.node;
    },
    // Every executed query passes here, prepared (already compiled) ones included.
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      this.count += 1;
      return args.result;
    },
  };
}

describe.each(DATABASE_KINDS)('session and workspace standing read together on %s', (kind) => {
  let h: Harness;
  let owner: TestUser;
  let member: TestUser;
  let privateId: string;
  let publicId: string;
  let teamId: string;

  beforeAll(async () => {
    h = await openHarness(kind);
    owner = await h.user('owner');
    member = await h.user('member');
    teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, member, ['developer']);
    privateId = (await h.workspace(owner, teamId, 'private', 'Secret')).id;
    publicId = (await h.workspace(owner, teamId, 'team', 'Open')).id;
    // No Community Manager in the team: the Admin publishes directly.
    expect((await h.call(owner, 'PUT', `/workspaces/${publicId}/visibility`, { visibility: 'public' })).statusCode).toBe(200);
    const added = await h.call(owner, 'POST', `/workspaces/${privateId}/members`, { type: 'user', id: member.id, role: 'editor' });
    expect(added.statusCode).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function sessionRow(user: TestUser): Promise<{ id: string; last_seen_at: number; revoked_at: number | null; revoke_reason: string | null }> {
    const principal = await h.services.accounts.authenticateSession(user.token, { ip: null, userAgent: null });
    if (principal.kind !== 'session') throw new Error('not a session');
    const row = await h.test.ctx.db.selectFrom('sessions').select(['id', 'last_seen_at', 'revoked_at', 'revoke_reason']).where('id', '=', principal.sessionId).executeTakeFirstOrThrow();
    return { ...row, last_seen_at: Number(row.last_seen_at), revoked_at: row.revoked_at === null ? null : Number(row.revoked_at) };
  }

  it('lets a member in and keeps others out', async () => {
    expect((await h.call(member, 'GET', `/workspaces/${privateId}/sync/changes`)).statusCode).toBe(200);
    const outsider = await h.user('outsider');
    const refused = await h.call(outsider, 'GET', `/workspaces/${privateId}/sync/changes`);
    expect(refused.statusCode).toBe(404);
    expect(errorOf(refused).code).toBe('NOT_FOUND');
  });

  it('refuses an unknown or signed-out session before saying whether the workspace exists', async () => {
    const forged = { ...member, token: `pss_${'x'.repeat(43)}` };
    for (const workspaceId of [privateId, 'ws_does_not_exist']) {
      const answer = await h.call(forged, 'POST', `/workspaces/${workspaceId}/sync/push`, { changes: [] });
      expect(answer.statusCode).toBe(401);
      expect(errorOf(answer).code).toBe('UNAUTHENTICATED');
    }
    const leaving = await h.user('leaving');
    expect((await h.call(leaving, 'POST', '/auth/sign-out')).statusCode).toBeLessThan(300);
    for (const workspaceId of [privateId, 'ws_does_not_exist']) {
      const answer = await h.call(leaving, 'GET', `/workspaces/${workspaceId}/members`);
      expect(answer.statusCode).toBe(401);
      expect(errorOf(answer).message).toMatch(/signed out/);
    }
    // A signed-in caller asking for a workspace that does not exist gets 404.
    expect((await h.call(member, 'GET', '/workspaces/ws_does_not_exist/sync/changes')).statusCode).toBe(404);
    // On a route anonymous readers may use, a bad session reads as anonymous: the public workspace answers.
    expect((await h.call(forged, 'GET', `/workspaces/${publicId}/sync/changes`)).statusCode).toBe(200);
    expect((await h.call(forged, 'GET', `/workspaces/${privateId}/sync/changes`)).statusCode).toBe(404);
  });

  it('gives a session that must enrol in 2FA only what an anonymous caller gets', async () => {
    const enrolling = await h.user('enrolling');
    await h.test.ctx.db.updateTable('sessions').set({ stage: 'totp_enrolment' }).where('user_id', '=', enrolling.id).execute();
    const refused = await h.call(enrolling, 'GET', `/workspaces/${privateId}/members`);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('TOTP_ENROLMENT_REQUIRED');
    expect((await h.call(enrolling, 'GET', `/workspaces/${publicId}/sync/changes`)).statusCode).toBe(200);
  });

  it('answers a signed-in pull with two queries: standing with the session, then the page', async () => {
    const plugin = countingPlugin();
    const { app } = await composeServer({ ...h.test.ctx, db: h.test.ctx.db.withPlugin(plugin) }, { rateLimit: null });
    try {
      await app.ready();
      const reader = await h.user('reader');
      await h.add(owner, teamId, reader, ['developer']);
      const added = await app.inject({ method: 'POST', url: `/workspaces/${privateId}/members`, headers: { authorization: `Bearer ${owner.token}` }, payload: { type: 'user', id: reader.id, role: 'viewer' } });
      expect(added.statusCode, added.body).toBe(201);
      // The first request may also move last_seen_at; count a later one.
      await app.inject({ method: 'GET', url: `/workspaces/${privateId}/sync/changes`, headers: { authorization: `Bearer ${reader.token}` } });
      plugin.count = 0;
      const pulled = await app.inject({ method: 'GET', url: `/workspaces/${privateId}/sync/changes`, headers: { authorization: `Bearer ${reader.token}` } });
      expect(pulled.statusCode).toBe(200);
      expect(plugin.count).toBe(2);
    } finally {
      await app.close();
    }
  });
  it('pushes with one statement per element write, the last one moving the change sequence on PostgreSQL', async () => {
    const plugin = countingPlugin();
    const { app } = await composeServer({ ...h.test.ctx, db: h.test.ctx.db.withPlugin(plugin) }, { rateLimit: null });
    try {
      await app.ready();
      const url = `/workspaces/${privateId}/sync/push`;
      const headers = { authorization: `Bearer ${member.token}` };
      const environment = (id: string, value: string) => ({ id, type: 'environment', baseRevision: 0, content: { name: `Env ${id}`, values: [{ key: 'k', value }] } });
      const before = await app.inject({ method: 'GET', url: `/workspaces/${privateId}/sync/changes?since=0`, headers });
      const startSeq = (before.json() as { currentSeq: number }).currentSeq;

      plugin.count = 0;
      const one = await app.inject({ method: 'POST', url, headers, payload: { changes: [environment('count-1', 'a')] } });
      expect(one.statusCode, one.body).toBe(200);
      // Standing, lock, elements, then the write with the sequence: one statement on PostgreSQL, two on SQLite.
      expect(plugin.count).toBe(kind === 'postgres' ? 4 : 5);

      plugin.count = 0;
      const three = await app.inject({ method: 'POST', url, headers, payload: { changes: [environment('count-2', 'b'), environment('count-3', 'c'), environment('count-4', 'd')] } });
      expect(three.statusCode, three.body).toBe(200);
      expect(plugin.count).toBe(kind === 'postgres' ? 6 : 7);

      // Every write landed, in order, and the workspace's sequence is the last write's.
      const after = await app.inject({ method: 'GET', url: `/workspaces/${privateId}/sync/changes?since=${startSeq}`, headers });
      const page = after.json() as { currentSeq: number; changes: { id: string; seq: number; content: { values: { value: string }[] } }[] };
      expect(page.changes.map((c) => [c.id, c.seq, c.content.values[0]?.value])).toEqual([
        ['count-1', startSeq + 1, 'a'],
        ['count-2', startSeq + 2, 'b'],
        ['count-3', startSeq + 3, 'c'],
        ['count-4', startSeq + 4, 'd'],
      ]);
      expect(page.currentSeq).toBe(startSeq + 4);
    } finally {
      await app.close();
    }
  });

  it('knows when the caller holds no element role, and still applies one given through a group', async () => {
    const grouped = await h.user('grouped');
    await h.add(owner, teamId, grouped, ['developer']);
    expect((await h.call(owner, 'POST', `/workspaces/${privateId}/members`, { type: 'user', id: grouped.id, role: 'viewer' })).statusCode).toBe(201);
    const environment = (name: string): Record<string, unknown> => ({ name, values: [{ key: 'host', value: name, enabled: true }] });
    const created = await h.call(owner, 'POST', `/workspaces/${privateId}/sync/push`, {
      changes: [
        { id: 'env-grouped', type: 'environment', baseRevision: 0, content: environment('A') },
        { id: 'env-other', type: 'environment', baseRevision: 0, content: environment('B') },
      ],
    });
    expect(created.statusCode, created.body).toBe(200);
    const principal = { kind: 'session' as const, userId: grouped.id, email: grouped.email, sessionId: 'x', stage: 'full' as const };
    expect((await h.services.workspaces.workspaceAccess(privateId, principal))?.elementRolesHeld).toBe(false);

    const group = await h.call(owner, 'POST', `/teams/${teamId}/groups`, { name: 'Grouped', roles: ['developer'] });
    const groupId = group.json<{ id: string }>().id;
    expect((await h.call(owner, 'POST', `/teams/${teamId}/groups/${groupId}/members`, { userId: grouped.id })).statusCode).toBe(200);
    const granted = await h.call(owner, 'PUT', `/workspaces/${privateId}/element-roles`, { elementType: 'environment', elementId: 'env-grouped', type: 'group', id: groupId, role: 'editor' });
    expect(granted.statusCode, granted.body).toBe(200);
    expect((await h.services.workspaces.workspaceAccess(privateId, principal))?.elementRolesHeld).toBe(true);

    // A workspace Viewer edits the element the group may edit, and only that one.
    const allowed = await h.call(grouped, 'POST', `/workspaces/${privateId}/sync/push`, { changes: [{ id: 'env-grouped', type: 'environment', baseRevision: 1, content: environment('A2') }] });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json<{ applied: unknown[] }>().applied).toHaveLength(1);
    const refused = await h.call(grouped, 'POST', `/workspaces/${privateId}/sync/push`, { changes: [{ id: 'env-other', type: 'environment', baseRevision: 1, content: environment('B2') }] });
    expect(refused.statusCode).toBe(403);
  });

  // Last: it moves the clock past every session's idle timeout.
  it('moves last_seen_at, and ends an idle session with the reason recorded', async () => {
    const user = await h.user('idle');
    const teamless = await h.call(user, 'GET', `/workspaces/${publicId}/sync/changes`);
    expect(teamless.statusCode).toBe(200);
    const before = await sessionRow(user);
    h.test.clock.advance(2 * MINUTE);
    expect((await h.call(user, 'GET', `/workspaces/${publicId}/sync/changes`)).statusCode).toBe(200);
    const after = await sessionRow(user);
    expect(after.last_seen_at).toBeGreaterThan(before.last_seen_at);

    // Far past any idle timeout: the workspace route refuses and records why, as any route would.
    h.test.clock.advance(40 * 24 * 60 * MINUTE);
    const ended = await h.call(member, 'POST', `/workspaces/${privateId}/sync/push`, { changes: [] });
    expect(ended.statusCode).toBe(401);
    expect(errorOf(ended).code).toBe('SESSION_EXPIRED');
    const row = await h.test.ctx.db.selectFrom('sessions').select(['revoke_reason']).where('user_id', '=', member.id).where('revoked_at', 'is not', null).execute();
    expect(row.map((r) => r.revoke_reason)).toContainEqual(expect.stringMatching(/idle_timeout|absolute_timeout/));
  });
});
