import { describe, expect, it } from 'vitest';
import { DAY_MS, effectiveExpiryDays, keyState, LAST_USED_RESOLUTION_MS, shouldRecordUse } from './policy.js';

const T0 = Date.UTC(2026, 0, 1);
const fresh = { createdAt: T0, lastUsedAt: null, expiresAfterDays: 30, revokedAt: null, revokeReason: null };

describe('API key policy', () => {
  it("lets the team's period replace the owner's, longer or shorter, and falls back to the owner's", () => {
    expect(effectiveExpiryDays(10, 90)).toBe(10);
    expect(effectiveExpiryDays(60, 5)).toBe(60);
    expect(effectiveExpiryDays(null, 5)).toBe(5);
    expect(effectiveExpiryDays(null, null)).toBeNull();
  });

  it('counts inactivity from the last use, or from creation when never used', () => {
    expect(keyState(fresh, null, T0 + 30 * DAY_MS - 1)).toMatchObject({ status: 'active', expiresAt: T0 + 30 * DAY_MS });
    expect(keyState(fresh, null, T0 + 30 * DAY_MS)).toMatchObject({ status: 'expired', statusReason: 'expired_inactivity' });
    const used = { ...fresh, lastUsedAt: T0 + 20 * DAY_MS };
    expect(keyState(used, null, T0 + 40 * DAY_MS)).toMatchObject({ status: 'active', expiresAt: T0 + 50 * DAY_MS });
    expect(keyState({ ...fresh, expiresAfterDays: null }, null, T0 + 10_000 * DAY_MS)).toMatchObject({ status: 'active', expiresAt: null });
  });

  it('reports recorded revocations with their reason', () => {
    expect(keyState({ ...fresh, revokedAt: T0, revokeReason: 'expired_inactivity' }, null, T0)).toMatchObject({ status: 'expired', statusReason: 'expired_inactivity' });
    expect(keyState({ ...fresh, revokedAt: T0, revokeReason: 'member_removed' }, null, T0)).toMatchObject({ status: 'revoked', statusReason: 'member_removed' });
    expect(keyState({ ...fresh, revokedAt: T0, revokeReason: 'something odd' }, null, T0)).toMatchObject({ status: 'revoked', statusReason: 'revoked' });
  });

  it('writes the last use at most once per resolution window', () => {
    expect(shouldRecordUse(null, T0)).toBe(true);
    expect(shouldRecordUse(T0, T0 + LAST_USED_RESOLUTION_MS - 1)).toBe(false);
    expect(shouldRecordUse(T0, T0 + LAST_USED_RESOLUTION_MS)).toBe(true);
  });
});
