import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { ServerError } from '../errors.js';
import { checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from './password.js';

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id and the OWASP parameters, salted', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    const params = parseOptions(a);
    expect([params.memoryCost, params.timeCost, params.parallelism]).toEqual([19456, 2, 1]);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('correct horse battery');
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword(h, '')).toBe(false);
  });

  it('answers false, never throws, for malformed hashes and input', async () => {
    const h = await hashPassword('correct horse battery');
    for (const bad of ['', 'not a hash', '$argon2id$v=19$m=19456,t=2,p=1$', h.slice(0, -5), `${h}!!`, '$2b$10$abcdefghijklmnopqrstuv']) {
      expect(await verifyPassword(bad, 'correct horse battery')).toBe(false);
    }
    expect(await verifyPassword(undefined as unknown as string, 'x')).toBe(false);
    expect(await verifyPassword(h, null as unknown as string)).toBe(false);
  });

  it('verifyAgainstDummy always answers false, whatever the password', async () => {
    expect(await verifyAgainstDummy('postern-dummy-password-never-matches-not')).toBe(false);
    expect(await verifyAgainstDummy('')).toBe(false);
  });
});

describe('checkPasswordPolicy', () => {
  const reason = (pw: string): string | undefined => {
    try {
      checkPasswordPolicy(pw);
      return undefined;
    } catch (err) {
      expect(err).toBeInstanceOf(ServerError);
      const e = err as ServerError;
      expect(e.code).toBe('WEAK_PASSWORD');
      expect(e.field).toBe('password');
      expect(e.status).toBe(400);
      return e.message;
    }
  };

  it('accepts a reasonable password, including one measured in code points', () => {
    expect(reason('correct horse battery')).toBeUndefined();
    expect(reason('a'.repeat(9) + 'b')).toBeUndefined();
    expect(reason('x'.repeat(255) + 'y')).toBeUndefined();
    expect(reason('😀😀😀😀😀😀😀😀😀a')).toBeUndefined();
  });

  it('refuses short, long, one-character and common passwords, saying why', () => {
    expect(reason('abcdefghi')).toMatch(/at least 10/);
    expect(reason('😀😀😀😀😀')).toMatch(/at least 10/); // 10 UTF-16 units but 5 characters
    expect(reason('x'.repeat(256) + 'y')).toMatch(/at most 256/);
    expect(reason('aaaaaaaaaaaa')).toMatch(/single character/);
    expect(reason('Password123')).toMatch(/commonly used/);
    expect(reason('1234567890')).toMatch(/commonly used/);
    expect(reason('QWERTYUIOP')).toMatch(/commonly used/);
  });
});
