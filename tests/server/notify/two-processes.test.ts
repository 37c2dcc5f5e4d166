/**
 * Live sync across processes: two real `postern server` processes on one PostgreSQL database. A push
 * through one reaches a live stream (Server-Sent Events) connected to the other, through LISTEN/NOTIFY.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type TestDatabase } from '../../support/postgres.js';
import { childEnv, ROOT, startServerProcess, tempDataDir, type ServerProcess } from '../../cli-server/harness.js';
import { openEventStream, type EventStreamReader } from './event-stream.js';
import { waitUntil } from './wait.js';

const PASSWORD = 'correct horse battery staple 42';
/** Compiled files this test needs: the notifier and the sync routes must be in dist/, not only in src/. */
const COMPILED = ['dist/src/cli/server/command.js', 'dist/src/server/notify/postgres-notifier.js', 'dist/src/server/http/routes/sync.js'].map((file) => path.join(ROOT, file));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const upToDate = (): boolean => {
  const sources = Math.max(newestSource(path.join(ROOT, 'src/server')), newestSource(path.join(ROOT, 'src/cli/server')));
  return COMPILED.every((file) => existsSync(file) && statSync(file).mtimeMs >= sources);
};

/** Builds dist/ when it is missing or older than the server's sources (type errors elsewhere do not stop tsc from emitting). */
async function ensureServerBuilt(): Promise<void> {
  if (upToDate()) return;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, timeout: 240_000 }, () => {
      if (COMPILED.every((file) => existsSync(file))) resolve();
      else reject(new Error(`tsc -p tsconfig.build.json did not produce ${COMPILED.join(', ')}`));
    });
  });
}

describe('live sync across two postern server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  const dirs = [tempDataDir(), tempDataDir()];
  const servers: ServerProcess[] = [];
  const streams: EventStreamReader[] = [];

  beforeAll(async () => {
    await ensureServerBuilt();
    database = await createDatabase(inject('postgresUrl'));
    const env = childEnv({ DATABASE_URL: database.url, POSTERN_MASTER_KEY: randomBytes(32).toString('hex'), POSTERN_LOG_LEVEL: 'warn' });
    // One after the other: the first migrates the database.
    for (const dir of dirs) servers.push(await startServerProcess(['--port', '0', '--data-dir', dir], env));
  }, 300_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    for (const server of servers) server.kill();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('delivers a push on either process to a live stream on the other, and shuts both down cleanly', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const call = async (server: ServerProcess, method: string, url: string, token: string | null, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (token !== null) headers['authorization'] = `Bearer ${token}`;
      const response = await fetch(`${server.url}${url}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await response.text();
      return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
    };

    // Each process listens on its own connection, named so that pg_stat_activity shows it.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const listening = await admin.query<{ count: string }>("select count(*) from pg_stat_activity where datname = current_database() and application_name = 'postern-notify'");
      expect(Number(listening.rows[0]?.count)).toBe(2);
    } finally {
      await admin.end();
    }

    const email = `live-${randomBytes(4).toString('hex')}@example.com`;
    expect((await call(a, 'POST', '/auth/sign-up', null, { email, name: 'Live', password: PASSWORD })).status).toBe(202);
    const signIn = await call(a, 'POST', '/auth/sign-in', null, { email, password: PASSWORD });
    expect(signIn.status).toBe(200);
    const token = signIn.body['token'] as string;
    const team = await call(a, 'POST', '/teams', token, { name: 'Live team' });
    expect(team.status).toBe(201);
    const workspace = await call(a, 'POST', `/teams/${team.body['id'] as string}/workspaces`, token, { name: 'Shared', visibility: 'team' });
    expect(workspace.status).toBe(201);
    const workspaceId = workspace.body['id'] as string;
    const livePath = `/workspaces/${workspaceId}/sync/live`;

    const onB = await openEventStream(`${b.url}${livePath}`, token);
    const onA = await openEventStream(`${a.url}${livePath}`, token);
    streams.push(onB, onA);
    expect(onB.status).toBe(200);
    expect(onB.contentType).toMatch(/^text\/event-stream/);
    await waitUntil(() => onB.events.length > 0 && onA.events.length > 0, 'the ready events');
    expect(onB.events[0]).toEqual({ event: 'ready', data: '{"seq":0}' });
    expect(onA.events[0]).toEqual({ event: 'ready', data: '{"seq":0}' });

    const environment = { name: 'Staging', values: [{ key: 'host', value: 'staging.example.com', type: 'default', enabled: true }] };
    const pushedOnA = await call(a, 'POST', `/workspaces/${workspaceId}/sync/push`, token, { changes: [{ id: 'staging', type: 'environment', baseRevision: 0, content: environment }] });
    expect(pushedOnA.status).toBe(200);
    const firstSeq = pushedOnA.body['currentSeq'] as number;
    expect(firstSeq).toBeGreaterThan(0);
    await waitUntil(() => onB.events.some((e) => e.event === 'change'), 'a change event on process B');
    expect(onB.events.slice(1)).toEqual([{ event: 'change', data: JSON.stringify({ seq: firstSeq }) }]);

    // The other way round: a push through B reaches the stream on A.
    const renamed = { ...environment, name: 'Staging 2' };
    const pushedOnB = await call(b, 'POST', `/workspaces/${workspaceId}/sync/push`, token, { changes: [{ id: 'staging', type: 'environment', baseRevision: 1, content: renamed }] });
    expect(pushedOnB.status).toBe(200);
    const secondSeq = pushedOnB.body['currentSeq'] as number;
    expect(secondSeq).toBeGreaterThan(firstSeq);
    await waitUntil(() => onA.events.some((e) => e.data === JSON.stringify({ seq: secondSeq })), 'the second change on process A');
    await waitUntil(() => onB.events.some((e) => e.data === JSON.stringify({ seq: secondSeq })), 'the second change on process B');
    expect(onA.events.slice(1)).toEqual([
      { event: 'change', data: JSON.stringify({ seq: firstSeq }) },
      { event: 'change', data: JSON.stringify({ seq: secondSeq }) },
    ]);

    // What B announced is what B serves: a pull there sees the change pushed through A and B.
    const pulled = await call(b, 'GET', `/workspaces/${workspaceId}/sync/changes?since=0`, token);
    expect(pulled.status).toBe(200);
    expect(pulled.body['currentSeq']).toBe(secondSeq);

    // Graceful shutdown with open live streams and the LISTEN connection: both processes exit 0.
    for (const server of servers) server.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  }, 60_000);
});
