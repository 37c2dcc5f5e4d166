/**
 * Bad input through the whole composed app, on both databases: oversized bodies (413), malformed JSON
 * (400), unknown fields (400 naming the field), wrong types, wrong Content-Type (415) — each in the one
 * JSON error shape — and nothing half-written: a refused sign-up leaves no user behind.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../../src/server/compose.js';
import { DATABASE_KINDS, openTestContext, type TestContext } from '../support/context.js';
import { freshEmail, PASSWORD } from './flows.js';

const BODY_LIMIT = 4096;

function expectErrorShape(body: unknown, code: string): { code: string; message: string; field?: string } {
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
  const error = (body as { error: { code: string; message: string; field?: string } }).error;
  expect(error.message).not.toMatch(/\n|\bat .*:\d+:\d+/);
  return error;
}

describe.each(DATABASE_KINDS)('bad input on %s', (kind) => {
  let t: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await openTestContext(kind);
    app = await createServerApp(t.ctx, { bodyLimit: BODY_LIMIT, rateLimit: null });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const userCount = async (email: string) => Number((await t.ctx.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('email', '=', email).executeTakeFirstOrThrow()).n);

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const email = freshEmail();
    const response = await app.inject({ method: 'POST', url: '/auth/sign-up', payload: { email, name: 'x'.repeat(BODY_LIMIT), password: PASSWORD } });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expectErrorShape(response.json(), 'PAYLOAD_TOO_LARGE');
    expect(await userCount(email)).toBe(0);
  });

  it('refuses malformed JSON with 400 naming the body', async () => {
    const response = await app.inject({ method: 'POST', url: '/auth/sign-up', headers: { 'content-type': 'application/json' }, payload: '{"email": "a@b.c", ' });
    expect(response.statusCode).toBe(400);
    const error = expectErrorShape(response.json(), 'BAD_REQUEST');
    expect(error.field).toBe('body');
    expect(error.message).toMatch(/^Malformed JSON body/);
  });

  it('refuses an unknown field with 400 naming it, and writes nothing', async () => {
    const email = freshEmail();
    const response = await app.inject({ method: 'POST', url: '/auth/sign-up', payload: { email, name: 'Ann', password: PASSWORD, isAdmin: true } });
    expect(response.statusCode).toBe(400);
    const error = expectErrorShape(response.json(), 'VALIDATION');
    expect(error.field).toBe('isAdmin');
    expect(error.message).toContain('"isAdmin"');
    expect(await userCount(email)).toBe(0);
  });

  it('refuses a wrong type with 400 naming the field', async () => {
    const response = await app.inject({ method: 'POST', url: '/auth/sign-in', payload: { email: freshEmail(), password: 12345 } });
    expect(response.statusCode).toBe(400);
    expect(expectErrorShape(response.json(), 'VALIDATION').field).toBe('password');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await app.inject({ method: 'POST', url: '/auth/sign-in', headers: { 'content-type': 'text/plain' }, payload: 'email=a@b.c&password=x' });
    expect(response.statusCode).toBe(415);
    expectErrorShape(response.json(), 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown route with 404 in the same shape', async () => {
    const response = await app.inject({ url: '/no/such/route' });
    expect(response.statusCode).toBe(404);
    expectErrorShape(response.json(), 'NOT_FOUND');
  });
});
