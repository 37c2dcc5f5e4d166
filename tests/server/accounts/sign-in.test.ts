import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/context.js';
import { addTeam, bodyOf, errorOf, freshEmail, get, openHarness, PASSWORD, post, signIn, signUp, type Harness } from './harness.js';

describe.each(DATABASE_KINDS)('sign-up and sign-in on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it('signs up, signs in, reaches /me, signs out', async () => {
    const email = freshEmail();
    const up = await post(h.app, '/auth/sign-up', { email: email.toUpperCase(), name: '  Ada  ', password: PASSWORD });
    expect(up.statusCode).toBe(202);
    expect(bodyOf(up)).toEqual({ status: 'accepted' });
    // The address is stored lower-cased, so any casing signs in.
    const token = await signIn(h, email.toUpperCase());
    expect(token.startsWith('pss_')).toBe(true);
    const me = await get(h.app, '/me', token);
    expect(me.statusCode).toBe(200);
    expect(bodyOf(me)).toMatchObject({ user: { email, name: 'Ada', twoFactorEnabled: false, createdAt: h.clock() }, teams: [] });
    const out = await post(h.app, '/auth/sign-out', undefined, token);
    expect(out.statusCode).toBe(200);
    const after = await get(h.app, '/me', token);
    expect(after.statusCode).toBe(401);
    expect(errorOf(after).code).toBe('UNAUTHENTICATED');
    const actions = await h.ctx.db.selectFrom('audit_entries').select('action').where('actor_email', '=', email).execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['user.signup', 'user.login', 'user.logout']));
  });

  it('answers a sign-up for a taken email exactly like a new one, and keeps the first password', async () => {
    const email = freshEmail();
    const first = await post(h.app, '/auth/sign-up', { email, name: 'First', password: PASSWORD });
    const second = await post(h.app, '/auth/sign-up', { email, name: 'Second', password: 'another good password' });
    expect(second.statusCode).toBe(first.statusCode);
    expect(second.body).toBe(first.body);
    expect(errorOf(await post(h.app, '/auth/sign-in', { email, password: 'another good password' })).code).toBe('INVALID_CREDENTIALS');
    await signIn(h, email);
    const users = await h.ctx.db.selectFrom('users').select('name').where('email', '=', email).execute();
    expect(users).toEqual([{ name: 'First' }]);
  });

  it('refuses weak passwords and bad emails at sign-up, naming the field', async () => {
    const weak = await post(h.app, '/auth/sign-up', { email: freshEmail(), name: 'W', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(errorOf(weak)).toMatchObject({ code: 'WEAK_PASSWORD', field: 'password' });
    const badEmail = await post(h.app, '/auth/sign-up', { email: 'not-an-email', name: 'W', password: PASSWORD });
    expect(badEmail.statusCode).toBe(400);
    expect(errorOf(badEmail)).toMatchObject({ code: 'VALIDATION', field: 'email' });
  });

  it('gives the same answer for an unknown email, a wrong password and a disabled account', async () => {
    const { email } = await signUp(h);
    const disabled = await signUp(h);
    await h.ctx.db.updateTable('users').set({ disabled_at: h.clock() }).where('id', '=', disabled.userId).execute();
    const unknown = await post(h.app, '/auth/sign-in', { email: freshEmail('nobody'), password: PASSWORD });
    const wrong = await post(h.app, '/auth/sign-in', { email, password: 'not the password' });
    const off = await post(h.app, '/auth/sign-in', { email: disabled.email, password: PASSWORD });
    expect(unknown.statusCode).toBe(401);
    expect(errorOf(unknown).code).toBe('INVALID_CREDENTIALS');
    for (const other of [wrong, off]) {
      expect(other.statusCode).toBe(unknown.statusCode);
      expect(other.body).toBe(unknown.body);
    }
    const failed = await h.ctx.db.selectFrom('audit_entries').select(['actor_email', 'details']).where('action', '=', 'user.login_failed').where('actor_email', '=', email).execute();
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0]?.details ?? '{}')).toMatchObject({ reason: 'wrong_password' });
    expect(failed[0]?.details).not.toContain('not the password');
  });

  it('locks an address after 5 failures, doubles the lock, and clears on success', async () => {
    const { email } = await signUp(h);
    const fail = () => post(h.app, '/auth/sign-in', { email, password: 'wrong password!' });
    for (let i = 0; i < 5; i++) expect(errorOf(await fail()).code).toBe('INVALID_CREDENTIALS');
    // Locked: even the right password is not checked.
    const locked = await post(h.app, '/auth/sign-in', { email, password: PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(errorOf(locked).code).toBe('LOCKED_OUT');
    expect(locked.headers['retry-after']).toBe('60');
    h.clock.advance(30_000);
    expect((await post(h.app, '/auth/sign-in', { email, password: PASSWORD })).headers['retry-after']).toBe('30');

    h.clock.advance(30_000);
    for (let i = 0; i < 5; i++) expect(errorOf(await fail()).code).toBe('INVALID_CREDENTIALS');
    const second = await fail();
    expect(errorOf(second).code).toBe('LOCKED_OUT');
    expect(second.headers['retry-after']).toBe('120');

    h.clock.advance(120_000);
    for (let i = 0; i < 5; i++) await fail();
    expect((await fail()).headers['retry-after']).toBe('240');

    h.clock.advance(240_000);
    await signIn(h, email);
    // Cleared: four more failures do not lock, and the next lock would be one minute again.
    for (let i = 0; i < 4; i++) await fail();
    await signIn(h, email);
    for (let i = 0; i < 5; i++) await fail();
    expect((await fail()).headers['retry-after']).toBe('60');
    const lockouts = await h.ctx.db.selectFrom('audit_entries').select('action').where('action', '=', 'user.locked_out').where('actor_email', '=', email).execute();
    expect(lockouts).toHaveLength(4);
    h.clock.advance(60_000);
  });

  it('caps the lock at one hour', async () => {
    const { email } = await signUp(h);
    const fail = () => post(h.app, '/auth/sign-in', { email, password: 'wrong password!' });
    const locks: string[] = [];
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 5; i++) await fail();
      const answer = await fail();
      locks.push(String(answer.headers['retry-after']));
      h.clock.advance(Number(answer.headers['retry-after']) * 1000);
    }
    expect(locks).toEqual(['60', '120', '240', '480', '960', '1920', '3600', '3600']);
  });

  it('counts failures only within 15 minutes', async () => {
    const { email } = await signUp(h);
    const fail = () => post(h.app, '/auth/sign-in', { email, password: 'wrong password!' });
    for (let i = 0; i < 4; i++) await fail();
    h.clock.advance(15 * 60_000);
    for (let i = 0; i < 4; i++) expect(errorOf(await fail()).code).toBe('INVALID_CREDENTIALS');
    expect(errorOf(await fail()).code).toBe('INVALID_CREDENTIALS');
    expect(errorOf(await fail()).code).toBe('LOCKED_OUT');
    h.clock.advance(60_000);
  });

  it('locks unknown addresses exactly like real ones', async () => {
    const { email } = await signUp(h);
    const ghost = freshEmail('ghost');
    for (let i = 0; i < 5; i++) {
      await post(h.app, '/auth/sign-in', { email, password: 'wrong password!' });
      await post(h.app, '/auth/sign-in', { email: ghost, password: 'wrong password!' });
    }
    const real = await post(h.app, '/auth/sign-in', { email, password: PASSWORD });
    const fake = await post(h.app, '/auth/sign-in', { email: ghost, password: PASSWORD });
    expect(fake.statusCode).toBe(429);
    expect(fake.statusCode).toBe(real.statusCode);
    expect(fake.body).toBe(real.body);
    expect(fake.headers['retry-after']).toBe(real.headers['retry-after']);
    const ghostEntries = await h.ctx.db.selectFrom('audit_entries').select(['action', 'actor_id', 'chain']).where('actor_email', '=', ghost).execute();
    expect(ghostEntries.filter((e) => e.action === 'user.login_failed')).toHaveLength(5);
    expect(ghostEntries.filter((e) => e.action === 'user.locked_out')).toHaveLength(1);
    expect(ghostEntries.every((e) => e.actor_id === null && e.chain === 'system')).toBe(true);
    h.clock.advance(60_000);
  });

  it('refuses password sign-in when a team allows only SSO, after the password was checked', async () => {
    const { email, userId } = await signUp(h);
    const teamId = await addTeam(h, userId, { allowedSignInMethods: ['sso'] });
    const right = await post(h.app, '/auth/sign-in', { email, password: PASSWORD });
    expect(right.statusCode).toBe(403);
    expect(errorOf(right).code).toBe('SIGN_IN_METHOD_NOT_ALLOWED');
    const wrong = await post(h.app, '/auth/sign-in', { email, password: 'wrong password!' });
    expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');
    const entries = await h.ctx.db.selectFrom('audit_entries').select(['action', 'team_id']).where('actor_id', '=', userId).execute();
    expect(entries.filter((e) => e.action === 'user.login_failed').map((e) => e.team_id)).toEqual([teamId, teamId]);
  });

  it('answers malformed JSON, unknown fields and wrong types with 400 naming the field', async () => {
    const malformed = await h.app.inject({ method: 'POST', url: '/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"email": "a@b.c",' });
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed)).toMatchObject({ code: 'BAD_REQUEST', field: 'body' });
    const unknown = await post(h.app, '/auth/sign-in', { email: 'a@example.com', password: PASSWORD, remember: true });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown)).toMatchObject({ code: 'VALIDATION', field: 'remember' });
    const wrongType = await post(h.app, '/auth/sign-in', { email: 'a@example.com', password: 12345 });
    expect(wrongType.statusCode).toBe(400);
    expect(errorOf(wrongType)).toMatchObject({ code: 'VALIDATION', field: 'password' });
    const missing = await post(h.app, '/auth/sign-up', { email: 'a@example.com', password: PASSWORD });
    expect(errorOf(missing)).toMatchObject({ code: 'VALIDATION', field: 'name' });
    const { email } = await signUp(h);
    const token = await signIn(h, email);
    const badChange = await post(h.app, '/me/password', { currentPassword: PASSWORD, newPassword: ['x'] }, token);
    expect(errorOf(badChange)).toMatchObject({ code: 'VALIDATION', field: 'newPassword' });
    // Nothing was half-written: the password still works.
    await signIn(h, email);
  });
});
