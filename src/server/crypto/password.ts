/**
 * Password hashing (argon2id, OWASP parameters), verification that never throws on bad input, a dummy
 * verification for unknown accounts (so response time does not reveal which emails exist), and the
 * password policy applied when a password is set.
 */
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { ServerError } from '../errors.js';

/** `Algorithm.Argon2id`; the enum is ambient (`const enum`), which `isolatedModules` cannot inline. */
const ARGON2ID = 2 as Algorithm;

/** OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1. */
export const PASSWORD_HASH_OPTIONS: Readonly<Options> = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export async function hashPassword(pw: string): Promise<string> {
  return hash(pw, PASSWORD_HASH_OPTIONS);
}

/** True only when `hash` is an argon2 PHC string and `pw` matches it; false for anything malformed. */
export async function verifyPassword(hashed: string, pw: string): Promise<boolean> {
  if (typeof hashed !== 'string' || typeof pw !== 'string' || !hashed.startsWith('$argon2')) return false;
  try {
    return await verify(hashed, pw);
  } catch {
    return false;
  }
}

// A hash made once per process with the current parameters; immutable, so caching it is safe.
let dummyHash: Promise<string> | undefined;

/** Does the same argon2 work as a real verification, then answers false: used when no account exists. */
export async function verifyAgainstDummy(pw: string): Promise<false> {
  dummyHash ??= hashPassword('postern-dummy-password-never-matches');
  const target = await dummyHash;
  await verifyPassword(target, typeof pw === 'string' ? pw : '');
  return false;
}

/**
 * The most used passwords of 10 characters or more (shorter ones already fail the length rule), from
 * the public breach-frequency lists. Compared case-insensitively.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '0123456789', '0987654321', '12345678910', '123456789a', '1234567890a',
  '123123123123', '111111111111', '123456123456', '1q2w3e4r5t', '1q2w3e4r5t6y', '1qaz2wsx3edc',
  'qwertyuiop', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'asdfghjkl1', 'zxcvbnm123',
  'password12', 'password123', 'password1234', 'password12345', 'password!1', 'passw0rd123',
  'p@ssw0rd123', 'p@ssword123', 'iloveyou12', 'iloveyou123', 'football123', 'baseball123',
  'welcome123', 'welcome1234', 'sunshine123', 'princess123', 'dragon1234', 'monkey12345',
  'letmein123', 'letmein1234', 'trustno1234', 'administrator', 'admin12345', 'admin123456',
  'changeme123', 'qazwsxedcrfv', 'abcdefghij', 'abcd123456', 'abc1234567', 'a1b2c3d4e5',
  'postern123', 'postern1234',
]);

/** Throws WEAK_PASSWORD (field `password`) naming the first rule the password breaks. */
export function checkPasswordPolicy(pw: string): void {
  const weak = (why: string): never => {
    throw new ServerError('WEAK_PASSWORD', `password ${why}`, { field: 'password' });
  };
  if (typeof pw !== 'string') weak('must be a string');
  // Count code points, not UTF-16 units, so an emoji counts as one character.
  const chars = [...pw];
  if (chars.length < PASSWORD_MIN_LENGTH) weak(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (chars.length > PASSWORD_MAX_LENGTH) weak(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  if (new Set(chars).size === 1) weak('must not repeat a single character');
  if (COMMON_PASSWORDS.has(pw.toLowerCase())) weak('is one of the most commonly used passwords');
}
