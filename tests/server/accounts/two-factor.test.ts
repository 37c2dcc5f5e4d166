import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../../src/server/crypto/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { addTeam, bodyOf, errorOf, get, openHarness, PASSWORD, post, signIn, signUp, type Harness } from './harness.js';

const STEP = 30_000;

describe.each(DATABASE_KINDS)('two-factor authentication on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  /** A user with TOTP on; the clock is left 10 s into a step. Returns the secret and recovery codes. */
  async function userWithTotp(): Promise<{ email: string; userId: string; secret: string; recoveryCodes: string[] }> {
    h.clock.set(Math.floor(h.clock() / STEP) * STEP + 10 * STEP + 10_000);
    const { email, userId } = await signUp(h);
    const token = await signIn(h, email);
    const enrol = bodyOf(await post(h.app, '/me/2fa/enrol', undefined, token));
    const secret = String(enrol['secret']);
    const confirm = await post(h.app, '/me/2fa/confirm', { code: totpCode(secret, h.clock()) }, token);
    expect(confirm.statusCode).toBe(200);
    const recoveryCodes = bodyOf(confirm)['recoveryCodes'] as string[];
    // Move past the step the confirmation used.
    h.clock.advance(STEP);
    return { email, userId, secret, recoveryCodes };
  }

  async function challengeFor(email: string): Promise<string> {
    const response = await post(h.app, '/auth/sign-in', { email, password: PASSWORD });
    const body = bodyOf(response);
    expect(body['status']).toBe('totp_required');
    expect(body).not.toHaveProperty('token');
    return String(body['challenge']);
  }

  it('enrols: secret and otpauth URI, then a code turns it on with ten recovery codes', async () => {
    const { email } = await signUp(h);
    const token = await signIn(h, email);
    const enrol = await post(h.app, '/me/2fa/enrol', undefined, token);
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri } = bodyOf(enrol) as { secret: string; otpauthUri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(otpauthUri).toContain(encodeURIComponent(email));
    // Not on until confirmed: password sign-in still gives a session.
    await signIn(h, email);
    const wrong = await post(h.app, '/me/2fa/confirm', { code: '000000' }, token);
    expect(errorOf(wrong)).toMatchObject({ code: 'TOTP_INVALID', field: 'code' });
    const confirm = await post(h.app, '/me/2fa/confirm', { code: totpCode(secret, h.clock()) }, token);
    const codes = bodyOf(confirm)['recoveryCodes'] as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(bodyOf(await get(h.app, '/me', token))).toMatchObject({ user: { twoFactorEnabled: true } });
    expect(errorOf(await post(h.app, '/me/2fa/enrol', undefined, token)).code).toBe('TOTP_ALREADY_ENABLED');
    const audited = await h.ctx.db.selectFrom('audit_entries').select('action').where('action', '=', 'user.2fa_enrol').where('actor_email', '=', email).execute();
    expect(audited).toHaveLength(1);
  });

  it('signs in with a code, and refuses the same code a second time', async () => {
    const { email, secret } = await userWithTotp();
    const code = totpCode(secret, h.clock());
    const done = await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), code });
    expect(bodyOf(done)).toMatchObject({ status: 'signed_in', stage: 'full' });
    expect((await get(h.app, '/me/sessions', String(bodyOf(done)['token']))).statusCode).toBe(200);
    const replay = await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), code });
    expect(replay.statusCode).toBe(401);
    expect(errorOf(replay)).toMatchObject({ code: 'TOTP_INVALID', field: 'code' });
  });

  it('accepts codes one step either side and refuses two steps away', async () => {
    const { email, secret } = await userWithTotp();
    // Well clear of the step the confirmation used, so "one step behind" has never been used.
    h.clock.advance(3 * STEP);
    const now = h.clock();
    for (const offset of [2, -2]) {
      const far = await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), code: totpCode(secret, now + offset * STEP) });
      expect(errorOf(far).code).toBe('TOTP_INVALID');
    }
    const behind = await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), code: totpCode(secret, now - STEP) });
    expect(bodyOf(behind)['status']).toBe('signed_in');
    const ahead = await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), code: totpCode(secret, now + STEP) });
    expect(bodyOf(ahead)['status']).toBe('signed_in');
    // The step ahead was used, so the current step (earlier) is refused from now on.
    const current = await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), code: totpCode(secret, now) });
    expect(errorOf(current).code).toBe('TOTP_INVALID');
  });

  it('accepts a code that oathtool (an independent implementation) generates', async () => {
    const { email, secret } = await userWithTotp();
    const seconds = Math.floor(h.clock() / 1000);
    const code = execFileSync('oathtool', ['--totp', '-b', secret, `--now=@${seconds}`], { encoding: 'utf8' }).trim();
    expect(code).toMatch(/^\d{6}$/);
    const done = await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), code });
    expect(bodyOf(done)['status']).toBe('signed_in');
  });

  it('accepts each recovery code once', async () => {
    const { email, recoveryCodes } = await userWithTotp();
    const code = recoveryCodes[0] ?? '';
    const first = await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), recoveryCode: code.toUpperCase() });
    expect(bodyOf(first)['status']).toBe('signed_in');
    const again = await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), recoveryCode: code });
    expect(errorOf(again)).toMatchObject({ code: 'TOTP_INVALID', field: 'recoveryCode' });
    const used = await h.ctx.db.selectFrom('audit_entries').select('action').where('action', '=', 'user.2fa_recovery_used').where('actor_email', '=', email).execute();
    expect(used).toHaveLength(1);
  });

  it('lets only one of two racing sign-ins use one code', async () => {
    const { email, secret } = await userWithTotp();
    const code = totpCode(secret, h.clock());
    const [a, b] = [await challengeFor(email), await challengeFor(email)];
    const meta = { ip: null, userAgent: null };
    const results = await Promise.allSettled([h.accounts.completeSignIn({ challenge: a, code }, meta), h.accounts.completeSignIn({ challenge: b, code }, meta)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected?.reason as { code?: string } | undefined)?.code).toBe('TOTP_INVALID');
  });

  it('kills a challenge after 5 wrong codes, and wrong codes count toward the lockout', async () => {
    const { email, secret } = await userWithTotp();
    const challenge = await challengeFor(email);
    for (let i = 0; i < 4; i++) expect(errorOf(await post(h.app, '/auth/sign-in/totp', { challenge, code: '000000' })).code).toBe('TOTP_INVALID');
    // The fifth wrong code is also the address's fifth failure: it locks.
    await post(h.app, '/auth/sign-in/totp', { challenge, code: '000000' });
    const dead = await post(h.app, '/auth/sign-in/totp', { challenge, code: totpCode(secret, h.clock()) });
    expect(errorOf(dead)).toMatchObject({ code: 'UNAUTHENTICATED', field: 'challenge' });
    const locked = await post(h.app, '/auth/sign-in', { email, password: PASSWORD });
    expect(errorOf(locked).code).toBe('LOCKED_OUT');
    h.clock.advance(60_000);
    const fresh = await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), code: totpCode(secret, h.clock()) });
    expect(bodyOf(fresh)['status']).toBe('signed_in');
  });

  it('expires a challenge after 5 minutes', async () => {
    const { email, secret } = await userWithTotp();
    const challenge = await challengeFor(email);
    h.clock.advance(5 * 60_000);
    const late = await post(h.app, '/auth/sign-in/totp', { challenge, code: totpCode(secret, h.clock()) });
    expect(errorOf(late)).toMatchObject({ code: 'UNAUTHENTICATED', field: 'challenge' });
    expect(errorOf(await post(h.app, '/auth/sign-in/totp', { challenge, code: '123456', recoveryCode: 'abcd-efgh-jkmn' }))).toMatchObject({ code: 'VALIDATION', field: 'code' });
  });

  it('gives an enrolment-stage session when a team requires 2FA, and upgrades it on enrolment', async () => {
    const { email, userId } = await signUp(h);
    await addTeam(h, userId, { requireTwoFactor: true });
    const response = await post(h.app, '/auth/sign-in', { email, password: PASSWORD });
    const body = bodyOf(response);
    expect(body).toMatchObject({ status: 'enrolment_required', stage: 'totp_enrolment' });
    const token = String(body['token']);
    const blocked = await get(h.app, '/me/sessions', token);
    expect(blocked.statusCode).toBe(403);
    expect(errorOf(blocked).code).toBe('TOTP_ENROLMENT_REQUIRED');
    expect(errorOf(await post(h.app, '/me/password', { currentPassword: PASSWORD, newPassword: 'whatever new pass' }, token)).code).toBe('TOTP_ENROLMENT_REQUIRED');
    const enrol = await post(h.app, '/me/2fa/enrol', undefined, token);
    expect(enrol.statusCode).toBe(200);
    const secret = String(bodyOf(enrol)['secret']);
    expect((await post(h.app, '/me/2fa/confirm', { code: totpCode(secret, h.clock()) }, token)).statusCode).toBe(200);
    expect((await get(h.app, '/me/sessions', token)).statusCode).toBe(200);
  });

  it('disables 2FA with password and code; under a team rule every session drops to enrolment', async () => {
    const { email, userId, secret } = await userWithTotp();
    const challenge = await challengeFor(email);
    const token = String(bodyOf(await post(h.app, '/auth/sign-in/totp', { challenge, code: totpCode(secret, h.clock()) }))['token']);
    await addTeam(h, userId, { requireTwoFactor: true });
    h.clock.advance(STEP);
    const badPassword = await post(h.app, '/me/2fa/disable', { password: 'not my password', code: totpCode(secret, h.clock()) }, token);
    expect(errorOf(badPassword)).toMatchObject({ code: 'INVALID_CREDENTIALS', field: 'password' });
    expect(errorOf(await post(h.app, '/me/2fa/disable', { password: PASSWORD, code: '000000' }, token))).toMatchObject({ code: 'TOTP_INVALID', field: 'code' });
    expect((await post(h.app, '/me/2fa/disable', { password: PASSWORD, code: totpCode(secret, h.clock()) }, token)).statusCode).toBe(200);
    expect(errorOf(await get(h.app, '/me/sessions', token)).code).toBe('TOTP_ENROLMENT_REQUIRED');
    expect(bodyOf(await get(h.app, '/me', token))).toMatchObject({ user: { twoFactorEnabled: false } });
    const row = await h.ctx.db.selectFrom('users').select(['totp_secret_sealed']).where('id', '=', userId).executeTakeFirstOrThrow();
    expect(row.totp_secret_sealed).toBeNull();
    expect(await h.ctx.db.selectFrom('recovery_codes').select('id').where('user_id', '=', userId).execute()).toEqual([]);
  });

  it('regenerates recovery codes: the old ones stop working', async () => {
    const { email, secret, recoveryCodes } = await userWithTotp();
    const token = String(bodyOf(await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), code: totpCode(secret, h.clock()) }))['token']);
    const fresh = await post(h.app, '/me/2fa/recovery-codes', { password: PASSWORD }, token);
    const newCodes = bodyOf(fresh)['recoveryCodes'] as string[];
    expect(newCodes).toHaveLength(10);
    expect(errorOf(await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), recoveryCode: recoveryCodes[1] ?? '' })).code).toBe('TOTP_INVALID');
    expect(bodyOf(await post(h.app, '/auth/sign-in/totp', { challenge: await challengeFor(email), recoveryCode: newCodes[1] ?? '' }))['status']).toBe('signed_in');
  });
});
