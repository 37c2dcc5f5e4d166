/**
 * startServer in-process on SQLite: the zero-setup master key (created once, reused, never replaced
 * when lost), the jobs, the listening line, and close() finishing cleanly.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServerSettings } from '../../../src/server/config.js';
import { ServerError } from '../../../src/server/errors.js';
import { startServer } from '../../../src/server/start.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'postern-start-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function failure(run: () => Promise<unknown>): Promise<ServerError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error('expected a ServerError');
}

const quiet = { write: () => undefined };

describe('startServer', () => {
  it('creates the master key on the first start only, and reopens the same secrets after a restart', async () => {
    const dir = dataDir();
    const settings = resolveServerSettings({ dataDir: dir, port: '0' }, {});
    const lines: string[] = [];
    const first = await startServer(settings, { log: (l) => lines.push(l), logDestination: quiet, jobTimers: false });
    const auditKey = Buffer.from(first.ctx.auditKey);
    expect(lines.filter((l) => l.startsWith('Created the master key')).length).toBe(1);
    expect(lines).toContain(`Postern server listening on ${first.url} (SQLite ${path.join(dir, 'postern.db')})`);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    await first.jobs.runAll();
    await first.close();
    await first.close();

    const keyText = readFileSync(path.join(dir, 'master.key'), 'utf8');
    const second = await startServer(settings, { log: (l) => lines.push(l), logDestination: quiet, jobTimers: false });
    expect(lines.filter((l) => l.startsWith('Created the master key')).length).toBe(1);
    expect(readFileSync(path.join(dir, 'master.key'), 'utf8')).toBe(keyText);
    // The audit key is sealed under the master key: the same bytes come back.
    expect(second.ctx.auditKey.equals(auditKey)).toBe(true);
    await second.close();
  });

  it('refuses to replace a lost master key file when the database already holds data keys', async () => {
    const dir = dataDir();
    const settings = resolveServerSettings({ dataDir: dir, port: '0' }, {});
    const server = await startServer(settings, { logDestination: quiet, jobTimers: false });
    await server.close();
    unlinkSync(path.join(dir, 'master.key'));
    const error = await failure(() => startServer(settings, { logDestination: quiet, jobTimers: false }));
    expect(error.code).toBe('MASTER_KEY_MISSING');
    expect(error.message).toMatch(/master\.key is missing, but the database holds data keys sealed by master key [0-9a-f]{16}: restore that file/);
    expect(existsSync(path.join(dir, 'master.key'))).toBe(false);
  });

  it('refuses a wrong master key with a line naming the keys', async () => {
    const dir = dataDir();
    const settings = resolveServerSettings({ dataDir: dir, port: '0' }, {});
    await (await startServer(settings, { logDestination: quiet, jobTimers: false })).close();
    writeFileSync(path.join(dir, 'master.key'), randomBytes(32).toString('hex'));
    const error = await failure(() => startServer(settings, { logDestination: quiet, jobTimers: false }));
    expect(error.code).toBe('MASTER_KEY_INVALID');
    expect(error.message).toMatch(/is wrapped by master key [0-9a-f]{16}, which is not configured/);
  });

  it('takes the key from POSTERN_MASTER_KEY and writes no key file', async () => {
    const dir = dataDir();
    const env = { POSTERN_MASTER_KEY: randomBytes(32).toString('base64') };
    const server = await startServer(resolveServerSettings({ dataDir: dir, port: '0' }, env), { env, logDestination: quiet, jobTimers: false });
    expect(existsSync(path.join(dir, 'master.key'))).toBe(false);
    await server.close();
  });

  it('names the address when the port is taken', async () => {
    const dir = dataDir();
    const first = await startServer(resolveServerSettings({ dataDir: dir, port: '0' }, {}), { logDestination: quiet, jobTimers: false });
    try {
      const error = await failure(() => startServer(resolveServerSettings({ dataDir: dataDir(), port: String(first.port) }, {}), { logDestination: quiet, jobTimers: false }));
      expect(error.message).toBe(`Cannot listen on 127.0.0.1:${first.port}: the address is already in use`);
    } finally {
      await first.close();
    }
  });
});
