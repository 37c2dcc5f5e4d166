/**
 * Two `postern server` processes over one PostgreSQL database behave as one: a session made through one
 * is accepted by the other, and rate limits count across both. Without a configured master key the
 * server refuses to start on PostgreSQL rather than invent one per process.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type TestDatabase } from '../support/postgres.js';
import { childEnv, ensureBuilt, postern, startServerProcess, tempDataDir, type ServerProcess } from './harness.js';

const PASSWORD = 'correct horse battery staple 42';
const IP_LIMIT = 8;

describe('two postern server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  const dirs = [tempDataDir(), tempDataDir()];
  const servers: ServerProcess[] = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await ensureBuilt();
    database = await createDatabase(inject('postgresUrl'));
    // A day-long window: the test cannot straddle a window boundary in practice.
    env = childEnv({ DATABASE_URL: database.url, POSTERN_MASTER_KEY: randomBytes(32).toString('hex'), POSTERN_RATE_LIMIT_IP: String(IP_LIMIT), POSTERN_RATE_LIMIT_WINDOW: '86400', POSTERN_LOG_LEVEL: 'warn' });
    for (const dir of dirs) servers.push(await startServerProcess(['--port', '0', '--data-dir', dir], env));
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) server.kill();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('prints PostgreSQL without the password, and shares sessions and rate limits', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    expect(a.location).toMatch(/^postgres:\/\/postern:\*\*\*@127\.0\.0\.1:\d+\/t_/);
    expect(a.lines.concat(b.lines).join('\n')).not.toContain(new URL(database.url).password);

    const email = `shared-${randomBytes(4).toString('hex')}@example.com`;
    const post = (server: ServerProcess, url: string, body: unknown) =>
      fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(a, '/auth/sign-up', { email, name: 'Shared', password: PASSWORD })).status).toBe(202);
    const signIn = await post(a, '/auth/sign-in', { email, password: PASSWORD });
    expect(signIn.status).toBe(200);
    const { token } = (await signIn.json()) as { token: string };

    const me = (server: ServerProcess) => fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${token}` } });
    const onB = await me(b);
    expect(onB.status).toBe(200);
    expect(((await onB.json()) as { user: { email: string } }).user.email).toBe(email);

    // 3 requests so far from 127.0.0.1; alternate between the processes up to the shared limit.
    const statuses: number[] = [];
    for (let i = 3; i < IP_LIMIT; i++) statuses.push((await me(i % 2 === 0 ? a : b)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    for (const server of [a, b]) {
      const refused = await me(server);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    }
  });

  it('refuses to start on PostgreSQL with no master key configured', async () => {
    const run = await postern(['server', '--port', '0', '--data-dir', tempDataDir()], childEnv({ DATABASE_URL: database.url }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^postern: error: No master key: with DATABASE_URL every server process must be given the same key/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
