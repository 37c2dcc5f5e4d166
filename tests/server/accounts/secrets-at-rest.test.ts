import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseRecoveryCode, totpCode } from '../../../src/server/crypto/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { bodyOf, openHarness, post, signIn, signUp, type Harness } from './harness.js';

describe.each(DATABASE_KINDS)('secrets at rest on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps no plaintext password, TOTP secret, token, challenge or recovery code in any table', async () => {
    const password = 'Plaintext-Canary-Passw0rd';
    const newPassword = 'Second-Canary-Passw0rd';
    const { email } = await signUp(h, undefined, password);
    const token = await signIn(h, email, password);
    const enrol = bodyOf(await post(h.app, '/me/2fa/enrol', undefined, token));
    const secret = String(enrol['secret']);
    const recoveryCodes = bodyOf(await post(h.app, '/me/2fa/confirm', { code: totpCode(secret, h.clock()) }, token))['recoveryCodes'] as string[];
    h.clock.advance(30_000);
    // A failed sign-in, a challenge, a recovery-code sign-in and a password change: each writes rows.
    await post(h.app, '/auth/sign-in', { email, password: 'Wrong-Canary-Passw0rd' });
    const challenge = String(bodyOf(await post(h.app, '/auth/sign-in', { email, password }))['challenge']);
    const second = bodyOf(await post(h.app, '/auth/sign-in/totp', { challenge, recoveryCode: recoveryCodes[0] ?? '' }));
    expect(second['status']).toBe('signed_in');
    const secondToken = String(second['token']);
    expect((await post(h.app, '/me/password', { currentPassword: password, newPassword }, secondToken)).statusCode).toBe(200);

    const canaries = [password, newPassword, 'Wrong-Canary-Passw0rd', secret, token, secondToken, challenge, ...recoveryCodes, ...recoveryCodes.map(normaliseRecoveryCode)];
    const tables = (await h.ctx.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'sign_in_challenges', 'recovery_codes', 'audit_entries', 'login_throttle']));
    let rows = 0;
    for (const table of tables) {
      const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(h.ctx.db);
      rows += result.rows.length;
      const text = JSON.stringify(result.rows).toLowerCase();
      for (const canary of canaries) expect(text, `table ${table}`).not.toContain(canary.toLowerCase());
    }
    expect(rows).toBeGreaterThan(20);
    // The secret is stored, sealed: present, but not readable without the key ring.
    const user = await h.ctx.db.selectFrom('users').select(['totp_secret_sealed', 'password_hash']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(user.totp_secret_sealed).toMatch(/^pe1\./);
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
  });
});
