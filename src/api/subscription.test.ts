import { describe, expect, it } from 'vitest';
import { PosternCallError } from './contract.js';
import { makeSubscription } from './subscription.js';

describe('makeSubscription', () => {
  it('stops once however often it is called, and is ready at once by default', async () => {
    let stops = 0;
    const subscription = makeSubscription(() => void (stops += 1));
    await expect(subscription.ready).resolves.toBeUndefined();
    subscription();
    subscription();
    expect(stops).toBe(1);
  });

  it('passes a rejection on to whoever awaits ready, without an unhandled rejection for whoever does not', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const failed = makeSubscription(() => undefined, Promise.reject(new PosternCallError({ code: 'AGENT_UNREACHABLE', message: 'gone' })));
      makeSubscription(() => undefined, Promise.reject(new PosternCallError({ code: 'AGENT_UNREACHABLE', message: 'nobody waits' })));
      await expect(failed.ready).rejects.toMatchObject({ code: 'AGENT_UNREACHABLE' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
