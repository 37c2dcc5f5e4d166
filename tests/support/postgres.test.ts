import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { bundleChildScript } from './child-script.js';
import { createDatabase, startPostgres, type TestDatabase } from './postgres.js';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Resolves true when something accepts a TCP connection on host:port, false when it is refused. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the shared test server (inject postgresUrl)', () => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of made) await db.drop();
  });

  it('gives each createDatabase() its own isolated database, and drop() removes it', async () => {
    const serverUrl = inject('postgresUrl');
    const first = await createDatabase(serverUrl);
    const second = await createDatabase(serverUrl);
    made.push(first, second);
    expect(first.name).toMatch(/^t_[0-9a-f]{16}$/);
    expect(first.name).not.toBe(second.name);
    expect(new URL(first.url).pathname).toBe(`/${first.name}`);

    await query(first.url, "CREATE TABLE note (body text); INSERT INTO note VALUES ('only in first')");
    expect(await query(first.url, 'SELECT body FROM note')).toEqual([{ body: 'only in first' }]);
    expect(await query(second.url, "SELECT to_regclass('note') AS note")).toEqual([{ note: null }]);

    // drop() must also end sessions still connected to the database.
    const lingering = new pg.Client({ connectionString: first.url });
    lingering.on('error', () => undefined);
    await lingering.connect();
    await first.drop();
    await second.drop();
    await expect(lingering.query('SELECT 1')).rejects.toThrow();
    await lingering.end().catch(() => undefined);

    const left = await query(serverUrl, `SELECT datname FROM pg_database WHERE datname IN ('${first.name}', '${second.name}')`);
    expect(left).toEqual([]);
    await expect(query(first.url, 'SELECT 1')).rejects.toThrow(/does not exist/);
    await first.drop(); // twice is harmless
  });

  it('takes a chosen name and refuses names that are not plain identifiers', async () => {
    const serverUrl = inject('postgresUrl');
    const name = `t_named_${process.pid}`;
    const db = await createDatabase(serverUrl, name);
    made.push(db);
    expect(await query(db.url, 'SELECT current_database() AS name')).toEqual([{ name }]);
    await expect(createDatabase(serverUrl, 'x"; DROP DATABASE postgres; --')).rejects.toThrow(/database name must match/);
    await expect(createDatabase(serverUrl, 'Upper')).rejects.toThrow(/database name must match/);
  });
});

describe('startPostgres', () => {
  it('listens on 127.0.0.1 only, wants the password, and stop() ends it and deletes its files', async () => {
    const lines: string[] = [];
    const instance = await startPostgres({ log: (line) => lines.push(line) });
    try {
      expect(instance.host).toBe('127.0.0.1');
      expect(instance.url).toMatch(new RegExp(`^postgres://postern:[0-9a-f]+@127\\.0\\.0\\.1:${instance.port}/postgres$`));
      expect(lines.some((line) => line.includes('accepting connections'))).toBe(true);

      const [settings] = await query(
        instance.url,
        "SELECT current_setting('listen_addresses') AS listen, current_setting('fsync') AS fsync, current_setting('data_directory') AS data",
      );
      expect(settings).toMatchObject({ listen: '127.0.0.1', fsync: 'off' });
      const dataDir = String(settings?.['data']);
      expect(fs.existsSync(dataDir)).toBe(true);

      expect(await accepts('127.0.0.1', instance.port)).toBe(true);
      expect(await accepts('::1', instance.port)).toBe(false);
      const external = Object.values(os.networkInterfaces())
        .flat()
        .filter((address) => address !== undefined && !address.internal && address.family === 'IPv4');
      for (const address of external) expect(await accepts(address!.address, instance.port)).toBe(false);

      const wrong = new URL(instance.url);
      wrong.password = 'wrong';
      await expect(query(wrong.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/);

      await instance.stop();
      expect(await accepts('127.0.0.1', instance.port)).toBe(false);
      expect(fs.existsSync(path.dirname(dataDir))).toBe(false);
    } finally {
      await instance.stop(); // twice is harmless
    }
  });

  it('says in one line what to install when the server binaries are missing', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'postern-no-pg-'));
    try {
      const error = await startPostgres({ binDir: empty }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message.startsWith('PostgreSQL server binaries not found: install the postgresql package (apt-get install postgresql)')).toBe(true);
      expect(message).toContain(empty);
      expect(message).not.toContain('\n');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  // A run that dies without stop(): SIGTERM reaches the exit hook, SIGKILL only the watchdog.
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`leaves no server or files behind when the launching process gets ${signal}`, async () => {
      const bundle = await bundleChildScript('tests/support/postgres.ts', 'postgres-support');
      const program = `const { startPostgres } = await import(${JSON.stringify(bundle)});
        const instance = await startPostgres();
        console.log(instance.url);
        setInterval(() => undefined, 60_000);`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', program], { stdio: ['ignore', 'pipe', 'inherit'] });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing a URL`)));
      });
      const port = Number(new URL(url).port);
      const [row] = await query(url, "SELECT current_setting('data_directory') AS data");
      const root = path.dirname(String(row?.['data']));
      expect(fs.existsSync(root)).toBe(true);

      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
      await waitUntil('the server stops', async () => !(await accepts('127.0.0.1', port)));
      await waitUntil('its directory is gone', async () => !fs.existsSync(root));
    });
  }
});
