/**
 * `postern server` as a real process on SQLite: zero-setup start in a temp data dir (master key created
 * once, listening line), health and readiness, the OpenAPI document (checked by an independent validator,
 * openapi-spec-validator), security headers, graceful shutdown with a request in flight, and the tools:
 * --help, migrate, master-key generate, bad flags, an unreachable database.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_SETTINGS } from '../../src/server/config.js';
import { pickFreePort } from '../support/ports.js';
import { childEnv, ensureBuilt, jsonLines, postern, startServerProcess, tempDataDir, type ServerProcess } from './harness.js';

const STACK_FRAME = /\bat .*\(?.*:\d+:\d+\)?$/m;

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);

describe('postern server on SQLite', () => {
  const dataDir = tempDataDir();
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess(['--data-dir', dataDir, '--port', '0', '--log-level', 'info'], childEnv());
  }, 60_000);
  afterAll(() => {
    server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with no settings but a data dir: creates the master key once and says where it listens', () => {
    const dbFile = path.join(dataDir, 'postern.db');
    expect(server.location).toBe(dbFile);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const keyFile = path.join(dataDir, 'master.key');
    expect(server.lines.filter((l) => l.startsWith('Created the master key')).length).toBe(1);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(server.lines.filter((l) => !l.startsWith('{')).every((l) => !l.includes(readFileSync(keyFile, 'utf8').trim()))).toBe(true);
  });

  it('answers /healthz and /readyz with security headers on every response', async () => {
    for (const probe of ['/healthz', '/readyz']) {
      const response = await fetch(`${server.url}${probe}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('serves a valid OpenAPI 3.1 document listing the routes', async () => {
    const response = await fetch(`${server.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    for (const route of ['/healthz', '/readyz', '/auth/sign-up', '/auth/sign-in', '/me', '/teams', '/teams/{teamId}/api-keys', '/audit/logs', '/audit/actions']) {
      expect(Object.keys(document.paths), route).toContain(route);
    }
    expect(Object.keys(document.paths['/auth/sign-up'] ?? {})).toContain('post');
    // An independent implementation judges the document: the Python openapi-spec-validator.
    const file = path.join(tmpdir(), `postern-openapi-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(document));
    try {
      const out = execFileSync('python3', ['-c', 'import json,sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print("valid")', file], { encoding: 'utf8' });
      expect(out.trim()).toBe('valid');
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('logs JSON lines', () => {
    const logs = jsonLines(server.lines);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.some((l) => l['service'] === 'postern-server' && typeof l['level'] === 'string')).toBe(true);
  });
});

describe('graceful shutdown', () => {
  it('answers a request still in flight at SIGTERM, then exits 0', async () => {
    const dataDir = tempDataDir();
    const server = await startServerProcess(['--data-dir', dataDir, '--port', '0', '--log-level', 'info'], childEnv());
    try {
      const port = Number(new URL(server.url).port);
      const body = JSON.stringify({ email: `slow-${process.pid}@example.com`, name: 'Slow Sender', password: 'correct horse battery staple 42' });
      const half = Math.floor(body.length / 2);
      const socket = net.connect(port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(`POST /auth/sign-up HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`);
      // The server has the request once it logs it; only then is the signal sent.
      await server.waitForLine(/^(?=.*"msg":"incoming request")(?=.*"url":"\/auth\/sign-up")/);
      server.child.kill('SIGTERM');
      await server.waitForLine(/SIGTERM received/);
      // New connections are refused now, while the old request goes on.
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      socket.write(body.slice(half));
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 202 /);
      expect(answer).toContain('{"status":"accepted"}');
      expect(await server.exited).toBe(0);
      expect(server.lines).toContain('Postern server stopped');
    } finally {
      server.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a second signal', () => {
  it('forces the exit while a request is still in flight', async () => {
    const dataDir = tempDataDir();
    const server = await startServerProcess(['--data-dir', dataDir, '--port', '0', '--log-level', 'info'], childEnv());
    try {
      const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      socket.on('error', () => undefined);
      socket.write('POST /auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email"');
      await server.waitForLine(/^(?=.*"msg":"incoming request")(?=.*"url":"\/auth\/sign-in")/);
      server.child.kill('SIGTERM');
      await server.waitForLine(/SIGTERM received/);
      server.child.kill('SIGINT');
      expect(await server.exited).toBe(130);
      expect(server.lines).toContain('Postern server: SIGINT again; exiting now');
      socket.destroy();
    } finally {
      server.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('postern server tools and bad settings', () => {
  it('--help documents every setting with its environment variable and default', async () => {
    const run = await postern(['server', '--help']);
    expect(run.code).toBe(0);
    for (const setting of SERVER_SETTINGS) {
      expect(run.stdout).toContain(`--${setting.flag}`);
      expect(run.stdout).toContain(setting.env);
      expect(run.stdout).toContain(`default: ${setting.defaultText}`);
    }
    for (const word of ['POSTERN_MASTER_KEY', 'DATABASE_URL', 'audit verify', 'migrate', 'master-key generate']) expect(run.stdout).toContain(word);
  });

  it('refuses an unknown flag with exit 2 and one line', async () => {
    const run = await postern(['server', '--no-such-flag']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^postern: error: .*--no-such-flag/);
  });

  it('refuses a bad value naming its flag or variable, exit 2', async () => {
    const flag = await postern(['server', '--port', 'http']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^postern: error: --port: must be a port number/);
    const variable = await postern(['server', '--data-dir', tempDataDir()], childEnv({ POSTERN_RATE_LIMIT_IP: '-1' }));
    expect(variable.code).toBe(2);
    expect(variable.stderr).toMatch(/^postern: error: POSTERN_RATE_LIMIT_IP: /);
  });

  it('gives one line and no stack when DATABASE_URL points at a closed port', async () => {
    const port = await pickFreePort();
    const run = await postern(['server', '--port', '0', '--data-dir', tempDataDir()], childEnv({ DATABASE_URL: `postgres://u:sekrit@127.0.0.1:${port}/postern`, POSTERN_MASTER_KEY: 'ab'.repeat(16) + 'cd'.repeat(16) }));
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^postern: error: Cannot reach PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:\d+\/postern/);
    expect(run.stderr + run.stdout).not.toContain('sekrit');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('never invents a master key when the configured key file is missing', async () => {
    const missing = await postern(['server', '--data-dir', tempDataDir(), '--master-key-file', '/nonexistent/master.key']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^postern: error: --master-key-file: master key file \/nonexistent\/master\.key cannot be read \(ENOENT\)\n$/);
  });

  it('migrate applies the migrations and exits; master-key generate prints a key', async () => {
    const dataDir = tempDataDir();
    const first = await postern(['server', 'migrate', '--data-dir', dataDir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Migrated SQLite .*postern\.db: applied 001/);
    const again = await postern(['server', 'migrate', '--data-dir', dataDir]);
    expect(again.stdout).toMatch(/already up to date/);
    const key = await postern(['server', 'master-key', 'generate']);
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
