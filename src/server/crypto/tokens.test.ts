import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashToken, newOpaqueToken } from './tokens.js';

describe('opaque tokens', () => {
  it('is the prefix plus 32 random bytes in base64url, with its sha256 hex', () => {
    const { token, hash } = newOpaqueToken('pss_');
    expect(token).toMatch(/^pss_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never repeats and hashes deterministically', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newOpaqueToken('x_').token));
    expect(tokens.size).toBe(1000);
    expect(hashToken('pss_abc')).toBe(hashToken('pss_abc'));
    expect(hashToken('pss_abc')).not.toBe(hashToken('pss_abd'));
    // The known SHA-256 of "abc", so the hash is exactly sha256 of the UTF-8 bytes.
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
