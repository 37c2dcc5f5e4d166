/**
 * Structured logs carry no secrets: the whole log stream of a session (sign-up, sign-in, a failed
 * sign-in, an API key made and used, at trace level) is captured, and neither the password, the session
 * token nor the API key appears in it; objects logged with secret fields come out redacted.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../../src/server/compose.js';
import { REDACTED } from '../../../src/server/logger.js';
import { openTestContext, type TestContext } from '../support/context.js';
import { freshEmail, newApiKey, newTeam, PASSWORD, signedInUser } from './flows.js';

describe('log redaction', () => {
  let t: TestContext;
  let app: FastifyInstance;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await openTestContext('sqlite');
    app = await createServerApp(t.ctx, { rateLimit: null, logLevel: 'trace', logDestination: { write: (line) => void lines.push(line) } });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('never writes a password, a session token or an API key', async () => {
    const email = freshEmail();
    const token = await signedInUser(app, email, PASSWORD);
    const wrong = await app.inject({ method: 'POST', url: '/auth/sign-in', payload: { email, password: `${PASSWORD}-wrong` } });
    expect(wrong.statusCode).toBe(401);
    const teamId = await newTeam(app, token);
    const key = await newApiKey(app, token, teamId);
    const byHeader = await app.inject({ url: '/audit/actions', headers: { 'x-api-key': key, cookie: `session=${token}` } });
    const byBearer = await app.inject({ url: '/me/api-keys', headers: { authorization: `Bearer ${token}` } });
    expect([byHeader.statusCode, byBearer.statusCode]).not.toContain(500);

    // Whatever a handler might log: request-shaped objects and bodies, nested a few levels.
    app.log.info({ req: { headers: { authorization: `Bearer ${token}`, 'x-api-key': key, cookie: `s=${token}` } } }, 'request with credentials');
    app.log.info({ body: { email, password: PASSWORD, newPassword: PASSWORD, currentPassword: PASSWORD } }, 'a body');
    app.log.warn({ user: { signIn: { token, code: '123456', recoveryCode: 'abcd-efgh', challenge: 'chl_x' } }, key, secret: 'totp-secret' }, 'nested');

    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(text).toContain('incoming request');
    expect(text).toContain(email);
    for (const secret of [PASSWORD, token, key, '123456', 'abcd-efgh', 'totp-secret']) expect(text).not.toContain(secret);
    const body = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'a body');
    expect(body).toMatchObject({ body: { email, password: REDACTED, newPassword: REDACTED, currentPassword: REDACTED }, level: 'info' });
  });
});
