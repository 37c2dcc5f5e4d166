import { describe, expect, it } from 'vitest';
import type { ConnectionPlan } from './plan.js';
import { PoolRegistry } from './registry.js';

const plan = (key: string): ConnectionPlan => ({
  key,
  connector: { tls: null, tunnel: null, connectTimeoutMs: 1000, keyLog: null },
  dispatchOrigin: 'http://127.0.0.1:1',
  absoluteForm: false,
});

describe('PoolRegistry', () => {
  it('gives one agent per connection profile', async () => {
    const pools = new PoolRegistry({ maxProfiles: 4, connectionsPerOrigin: 2, keepAliveTimeoutMs: 1000 });
    expect(pools.agentFor(plan('a'))).toBe(pools.agentFor(plan('a')));
    expect(pools.agentFor(plan('a'))).not.toBe(pools.agentFor(plan('b')));
    await pools.close();
  });

  it('is bounded: the least recently used profile is closed', async () => {
    const pools = new PoolRegistry({ maxProfiles: 2, connectionsPerOrigin: 2, keepAliveTimeoutMs: 1000 });
    const a = pools.agentFor(plan('a'));
    const b = pools.agentFor(plan('b'));
    pools.agentFor(plan('a')); // a is now the most recent
    pools.agentFor(plan('c'));
    expect(pools.size).toBe(2);
    await new Promise((r) => setTimeout(r, 10));
    expect(b.closed).toBe(true);
    expect(a.closed).toBe(false);
    await pools.close();
    expect(a.closed || a.destroyed).toBe(true);
  });
});
