import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { API_KEY_LENGTH, API_KEY_PATTERN, API_KEY_PREFIX, findApiKeys, generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key.js';
import { BASE62_ALPHABET, encodeBase62, randomFromAlphabet } from './base62.js';
import { hashToken } from './tokens.js';

function decodeBase62(s: string): number {
  return [...s].reduce((n, c) => n * 62 + BASE62_ALPHABET.indexOf(c), 0);
}

describe('generateApiKey', () => {
  it('has the prefix, 30 body chars and 6 checksum chars encoding CRC32(prefix + body)', () => {
    const { key, hash, hint } = generateApiKey();
    expect(key).toMatch(/^pstn_[0-9A-Za-z]{36}$/);
    expect(key).toHaveLength(API_KEY_LENGTH);
    expect(API_KEY_LENGTH).toBe(41);
    expect(decodeBase62(key.slice(-6))).toBe(crc32(key.slice(0, -6)));
    expect(hash).toBe(hashToken(key));
    expect(hashApiKey(key)).toBe(hash);
    expect(hint).toBe(key.slice(-4));
    expect(isWellFormedApiKey(key)).toBe(true);
  });

  it('makes 10,000 distinct keys, all well formed', () => {
    const keys = Array.from({ length: 10_000 }, () => generateApiKey().key);
    expect(new Set(keys).size).toBe(10_000);
    expect(keys.every(isWellFormedApiKey)).toBe(true);
  });
});

describe('isWellFormedApiKey', () => {
  it('detects every single-character change anywhere in a key', () => {
    const { key } = generateApiKey();
    let tried = 0;
    for (let i = API_KEY_PREFIX.length; i < key.length; i++) {
      for (const c of BASE62_ALPHABET) {
        if (c === key[i]) continue;
        const changed = key.slice(0, i) + c + key.slice(i + 1);
        expect(isWellFormedApiKey(changed), `position ${i} -> ${c}`).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(36 * 61);
  });

  it('refuses a wrong prefix, length or charset', () => {
    const { key } = generateApiKey();
    const body = key.slice(API_KEY_PREFIX.length);
    expect(isWellFormedApiKey(`PSTN_${body}`)).toBe(false);
    expect(isWellFormedApiKey(`pstx_${body}`)).toBe(false);
    expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(`${key}0`)).toBe(false);
    expect(isWellFormedApiKey(`${key.slice(0, 10)}-${key.slice(11)}`)).toBe(false);
    expect(isWellFormedApiKey(` ${key}`)).toBe(false);
    expect(isWellFormedApiKey('')).toBe(false);
    expect(isWellFormedApiKey(42 as unknown as string)).toBe(false);
  });
});

describe('API_KEY_PATTERN / findApiKeys', () => {
  it('finds keys inside text, repeatedly, and not look-alikes', () => {
    const a = generateApiKey().key;
    const b = generateApiKey().key;
    const badChecksum = a.slice(0, -1) + (a.endsWith('0') ? '1' : '0');
    const text = [
      `export POSTERN_KEY=${a}`,
      `{"key":"${b}"}`,
      `glued:x${a}`, // inside a longer word: not a key
      `${a}Z`, // one character too long
      `pstn_${a.slice(5, -1)}`, // one too short
      `pstx_${a.slice(5)}`, // wrong prefix
      `checksum off: ${badChecksum}`,
    ].join('\n');
    expect([...text.matchAll(API_KEY_PATTERN)].map((m) => m[0])).toEqual([a, b, badChecksum]);
    // matchAll resets state, so a second scan over the same text finds the same.
    expect([...text.matchAll(API_KEY_PATTERN)]).toHaveLength(3);
    expect(findApiKeys(text)).toEqual([a, b]);
    expect(API_KEY_PATTERN.flags).toContain('g');
  });
});

describe('base62 helpers', () => {
  it('encodes integers with left padding and refuses overflow', () => {
    expect(encodeBase62(0, 6)).toBe('000000');
    expect(encodeBase62(61, 2)).toBe('0z');
    expect(encodeBase62(62, 2)).toBe('10');
    expect(decodeBase62(encodeBase62(0xffffffff, 6))).toBe(0xffffffff);
    expect(() => encodeBase62(62 ** 2, 2)).toThrow(RangeError);
    expect(() => encodeBase62(-1, 6)).toThrow(RangeError);
  });

  it('draws only alphabet characters and reaches all of them', () => {
    const s = randomFromAlphabet('abc', 3000);
    expect(s).toMatch(/^[abc]{3000}$/);
    expect(new Set(s).size).toBe(3);
  });
});
