import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_ALPHABET } from './recovery-codes.js';

describe('recovery codes', () => {
  it('makes 10 distinct readable codes with their hashes, in order', () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const [i, code] of codes.entries()) {
      expect(code).toMatch(/^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}$/);
      expect(hashes[i]).toBe(hashRecoveryCode(code));
    }
    expect(newRecoveryCodes(3).codes).toHaveLength(3);
  });

  it('carries at least 50 bits per code and no confusable characters', () => {
    expect(12 * Math.log2(RECOVERY_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50);
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(RECOVERY_CODE_ALPHABET.length);
    for (const c of '01ilo') expect(RECOVERY_CODE_ALPHABET).not.toContain(c);
    const seen = new Set(newRecoveryCodes(100).codes.join('').replace(/-/g, ''));
    expect(seen.size).toBe(RECOVERY_CODE_ALPHABET.length);
  });

  it('hashes case, spaces and dashes away, and nothing else', () => {
    const h = hashRecoveryCode('abcd-efgh-jkmn');
    expect(h).toBe(createHash('sha256').update('abcdefghjkmn').digest('hex'));
    expect(hashRecoveryCode('ABCD EFGH JKMN')).toBe(h);
    expect(hashRecoveryCode(' abcdefghjkmn\n')).toBe(h);
    expect(hashRecoveryCode('AbCd–eFgH-jKmN')).toBe(h); // en dash from a word processor
    expect(hashRecoveryCode('abcd-efgh-jkmp')).not.toBe(h);
    expect(normaliseRecoveryCode('Ab-C d')).toBe('abcd');
  });

  it('refuses a silly count', () => {
    expect(() => newRecoveryCodes(0)).toThrow(RangeError);
    expect(() => newRecoveryCodes(1.5)).toThrow(RangeError);
  });
});
