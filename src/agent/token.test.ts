import { describe, expect, it } from 'vitest';
import { bearerToken, generateAgentToken, isUsableAgentToken, tokensMatch } from './token.js';

describe('agent tokens', () => {
  it('are 256 random bits, different each time, and usable as a subprotocol name', () => {
    const a = generateAgentToken();
    const b = generateAgentToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isUsableAgentToken(a)).toBe(true);
  });

  it('refuses short tokens and characters a subprotocol cannot carry', () => {
    expect(isUsableAgentToken('a'.repeat(31))).toBe(false);
    expect(isUsableAgentToken(`${'a'.repeat(32)},b`)).toBe(false);
    expect(isUsableAgentToken(`${'a'.repeat(32)} b`)).toBe(false);
  });

  it('match only the exact token', () => {
    const token = generateAgentToken();
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(token, `${token}x`)).toBe(false);
    expect(tokensMatch(token, token.slice(0, -1))).toBe(false);
    expect(tokensMatch(token, '')).toBe(false);
    expect(tokensMatch(token, undefined)).toBe(false);
  });

  it('are read from a Bearer header only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
