/**
 * The inactivity sweep on both databases: it expires exactly the idle keys (by the team's period where
 * set, else the owner's), audits each once, records its run, and agrees with the request path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeysService, EXPIRE_JOB, type ApiKeysService, type TeamCaller } from '../../../src/server/services/api-keys/index.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from '../support/context.js';
import { addMember, addTeam, addUser, auditRows } from './support.js';

const DAY = 24 * 60 * 60 * 1000;
const META = { ip: '203.0.113.9', userAgent: 'sweep-test' };

describe.each(DATABASE_KINDS)('API key inactivity sweep on %s', (kind) => {
  let t: TestContext;
  let apiKeys: ApiKeysService;

  beforeAll(async () => {
    t = await openTestContext(kind);
    apiKeys = createApiKeysService(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function caller(teamId: string): Promise<TeamCaller> {
    const u = await addUser(t.ctx, 'owner');
    await addMember(t.ctx, teamId, u, ['developer']);
    return { userId: u.id, email: u.email, team: { teamId, plan: 'professional', roles: new Set(['developer'] as const) } };
  }

  it('expires idle keys once each, records the run, and leaves live keys alone', async () => {
    const plainTeam = await addTeam(t.ctx);
    const policyTeam = await addTeam(t.ctx, { inactivityExpiryDays: 10 });
    const owner = await caller(plainTeam);
    const member = await caller(policyTeam);

    const idleOwn = await apiKeys.createKey(owner, { name: 'idle, own 7 days', expiresAfterDays: 7 }, META);
    const liveOwn = await apiKeys.createKey(owner, { name: 'own 30 days', expiresAfterDays: 30 }, META);
    const forever = await apiKeys.createKey(owner, { name: 'no period' }, META);
    // The team's 10 days replace the owner's 90 (longer) and 3 (shorter).
    const idleTeam = await apiKeys.createKey(member, { name: 'team 10, own 90', expiresAfterDays: 90 }, META);
    const shortOwn = await apiKeys.createKey(member, { name: 'team 10, own 3', expiresAfterDays: 3 }, META);
    const revoked = await apiKeys.createKey(owner, { name: 'revoked', expiresAfterDays: 1 }, META);
    await apiKeys.revokeKey(owner, revoked.id, META);

    t.clock.advance(5 * DAY);
    // Used on day 5: the team's 10 days now count from here.
    await apiKeys.authenticateApiKey(shortOwn.key, META);
    t.clock.advance(6 * DAY);

    expect(await apiKeys.expireInactiveKeys()).toBe(2);
    const rows = await t.ctx.db.selectFrom('api_keys').select(['id', 'revoke_reason']).where('team_id', 'in', [plainTeam, policyTeam]).execute();
    const reasons = Object.fromEntries(rows.map((r) => [r.id, r.revoke_reason]));
    expect(reasons).toEqual({
      [idleOwn.id]: 'expired_inactivity',
      [liveOwn.id]: null,
      [forever.id]: null,
      [idleTeam.id]: 'expired_inactivity',
      [shortOwn.id]: null,
      [revoked.id]: 'revoked',
    });
    expect(await auditRows(t.ctx, 'api_key.expire', idleOwn.id)).toEqual([expect.objectContaining({ actor_id: null, details: expect.objectContaining({ inactivityDays: 7 }) })]);
    expect(await auditRows(t.ctx, 'api_key.expire', idleTeam.id)).toEqual([expect.objectContaining({ details: expect.objectContaining({ inactivityDays: 10 }) })]);

    // Nothing left to do: a second run expires nothing and writes no audit entry, but is recorded too.
    expect(await apiKeys.expireInactiveKeys()).toBe(0);
    expect(await auditRows(t.ctx, 'api_key.expire', idleOwn.id)).toHaveLength(1);
    const runs = await t.ctx.db.selectFrom('job_runs').selectAll().where('job', '=', EXPIRE_JOB).orderBy('started_at').execute();
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => JSON.parse(r.details) as unknown)).toEqual([expect.objectContaining({ expired: 2 }), expect.objectContaining({ expired: 0 })]);
    for (const run of runs) expect(run.finished_at).toBe(t.clock());

    // The request path agrees: a swept key answers API_KEY_EXPIRED and is not audited again.
    await expect(apiKeys.authenticateApiKey(idleOwn.key, META)).rejects.toMatchObject({ code: 'API_KEY_EXPIRED' });
    expect(await auditRows(t.ctx, 'api_key.expire', idleOwn.id)).toHaveLength(1);
    await expect(apiKeys.authenticateApiKey(liveOwn.key, META)).resolves.toMatchObject({ keyId: liveOwn.id });

    // And when the request path noticed first, the sweep does not expire or audit it again.
    t.clock.advance(31 * DAY);
    await expect(apiKeys.authenticateApiKey(liveOwn.key, META)).rejects.toMatchObject({ code: 'API_KEY_EXPIRED' });
    expect(await apiKeys.expireInactiveKeys()).toBe(1); // shortOwn: the team's 10 days since day 5
    expect(await auditRows(t.ctx, 'api_key.expire', liveOwn.id)).toHaveLength(1);
    expect(await auditRows(t.ctx, 'api_key.expire', shortOwn.id)).toHaveLength(1);
  });

  it('revokes the keys of a removed member when the teams service asks, once each', async () => {
    const teamId = await addTeam(t.ctx);
    const owner = await caller(teamId);
    const a = await apiKeys.createKey(owner, { name: 'a' }, META);
    const b = await apiKeys.createKey(owner, { name: 'b' }, META);
    const actor = { id: 'usr_admin', email: 'admin@example.com' };
    expect(await apiKeys.revokeMemberKeys(teamId, owner.userId, actor, META)).toBe(2);
    expect(await apiKeys.revokeMemberKeys(teamId, owner.userId, actor, META)).toBe(0);
    for (const key of [a, b]) {
      await expect(apiKeys.authenticateApiKey(key.key, META)).rejects.toMatchObject({ code: 'API_KEY_REVOKED' });
      expect(await auditRows(t.ctx, 'api_key.revoke', key.id)).toEqual([expect.objectContaining({ actor_id: 'usr_admin', details: expect.objectContaining({ reason: 'member_removed' }) })]);
    }
  });
});
