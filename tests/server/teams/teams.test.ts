import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEAM_SETTINGS } from '../../../src/server/services/teams/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { errorOf, openHarness, type Harness } from './harness.js';

describe.each(DATABASE_KINDS)('teams on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates a team on Free with default settings; the creator is Admin, Billing and Developer', async () => {
    const owner = await h.user('owner');
    const created = await h.call(owner, 'POST', '/teams', { name: '  Platform  ' });
    expect(created.statusCode).toBe(201);
    const team = created.json<{ id: string; name: string; plan: string; settings: unknown; roles: string[]; memberCount: number; seats: number; createdAt: number }>();
    expect(team).toMatchObject({ name: 'Platform', plan: 'free', settings: DEFAULT_TEAM_SETTINGS, roles: ['admin', 'billing', 'developer'], memberCount: 1, seats: 1 });
    expect(team.createdAt).toBe(h.test.clock());

    const read = await h.call(owner, 'GET', `/teams/${team.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(team);
    expect(await h.auditActions(team.id)).toEqual(['team.create']);
  });

  it('counts seats: Admin-and-Billing-only members do not take one', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner);
    await h.add(owner, teamId, await h.user('admin'), ['admin']);
    await h.add(owner, teamId, await h.user('dev'), ['developer']);
    const team = (await h.call(owner, 'GET', `/teams/${teamId}`)).json<{ memberCount: number; seats: number }>();
    expect(team).toMatchObject({ memberCount: 3, seats: 2 });
  });

  it('answers 404 alike for an unknown team and for a team the caller is not in', async () => {
    const owner = await h.user('owner');
    const stranger = await h.user('stranger');
    const teamId = await h.team(owner);
    const foreign = await h.call(stranger, 'GET', `/teams/${teamId}`);
    const unknown = await h.call(stranger, 'GET', '/teams/team_doesnotexist');
    expect(foreign.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(foreign).code).toBe('NOT_FOUND');
    expect(errorOf(foreign).message).toBe(`No team ${teamId} that you belong to`);
    expect((await h.call(stranger, 'PATCH', `/teams/${teamId}/settings`, { requireTwoFactor: true })).statusCode).toBe(404);
    expect((await h.call(stranger, 'GET', `/teams/${teamId}/members`)).statusCode).toBe(404);
  });

  it('lets an Admin rename the team, not a Developer', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const teamId = await h.team(owner);
    await h.add(owner, teamId, dev, ['developer']);
    const refused = await h.call(dev, 'PATCH', `/teams/${teamId}`, { name: 'Mine now' });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toBe('Renaming the team needs the Admin role');
    const renamed = await h.call(owner, 'PATCH', `/teams/${teamId}`, { name: 'Renamed' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<{ name: string }>().name).toBe('Renamed');
    expect((await h.auditActions(teamId)).at(-1)).toBe('team.settings_update');
  });

  it('updates settings partially, auditing the changed keys and API key policy changes', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner);
    const updated = await h.call(owner, 'PATCH', `/teams/${teamId}/settings`, { requireTwoFactor: true, apiKeys: { inactivityExpiryDays: 30 } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toEqual({ ...DEFAULT_TEAM_SETTINGS, requireTwoFactor: true, apiKeys: { membersMayCreate: true, inactivityExpiryDays: 30 } });
    const read = (await h.call(owner, 'GET', `/teams/${teamId}`)).json<{ settings: unknown }>();
    expect(read.settings).toEqual(updated.json());

    const rows = await h.test.ctx.db.selectFrom('audit_entries').select(['action', 'details', 'actor_id']).where('team_id', '=', teamId).orderBy('seq').execute();
    expect(rows.map((row) => row.action)).toEqual(['team.create', 'team.settings_update', 'api_key.policy_update']);
    expect(rows[1]?.actor_id).toBe(owner.id);
    expect(JSON.parse(rows[1]?.details ?? '{}')).toEqual({
      changes: { requireTwoFactor: { before: false, after: true }, 'apiKeys.inactivityExpiryDays': { before: null, after: 30 } },
    });
    expect(JSON.parse(rows[2]?.details ?? '{}')).toEqual({ changes: { 'apiKeys.inactivityExpiryDays': { before: null, after: 30 } } });

    // The same values again change nothing and write nothing.
    await h.call(owner, 'PATCH', `/teams/${teamId}/settings`, { requireTwoFactor: true });
    expect(await h.auditActions(teamId)).toHaveLength(3);
  });

  it('refuses invalid settings naming the field, and writes nothing', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner);
    const tooLong = await h.call(owner, 'PATCH', `/teams/${teamId}/settings`, { apiKeys: { inactivityExpiryDays: 0 } });
    expect(tooLong.statusCode).toBe(400);
    expect(errorOf(tooLong)).toMatchObject({ code: 'VALIDATION', field: 'apiKeys.inactivityExpiryDays' });
    expect(errorOf(tooLong).message).toMatch(/^body\.apiKeys\.inactivityExpiryDays: /);
    const unknown = await h.call(owner, 'PATCH', `/teams/${teamId}/settings`, { apiKeys: { maxKeys: 3 } });
    expect(errorOf(unknown)).toMatchObject({ code: 'VALIDATION', field: 'apiKeys.maxKeys' });
    const wrongType = await h.call(owner, 'PATCH', `/teams/${teamId}/settings`, { sessionIdleMinutes: 'ten' });
    expect(errorOf(wrongType)).toMatchObject({ code: 'VALIDATION', field: 'sessionIdleMinutes' });
    const noMethods = await h.call(owner, 'PATCH', `/teams/${teamId}/settings`, { allowedSignInMethods: [] });
    expect(errorOf(noMethods)).toMatchObject({ code: 'VALIDATION', field: 'allowedSignInMethods' });
    expect(await h.auditActions(teamId)).toEqual(['team.create']);
  });

  it('allows SSO-only sign-in only on a plan with single sign-on', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner);
    const refused = await h.call(owner, 'PATCH', `/teams/${teamId}/settings`, { allowedSignInMethods: ['sso'] });
    expect(refused.statusCode).toBe(402);
    expect(errorOf(refused)).toMatchObject({ code: 'PLAN_REQUIRED', message: 'SAML single sign-on needs the Professional plan; this team is on Free' });
    await h.call(owner, 'PUT', `/teams/${teamId}/plan`, { plan: 'professional' });
    expect((await h.call(owner, 'PATCH', `/teams/${teamId}/settings`, { allowedSignInMethods: ['sso'] })).statusCode).toBe(200);
  });

  it('lets only Billing change the plan, and audits it', async () => {
    const owner = await h.user('owner');
    const admin = await h.user('admin');
    const teamId = await h.team(owner);
    await h.add(owner, teamId, admin, ['admin']);
    const refused = await h.call(admin, 'PUT', `/teams/${teamId}/plan`, { plan: 'enterprise' });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toBe('Changing the plan needs the Billing role');
    const changed = await h.call(owner, 'PUT', `/teams/${teamId}/plan`, { plan: 'professional' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<{ plan: string }>().plan).toBe('professional');
    expect((await h.auditActions(teamId)).at(-1)).toBe('team.plan_change');
    const badPlan = await h.call(owner, 'PUT', `/teams/${teamId}/plan`, { plan: 'platinum' });
    expect(errorOf(badPlan)).toMatchObject({ code: 'VALIDATION', field: 'plan' });
  });

  it('makes direct Admins Super Admins on entering Enterprise when there is none', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'enterprise');
    const team = (await h.call(owner, 'GET', `/teams/${teamId}`)).json<{ roles: string[] }>();
    expect(team.roles).toEqual(['super_admin', 'admin', 'billing', 'developer']);
    expect(await h.auditActions(teamId)).toEqual(['team.create', 'team.plan_change', 'team.role_grant']);
  });

  it('on leaving Enterprise makes Super Admins Admins, and their Super Admin returns on upgrading again', async () => {
    const owner = await h.user('owner');
    const chief = await h.user('chief');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, chief, ['super_admin']);
    expect((await h.teams.teamAccess(teamId, chief.id))?.roles).toEqual(new Set(['super_admin']));

    const down = await h.call(owner, 'PUT', `/teams/${teamId}/plan`, { plan: 'professional' });
    expect(down.statusCode).toBe(200);
    expect((await h.auditActions(teamId)).slice(-2)).toEqual(['team.plan_change', 'team.role_grant']);
    const members = (await h.call(chief, 'GET', `/teams/${teamId}/members`)).json<{ members: { userId: string; roles: string[]; effectiveRoles: string[] }[] }>().members;
    const chiefView = members.find((m) => m.userId === chief.id);
    expect(chiefView).toMatchObject({ roles: ['super_admin', 'admin'], effectiveRoles: ['admin'] });
    expect((await h.teams.teamAccess(teamId, chief.id))?.roles).toEqual(new Set(['admin']));

    await h.call(owner, 'PUT', `/teams/${teamId}/plan`, { plan: 'enterprise' });
    expect((await h.teams.teamAccess(teamId, chief.id))?.roles).toEqual(new Set(['super_admin', 'admin']));
  });

  it('refuses a downgrade that would leave no effective Admin (Admins only through groups)', async () => {
    const owner = await h.user('owner');
    const lead = await h.user('lead');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, lead, ['developer']);
    const group = (await h.call(owner, 'POST', `/teams/${teamId}/groups`, { name: 'Admins', roles: ['admin', 'super_admin'] })).json<{ id: string }>();
    expect((await h.call(owner, 'POST', `/teams/${teamId}/groups/${group.id}/members`, { userId: lead.id })).statusCode).toBe(200);
    // The owner keeps only Billing and Developer; the lead administers through the group alone.
    for (const role of ['super_admin', 'admin']) {
      expect((await h.call(lead, 'DELETE', `/teams/${teamId}/members/${owner.id}/roles/${role}`)).statusCode).toBe(200);
    }
    const before = await h.auditActions(teamId);
    const refused = await h.call(owner, 'PUT', `/teams/${teamId}/plan`, { plan: 'professional' });
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: 'LAST_ADMIN', message: 'The team must keep at least one Admin' });
    expect((await h.call(owner, 'GET', `/teams/${teamId}`)).json<{ plan: string }>().plan).toBe('enterprise');
    expect(await h.auditActions(teamId)).toEqual(before);
  });

  it('refuses unknown fields and an empty name', async () => {
    const owner = await h.user('owner');
    expect(errorOf(await h.call(owner, 'POST', '/teams', { name: 'X', plan: 'enterprise' }))).toMatchObject({ code: 'VALIDATION', field: 'plan' });
    expect(errorOf(await h.call(owner, 'POST', '/teams', { name: '   ' }))).toMatchObject({ code: 'VALIDATION', field: 'name' });
  });
});
