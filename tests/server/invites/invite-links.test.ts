/**
 * Multi-use invite links on both databases: created by admins with a role they may grant, listed with who
 * made each and how far it is used, accepted by any signed-in user, refused clearly once revoked, expired
 * or used up — and never used past their maximum, even by concurrent accepts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/context.js';
import { errorOf, openInvitesHarness, PUBLIC_URL, type InvitesHarness, type TestUser } from './harness.js';

const DAY = 24 * 60 * 60 * 1000;

interface LinkBody {
  id: string;
  role: string;
  status: string;
  createdBy: { userId: string; email: string | null };
  createdAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  revokedBy: { userId: string; email: string | null } | null;
}

function tokenOf(url: string): string {
  return url.split('#token=')[1] ?? '';
}

describe.each(DATABASE_KINDS)('invite links on %s', (kind) => {
  let h: InvitesHarness;
  beforeAll(async () => {
    h = await openInvitesHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function link(owner: TestUser, teamId: string, body: { role: string; expiresInDays: number; maxUses: number }): Promise<{ link: LinkBody; url: string }> {
    const created = await h.call(owner, 'POST', `/teams/${teamId}/invite-links`, body);
    if (created.statusCode !== 201) throw new Error(`create link: ${created.statusCode} ${created.body}`);
    return created.json();
  }

  it('creates a link, lists it with its creator, dates and uses, and lets any signed-in user join with its role', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner); // Free: invites are on every plan
    const created = await link(owner, teamId, { role: 'developer', expiresInDays: 3, maxUses: 5 });
    expect(created.url.startsWith(`${PUBLIC_URL}/invites/accept#token=psl_`)).toBe(true);
    expect(created.link).toMatchObject({ role: 'developer', status: 'active', createdBy: { userId: owner.id, email: owner.email }, createdAt: h.test.clock(), expiresAt: h.test.clock() + 3 * DAY, maxUses: 5, uses: 0 });

    const joiner = await h.user('joiner');
    const joined = await h.call(joiner, 'POST', '/invites/accept', { token: tokenOf(created.url) });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ teamId, roles: ['developer'], via: 'invite_link' });
    expect(await h.rolesOf(teamId, joiner.id)).toEqual(['developer']);

    const again = await h.call(joiner, 'POST', '/invites/accept', { token: tokenOf(created.url) });
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', message: 'You are already a member of this team' });
    const listed = await h.call(owner, 'GET', `/teams/${teamId}/invite-links`);
    expect(listed.json<{ links: LinkBody[] }>().links).toEqual([{ ...created.link, uses: 1 }]);
    expect(await h.auditActions(teamId)).toEqual(['team.create', 'invite_link.create', 'invite_link.use', 'team.add_member']);
  });

  it('refuses a revoked, an expired and a used-up link, naming which', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'basic');
    const revoked = await link(owner, teamId, { role: 'developer', expiresInDays: 7, maxUses: 10 });
    const short = await link(owner, teamId, { role: 'developer', expiresInDays: 1, maxUses: 10 });
    const single = await link(owner, teamId, { role: 'admin', expiresInDays: 7, maxUses: 1 });

    const revoke = await h.call(owner, 'DELETE', `/teams/${teamId}/invite-links/${revoked.link.id}`);
    expect(revoke.json<LinkBody>()).toMatchObject({ status: 'revoked', revokedBy: { userId: owner.id, email: owner.email } });
    expect(errorOf(await h.call(owner, 'DELETE', `/teams/${teamId}/invite-links/${revoked.link.id}`)).code).toBe('CONFLICT');

    const first = await h.user('first');
    expect((await h.call(first, 'POST', '/invites/accept', { token: tokenOf(single.url) })).statusCode).toBe(200);
    expect(await h.rolesOf(teamId, first.id)).toEqual(['admin']);

    const someone = await h.user('someone');
    const refusedRevoked = await h.call(someone, 'POST', '/invites/accept', { token: tokenOf(revoked.url) });
    expect({ status: refusedRevoked.statusCode, code: errorOf(refusedRevoked).code }).toEqual({ status: 410, code: 'INVITE_REVOKED' });
    const usedUp = await h.call(someone, 'POST', '/invites/accept', { token: tokenOf(single.url) });
    expect({ status: usedUp.statusCode, ...errorOf(usedUp) }).toMatchObject({ status: 410, code: 'INVITE_USED', message: 'This invite link has been used its maximum of 1 times; ask the team for a new one' });
    h.test.clock.advance(DAY);
    const expired = await h.call(someone, 'POST', '/invites/accept', { token: tokenOf(short.url) });
    expect({ status: expired.statusCode, code: errorOf(expired).code }).toEqual({ status: 410, code: 'INVITE_EXPIRED' });
    expect(await h.rolesOf(teamId, someone.id)).toBeNull();

    const listed = await h.call(owner, 'GET', `/teams/${teamId}/invite-links`);
    const statuses = Object.fromEntries(listed.json<{ links: LinkBody[] }>().links.map((l) => [l.id, [l.status, l.uses]]));
    expect(statuses).toEqual({ [revoked.link.id]: ['revoked', 0], [short.link.id]: ['expired', 0], [single.link.id]: ['used_up', 1] });
  });

  it('ten concurrent accepts of a link with 3 uses left make exactly 3 members', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'professional');
    const created = await link(owner, teamId, { role: 'developer', expiresInDays: 7, maxUses: 3 });
    const users = await Promise.all(Array.from({ length: 10 }, (_, i) => h.user(`racer${i}`)));

    const answers = await Promise.all(users.map((user) => h.call(user, 'POST', '/invites/accept', { token: tokenOf(created.url) })));
    const statuses = answers.map((answer) => (answer.statusCode === 200 ? 'joined' : errorOf(answer).code)).sort();
    expect(statuses).toEqual(['INVITE_USED', 'INVITE_USED', 'INVITE_USED', 'INVITE_USED', 'INVITE_USED', 'INVITE_USED', 'INVITE_USED', 'joined', 'joined', 'joined']);

    const joined = (await Promise.all(users.map((user) => h.rolesOf(teamId, user.id)))).filter((roles) => roles !== null);
    expect(joined).toEqual([['developer'], ['developer'], ['developer']]);
    const row = await h.test.ctx.db.selectFrom('invite_links').select(['uses']).where('id', '=', created.link.id).executeTakeFirstOrThrow();
    expect(row.uses).toBe(3);
    expect((await h.auditActions(teamId)).filter((a) => a === 'invite_link.use')).toHaveLength(3);
  });

  it('follows the grant rules and the role table: an Admin cannot make a Billing link; a Developer cannot make links', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'professional');
    const admin = await h.user('admin');
    await h.add(owner, teamId, admin, ['admin']);
    const dev = await h.user('dev');
    await h.add(owner, teamId, dev, ['developer']);

    const billing = await h.call(admin, 'POST', `/teams/${teamId}/invite-links`, { role: 'billing', expiresInDays: 7, maxUses: 5 });
    expect(errorOf(billing)).toMatchObject({ code: 'FORBIDDEN', message: 'Granting the Billing role needs the Billing role' });
    const superAdmin = await h.call(owner, 'POST', `/teams/${teamId}/invite-links`, { role: 'super_admin', expiresInDays: 7, maxUses: 5 });
    expect({ status: superAdmin.statusCode, code: errorOf(superAdmin).code }).toEqual({ status: 402, code: 'ROLE_NOT_IN_PLAN' });
    const byDev = await h.call(dev, 'POST', `/teams/${teamId}/invite-links`, { role: 'developer', expiresInDays: 7, maxUses: 5 });
    expect(errorOf(byDev)).toMatchObject({ code: 'FORBIDDEN', message: 'Managing invite links needs the Admin role' });
    expect(errorOf(await h.call(dev, 'GET', `/teams/${teamId}/invite-links`)).code).toBe('FORBIDDEN');
    expect(await h.auditActions(teamId)).not.toContain('invite_link.create');
  });

  it('refuses bad input with 400 naming the field', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner);
    const cases: [unknown, string][] = [
      [{ expiresInDays: 7, maxUses: 5 }, 'role'],
      [{ role: 'developer', expiresInDays: 0, maxUses: 5 }, 'expiresInDays'],
      [{ role: 'developer', expiresInDays: 1.5, maxUses: 5 }, 'expiresInDays'],
      [{ role: 'developer', expiresInDays: 7, maxUses: 0 }, 'maxUses'],
      [{ role: 'developer', expiresInDays: 7, maxUses: '5' }, 'maxUses'],
      [{ role: 'developer', expiresInDays: 7, maxUses: 5, forever: true }, 'forever'],
    ];
    for (const [payload, field] of cases) {
      const res = await h.call(owner, 'POST', `/teams/${teamId}/invite-links`, payload);
      expect({ payload, status: res.statusCode, code: errorOf(res).code, field: errorOf(res).field }).toEqual({ payload, status: 400, code: 'VALIDATION', field });
    }
    expect(await h.auditActions(teamId)).toEqual(['team.create']);
  });
});
