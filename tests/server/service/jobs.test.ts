/**
 * The housekeeping jobs against the real services on both databases: one pass runs the audit prune and
 * the API key sweep (each records its run) and removes ended rate-limit windows; a failing job is logged
 * and does not stop the others; running the pass twice (as two processes would) is harmless.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../src/server/compose.js';
import { createRateLimiter } from '../../../src/server/http/rate-limit.js';
import { housekeepingJobs, startJobs, type JobLogger } from '../../../src/server/jobs.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from '../support/context.js';

function memoryLog(): JobLogger & { warnings: unknown[] } {
  const warnings: unknown[] = [];
  return { warnings, info: () => undefined, debug: () => undefined, warn: (obj: unknown) => void warnings.push(obj) } as JobLogger & { warnings: unknown[] };
}

describe.each(DATABASE_KINDS)('housekeeping jobs on %s', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await openTestContext(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs every job once, records the runs, and prunes ended rate-limit windows', async () => {
    const services = createServices(t.ctx);
    const limiter = createRateLimiter(t.ctx.db, t.ctx.clock, 60);
    await limiter.hit([{ key: 'ip:192.0.2.1', limit: 100, what: 'requests' }]);
    t.clock.advance(5 * 60_000);
    const log = memoryLog();
    const jobs = startJobs(
      housekeepingJobs({ pruneAudit: () => services.audit.pruneExpired(), expireApiKeys: () => services.apiKeys.expireInactiveKeys(), pruneRateLimits: () => limiter.prune(), rateLimitWindowMs: 60_000 }),
      log,
      { timers: false },
    );
    await jobs.runAll();
    await jobs.runAll();
    await jobs.stop();
    expect(log.warnings).toEqual([]);
    const runs = await t.ctx.db.selectFrom('job_runs').select(['job', 'finished_at']).execute();
    const finished = (job: string) => runs.filter((r) => r.job === job && r.finished_at !== null).length;
    expect(finished('api_keys.expire')).toBe(2);
    expect(runs.filter((r) => r.job !== 'api_keys.expire' && r.finished_at !== null).length).toBeGreaterThanOrEqual(2);
    expect(await t.ctx.db.selectFrom('rate_limits').selectAll().where('key', '=', 'ip:192.0.2.1').execute()).toEqual([]);
  });

  it('logs a failing job and still runs the others', async () => {
    const log = memoryLog();
    let ran = 0;
    const jobs = startJobs(
      [
        { name: 'broken', intervalMs: 1000, initialDelayMs: 1000, run: async () => Promise.reject(new Error('disk on fire\nsecond line')) },
        { name: 'fine', intervalMs: 1000, initialDelayMs: 1000, run: async () => (ran += 1) },
      ],
      log,
      { timers: false },
    );
    await jobs.runAll();
    await jobs.stop();
    expect(ran).toBe(1);
    expect(log.warnings).toEqual([{ job: 'broken', error: 'disk on fire' }]);
  });
});
