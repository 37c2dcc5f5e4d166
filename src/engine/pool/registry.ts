import { Agent } from 'undici';
import { createConnector } from '../connect/connector.js';
import type { ConnectionPlan } from './plan.js';

export interface PoolLimits {
  /** Distinct connection profiles kept at once; the least recently used is closed beyond this. */
  readonly maxProfiles: number;
  /** Connections per origin within one profile. */
  readonly connectionsPerOrigin: number;
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { maxProfiles: 32, connectionsPerOrigin: 16, keepAliveTimeoutMs: 10_000 };

/**
 * Pooled connections, one undici Agent per connection profile (TLS settings, client certificate,
 * trust store, proxy). A connection is only ever reused by a request with the same profile, so a
 * request never rides on a handshake made with weaker settings or another certificate.
 */
export class PoolRegistry {
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly limits: PoolLimits = DEFAULT_POOL_LIMITS) {}

  agentFor(plan: ConnectionPlan): Agent {
    const existing = this.agents.get(plan.key);
    if (existing) {
      // Re-insert to mark it most recently used.
      this.agents.delete(plan.key);
      this.agents.set(plan.key, existing);
      return existing;
    }
    const agent = new Agent({
      connect: createConnector(plan.connector),
      connections: this.limits.connectionsPerOrigin,
      keepAliveTimeout: this.limits.keepAliveTimeoutMs,
      // The engine enforces its own request timeout; undici's would cut long downloads short.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.agents.set(plan.key, agent);
    while (this.agents.size > this.limits.maxProfiles) {
      const [oldestKey, oldest] = this.agents.entries().next().value as [string, Agent];
      this.agents.delete(oldestKey);
      void oldest.close().catch(() => undefined);
    }
    return agent;
  }

  get size(): number {
    return this.agents.size;
  }

  async close(): Promise<void> {
    const all = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(all.map((agent) => agent.destroy().catch(() => undefined)));
  }
}
