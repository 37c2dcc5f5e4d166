import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../src/agent/index.js';
import { apiCall, json, rawRequest } from './harness.js';
import { ensureBuilt, spawnWeb, type WebProcess } from './process.js';

const URL_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{43})$/;
let home: string;
const running: WebProcess[] = [];

beforeAll(async () => {
  await ensureBuilt();
  home = mkdtempSync(join(tmpdir(), 'postern-web-process-'));
  mkdirSync(join(home, 'policy'));
}, 300_000);
afterAll(() => {
  for (const web of running) if (web.child.exitCode === null) web.child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    POSTERN_POLICY_DIR: join(home, 'policy'),
    POSTERN_VAULT_PASSPHRASE: 'correct horse battery staple',
    ...extra,
  };
}

describe('postern web (the binary, real services)', () => {
  it('prints one URL line, serves the real services, and exits 0 on SIGTERM', async () => {
    const web = spawnWeb(['--no-open', '--port', '0'], env());
    running.push(web);
    const line = await web.firstLine();
    const match = URL_LINE.exec(line);
    expect(match, line).not.toBeNull();
    const port = Number(match?.[1]);
    const agent = { port, token: match?.[2] ?? '', origin: `http://127.0.0.1:${port}` } as RunningAgent;

    const created = json(await apiCall(agent, { name: 'workspaces.create', input: { name: 'Browser mode' } }));
    expect(created).toMatchObject({ ok: true });
    const listed = json(await apiCall(agent, { name: 'workspaces.list', input: {} }));
    expect(listed).toMatchObject({ ok: true, value: { workspaces: [expect.objectContaining({ name: 'Browser mode' })] } });
    const invalid = json(await apiCall(agent, { name: 'workspaces.create', input: { name: 5 } }));
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { path: 'input.name' } } });
    expect((await apiCall(agent, { name: 'workspaces.list', input: {} }, { Origin: 'http://evil.example' })).status).toBe(403);
    // The data folder is the XDG one, owner-only.
    expect(statSync(join(home, 'data', 'postern')).mode & 0o777).toBe(0o700);

    web.child.kill('SIGTERM');
    expect(await web.exited).toEqual({ code: 0, signal: null });
    expect(web.stdout()).toBe(`${line}\n`);
    await expect(rawRequest({ port, path: '/' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('exits 0 on SIGINT too, and reopens the same data', async () => {
    const web = spawnWeb(['--no-open'], env());
    running.push(web);
    const match = URL_LINE.exec(await web.firstLine());
    const port = Number(match?.[1]);
    const agent = { port, token: match?.[2] ?? '', origin: `http://127.0.0.1:${port}` } as RunningAgent;
    expect(json(await apiCall(agent, { name: 'workspaces.list', input: {} }))).toMatchObject({ ok: true, value: { workspaces: [expect.objectContaining({ name: 'Browser mode' })] } });
    web.child.kill('SIGINT');
    expect(await web.exited).toEqual({ code: 0, signal: null });
  });

  it('fails with one line and exit 2 when the port is taken', async () => {
    const first = spawnWeb(['--no-open'], env());
    running.push(first);
    const port = Number(URL_LINE.exec(await first.firstLine())?.[1]);
    const second = spawnWeb(['--no-open', '--port', String(port)], env());
    running.push(second);
    expect((await second.exited).code).toBe(2);
    expect(second.stdout()).toBe('');
    expect(second.stderr().trimEnd().split('\n')).toEqual([`postern: error: port ${port} on 127.0.0.1 is in use; choose another with --port (0 picks a free one)`]);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  });
});
