/**
 * Single-use 2FA recovery codes: `xxxx-xxxx-xxxx`, lowercase, from an alphabet without the characters
 * people confuse (0/o, 1/l/i). 12 characters of a 31-symbol alphabet = 59 bits each. Stored hashed
 * (SHA-256 of the normalised code): the codes are random, so a fast hash is enough.
 */
import { createHash } from 'node:crypto';
import { randomFromAlphabet } from './base62.js';

export const RECOVERY_CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const RECOVERY_CODE_GROUPS = 3;
export const RECOVERY_CODE_GROUP_LENGTH = 4;
export const RECOVERY_CODE_DEFAULT_COUNT = 10;

function newRecoveryCode(): string {
  const raw = randomFromAlphabet(RECOVERY_CODE_ALPHABET, RECOVERY_CODE_GROUPS * RECOVERY_CODE_GROUP_LENGTH);
  const groups: string[] = [];
  for (let i = 0; i < raw.length; i += RECOVERY_CODE_GROUP_LENGTH) groups.push(raw.slice(i, i + RECOVERY_CODE_GROUP_LENGTH));
  return groups.join('-');
}

/** `count` distinct codes (to show the user once) and their hashes (to store), in the same order. */
export function newRecoveryCodes(count = RECOVERY_CODE_DEFAULT_COUNT): { codes: string[]; hashes: string[] } {
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new RangeError('count must be an integer in 1..100');
  const codes = new Set<string>();
  while (codes.size < count) codes.add(newRecoveryCode());
  const list = [...codes];
  return { codes: list, hashes: list.map(hashRecoveryCode) };
}

/** Lowercase, drop whitespace and dashes, so `ABCD EFGH-jkmn` and `abcd-efgh-jkmn` hash alike. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s\-\u2010-\u2015]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code), 'utf8').digest('hex');
}
