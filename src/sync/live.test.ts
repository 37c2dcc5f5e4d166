import { describe, expect, it } from 'vitest';
import { backoffDelay } from './live.js';

describe('reconnection backoff', () => {
  it('doubles per attempt, is capped, and keeps its jitter within the upper half of the step', () => {
    const low = (attempt: number) => backoffDelay(attempt, 500, 30_000, () => 0);
    const high = (attempt: number) => backoffDelay(attempt, 500, 30_000, () => 0.999999);
    expect([0, 1, 2, 3].map(low)).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map(high)).toEqual([500, 1000, 2000, 4000]);
    expect(low(20)).toBe(15_000);
    expect(high(20)).toBe(30_000);
    expect(high(10_000)).toBe(30_000);
  });

  it('spreads clients dropped at once over the step', () => {
    const delays = new Set(Array.from({ length: 50 }, (_, i) => backoffDelay(4, 500, 30_000, () => i / 50)));
    expect(delays.size).toBe(50);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(4000);
  });
});
