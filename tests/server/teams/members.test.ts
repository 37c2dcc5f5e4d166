import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/server/db/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { errorOf, openHarness, type Harness, type TestUser } from './harness.js';

interface Member {
  userId: string;
  roles: string[];
  effectiveRoles: string[];
  groups: { id: string; name: string; roles: string[] }[];
  takesSeat: boolean;
}

describe.each(DATABASE_KINDS)('members and roles on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  async function members(viewer: TestUser, teamId: string): Promise<Member[]> {
    const response = await h.call(viewer, 'GET', `/teams/${teamId}/members`);
    expect(response.statusCode).toBe(200);
    return response.json<{ members: Member[] }>().members;
  }

  it('lets an Admin add a member, not a Developer', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const newcomer = await h.user('newcomer');
    const teamId = await h.team(owner);
    await h.add(owner, teamId, dev, ['developer']);

    const refused = await h.call(dev, 'POST', `/teams/${teamId}/members`, { email: newcomer.email, roles: ['developer'] });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused)).toMatchObject({ code: 'FORBIDDEN', message: 'Adding members needs the Admin role' });

    const added = await h.call(owner, 'POST', `/teams/${teamId}/members`, { email: newcomer.email.toUpperCase(), roles: ['developer'] });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ userId: newcomer.id, email: newcomer.email, roles: ['developer'], effectiveRoles: ['developer'], groups: [], takesSeat: true });
    expect((await members(dev, teamId)).map((m) => m.userId).sort()).toEqual([owner.id, dev.id, newcomer.id].sort());
    expect(await h.auditActions(teamId)).toEqual(['team.create', 'team.add_member', 'team.add_member']);

    const again = await h.call(owner, 'POST', `/teams/${teamId}/members`, { email: newcomer.email, roles: ['developer'] });
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', field: 'email' });
    const nobody = await h.call(owner, 'POST', `/teams/${teamId}/members`, { email: 'nobody@example.com', roles: ['developer'] });
    expect(nobody.statusCode).toBe(404);
    expect(errorOf(nobody).field).toBe('email');
    const badRole = await h.call(owner, 'POST', `/teams/${teamId}/members`, { email: newcomer.email, roles: ['developer', 'owner'] });
    expect(errorOf(badRole)).toMatchObject({ code: 'VALIDATION', field: 'roles[1]' });
  });

  it('does not let an Admin grant Billing or Super Admin; Billing grants Billing', async () => {
    const owner = await h.user('owner');
    const admin = await h.user('admin');
    const dev = await h.user('dev');
    const teamId = await h.team(owner);
    await h.add(owner, teamId, admin, ['admin']);
    await h.add(owner, teamId, dev, ['developer']);

    const billing = await h.call(admin, 'POST', `/teams/${teamId}/members/${dev.id}/roles`, { role: 'billing' });
    expect(billing.statusCode).toBe(403);
    expect(errorOf(billing).message).toBe('Granting the Billing role needs the Billing role');
    const viaAdd = await h.call(admin, 'POST', `/teams/${teamId}/members`, { email: (await h.user('x')).email, roles: ['developer', 'billing'] });
    expect(viaAdd.statusCode).toBe(403);

    const superAdmin = await h.call(owner, 'POST', `/teams/${teamId}/members/${dev.id}/roles`, { role: 'super_admin' });
    expect(superAdmin.statusCode).toBe(402);
    expect(errorOf(superAdmin)).toMatchObject({
      code: 'ROLE_NOT_IN_PLAN',
      message: 'Granting the Super Admin role needs the Enterprise plan; this team is on Free',
      details: { requiredPlan: 'enterprise' },
    });

    const granted = await h.call(owner, 'POST', `/teams/${teamId}/members/${dev.id}/roles`, { role: 'billing' });
    expect(granted.statusCode).toBe(200);
    expect(granted.json<Member>().roles).toEqual(['billing', 'developer']);
    // Admin grants Developer-level roles, and Admin itself.
    expect((await h.call(admin, 'POST', `/teams/${teamId}/members/${dev.id}/roles`, { role: 'admin' })).statusCode).toBe(200);
    expect((await h.auditActions(teamId)).slice(-2)).toEqual(['team.role_grant', 'team.role_grant']);
  });

  it('lets only a Super Admin grant Super Admin, on Enterprise', async () => {
    const owner = await h.user('owner');
    const admin = await h.user('admin');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, admin, ['admin', 'billing']);
    const refused = await h.call(admin, 'POST', `/teams/${teamId}/members/${admin.id}/roles`, { role: 'super_admin' });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toBe('Granting the Super Admin role needs the Super Admin role');
    const granted = await h.call(owner, 'POST', `/teams/${teamId}/members/${admin.id}/roles`, { role: 'super_admin' });
    expect(granted.statusCode).toBe(200);
    expect(granted.json<Member>().effectiveRoles).toEqual(['super_admin', 'admin', 'billing']);
  });

  it('refuses to remove or demote the last Admin', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const teamId = await h.team(owner);
    await h.add(owner, teamId, dev, ['developer']);
    const before = await h.auditActions(teamId);

    const demote = await h.call(owner, 'DELETE', `/teams/${teamId}/members/${owner.id}/roles/admin`);
    expect(demote.statusCode).toBe(409);
    expect(errorOf(demote)).toMatchObject({ code: 'LAST_ADMIN', message: 'The team must keep at least one Admin' });
    const remove = await h.call(owner, 'DELETE', `/teams/${teamId}/members/${owner.id}`);
    expect(remove.statusCode).toBe(409);
    expect(errorOf(remove).code).toBe('LAST_ADMIN');
    expect((await members(owner, teamId)).find((m) => m.userId === owner.id)?.roles).toEqual(['admin', 'billing', 'developer']);
    expect(await h.auditActions(teamId)).toEqual(before);

    // With a second Admin the first may step down.
    await h.call(owner, 'POST', `/teams/${teamId}/members/${dev.id}/roles`, { role: 'admin' });
    const stepDown = await h.call(owner, 'DELETE', `/teams/${teamId}/members/${owner.id}/roles/admin`);
    expect(stepDown.statusCode).toBe(200);
    expect(stepDown.json<Member>().roles).toEqual(['billing', 'developer']);
    expect((await h.auditActions(teamId)).at(-1)).toBe('team.role_revoke');
  });

  it('serialises concurrent demotions so that one Admin always remains', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner);
    const admins = [owner];
    for (let i = 0; i < 5; i += 1) {
      const admin = await h.user('admin');
      await h.add(owner, teamId, admin, ['admin']);
      admins.push(admin);
    }
    // Every Admin steps down at once: without the team lock each would still see the others as Admins.
    const responses = await Promise.all(admins.map((admin) => h.call(admin, 'DELETE', `/teams/${teamId}/members/${admin.id}/roles/admin`)));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(1);
    const left = await h.test.ctx.db.selectFrom('member_roles').select('user_id').where('team_id', '=', teamId).where('role', '=', 'admin').execute();
    expect(left).toHaveLength(1);
  });

  it('refuses to take the last Super Admin away on Enterprise', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'enterprise');
    const refused = await h.call(owner, 'DELETE', `/teams/${teamId}/members/${owner.id}/roles/super_admin`);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).message).toBe('The team must keep at least one Super Admin');
  });

  it('says when a revoked role is not held directly', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const teamId = await h.team(owner);
    await h.add(owner, teamId, dev, ['developer']);
    const response = await h.call(owner, 'DELETE', `/teams/${teamId}/members/${dev.id}/roles/admin`);
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toMatchObject({ field: 'role', message: `${dev.email} does not hold the Admin role directly` });
    expect(errorOf(await h.call(owner, 'DELETE', `/teams/${teamId}/members/${dev.id}/roles/owner`))).toMatchObject({ code: 'VALIDATION', field: 'role' });
  });

  it('removes a member: revokes their API keys for this team only, audits both', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const teamId = await h.team(owner);
    const otherTeam = await h.team(dev);
    await h.add(owner, teamId, dev, ['developer']);
    const db = h.test.ctx.db;
    const key = (team: string) => ({
      id: newId('key'), user_id: dev.id, team_id: team, name: 'ci', key_hash: newId('key'), hint: 'pstn_…abcd',
      created_at: h.test.clock(), last_used_at: null, expires_after_days: null, revoked_at: null, revoke_reason: null, revoked_by: null,
    });
    const teamKey = key(teamId);
    const otherKey = key(otherTeam);
    await db.insertInto('api_keys').values([teamKey, otherKey]).execute();

    const removed = await h.call(owner, 'DELETE', `/teams/${teamId}/members/${dev.id}`);
    expect(removed.statusCode).toBe(204);
    const keys = await db.selectFrom('api_keys').select(['id', 'revoked_at', 'revoke_reason', 'revoked_by']).where('user_id', '=', dev.id).execute();
    expect(keys.find((k) => k.id === teamKey.id)).toEqual({ id: teamKey.id, revoked_at: h.test.clock(), revoke_reason: 'member_removed', revoked_by: owner.id });
    expect(keys.find((k) => k.id === otherKey.id)).toMatchObject({ revoked_at: null, revoke_reason: null });
    expect((await members(owner, teamId)).map((m) => m.userId)).toEqual([owner.id]);
    expect(await h.teams.teamAccess(teamId, dev.id)).toBeNull();
    expect((await h.call(dev, 'GET', `/teams/${teamId}`)).statusCode).toBe(404);
    expect((await h.auditActions(teamId)).slice(-2)).toEqual(['team.remove_member', 'api_key.revoke']);

    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/members/${dev.id}`)).statusCode).toBe(404);
  });

  it('does not let an Admin remove a Billing member', async () => {
    const owner = await h.user('owner');
    const admin = await h.user('admin');
    const payer = await h.user('payer');
    const teamId = await h.team(owner);
    await h.add(owner, teamId, admin, ['admin']);
    await h.add(owner, teamId, payer, ['billing']);
    const refused = await h.call(admin, 'DELETE', `/teams/${teamId}/members/${payer.id}`);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toBe('Revoking the Billing role needs the Billing role');
    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/members/${payer.id}`)).statusCode).toBe(204);
  });

  it("signs a member out of every session, and only an Admin may", async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const teamId = await h.team(owner);
    await h.add(owner, teamId, dev, ['developer']);
    const now = h.test.clock();
    const session = (revokedAt: number | null) => ({
      id: newId('ses'), token_hash: newId('ses'), user_id: dev.id, stage: 'full', created_at: now, last_seen_at: now,
      idle_timeout_ms: 3_600_000, absolute_expires_at: now + 86_400_000, revoked_at: revokedAt, revoke_reason: revokedAt === null ? null : 'signed_out', ip: null, user_agent: null,
    });
    await h.test.ctx.db.insertInto('sessions').values([session(null), session(null), session(now - 1000)]).execute();

    expect((await h.call(dev, 'POST', `/teams/${teamId}/members/${owner.id}/sign-out`)).statusCode).toBe(403);
    const signedOut = await h.call(owner, 'POST', `/teams/${teamId}/members/${dev.id}/sign-out`);
    expect(signedOut.statusCode).toBe(200);
    expect(signedOut.json()).toEqual({ revoked: 2 });
    const open = await h.test.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', dev.id).where('revoked_at', 'is', null).execute();
    expect(open).toEqual([]);
    expect((await h.auditActions(teamId)).at(-1)).toBe('session.revoke');
    expect((await h.call(owner, 'POST', `/teams/${teamId}/members/usr_nobody/sign-out`)).statusCode).toBe(404);
  });
});
