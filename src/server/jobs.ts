/**
 * Periodic housekeeping: audit retention pruning (daily), the API key inactivity sweep (hourly) and
 * removal of ended rate-limit windows. Every process runs them; each job is idempotent and safe to run
 * concurrently (its work is guarded in SQL: an UPDATE/DELETE matches a row once), so several processes
 * only repeat a little harmless work. A job's runs never overlap within a process; a failure is logged
 * and the job tries again at its next turn.
 */
import type { FastifyBaseLogger } from 'fastify';

export interface JobSpec {
  readonly name: string;
  readonly intervalMs: number;
  /** First run after this long (spread a little so processes started together do not run in step). */
  readonly initialDelayMs: number;
  /** Returns something worth logging (a count), or nothing. */
  run(): Promise<unknown>;
}

export interface JobScheduler {
  /** Runs every job once now, one after another, and waits (tests and `postern server` tools). */
  runAll(): Promise<void>;
  /** Cancels future runs and waits for runs in progress. */
  stop(): Promise<void>;
}

export type JobLogger = Pick<FastifyBaseLogger, 'info' | 'warn' | 'debug'>;

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export function startJobs(specs: readonly JobSpec[], log: JobLogger, options: { readonly timers?: boolean } = {}): JobScheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  const runOnce = (spec: JobSpec): Promise<void> => {
    const inFlight = running.get(spec.name);
    if (inFlight !== undefined) return inFlight;
    const run = (async () => {
      try {
        const result = await spec.run();
        log.debug({ job: spec.name, result }, 'job finished');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.warn({ job: spec.name, error: message.split('\n')[0] }, 'job failed; it runs again at its next turn');
      } finally {
        running.delete(spec.name);
      }
    })();
    running.set(spec.name, run);
    return run;
  };

  const schedule = (spec: JobSpec, delayMs: number): void => {
    if (stopped) return;
    const timer = setTimeout(() => {
      void runOnce(spec).then(() => schedule(spec, spec.intervalMs));
    }, delayMs);
    // Jobs never keep the process alive on their own.
    timer.unref();
    timers.set(spec.name, timer);
  };

  if (options.timers !== false) {
    for (const spec of specs) schedule(spec, spec.initialDelayMs + Math.floor(Math.random() * Math.min(spec.initialDelayMs, 30_000)));
  }

  return {
    async runAll() {
      for (const spec of specs) await runOnce(spec);
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running.values()]);
    },
  };
}

export interface HousekeepingSources {
  /** Audit retention: deletes entries past the plan's retention, records that it ran. */
  readonly pruneAudit: () => Promise<unknown>;
  readonly expireApiKeys: () => Promise<number>;
  /** null when rate limits are off. */
  readonly pruneRateLimits: (() => Promise<number>) | null;
  /** The rate-limit window, so its cleanup runs about once per window. */
  readonly rateLimitWindowMs: number;
}

export function housekeepingJobs(sources: HousekeepingSources): JobSpec[] {
  const jobs: JobSpec[] = [
    { name: 'audit.prune', intervalMs: DAY_MS, initialDelayMs: 60_000, run: sources.pruneAudit },
    { name: 'api_keys.expire', intervalMs: HOUR_MS, initialDelayMs: 30_000, run: sources.expireApiKeys },
  ];
  const pruneRateLimits = sources.pruneRateLimits;
  if (pruneRateLimits !== null) {
    const every = Math.max(60_000, Math.min(sources.rateLimitWindowMs, HOUR_MS));
    jobs.push({ name: 'rate_limits.prune', intervalMs: every, initialDelayMs: every, run: pruneRateLimits });
  }
  return jobs;
}
