import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes (256 bits) as base64url: 43 characters, all valid in a WebSocket subprotocol token. */
export function generateAgentToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A token must be long enough to be unguessable and made of characters a subprotocol name may carry. */
export function isUsableAgentToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{32,512}$/.test(token);
}

/**
 * Compare in constant time. Both sides are hashed first so the comparison never depends on where the
 * strings differ, nor on their lengths.
 */
export function tokensMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined || presented === '') return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer TOKEN` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return match?.[1];
}
