/** Small HTTP flows the service tests share: sign up and in, make a team, make an API key. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export const PASSWORD = 'correct horse battery staple 42';

export function freshEmail(tag = 'user'): string {
  return `${tag}-${randomBytes(6).toString('hex')}@example.com`;
}

/** Signs a new user up and in; returns the session token. */
export async function signedInUser(app: FastifyInstance, email = freshEmail(), password = PASSWORD): Promise<string> {
  const signUp = await app.inject({ method: 'POST', url: '/auth/sign-up', payload: { email, name: 'Test User', password } });
  expect(signUp.statusCode, signUp.body).toBe(202);
  const signIn = await app.inject({ method: 'POST', url: '/auth/sign-in', payload: { email, password } });
  expect(signIn.statusCode, signIn.body).toBe(200);
  const body = signIn.json<{ status: string; token?: string }>();
  expect(body.status).toBe('signed_in');
  return body.token ?? '';
}

export async function newTeam(app: FastifyInstance, token: string, name = `Team ${randomBytes(3).toString('hex')}`): Promise<string> {
  const created = await app.inject({ method: 'POST', url: '/teams', headers: { authorization: `Bearer ${token}` }, payload: { name } });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string }>().id;
}

export async function newApiKey(app: FastifyInstance, token: string, teamId: string): Promise<string> {
  const created = await app.inject({ method: 'POST', url: `/teams/${teamId}/api-keys`, headers: { authorization: `Bearer ${token}` }, payload: { name: 'ci' } });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ key: string }>().key;
}
