/**
 * `postern server audit verify` against the database a real server wrote: intact after sign-ups and
 * sign-ins, broken (exit 1, naming the chain and the entry) once an audit row is edited behind the
 * server's back with better-sqlite3.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, ensureBuilt, postern, startServerProcess, tempDataDir } from './harness.js';

const PASSWORD = 'correct horse battery staple 42';

describe('postern server audit verify', () => {
  const dataDir = tempDataDir();
  beforeAll(async () => {
    await ensureBuilt();
    const server = await startServerProcess(['--data-dir', dataDir, '--port', '0', '--log-level', 'warn'], childEnv());
    try {
      for (const email of ['ann@example.com', 'bob@example.com']) {
        const signUp = await fetch(`${server.url}/auth/sign-up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, name: 'Someone', password: PASSWORD }) });
        expect(signUp.status).toBe(202);
        const signIn = await fetch(`${server.url}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
        expect(signIn.status).toBe(200);
      }
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server.kill();
    }
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('passes on the database the server wrote, one line per chain and a summary', async () => {
    const run = await postern(['server', 'audit', 'verify', '--data-dir', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.slice(0, -1).every((l) => l.startsWith('ok '))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Audit log intact: \d+ chains?, [1-9]\d* entries verified$/);

    const json = await postern(['server', 'audit', 'verify', '--json', '--data-dir', dataDir]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, entries: expect.any(Number) });
  });

  it('creates nothing when pointed at an empty data dir', async () => {
    const empty = tempDataDir();
    const run = await postern(['server', 'audit', 'verify', '--data-dir', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`postern: error: No database at ${path.join(empty, 'postern.db')}: give the server's --data-dir or DATABASE_URL\n`);
    expect(readdirSync(empty)).toEqual([]);
    rmSync(empty, { recursive: true, force: true });
  });

  it('fails with exit 1 naming the chain and the entry after a row is edited', async () => {
    const db = new BetterSqlite3(path.join(dataDir, 'postern.db'));
    let target: { chain: string; seq: number } | undefined;
    try {
      target = db.prepare('SELECT chain, seq FROM audit_entries ORDER BY chain, seq LIMIT 1 OFFSET 1').get() as { chain: string; seq: number } | undefined;
      expect(target).toBeDefined();
      db.prepare("UPDATE audit_entries SET ip = '203.0.113.66' WHERE chain = ? AND seq = ?").run(target?.chain, target?.seq);
    } finally {
      db.close();
    }
    const run = await postern(['server', 'audit', 'verify', '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    const broken = run.stdout.split('\n').find((l) => l.startsWith('BROKEN'));
    expect(broken).toContain(`${target?.chain ?? '?'}: entry seq ${target?.seq ?? '?'}`);
    expect(run.stdout).toMatch(/Audit log BROKEN: 1 of \d+ chains fail verification/);

    const json = await postern(['server', 'audit', 'verify', '--json', '--data-dir', dataDir]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; chains: Array<{ chain: string; ok: boolean; brokenAtSeq?: number }> };
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => !c.ok)).toMatchObject({ chain: target?.chain, brokenAtSeq: target?.seq });
  });
});
