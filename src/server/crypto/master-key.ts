/**
 * The master key: 32 bytes, given as 64 hex characters or base64, read from a file or an environment
 * variable. It only wraps data keys (see envelope.ts). Errors name where the key was looked for, never
 * the key itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ServerError } from '../errors.js';

export const MASTER_KEY_BYTES = 32;

export interface MasterKey {
  /** First 16 hex characters of SHA-256(key): names the key in the database without revealing it. */
  readonly id: string;
  readonly key: Buffer;
}

/** Where to look: `file` (a path) wins over `env` (the NAME of an environment variable) when both are given. */
export interface MasterKeySource {
  readonly file?: string;
  readonly env?: string;
}

export function masterKeyFromBytes(key: Buffer): MasterKey {
  if (key.length !== MASTER_KEY_BYTES) throw new RangeError(`master key must be ${MASTER_KEY_BYTES} bytes`);
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key: Buffer.from(key) };
}

/** A fresh random key as 64 hex characters, for `postern server` to print or write once. */
export function generateMasterKeyHex(): string {
  return randomBytes(MASTER_KEY_BYTES).toString('hex');
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=?$|^[A-Za-z0-9_-]{43}=?$/;

/** The 32 bytes in `text`, or undefined when it is neither 64 hex characters nor base64 of 32 bytes. */
export function parseMasterKeyText(text: string): Buffer | undefined {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (HEX_KEY.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (BASE64_KEY.test(trimmed)) key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key?.length !== MASTER_KEY_BYTES) return undefined;
  // A key of one repeated byte (all zeros, say) is a placeholder, not a secret.
  if (key.every((b) => b === key[0])) return undefined;
  return key;
}

/**
 * Loads the master key from `source.file` or else from the environment variable named `source.env`
 * (looked up in `environment`, default `process.env`).
 */
export function loadMasterKey(source: MasterKeySource, environment: NodeJS.ProcessEnv = process.env): MasterKey {
  const expected = `${MASTER_KEY_BYTES} bytes as 64 hex characters or base64`;
  if (source.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(source.file, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ServerError('MASTER_KEY_MISSING', `master key file ${source.file} cannot be read (${reason})`);
    }
    const key = parseMasterKeyText(text);
    if (key === undefined) throw new ServerError('MASTER_KEY_INVALID', `master key file ${source.file} does not hold a key of ${expected}`);
    return masterKeyFromBytes(key);
  }
  if (source.env !== undefined) {
    const text = environment[source.env];
    if (text === undefined || text.trim() === '') {
      throw new ServerError('MASTER_KEY_MISSING', `environment variable ${source.env} is not set; it must hold the master key`);
    }
    const key = parseMasterKeyText(text);
    if (key === undefined) throw new ServerError('MASTER_KEY_INVALID', `environment variable ${source.env} does not hold a key of ${expected}`);
    return masterKeyFromBytes(key);
  }
  throw new ServerError('MASTER_KEY_MISSING', 'no master key: give a master key file or an environment variable holding it');
}
