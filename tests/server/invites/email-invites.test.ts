/**
 * Email invites over HTTP on both databases: mailed, accepted by the invited address only, once, before
 * expiry; who may invite whom (FEATURES.md through authz); requests an Admin approves or denies; revoking;
 * a mail that cannot be sent; every change audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/context.js';
import { errorOf, openInvitesHarness, PUBLIC_URL, type InvitesHarness } from './harness.js';

const DAY = 24 * 60 * 60 * 1000;

interface InviteBody {
  id: string;
  email: string;
  roles: string[];
  status: string;
  invitedBy: { userId: string; email: string | null };
  expiresAt: number | null;
  decidedBy: { userId: string; email: string | null } | null;
}

describe.each(DATABASE_KINDS)('email invites on %s', (kind) => {
  let h: InvitesHarness;
  beforeAll(async () => {
    h = await openInvitesHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('mails an invite with the accept link; the invited user accepts and becomes a member with the roles', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'professional');
    const invitee = await h.user('invitee');

    const created = await h.call(owner, 'POST', `/teams/${teamId}/invites`, { email: invitee.email.toUpperCase(), roles: ['developer', 'community_manager'] });
    expect(created.statusCode).toBe(201);
    const invite = created.json<InviteBody>();
    expect(invite).toMatchObject({ email: invitee.email, roles: ['developer', 'community_manager'], status: 'pending', invitedBy: { userId: owner.id, email: owner.email } });
    expect(invite.expiresAt).toBe(h.test.clock() + 7 * DAY);

    const [mail, ...more] = await h.mailsTo(invitee.email);
    expect(more).toEqual([]);
    expect(mail?.subject).toMatch(/^You are invited to join Team \d+ on Postern$/);
    expect(mail?.text).toContain(`${owner.email} invited you to join the team`);
    expect(mail?.text).toContain('as Developer, Community Manager');
    expect(mail?.url?.startsWith(`${PUBLIC_URL}/invites/accept#token=psi_`)).toBe(true);

    const accepted = await h.call(invitee, 'POST', '/invites/accept', { token: mail?.token });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ teamId, roles: ['developer', 'community_manager'], via: 'invite' });
    expect(await h.rolesOf(teamId, invitee.id)).toEqual(['community_manager', 'developer']);

    const members = await h.call(invitee, 'GET', `/teams/${teamId}/members`);
    expect(members.json<{ members: { email: string }[] }>().members.map((m) => m.email)).toContain(invitee.email);
    const all = await h.call(owner, 'GET', `/teams/${teamId}/invites?status=all`);
    expect(all.json<{ invites: InviteBody[] }>().invites.map((i) => [i.id, i.status])).toEqual([[invite.id, 'accepted']]);
    const open = await h.call(owner, 'GET', `/teams/${teamId}/invites`);
    expect(open.json<{ invites: InviteBody[] }>().invites).toEqual([]);
    expect((await h.auditActions(teamId)).slice(-3)).toEqual(['invite.create', 'invite.accept', 'team.add_member']);

    const again = await h.call(invitee, 'POST', '/invites/accept', { token: mail?.token });
    expect(again.statusCode).toBe(410);
    expect(errorOf(again)).toMatchObject({ code: 'INVITE_USED', field: 'token' });
  });

  it('only the invited address can accept; refuses inviting a member or an address with an open invite', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner);
    const invitee = await h.user('invitee');
    const stranger = await h.user('stranger');
    await h.call(owner, 'POST', `/teams/${teamId}/invites`, { email: invitee.email, roles: ['developer'] });
    const [mail] = await h.mailsTo(invitee.email);

    const wrong = await h.call(stranger, 'POST', '/invites/accept', { token: mail?.token });
    expect(wrong.statusCode).toBe(403);
    expect(errorOf(wrong).message).toBe('This invite was sent to another email address; sign in with the address it was sent to');
    expect(await h.rolesOf(teamId, stranger.id)).toBeNull();

    const twice = await h.call(owner, 'POST', `/teams/${teamId}/invites`, { email: invitee.email, roles: ['admin'] });
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice)).toMatchObject({ code: 'CONFLICT', field: 'email' });
    const member = await h.call(owner, 'POST', `/teams/${teamId}/invites`, { email: owner.email, roles: ['developer'] });
    expect(errorOf(member)).toMatchObject({ code: 'CONFLICT', message: `${owner.email} is already a member of this team` });
  });

  it('names why a token fails: expired, revoked, unknown', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner);
    const late = await h.user('late');
    const revokedUser = await h.user('revoked');
    await h.call(owner, 'POST', `/teams/${teamId}/invites`, { email: late.email, roles: ['developer'] });
    const revokedInvite = (await h.call(owner, 'POST', `/teams/${teamId}/invites`, { email: revokedUser.email, roles: ['developer'] })).json<InviteBody>();

    const revoke = await h.call(owner, 'DELETE', `/teams/${teamId}/invites/${revokedInvite.id}`);
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json<InviteBody>().status).toBe('revoked');
    const [revokedMail] = await h.mailsTo(revokedUser.email);
    const revoked = await h.call(revokedUser, 'POST', '/invites/accept', { token: revokedMail?.token });
    expect({ status: revoked.statusCode, code: errorOf(revoked).code }).toEqual({ status: 410, code: 'INVITE_REVOKED' });
    const revokeAgain = await h.call(owner, 'DELETE', `/teams/${teamId}/invites/${revokedInvite.id}`);
    expect(errorOf(revokeAgain)).toMatchObject({ code: 'CONFLICT', message: `Invite ${revokedInvite.id} is already revoked` });

    const [lateMail] = await h.mailsTo(late.email);
    h.test.clock.advance(7 * DAY);
    const expired = await h.call(late, 'POST', '/invites/accept', { token: lateMail?.token });
    expect({ status: expired.statusCode, code: errorOf(expired).code }).toEqual({ status: 410, code: 'INVITE_EXPIRED' });
    expect(errorOf(expired).message).toMatch(/^This invite expired on \d{4}-/);
    expect(await h.rolesOf(teamId, late.id)).toBeNull();
    // An expired invite no longer blocks a new one.
    expect((await h.call(owner, 'POST', `/teams/${teamId}/invites`, { email: late.email, roles: ['developer'] })).statusCode).toBe(201);

    for (const token of ['psi_nothing-like-this', 'garbage']) {
      const unknown = await h.call(late, 'POST', '/invites/accept', { token });
      expect({ status: unknown.statusCode, code: errorOf(unknown).code }).toEqual({ status: 404, code: 'INVITE_NOT_FOUND' });
    }
    expect(await h.auditActions(teamId)).toEqual(['team.create', 'invite.create', 'invite.create', 'invite.revoke', 'invite.create']);
  });

  it('an Admin invites with the roles they may grant: not Billing; a Billing user may', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'professional');
    const admin = await h.user('admin');
    await h.add(owner, teamId, admin, ['admin']);
    const target = await h.user('target');

    const billing = await h.call(admin, 'POST', `/teams/${teamId}/invites`, { email: target.email, roles: ['developer', 'billing'] });
    expect(billing.statusCode).toBe(403);
    expect(errorOf(billing)).toMatchObject({ code: 'FORBIDDEN', message: 'Granting the Billing role needs the Billing role' });
    expect(await h.mailsTo(target.email)).toEqual([]);

    const allowed = await h.call(admin, 'POST', `/teams/${teamId}/invites`, { email: target.email, roles: ['admin'] });
    expect(allowed.statusCode).toBe(201);
    const other = await h.user('other');
    // The owner holds Billing (creator roles), so may invite one.
    expect((await h.call(owner, 'POST', `/teams/${teamId}/invites`, { email: other.email, roles: ['billing'] })).statusCode).toBe(201);

    const plain = await h.user('plain');
    await h.add(owner, teamId, plain, ['billing']);
    const byBilling = await h.call(plain, 'POST', `/teams/${teamId}/invites`, { email: 'someone@example.com', roles: ['developer'] });
    expect(errorOf(byBilling)).toMatchObject({ code: 'FORBIDDEN', message: 'Inviting Developers needs the Admin or Developer role' });
    const list = await h.call(plain, 'GET', `/teams/${teamId}/invites`);
    expect(errorOf(list).code).toBe('FORBIDDEN');
  });

  it('a Developer invites a Developer directly on Professional', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'professional');
    const dev = await h.user('dev');
    await h.add(owner, teamId, dev, ['developer']);
    const friend = await h.user('friend');

    const created = await h.call(dev, 'POST', `/teams/${teamId}/invites`, { email: friend.email, roles: ['developer'] });
    expect(created.statusCode).toBe(201);
    expect(created.json<InviteBody>().status).toBe('pending');
    const [mail] = await h.mailsTo(friend.email);
    expect(mail?.text).toContain(`${dev.email} invited you`);
    expect((await h.call(friend, 'POST', '/invites/accept', { token: mail?.token })).statusCode).toBe(200);
    expect(await h.rolesOf(teamId, friend.id)).toEqual(['developer']);
  });

  it('on Enterprise a Developer’s invite is a request: nothing is mailed until an Admin approves; denied requests stay closed', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'enterprise');
    const admin = await h.user('admin');
    await h.add(owner, teamId, admin, ['admin']);
    const dev = await h.user('dev');
    await h.add(owner, teamId, dev, ['developer']);
    const friend = await h.user('friend');
    const other = await h.user('other');

    const requested = await h.call(dev, 'POST', `/teams/${teamId}/invites`, { email: friend.email, roles: ['developer'] });
    expect(requested.statusCode).toBe(201);
    const request = requested.json<InviteBody>();
    expect(request).toMatchObject({ status: 'requested', expiresAt: null, invitedBy: { userId: dev.id } });
    expect(await h.mailsTo(friend.email)).toEqual([]);
    const open = await h.call(admin, 'GET', `/teams/${teamId}/invites`);
    expect(open.json<{ invites: InviteBody[] }>().invites.map((i) => [i.email, i.status])).toEqual([[friend.email, 'requested']]);

    // Only those who manage invites decide.
    expect(errorOf(await h.call(dev, 'POST', `/teams/${teamId}/invites/${request.id}/approve`)).code).toBe('FORBIDDEN');

    h.test.clock.advance(DAY);
    const approved = await h.call(admin, 'POST', `/teams/${teamId}/invites/${request.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json<InviteBody>()).toMatchObject({ status: 'pending', decidedBy: { userId: admin.id, email: admin.email }, expiresAt: h.test.clock() + 7 * DAY });
    const [mail] = await h.mailsTo(friend.email);
    expect(mail?.text).toContain('as Developer');
    expect((await h.call(friend, 'POST', '/invites/accept', { token: mail?.token })).statusCode).toBe(200);
    expect(await h.rolesOf(teamId, friend.id)).toEqual(['developer']);

    const second = (await h.call(dev, 'POST', `/teams/${teamId}/invites`, { email: other.email, roles: ['developer'] })).json<InviteBody>();
    const denied = await h.call(admin, 'POST', `/teams/${teamId}/invites/${second.id}/deny`);
    expect(denied.json<InviteBody>()).toMatchObject({ status: 'denied', decidedBy: { userId: admin.id } });
    const approveDenied = await h.call(admin, 'POST', `/teams/${teamId}/invites/${second.id}/approve`);
    expect(errorOf(approveDenied)).toMatchObject({ code: 'CONFLICT', message: `Invite ${second.id} is not waiting for approval (it is denied)` });
    expect(await h.mailsTo(other.email)).toEqual([]);

    expect((await h.auditActions(teamId)).filter((a) => a.startsWith('invite'))).toEqual(['invite.create', 'invite.approve', 'invite.accept', 'invite.create', 'invite.deny']);
  });

  it('a request for a role the approver may not grant cannot be approved by them', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner, 'enterprise');
    const admin = await h.user('admin');
    await h.add(owner, teamId, admin, ['admin']);
    const dev = await h.user('dev');
    await h.add(owner, teamId, dev, ['developer']);
    const request = (await h.call(dev, 'POST', `/teams/${teamId}/invites`, { email: 'boss@example.com', roles: ['super_admin'] })).json<InviteBody>();
    expect(request.status).toBe('requested');
    const byAdmin = await h.call(admin, 'POST', `/teams/${teamId}/invites/${request.id}/approve`);
    expect(errorOf(byAdmin)).toMatchObject({ code: 'FORBIDDEN', message: 'Granting the Super Admin role needs the Super Admin role' });
    // The owner became Super Admin when the team entered Enterprise.
    expect((await h.call(owner, 'POST', `/teams/${teamId}/invites/${request.id}/approve`)).statusCode).toBe(200);
    expect((await h.mailsTo('boss@example.com')).length).toBe(1);
  });

  it('revokes an invite whose mail cannot be sent, and says so', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner);
    h.failMail(true);
    try {
      const failed = await h.call(owner, 'POST', `/teams/${teamId}/invites`, { email: 'lost@example.com', roles: ['developer'] });
      expect(failed.statusCode).toBe(502);
      expect(errorOf(failed).code).toBe('MAIL_FAILED');
      expect(errorOf(failed).message).toMatch(/550 refused; the invite inv_\S+ was revoked, invite again once mail works$/);
    } finally {
      h.failMail(false);
    }
    const all = await h.call(owner, 'GET', `/teams/${teamId}/invites?status=all`);
    expect(all.json<{ invites: InviteBody[] }>().invites.map((i) => i.status)).toEqual(['revoked']);
    expect(await h.auditActions(teamId)).toEqual(['team.create', 'invite.create', 'invite.revoke']);
    expect((await h.call(owner, 'POST', `/teams/${teamId}/invites`, { email: 'lost@example.com', roles: ['developer'] })).statusCode).toBe(201);
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const owner = await h.user('owner');
    const teamId = await h.team(owner);
    const cases: [unknown, string][] = [
      [{ roles: ['developer'] }, 'email'],
      [{ email: 'not an address', roles: ['developer'] }, 'email'],
      [{ email: 'a@example.com', roles: [] }, 'roles'],
      [{ email: 'a@example.com', roles: ['wizard'] }, 'roles[0]'],
      [{ email: 'a@example.com', roles: ['developer', 'developer'] }, 'roles'],
      [{ email: 'a@example.com', roles: ['developer'], note: 'hi' }, 'note'],
    ];
    for (const [payload, field] of cases) {
      const res = await h.call(owner, 'POST', `/teams/${teamId}/invites`, payload);
      expect({ payload, status: res.statusCode, code: errorOf(res).code, field: errorOf(res).field }).toEqual({ payload, status: 400, code: 'VALIDATION', field });
    }
    const accept = await h.call(owner, 'POST', '/invites/accept', {});
    expect({ status: accept.statusCode, field: errorOf(accept).field }).toEqual({ status: 400, field: 'token' });
    const status = await h.call(owner, 'GET', `/teams/${teamId}/invites?status=everything`);
    expect({ status: status.statusCode, field: errorOf(status).field }).toEqual({ status: 400, field: 'status' });
    expect(await h.auditActions(teamId)).toEqual(['team.create']);
  });
});
