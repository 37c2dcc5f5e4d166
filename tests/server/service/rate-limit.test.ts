/**
 * Rate limits over the real database on both kinds: per IP, per IP on /auth/*, per email signing in and
 * per signed-in user; 429 RATE_LIMITED with Retry-After; counters shared by two apps over one database
 * (as two processes would be); old windows pruned. Time moves with the test clock, never by sleeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Authenticators, Principal } from '../../../src/server/http/access.js';
import { buildApp, type RoutePlugin } from '../../../src/server/http/app.js';
import { createRateLimiter, rateLimitGates, type RateLimitPolicy } from '../../../src/server/http/rate-limit.js';
import { ServerError } from '../../../src/server/errors.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from '../support/context.js';

/** Stand-in authenticators: a bearer token `user:<id>` is that user's session. */
const authenticators: Authenticators = {
  async session(token) {
    if (!token.startsWith('user:')) throw new ServerError('UNAUTHENTICATED', 'unknown session');
    const userId = token.slice('user:'.length);
    const principal: Principal = { kind: 'session', userId, email: `${userId}@example.com`, sessionId: `ses_${userId}`, stage: 'full' };
    return principal;
  },
  async apiKey() {
    throw new ServerError('API_KEY_INVALID', 'no keys here');
  },
  async teamAccess() {
    return null;
  },
};

const routes: RoutePlugin = (app) => {
  app.get('/ping', { config: { access: { kind: 'public' } } }, async () => ({ ok: true }));
  app.get('/healthz', { config: { access: { kind: 'public' } } }, async () => ({ ok: true }));
  app.get('/mine', { config: { access: { kind: 'user' } } }, async () => ({ ok: true }));
  app.post(
    '/auth/sign-in',
    { config: { access: { kind: 'public' } }, schema: { body: z.strictObject({ email: z.string(), password: z.string() }) } },
    async () => ({ ok: true }),
  );
};

async function appFor(t: TestContext, policy: RateLimitPolicy) {
  const limiter = createRateLimiter(t.ctx.db, t.ctx.clock, policy.windowSeconds);
  const gates = rateLimitGates(limiter, policy);
  const app = await buildApp(authenticators, [routes], { gates: gates.gates, principalGates: gates.principalGates, trustProxy: true });
  return { app, limiter };
}

let counter = 0;
/** A fresh client address per test: tests share one database and its counters. */
function freshIp(): string {
  counter += 1;
  return `10.${Math.floor(counter / 250)}.${counter % 250}.${Math.floor(Math.random() * 250)}`;
}

describe.each(DATABASE_KINDS)('rate limits on %s', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await openTestContext(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After once an address passes its limit, and lets it through in the next window', async () => {
    const { app } = await appFor(t, { windowSeconds: 60, perIp: 3, authPerIp: 0, perAccount: 0 });
    const ip = freshIp();
    // Start at a known point of the window so Retry-After is predictable.
    t.clock.set(Math.ceil(t.clock() / 60_000) * 60_000 + 15_000);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.inject({ url: '/ping', headers: { 'x-forwarded-for': ip } })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await app.inject({ url: '/ping', headers: { 'x-forwarded-for': ip } });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(refused.json().error.message).toMatch(/at most 3 per 60 s/);
    // Another address is not affected; probes are never limited.
    expect((await app.inject({ url: '/ping', headers: { 'x-forwarded-for': freshIp() } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/healthz', headers: { 'x-forwarded-for': ip } })).statusCode).toBe(200);
    t.clock.advance(45_000);
    expect((await app.inject({ url: '/ping', headers: { 'x-forwarded-for': ip } })).statusCode).toBe(200);
    await app.close();
  });

  it('limits /auth/* more strictly per address, and per email across addresses', async () => {
    const { app } = await appFor(t, { windowSeconds: 60, perIp: 100, authPerIp: 2, perAccount: 0 });
    const signIn = (ip: string, email: string) =>
      app.inject({ method: 'POST', url: '/auth/sign-in', headers: { 'x-forwarded-for': ip }, payload: { email, password: 'pw' } });
    const ip = freshIp();
    expect((await signIn(ip, `a${counter}@example.com`)).statusCode).toBe(200);
    expect((await signIn(ip, `b${counter}@example.com`)).statusCode).toBe(200);
    const third = await signIn(ip, `c${counter}@example.com`);
    expect(third.statusCode).toBe(429);
    expect(third.json().error.message).toMatch(/sign-in requests from your address/);
    // The same address may still use other routes.
    expect((await app.inject({ url: '/ping', headers: { 'x-forwarded-for': ip } })).statusCode).toBe(200);

    // One account tried from many addresses: the email's own counter stops it (case and spaces ignored).
    const victim = `victim${counter}@example.com`;
    expect((await signIn(freshIp(), victim)).statusCode).toBe(200);
    expect((await signIn(freshIp(), ` ${victim.toUpperCase()} `)).statusCode).toBe(200);
    const blocked = await signIn(freshIp(), victim);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.message).toMatch(/for this account/);
    expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
    await app.close();
  });

  it('limits a signed-in user across addresses', async () => {
    const { app } = await appFor(t, { windowSeconds: 60, perIp: 100, authPerIp: 0, perAccount: 2 });
    const user = `usr_${counter}_${Math.random().toString(36).slice(2)}`;
    const call = () => app.inject({ url: '/mine', headers: { authorization: `Bearer user:${user}`, 'x-forwarded-for': freshIp() } });
    expect((await call()).statusCode).toBe(200);
    expect((await call()).statusCode).toBe(200);
    const refused = await call();
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.message).toMatch(/for your account/);
    await app.close();
  });

  it('shares one count between two apps over the same database, and prunes ended windows', async () => {
    const policy = { windowSeconds: 60, perIp: 2, authPerIp: 0, perAccount: 0 };
    const first = await appFor(t, policy);
    const second = await appFor(t, policy);
    const ip = freshIp();
    expect((await first.app.inject({ url: '/ping', headers: { 'x-forwarded-for': ip } })).statusCode).toBe(200);
    expect((await second.app.inject({ url: '/ping', headers: { 'x-forwarded-for': ip } })).statusCode).toBe(200);
    expect((await first.app.inject({ url: '/ping', headers: { 'x-forwarded-for': ip } })).statusCode).toBe(429);

    const rowsFor = async () => (await t.ctx.db.selectFrom('rate_limits').select('count').where('key', '=', `ip:${ip}`).execute()).map((r) => Number(r.count));
    expect(await rowsFor()).toEqual([3]);
    t.clock.advance(60_000);
    // One window later the previous window is still kept (a lagging clock elsewhere may count into it).
    await first.limiter.prune();
    expect(await rowsFor()).toEqual([3]);
    t.clock.advance(120_000);
    expect(await first.limiter.prune()).toBeGreaterThan(0);
    expect(await rowsFor()).toEqual([]);
    await first.app.close();
    await second.app.close();
  });
});
