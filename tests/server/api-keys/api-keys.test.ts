/**
 * API keys end to end over HTTP (app.inject) on both databases: creation shows the key once and stores
 * only its hash, keys authenticate through the guard, and revocation, inactivity expiry, the team's key
 * policy and membership all end a key as the issue describes.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, isWellFormedApiKey } from '../../../src/server/crypto/index.js';
import { createApiKeysService, type ApiKeysService } from '../../../src/server/services/api-keys/index.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from '../support/context.js';
import { addMember, addTeam, addUser, auditRows, buildTestApp, removeMember, setKeyPolicy, type TestUser } from './support.js';

const DAY = 24 * 60 * 60 * 1000;

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

describe.each(DATABASE_KINDS)('API keys over HTTP on %s', (kind) => {
  let t: TestContext;
  let apiKeys: ApiKeysService;
  let app: FastifyInstance;
  const users: TestUser[] = [];

  beforeAll(async () => {
    t = await openTestContext(kind);
    apiKeys = createApiKeysService(t.ctx);
    app = await buildTestApp(t.ctx, apiKeys, () => users);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  async function user(label: string): Promise<TestUser> {
    const u = await addUser(t.ctx, label);
    users.push(u);
    return u;
  }

  /** A team with an admin and a developer. */
  async function team(policy: Parameters<typeof addTeam>[1] = {}): Promise<{ teamId: string; admin: TestUser; dev: TestUser }> {
    const teamId = await addTeam(t.ctx, policy);
    const admin = await user('admin');
    const dev = await user('dev');
    await addMember(t.ctx, teamId, admin, ['admin']);
    await addMember(t.ctx, teamId, dev, ['developer']);
    return { teamId, admin, dev };
  }

  function create(teamId: string, as: TestUser, body: Record<string, unknown>) {
    return app.inject({ method: 'POST', url: `/teams/${teamId}/api-keys`, headers: { authorization: `Bearer ${as.session}` }, payload: body });
  }

  async function createKey(teamId: string, as: TestUser, expiresAfterDays: number | null = null): Promise<{ id: string; key: string }> {
    const response = await create(teamId, as, { name: 'ci', expiresAfterDays });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; key: string }>();
  }

  function whoami(key: string) {
    return app.inject({ method: 'GET', url: '/test/whoami', headers: { 'x-api-key': key } });
  }

  function errorCode(response: { json<T>(): T }): string {
    return response.json<ErrorBody>().error.code;
  }

  async function keyRow(id: string) {
    return t.ctx.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  it('shows a new key once and stores only its hash and hint', async () => {
    const { teamId, dev } = await team();
    const response = await create(teamId, dev, { name: '  deploy bot ', expiresAfterDays: 30 });
    expect(response.statusCode).toBe(201);
    const created = response.json<{ id: string; name: string; key: string; hint: string; createdAt: number; expiresAfterDays: number | null }>();
    expect(isWellFormedApiKey(created.key)).toBe(true);
    expect(created).toMatchObject({ name: 'deploy bot', hint: created.key.slice(-4), createdAt: t.clock(), expiresAfterDays: 30 });

    const row = await keyRow(created.id);
    expect(row.key_hash).toBe(hashApiKey(created.key));
    expect(row.user_id).toBe(dev.id);
    const stored = JSON.stringify(await t.ctx.db.selectFrom('api_keys').selectAll().execute());
    expect(stored).not.toContain(created.key);

    // Listings never show it again, nor its hash.
    const own = await app.inject({ method: 'GET', url: `/me/api-keys?teamId=${teamId}`, headers: { authorization: `Bearer ${dev.session}` } });
    expect(own.statusCode).toBe(200);
    expect(own.body).not.toContain(created.key);
    expect(own.body).not.toContain(row.key_hash);
    expect(own.json<{ keys: unknown[] }>().keys).toEqual([
      expect.objectContaining({ id: created.id, name: 'deploy bot', hint: created.hint, status: 'active', statusReason: null, effectiveExpiryDays: 30, expiresAt: created.createdAt + 30 * DAY, lastUsedAt: null }),
    ]);

    const audit = await auditRows(t.ctx, 'api_key.create', created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(dev.id);
    expect(JSON.stringify(audit)).not.toContain(created.key);
    expect(audit[0]?.details).toMatchObject({ name: 'deploy bot', hint: created.hint, expiresAfterDays: 30 });
  });

  it('authenticates a key as its owner in its team, by X-API-Key or Bearer, and records the use', async () => {
    const { teamId, dev } = await team();
    const { id, key } = await createKey(teamId, dev);
    for (const headers of [{ 'x-api-key': key }, { authorization: `Bearer ${key}` }]) {
      const response = await app.inject({ method: 'GET', url: '/test/whoami', headers });
      expect(response.statusCode).toBe(200);
      expect(response.json<{ principal: unknown }>().principal).toEqual({ kind: 'api_key', userId: dev.id, email: dev.email, keyId: id, teamId });
    }
    expect((await keyRow(id)).last_used_at).toBe(t.clock());

    // Keys may read their owner's key list, but only in their own team.
    const list = await app.inject({ method: 'GET', url: '/me/api-keys', headers: { 'x-api-key': key } });
    expect(list.json<{ keys: { id: string }[] }>().keys.map((k) => k.id)).toEqual([id]);
    const other = await app.inject({ method: 'GET', url: '/me/api-keys?teamId=team_other', headers: { 'x-api-key': key } });
    expect(other.statusCode).toBe(403);
    // Keys never mint keys.
    const minted = await app.inject({ method: 'POST', url: `/teams/${teamId}/api-keys`, headers: { 'x-api-key': key }, payload: { name: 'x' } });
    expect(minted.statusCode).toBe(403);
  });

  it('writes the last use at most once a minute', async () => {
    const { teamId, dev } = await team();
    const { id, key } = await createKey(teamId, dev);
    expect((await whoami(key)).statusCode).toBe(200);
    const first = t.clock();
    t.clock.advance(30_000);
    expect((await whoami(key)).statusCode).toBe(200);
    expect((await keyRow(id)).last_used_at).toBe(first);
    t.clock.advance(30_000);
    expect((await whoami(key)).statusCode).toBe(200);
    expect((await keyRow(id)).last_used_at).toBe(t.clock());
  });

  it('refuses a key with one character changed, and a well-formed key nobody holds, as API_KEY_INVALID', async () => {
    const { teamId, dev } = await team();
    const { key } = await createKey(teamId, dev);
    const at = 10;
    const changed = key.slice(0, at) + (key[at] === 'a' ? 'b' : 'a') + key.slice(at + 1);
    const response = await whoami(changed);
    expect(response.statusCode).toBe(401);
    expect(errorCode(response)).toBe('API_KEY_INVALID');
    const stranger = await whoami(generateApiKey().key);
    expect(stranger.statusCode).toBe(401);
    expect(errorCode(stranger)).toBe('API_KEY_INVALID');
  });

  it('refuses a revoked key as API_KEY_REVOKED; owners revoke their own', async () => {
    const { teamId, dev } = await team();
    const { id, key } = await createKey(teamId, dev);
    const revoked = await app.inject({ method: 'DELETE', url: `/teams/${teamId}/api-keys/${id}`, headers: { authorization: `Bearer ${dev.session}` } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id, status: 'revoked', statusReason: 'revoked', revokedBy: dev.id, revokedAt: t.clock() });
    const response = await whoami(key);
    expect(response.statusCode).toBe(401);
    expect(errorCode(response)).toBe('API_KEY_REVOKED');
    const audit = await auditRows(t.ctx, 'api_key.revoke', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ revoked_by: dev.id, ownerId: dev.id, reason: 'revoked' });
  });

  it("expires a key after its owner's 30 days without use, recorded and audited once", async () => {
    const { teamId, dev } = await team();
    const { id, key } = await createKey(teamId, dev, 30);
    t.clock.advance(29 * DAY);
    expect((await whoami(key)).statusCode).toBe(200);
    expect((await keyRow(id)).last_used_at).toBe(t.clock());
    t.clock.advance(29 * DAY);
    expect((await whoami(key)).statusCode).toBe(200);

    t.clock.advance(31 * DAY);
    const expiredAt = t.clock();
    for (let attempt = 0; attempt < 4; attempt++) {
      const response = await whoami(key);
      expect(response.statusCode).toBe(401);
      expect(errorCode(response)).toBe('API_KEY_EXPIRED');
      t.clock.advance(1000);
    }
    const row = await keyRow(id);
    expect(row).toMatchObject({ revoked_at: expiredAt, revoke_reason: 'expired_inactivity', revoked_by: null });
    const audit = await auditRows(t.ctx, 'api_key.expire', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ ownerId: dev.id, reason: 'expired_inactivity', inactivityDays: 30 });

    const own = await app.inject({ method: 'GET', url: `/me/api-keys?teamId=${teamId}`, headers: { authorization: `Bearer ${dev.session}` } });
    expect(own.json<{ keys: unknown[] }>().keys[0]).toMatchObject({ status: 'expired', statusReason: 'expired_inactivity' });
  });

  it('records an expiry once when concurrent requests notice it together', async () => {
    const { teamId, dev } = await team();
    const { id, key } = await createKey(teamId, dev, 1);
    t.clock.advance(2 * DAY);
    const responses = await Promise.all(Array.from({ length: 6 }, () => whoami(key)));
    expect(responses.map(errorCode)).toEqual(Array(6).fill('API_KEY_EXPIRED'));
    expect(await auditRows(t.ctx, 'api_key.expire', id)).toHaveLength(1);
  });

  it("applies the team's period in place of a longer owner period", async () => {
    const { teamId, dev } = await team({ inactivityExpiryDays: 10 });
    const { key } = await createKey(teamId, dev, 90);
    t.clock.advance(11 * DAY);
    const response = await whoami(key);
    expect(response.statusCode).toBe(401);
    expect(errorCode(response)).toBe('API_KEY_EXPIRED');
  });

  it("applies the team's period in place of a shorter owner period", async () => {
    const { teamId, dev } = await team({ inactivityExpiryDays: 60 });
    const { id, key } = await createKey(teamId, dev, 5);
    const own = await app.inject({ method: 'GET', url: `/me/api-keys?teamId=${teamId}`, headers: { authorization: `Bearer ${dev.session}` } });
    expect(own.json<{ keys: unknown[] }>().keys[0]).toMatchObject({ id, expiresAfterDays: 5, effectiveExpiryDays: 60 });
    t.clock.advance(20 * DAY);
    expect((await whoami(key)).statusCode).toBe(200);
    t.clock.advance(61 * DAY);
    expect(errorCode(await whoami(key))).toBe('API_KEY_EXPIRED');
  });

  it('lets only Admins create keys when the team forbids members to', async () => {
    const { teamId, admin, dev } = await team();
    const before = await createKey(teamId, dev);
    await setKeyPolicy(t.ctx, teamId, { membersMayCreate: false });
    const refused = await create(teamId, dev, { name: 'ci' });
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('API_KEYS_DISABLED');
    expect((await create(teamId, admin, { name: 'ci' })).statusCode).toBe(201);
    // The policy stops new keys; a member may still revoke their own.
    const revoked = await app.inject({ method: 'DELETE', url: `/teams/${teamId}/api-keys/${before.id}`, headers: { authorization: `Bearer ${dev.session}` } });
    expect(revoked.statusCode).toBe(200);
  });

  it("lets an Admin revoke a member's key, and no Developer revoke another's", async () => {
    const { teamId, admin, dev } = await team();
    const other = await user('dev2');
    await addMember(t.ctx, teamId, other, ['developer']);
    const { id, key } = await createKey(teamId, dev);
    const denied = await app.inject({ method: 'DELETE', url: `/teams/${teamId}/api-keys/${id}`, headers: { authorization: `Bearer ${other.session}` } });
    expect(denied.statusCode).toBe(403);
    expect((await whoami(key)).statusCode).toBe(200);

    const response = await app.inject({ method: 'DELETE', url: `/teams/${teamId}/api-keys/${id}`, headers: { authorization: `Bearer ${admin.session}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'revoked', revokedBy: admin.id });
    expect(errorCode(await whoami(key))).toBe('API_KEY_REVOKED');
    const audit = await auditRows(t.ctx, 'api_key.revoke', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, details: { revoked_by: admin.id, ownerId: dev.id } });

    const missing = await app.inject({ method: 'DELETE', url: `/teams/${teamId}/api-keys/key_nope`, headers: { authorization: `Bearer ${admin.session}` } });
    expect(missing.statusCode).toBe(404);
  });

  it("lists the team's keys with owners for Admins, and refuses Developers", async () => {
    const { teamId, admin, dev } = await team();
    const devKey = await createKey(teamId, dev);
    const adminKey = await createKey(teamId, admin);
    const denied = await app.inject({ method: 'GET', url: `/teams/${teamId}/api-keys`, headers: { authorization: `Bearer ${dev.session}` } });
    expect(denied.statusCode).toBe(403);
    expect(errorCode(denied)).toBe('FORBIDDEN');

    const response = await app.inject({ method: 'GET', url: `/teams/${teamId}/api-keys`, headers: { authorization: `Bearer ${admin.session}` } });
    expect(response.statusCode).toBe(200);
    const keys = response.json<{ keys: { id: string; owner: { userId: string; email: string } }[] }>().keys;
    expect(keys.map((k) => [k.id, k.owner.userId]).sort()).toEqual([[devKey.id, dev.id], [adminKey.id, admin.id]].sort());
    expect(response.body).not.toContain(devKey.key);
    expect(response.body).not.toContain(hashApiKey(devKey.key));
  });

  it("stops a key whose owner left the team, for good, and one whose owner's account is disabled", async () => {
    const { teamId, dev, admin } = await team();
    const { id, key } = await createKey(teamId, dev);
    await removeMember(t.ctx, teamId, dev);
    const response = await whoami(key);
    expect(response.statusCode).toBe(401);
    expect(errorCode(response)).toBe('API_KEY_REVOKED');
    expect(await keyRow(id)).toMatchObject({ revoke_reason: 'member_removed' });
    await addMember(t.ctx, teamId, dev, ['developer']);
    expect(errorCode(await whoami(key))).toBe('API_KEY_REVOKED');

    const adminKey = await createKey(teamId, admin);
    await t.ctx.db.updateTable('users').set({ disabled_at: t.clock() }).where('id', '=', admin.id).execute();
    expect(errorCode(await whoami(adminKey.key))).toBe('API_KEY_REVOKED');
    await t.ctx.db.updateTable('users').set({ disabled_at: null }).where('id', '=', admin.id).execute();
    expect((await whoami(adminKey.key)).statusCode).toBe(200);
  });

  it('refuses bad bodies with 400 naming the field, writing nothing', async () => {
    const { teamId, dev } = await team();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', expiresAfterDays: 0 }, 'expiresAfterDays'],
      [{ name: 'x', expiresAfterDays: 1.5 }, 'expiresAfterDays'],
      [{ name: '' }, 'name'],
      [{ name: 'x', key: 'pstn_mine' }, 'key'],
    ];
    for (const [body, field] of cases) {
      const response = await create(teamId, dev, body);
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorBody>().error).toMatchObject({ code: 'VALIDATION', field });
    }
    const count = await t.ctx.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('team_id', '=', teamId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/teams/{teamId}/api-keys', '/teams/{teamId}/api-keys/{keyId}', '/me/api-keys']));
  });
});
