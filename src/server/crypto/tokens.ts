/**
 * Opaque bearer tokens (sessions `pss_`, sign-in challenges, …): a prefix naming the kind plus 32 random
 * bytes. Only the SHA-256 hash is stored, so a database leak yields no usable token; lookups are by hash.
 */
import { createHash, randomBytes } from 'node:crypto';

export const OPAQUE_TOKEN_BYTES = 32;

export function newOpaqueToken(prefix: string): { token: string; hash: string } {
  const token = prefix + randomBytes(OPAQUE_TOKEN_BYTES).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** SHA-256 hex of the token's UTF-8 bytes. Tokens carry 256 bits of entropy, so no salt or slow hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
