/**
 * Rate limits as fixed-window counters in the database (`rate_limits`), so every server process over one
 * database counts into the same windows. One upsert per check counts the hit and returns the new count:
 * `INSERT … ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count`, which
 * SQLite (3.35+) and PostgreSQL both run atomically.
 *
 * Limits: per client IP on every route; stricter per IP on /auth/*, and per email named in an /auth/*
 * body (so one account cannot be hammered from many addresses); per signed-in user once the guard has
 * resolved the caller. Counting happens before anything else runs, so a refused request does no work.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/index.js';
import { ServerError } from '../errors.js';
import type { RequestGate } from './app.js';

export interface RateLimitPolicy {
  readonly windowSeconds: number;
  /** 0 turns a limit off. */
  readonly perIp: number;
  readonly authPerIp: number;
  readonly perAccount: number;
}

export interface RateCheck {
  /** Unique within one call. */
  readonly key: string;
  readonly limit: number;
  /** Names the limit in the error, e.g. "requests from your address". */
  readonly what: string;
}

export interface RateLimiter {
  readonly windowMs: number;
  /** Counts one hit on every key; throws RATE_LIMITED (with Retry-After) when any went over its limit. */
  hit(checks: readonly RateCheck[]): Promise<void>;
  /** Deletes windows that have ended; returns how many rows went. */
  prune(): Promise<number>;
}

export function createRateLimiter(db: Kysely<Database>, clock: () => number, windowSeconds: number): RateLimiter {
  const windowMs = windowSeconds * 1000;
  return {
    windowMs,
    async hit(checks) {
      if (checks.length === 0) return;
      const now = clock();
      const windowStart = now - (now % windowMs);
      const rows = await db
        .insertInto('rate_limits')
        .values(checks.map((c) => ({ key: c.key, window_start: windowStart, count: 1 })))
        .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ count: sql<number>`${sql.ref('rate_limits.count')} + 1` }))
        .returning(['key', 'count'])
        .execute();
      for (const check of checks) {
        const count = Number(rows.find((r) => r.key === check.key)?.count ?? 0);
        if (count > check.limit) {
          const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
          throw new ServerError('RATE_LIMITED', `Too many ${check.what}: at most ${check.limit} per ${windowSeconds} s; retry in ${retryAfterSeconds} s`, {
            retryAfterSeconds,
            details: { limit: check.limit, windowSeconds, retryAfterSeconds },
          });
        }
      }
    },
    async prune() {
      const now = clock();
      // The window before the current one is kept: a process whose clock lags a little still counts into it.
      const cutoff = now - (now % windowMs) - windowMs;
      const result = await db.deleteFrom('rate_limits').where('window_start', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export interface RateLimitGateOptions {
  /** Path prefixes that get the stricter authentication limits (default `/auth/`). */
  readonly authPrefixes?: readonly string[];
  /** Paths never limited: probes must answer even when a client floods the server. */
  readonly exempt?: readonly string[];
}

export interface RateLimitGates {
  /** Per IP (and per email on auth routes): before the guard, so a flood never reaches the database's users. */
  readonly gates: readonly RequestGate[];
  /** Per signed-in user: after the guard, which knows who is calling. */
  readonly principalGates: readonly RequestGate[];
}

export function rateLimitGates(limiter: RateLimiter, policy: RateLimitPolicy, options: RateLimitGateOptions = {}): RateLimitGates {
  const authPrefixes = options.authPrefixes ?? ['/auth/'];
  const exempt = new Set(options.exempt ?? ['/healthz', '/readyz']);
  const isAuth = (path: string): boolean => authPrefixes.some((prefix) => path.startsWith(prefix));

  const byAddress: RequestGate = (app: FastifyInstance) => {
    app.addHook('onRequest', async (request) => {
      const path = pathOf(request);
      if (exempt.has(path)) return;
      const ip = request.ip ?? 'unknown';
      const checks: RateCheck[] = [];
      if (policy.perIp > 0) checks.push({ key: `ip:${ip}`, limit: policy.perIp, what: 'requests from your address' });
      if (policy.authPerIp > 0 && isAuth(path)) checks.push({ key: `auth-ip:${ip}`, limit: policy.authPerIp, what: 'sign-in requests from your address' });
      await limiter.hit(checks);
    });
    // After the body is parsed, before it is validated: a malformed attempt still counts.
    app.addHook('preValidation', async (request) => {
      if (policy.authPerIp <= 0 || !isAuth(pathOf(request))) return;
      const email = emailOf(request.body);
      if (email === null) return;
      await limiter.hit([{ key: `auth-email:${digest(email)}`, limit: policy.authPerIp, what: 'sign-in requests for this account' }]);
    });
  };

  const byAccount: RequestGate = (app: FastifyInstance) => {
    app.addHook('preHandler', async (request) => {
      const principal = request.access?.principal ?? null;
      if (policy.perAccount <= 0 || principal === null || exempt.has(pathOf(request))) return;
      await limiter.hit([{ key: `user:${principal.userId}`, limit: policy.perAccount, what: 'requests for your account' }]);
    });
  };

  return { gates: [byAddress], principalGates: [byAccount] };
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

function emailOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const email = (body as Record<string, unknown>)['email'];
  if (typeof email !== 'string') return null;
  const normalised = email.trim().toLowerCase();
  return normalised === '' || normalised.length > 320 ? null : normalised;
}

/** Emails are counted by hash: the table never holds who tried to sign in. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 32);
}
