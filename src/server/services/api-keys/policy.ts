/**
 * The API key lifecycle rules, pure: which inactivity period applies, when a key stops working, and what
 * state a stored key is in. The request path, the sweep and the listings all decide through here, so they
 * cannot disagree about whether a key is expired.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** last_used_at is refreshed at most this often per key, so the hot path is usually one read. */
export const LAST_USED_RESOLUTION_MS = 60 * 1000;

/** Longest inactivity period an owner may choose (the team setting has the same bound). */
export const MAX_EXPIRY_DAYS = 3650;

/** Why a key stopped working, as stored in `api_keys.revoke_reason`. */
export const REVOKE_REASONS = ['revoked', 'expired_inactivity', 'member_removed'] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];

export type KeyStatus = 'active' | 'revoked' | 'expired';

/**
 * The inactivity period in force: the team's when set ("overrides" means it replaces the owner's, whether
 * longer or shorter), else the owner's, else none.
 */
export function effectiveExpiryDays(teamDays: number | null, ownerDays: number | null): number | null {
  return teamDays ?? ownerDays ?? null;
}

/** Inactivity counts from the last use, or from creation for a key never used. */
export function lastActivityAt(key: { readonly createdAt: number; readonly lastUsedAt: number | null }): number {
  return key.lastUsedAt ?? key.createdAt;
}

/** When the key stops working if left unused from now on; null when no period applies. */
export function inactivityDeadline(lastActivity: number, days: number | null): number | null {
  return days === null ? null : lastActivity + days * DAY_MS;
}

/** The latest last activity a key may have and still be expired at `now` under a period of `days`. */
export function expiryCutoff(now: number, days: number): number {
  return now - days * DAY_MS;
}

export function isPastDeadline(deadline: number | null, now: number): boolean {
  return deadline !== null && now >= deadline;
}

/** Whether a read of last_used_at is stale enough that this use should be written. */
export function shouldRecordUse(lastUsedAt: number | null, now: number): boolean {
  return lastUsedAt === null || now - lastUsedAt >= LAST_USED_RESOLUTION_MS;
}

export function isRevokeReason(value: unknown): value is RevokeReason {
  return typeof value === 'string' && (REVOKE_REASONS as readonly string[]).includes(value);
}

export interface KeyState {
  readonly status: KeyStatus;
  /** Why it is not active; null while active. */
  readonly statusReason: RevokeReason | null;
  readonly effectiveExpiryDays: number | null;
  /** When it stops (or stopped) working through inactivity; null when no period applies or it was revoked. */
  readonly expiresAt: number | null;
}

export interface StoredKeyFacts {
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly expiresAfterDays: number | null;
  readonly revokedAt: number | null;
  readonly revokeReason: string | null;
}

/**
 * The state of a stored key at `now`. A key past its deadline that no request or sweep has recorded yet
 * already counts as expired: the next use would fail.
 */
export function keyState(key: StoredKeyFacts, teamDays: number | null, now: number): KeyState {
  const days = effectiveExpiryDays(teamDays, key.expiresAfterDays);
  if (key.revokedAt !== null) {
    const reason = isRevokeReason(key.revokeReason) ? key.revokeReason : 'revoked';
    return { status: reason === 'expired_inactivity' ? 'expired' : 'revoked', statusReason: reason, effectiveExpiryDays: days, expiresAt: null };
  }
  const expiresAt = inactivityDeadline(lastActivityAt(key), days);
  if (isPastDeadline(expiresAt, now)) return { status: 'expired', statusReason: 'expired_inactivity', effectiveExpiryDays: days, expiresAt };
  return { status: 'active', statusReason: null, effectiveExpiryDays: days, expiresAt };
}
