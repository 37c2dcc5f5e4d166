import { describe, expect, it } from 'vitest';
import { isSecretField, sanitizeDetails } from './sanitize.js';

describe('sanitizeDetails', () => {
  it('leaves out fields that name secrets, at every depth and inside arrays', () => {
    const out = sanitizeDetails({
      password: 'hunter2',
      newPassword: 'x',
      token: 't',
      sessionToken: 't',
      client_secret: 's',
      code: '123456',
      totpCode: '123456',
      recovery_code: 'abcd',
      apiKey: 'pstn_x',
      key: 'k',
      role: 'admin',
      nested: { secret: 's', role: 'dev', list: [{ otp: '1', name: 'a' }, 'plain'] },
    });
    expect(out).toEqual({ role: 'admin', nested: { role: 'dev', list: [{ name: 'a' }, 'plain'] } });
  });

  it('keeps fields that only refer to a secret', () => {
    for (const name of ['keyId', 'keyHint', 'recoveryCodesLeft', 'codeCount', 'reason', 'apiKeyId']) expect(isSecretField(name)).toBe(false);
    for (const name of ['Password', 'passwordHash', 'x-api-key', 'AUTHORIZATION', 'privateKey', 'pin']) expect(isSecretField(name)).toBe(true);
  });

  it('drops undefined values and treats missing details as empty', () => {
    expect(sanitizeDetails({ a: undefined, b: 1 })).toEqual({ b: 1 });
    expect(sanitizeDetails(undefined)).toEqual({});
  });
});
