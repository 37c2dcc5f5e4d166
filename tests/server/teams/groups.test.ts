import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/context.js';
import { errorOf, openHarness, type Harness, type TestUser } from './harness.js';

interface Group {
  id: string;
  name: string;
  roles: string[];
  members: { userId: string }[];
}

describe.each(DATABASE_KINDS)('user groups on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  async function createGroup(by: TestUser, teamId: string, name: string, roles: string[]): Promise<Group> {
    const response = await h.call(by, 'POST', `/teams/${teamId}/groups`, { name, roles });
    expect(response.statusCode).toBe(201);
    return response.json<Group>();
  }

  it('needs the Enterprise plan, and says so', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'professional');
    const create = await h.call(owner, 'POST', `/teams/${teamId}/groups`, { name: 'Ops', roles: ['developer'] });
    expect(create.statusCode).toBe(402);
    expect(errorOf(create)).toMatchObject({
      code: 'PLAN_REQUIRED',
      message: 'Managing user groups needs the Enterprise plan; this team is on Professional',
      details: { requiredPlan: 'enterprise' },
    });
    const list = await h.call(owner, 'GET', `/teams/${teamId}/groups`);
    expect(list.statusCode).toBe(402);
    expect(errorOf(list).message).toBe('Listing user groups needs the Enterprise plan; this team is on Professional');
  });

  it('gives a member Admin through a group at once, and takes it away when they leave the group', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const newcomer = await h.user('newcomer');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, dev, ['developer']);
    const admins = await createGroup(owner, teamId, 'Admins', ['admin']);

    expect((await h.call(dev, 'POST', `/teams/${teamId}/members`, { email: newcomer.email, roles: ['developer'] })).statusCode).toBe(403);
    const joined = await h.call(owner, 'POST', `/teams/${teamId}/groups/${admins.id}/members`, { userId: dev.id });
    expect(joined.statusCode).toBe(200);
    expect(joined.json<Group>().members.map((m) => m.userId)).toEqual([dev.id]);

    const added = await h.call(dev, 'POST', `/teams/${teamId}/members`, { email: newcomer.email, roles: ['developer'] });
    expect(added.statusCode).toBe(201);
    const listed = (await h.call(dev, 'GET', `/teams/${teamId}/members`)).json<{ members: { userId: string; roles: string[]; effectiveRoles: string[]; groups: { name: string }[] }[] }>();
    expect(listed.members.find((m) => m.userId === dev.id)).toMatchObject({ roles: ['developer'], effectiveRoles: ['admin', 'developer'], groups: [{ name: 'Admins' }] });

    const left = await h.call(owner, 'DELETE', `/teams/${teamId}/groups/${admins.id}/members/${dev.id}`);
    expect(left.statusCode).toBe(200);
    expect((await h.teams.teamAccess(teamId, dev.id))?.roles).toEqual(new Set(['developer']));
    expect((await h.call(dev, 'POST', `/teams/${teamId}/members`, { email: (await h.user('late')).email, roles: ['developer'] })).statusCode).toBe(403);

    expect(await h.auditActions(teamId)).toEqual([
      'team.create', 'team.plan_change', 'team.role_grant', 'team.add_member', 'group.create', 'group.add_member', 'team.add_member', 'group.remove_member',
    ]);
  });

  it('applies the role-grant rules to group roles', async () => {
    const owner = await h.user('owner');
    const admin = await h.user('admin');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, admin, ['admin']);

    const billing = await h.call(admin, 'POST', `/teams/${teamId}/groups`, { name: 'Finance', roles: ['billing'] });
    expect(billing.statusCode).toBe(403);
    expect(errorOf(billing).message).toBe('Granting the Billing role needs the Super Admin or Billing role');
    const finance = await createGroup(owner, teamId, 'Finance', ['billing']);
    // Putting someone in the group grants Billing, so an Admin may not; nor remove the role from the group.
    expect((await h.call(admin, 'POST', `/teams/${teamId}/groups/${finance.id}/members`, { userId: admin.id })).statusCode).toBe(403);
    expect((await h.call(admin, 'PATCH', `/teams/${teamId}/groups/${finance.id}`, { roles: [] })).statusCode).toBe(403);
    expect((await h.call(admin, 'DELETE', `/teams/${teamId}/groups/${finance.id}`)).statusCode).toBe(403);

    const devs = await createGroup(admin, teamId, 'Developers', ['developer']);
    const changed = await h.call(admin, 'PATCH', `/teams/${teamId}/groups/${devs.id}`, { name: 'Engineers', roles: ['developer', 'community_manager'] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<Group>()).toMatchObject({ name: 'Engineers', roles: ['developer', 'community_manager'] });
    const duplicate = await h.call(admin, 'PATCH', `/teams/${teamId}/groups/${devs.id}`, { name: 'Finance' });
    expect(errorOf(duplicate)).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect((await h.auditActions(teamId)).slice(-3)).toEqual(['group.create', 'group.update', 'group.role_grant']);
  });

  it('lets every member list groups; only Admins manage them', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, dev, ['developer']);
    await createGroup(owner, teamId, 'QA', ['developer']);
    const list = await h.call(dev, 'GET', `/teams/${teamId}/groups`);
    expect(list.statusCode).toBe(200);
    expect(list.json<{ groups: Group[] }>().groups.map((g) => g.name)).toEqual(['QA']);
    const refused = await h.call(dev, 'POST', `/teams/${teamId}/groups`, { name: 'Mine', roles: [] });
    expect(errorOf(refused)).toMatchObject({ code: 'FORBIDDEN', message: 'Managing user groups needs the Admin or Super Admin role' });
  });

  it('does not let a group change leave the team without an Admin', async () => {
    const owner = await h.user('owner');
    const lead = await h.user('lead');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, lead, ['developer']);
    const admins = await createGroup(owner, teamId, 'Admins', ['admin']);
    await h.call(owner, 'POST', `/teams/${teamId}/groups/${admins.id}/members`, { userId: lead.id });
    // The owner keeps Super Admin but gives up direct Admin: the lead is the only Admin, through the group.
    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/members/${owner.id}/roles/admin`)).statusCode).toBe(200);
    const before = await h.auditActions(teamId);

    const leave = await h.call(owner, 'DELETE', `/teams/${teamId}/groups/${admins.id}/members/${lead.id}`);
    expect(leave.statusCode).toBe(409);
    expect(errorOf(leave)).toMatchObject({ code: 'LAST_ADMIN', message: 'The team must keep at least one Admin' });
    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/groups/${admins.id}`)).statusCode).toBe(409);
    expect((await h.call(owner, 'PATCH', `/teams/${teamId}/groups/${admins.id}`, { roles: ['developer'] })).statusCode).toBe(409);
    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/members/${lead.id}`)).statusCode).toBe(409);
    expect((await h.teams.teamAccess(teamId, lead.id))?.roles).toEqual(new Set(['admin', 'developer']));
    expect(await h.auditActions(teamId)).toEqual(before);

    // Once the owner is an Admin again the group may go.
    await h.call(owner, 'POST', `/teams/${teamId}/members/${owner.id}/roles`, { role: 'admin' });
    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/groups/${admins.id}`)).statusCode).toBe(204);
    expect((await h.teams.teamAccess(teamId, lead.id))?.roles).toEqual(new Set(['developer']));
    expect((await h.auditActions(teamId)).at(-1)).toBe('group.delete');
  });

  it('drops a removed member from the groups of that team', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, dev, ['developer']);
    const qa = await createGroup(owner, teamId, 'QA', ['developer']);
    await h.call(owner, 'POST', `/teams/${teamId}/groups/${qa.id}/members`, { userId: dev.id });
    expect((await h.call(owner, 'DELETE', `/teams/${teamId}/members/${dev.id}`)).statusCode).toBe(204);
    const groups = (await h.call(owner, 'GET', `/teams/${teamId}/groups`)).json<{ groups: Group[] }>().groups;
    expect(groups[0]?.members).toEqual([]);
    // Only members of the team can join its groups.
    const outsider = await h.call(owner, 'POST', `/teams/${teamId}/groups/${qa.id}/members`, { userId: dev.id });
    expect(outsider.statusCode).toBe(404);
    expect(errorOf(outsider).field).toBe('userId');
  });

  it('stops counting group roles when the team leaves Enterprise', async () => {
    const owner = await h.user('owner');
    const dev = await h.user('dev');
    const teamId = await h.team(owner, 'enterprise');
    await h.add(owner, teamId, dev, ['developer']);
    const managers = await createGroup(owner, teamId, 'Community', ['community_manager']);
    await h.call(owner, 'POST', `/teams/${teamId}/groups/${managers.id}/members`, { userId: dev.id });
    expect((await h.teams.teamAccess(teamId, dev.id))?.roles).toEqual(new Set(['developer', 'community_manager']));
    expect((await h.call(owner, 'PUT', `/teams/${teamId}/plan`, { plan: 'professional' })).statusCode).toBe(200);
    expect((await h.teams.teamAccess(teamId, dev.id))?.roles).toEqual(new Set(['developer']));
    expect((await h.call(owner, 'PUT', `/teams/${teamId}/plan`, { plan: 'enterprise' })).statusCode).toBe(200);
    expect((await h.teams.teamAccess(teamId, dev.id))?.roles).toEqual(new Set(['developer', 'community_manager']));
  });
});
