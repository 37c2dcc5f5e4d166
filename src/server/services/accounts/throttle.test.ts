import { describe, expect, it } from 'vitest';
import { afterFailure, FAILURE_WINDOW_MS, lockDuration, lockRemaining, LOCKOUT_MEMORY_MS, type ThrottleState } from './throttle.js';

function fail(times: number, start: ThrottleState | null, now: number): { state: ThrottleState | null; locks: number } {
  let state = start;
  let locks = 0;
  for (let i = 0; i < times; i++) {
    const { next, locked } = afterFailure(state, now);
    state = next;
    if (locked) locks++;
  }
  return { state, locks };
}

describe('login throttle state', () => {
  it('locks on the fifth failure within the window, for one minute', () => {
    const four = fail(4, null, 1_000);
    expect(four.locks).toBe(0);
    expect(lockRemaining(four.state, 1_000)).toBe(0);
    const { next, locked } = afterFailure(four.state, 2_000);
    expect(locked).toBe(true);
    expect(next.lockedUntil).toBe(62_000);
    expect(lockRemaining(next, 2_000)).toBe(60_000);
    expect(lockRemaining(next, 62_000)).toBe(0);
  });

  it('starts a new window after 15 minutes', () => {
    const four = fail(4, null, 0);
    const { next, locked } = afterFailure(four.state, FAILURE_WINDOW_MS);
    expect(locked).toBe(false);
    expect(next.failures).toBe(1);
  });

  it('doubles each lock up to one hour, and forgets lockouts after a quiet day', () => {
    expect([0, 1, 2, 5, 6, 7, 50].map(lockDuration)).toEqual([60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
    const first = fail(5, null, 0).state;
    expect(first?.lockouts).toBe(1);
    const second = fail(5, first, 60_000).state;
    expect(second?.lockedUntil).toBe(60_000 + 120_000);
    const later = (second?.lockedUntil ?? 0) + LOCKOUT_MEMORY_MS;
    const third = fail(5, second, later).state;
    expect(third?.lockedUntil).toBe(later + 60_000);
  });
});
