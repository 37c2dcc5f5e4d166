import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/context.js';
import { addTeam, bodyOf, del, errorOf, get, openHarness, PASSWORD, post, signIn, signUp, type Harness } from './harness.js';

const MINUTE = 60_000;

describe.each(DATABASE_KINDS)('sessions on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it('ends a session after the idle timeout of the strictest team', async () => {
    const { email, userId } = await signUp(h);
    await addTeam(h, userId, { sessionIdleMinutes: 60 });
    await addTeam(h, userId, { sessionIdleMinutes: 30, sessionMaxHours: 48 });
    const token = await signIn(h, email);
    h.clock.advance(29 * MINUTE);
    expect((await get(h.app, '/me', token)).statusCode).toBe(200);
    // Used at 29 min: the idle clock restarts from there.
    h.clock.advance(29 * MINUTE);
    expect((await get(h.app, '/me', token)).statusCode).toBe(200);
    h.clock.advance(30 * MINUTE);
    const expired = await get(h.app, '/me', token);
    expect(expired.statusCode).toBe(401);
    expect(errorOf(expired).code).toBe('SESSION_EXPIRED');
    // It stays expired (not "unknown") on the next try.
    expect(errorOf(await get(h.app, '/me', token)).code).toBe('SESSION_EXPIRED');
  });

  it('ends a session at its absolute end however much it is used', async () => {
    const { email, userId } = await signUp(h);
    await addTeam(h, userId, { sessionIdleMinutes: 30, sessionMaxHours: 2 });
    const token = await signIn(h, email);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(20 * MINUTE);
      expect((await get(h.app, '/me', token)).statusCode).toBe(200);
    }
    h.clock.advance(20 * MINUTE);
    const expired = await get(h.app, '/me', token);
    expect(errorOf(expired)).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(errorOf(expired).message).toContain('maximum length');
  });

  it('uses the defaults for a user in no team', async () => {
    const { email } = await signUp(h);
    const response = await post(h.app, '/auth/sign-in', { email, password: PASSWORD });
    expect(bodyOf(response)).toMatchObject({ status: 'signed_in', stage: 'full', idleTimeoutMs: 7 * 24 * 60 * MINUTE, expiresAt: h.clock() + 30 * 24 * 60 * MINUTE });
  });

  it('writes last_seen_at at most once a minute', async () => {
    const { email } = await signUp(h);
    const token = await signIn(h, email);
    const lastSeen = async () => (await h.ctx.db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select('sessions.last_seen_at').where('users.email', '=', email).executeTakeFirstOrThrow()).last_seen_at;
    const start = h.clock();
    h.clock.advance(30_000);
    await get(h.app, '/me', token);
    expect(await lastSeen()).toBe(start);
    h.clock.advance(31_000);
    await get(h.app, '/me', token);
    expect(await lastSeen()).toBe(start + 61_000);
  });

  it('lists live sessions with the current one marked and no secrets, and revokes one', async () => {
    const { email } = await signUp(h);
    const first = await signIn(h, email);
    const second = await signIn(h, email);
    const listed = await get(h.app, '/me/sessions', first);
    expect(listed.statusCode).toBe(200);
    const sessions = bodyOf(listed)['sessions'] as { id: string; current: boolean }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(listed.body).not.toMatch(/token|hash|pss_/i);
    const other = sessions.find((s) => !s.current);
    expect(other).toBeDefined();
    const revoked = await del(h.app, `/me/sessions/${other?.id ?? ''}`, first);
    expect(revoked.statusCode).toBe(200);
    expect(errorOf(await get(h.app, '/me', second)).code).toBe('UNAUTHENTICATED');
    expect((await get(h.app, '/me', first)).statusCode).toBe(200);
    expect(errorOf(await del(h.app, `/me/sessions/${other?.id ?? ''}`, first))).toMatchObject({ code: 'NOT_FOUND', field: 'sessionId' });
    const audited = await h.ctx.db.selectFrom('audit_entries').select(['action', 'target_id']).where('action', '=', 'session.revoke').where('actor_email', '=', email).execute();
    expect(audited).toEqual([{ action: 'session.revoke', target_id: other?.id }]);
  });

  it('does not let one user revoke another user\u2019s session', async () => {
    const alice = await signUp(h);
    const bob = await signUp(h);
    const aliceToken = await signIn(h, alice.email);
    const bobToken = await signIn(h, bob.email);
    const bobSessions = bodyOf(await get(h.app, '/me/sessions', bobToken))['sessions'] as { id: string }[];
    const attempt = await del(h.app, `/me/sessions/${bobSessions[0]?.id ?? ''}`, aliceToken);
    expect(attempt.statusCode).toBe(404);
    expect((await get(h.app, '/me', bobToken)).statusCode).toBe(200);
  });

  it('signs out everywhere', async () => {
    const { email } = await signUp(h);
    const tokens = [await signIn(h, email), await signIn(h, email), await signIn(h, email)];
    const response = await post(h.app, '/auth/sign-out-everywhere', undefined, tokens[0]);
    expect(bodyOf(response)).toEqual({ status: 'ok', sessionsRevoked: 3 });
    for (const token of tokens) expect(errorOf(await get(h.app, '/me', token)).code).toBe('UNAUTHENTICATED');
    const audited = await h.ctx.db.selectFrom('audit_entries').select('details').where('action', '=', 'user.logout_all').where('actor_email', '=', email).execute();
    expect(audited.map((a) => JSON.parse(a.details) as unknown)).toEqual([{ sessionsRevoked: 3 }]);
  });

  it('changes the password and ends every other session', async () => {
    const { email } = await signUp(h);
    const keep = await signIn(h, email);
    const other = await signIn(h, email);
    const wrong = await post(h.app, '/me/password', { currentPassword: 'not my password', newPassword: 'a brand new passphrase' }, keep);
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong)).toMatchObject({ code: 'INVALID_CREDENTIALS', field: 'currentPassword' });
    const weak = await post(h.app, '/me/password', { currentPassword: PASSWORD, newPassword: 'short' }, keep);
    expect(errorOf(weak)).toMatchObject({ code: 'WEAK_PASSWORD', field: 'newPassword' });
    const changed = await post(h.app, '/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }, keep);
    expect(bodyOf(changed)).toEqual({ status: 'ok', otherSessionsRevoked: 1 });
    expect((await get(h.app, '/me', keep)).statusCode).toBe(200);
    expect(errorOf(await get(h.app, '/me', other)).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await post(h.app, '/auth/sign-in', { email, password: PASSWORD })).code).toBe('INVALID_CREDENTIALS');
    await signIn(h, email, 'a brand new passphrase');
    const audited = await h.ctx.db.selectFrom('audit_entries').select('action').where('action', '=', 'user.password_change').where('actor_email', '=', email).execute();
    expect(audited).toHaveLength(1);
  });

  it('rejects a made-up token, a malformed header, and a session of a disabled user', async () => {
    expect(errorOf(await get(h.app, '/me', 'pss_madeup')).code).toBe('UNAUTHENTICATED');
    const malformed = await h.app.inject({ method: 'GET', url: '/me', headers: { authorization: 'Basic abc' } });
    expect(malformed.statusCode).toBe(401);
    const { email, userId } = await signUp(h);
    const token = await signIn(h, email);
    await h.ctx.db.updateTable('users').set({ disabled_at: h.clock() }).where('id', '=', userId).execute();
    expect(errorOf(await get(h.app, '/me', token)).code).toBe('UNAUTHENTICATED');
  });

  it('reports teams and direct roles in /me', async () => {
    const { email, userId } = await signUp(h);
    const teamId = await addTeam(h, userId, {}, ['admin', 'developer']);
    const token = await signIn(h, email);
    const me = bodyOf(await get(h.app, '/me', token));
    expect(me['teams']).toEqual([{ id: teamId, name: `Team ${teamId}`, plan: 'enterprise', roles: ['admin', 'developer'] }]);
  });
});
