/**
 * API keys in the style of GitHub's tokens: `pstn_` + 30 random base62 characters (~178 bits) + 6 base62
 * characters of CRC32(prefix + body). The prefix lets secret scanners find leaked keys; the checksum
 * lets them (and us, before any database lookup) discard look-alikes. Only the SHA-256 hash is stored.
 */
import { crc32 } from 'node:zlib';
import { BASE62_ALPHABET, encodeBase62, randomFromAlphabet } from './base62.js';
import { hashToken } from './tokens.js';

export const API_KEY_PREFIX = 'pstn_';
export const API_KEY_BODY_LENGTH = 30;
export const API_KEY_CHECKSUM_LENGTH = 6;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + API_KEY_BODY_LENGTH + API_KEY_CHECKSUM_LENGTH;
export const API_KEY_HINT_LENGTH = 4;

const KEY_CHARS = API_KEY_BODY_LENGTH + API_KEY_CHECKSUM_LENGTH;

/**
 * Finds candidate keys in free text (logs, commits). Global, so use it with `matchAll`/`replace` — these
 * reset `lastIndex` themselves; for `exec`/`test` loops, copy it first (`new RegExp(API_KEY_PATTERN)`).
 * Word boundaries reject keys glued inside longer identifiers. Confirm hits with `isWellFormedApiKey`.
 */
export const API_KEY_PATTERN = new RegExp(`\\b${API_KEY_PREFIX}[0-9A-Za-z]{${KEY_CHARS}}\\b`, 'g');

const WHOLE_KEY = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${KEY_CHARS}}$`);

function checksumOf(prefixAndBody: string): string {
  return encodeBase62(crc32(prefixAndBody), API_KEY_CHECKSUM_LENGTH);
}

export function generateApiKey(): { key: string; hash: string; hint: string } {
  const prefixAndBody = API_KEY_PREFIX + randomFromAlphabet(BASE62_ALPHABET, API_KEY_BODY_LENGTH);
  const key = prefixAndBody + checksumOf(prefixAndBody);
  return { key, hash: hashToken(key), hint: key.slice(-API_KEY_HINT_LENGTH) };
}

/** Prefix, length, charset and checksum all right. Says nothing about whether the key exists. */
export function isWellFormedApiKey(s: string): boolean {
  if (typeof s !== 'string' || s.length !== API_KEY_LENGTH || !WHOLE_KEY.test(s)) return false;
  const split = API_KEY_LENGTH - API_KEY_CHECKSUM_LENGTH;
  return checksumOf(s.slice(0, split)) === s.slice(split);
}

/** Every well-formed (checksum-valid) API key in `text`, in order of appearance. */
export function findApiKeys(text: string): string[] {
  return [...text.matchAll(API_KEY_PATTERN)].map((m) => m[0]).filter(isWellFormedApiKey);
}

/** SHA-256 hex of the key: what is stored and looked up. */
export function hashApiKey(key: string): string {
  return hashToken(key);
}
