/**
 * A throwaway PostgreSQL server for tests and benchmarks: initdb into a temp dir, start it on a free
 * 127.0.0.1 port with durability switched off, hand out its URL, and delete everything on stop().
 *
 * PostgreSQL refuses to run as root, so when we are root the server programs run as the `postgres`
 * system user (via runuser) in a directory chowned to it. A run that dies without calling stop()
 * still stops its servers: an exit/signal hook in this process, plus a small detached watchdog that
 * outlives a SIGKILL of this process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pickFreePort } from './ports.js';

export interface PostgresInstance {
  /** `postgres://USER:PASSWORD@127.0.0.1:PORT/postgres` — a superuser on the maintenance database. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Shuts the server down (immediate mode) and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Progress and server-log lines, for debugging a slow or failing start. */
  readonly log?: (line: string) => void;
  /** Directory holding initdb, pg_ctl and postgres; found automatically when omitted. */
  readonly binDir?: string;
}

export interface TestDatabase {
  /** The instance URL with this database's name as its path. */
  readonly url: string;
  readonly name: string;
  /** Ends every connection to the database and drops it. Safe to call twice. */
  drop(): Promise<void>;
}

const SUPERUSER = 'postern';
const HOST = '127.0.0.1';
const SERVER_PROGRAMS = ['initdb', 'pg_ctl', 'postgres'] as const;
const NOT_FOUND = 'PostgreSQL server binaries not found: install the postgresql package (apt-get install postgresql)';
const PORT_ATTEMPTS = 5;

/** Starts a fresh server; resolves once it accepts password logins on 127.0.0.1. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresInstance> {
  const log = options.log ?? ((): void => undefined);
  const binDir = findBinDir(options.binDir);
  const runAs = serverUser();
  const began = Date.now();

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'postern-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  const server: LiveServer = { binDir, runAs, root, dataDir, watchdog: undefined };
  live.add(server);
  server.watchdog = startWatchdog(server);
  const template = templateDir(binDir);
  let fromTemplate = false;
  try {
    const password = randomBytes(18).toString('hex');
    // The cluster's password until we change it: the template's, or ours when we run initdb.
    let initialPassword = password;
    if (template !== undefined && fs.existsSync(path.join(template, 'password'))) {
      initialPassword = fs.readFileSync(path.join(template, 'password'), 'utf8').trim();
      // cp is several times faster than fs.cpSync over initdb's ~1,000 small files.
      const copy = spawnSync('cp', ['-R', '-p', path.join(template, 'data'), dataDir], { encoding: 'utf8' });
      if (copy.status !== 0) throw new Error(`could not copy the cached initdb: ${copy.stderr.trim()}`);
      fromTemplate = true;
      if (runAs) chownTree(root, runAs);
      log(`postgres: copied the cached initdb in ${Date.now() - began} ms`);
    } else {
      await initCluster(server, password);
      log(`postgres: initdb took ${Date.now() - began} ms`);
      if (template !== undefined) saveTemplate(template, dataDir, password);
    }

    const urlFor = (port: number, pass = password): string => `postgres://${SUPERUSER}:${pass}@${HOST}:${port}/postgres`;
    const port = await startOnFreePort(server, logFile, (p) => urlFor(p, initialPassword), log);
    if (initialPassword !== password) {
      // Every instance gets its own password, even when copied from the shared template.
      await withClient(urlFor(port, initialPassword), (client) => client.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${password}'`));
    }
    log(`postgres: accepting connections on ${HOST}:${port} after ${Date.now() - began} ms`);
    return { url: urlFor(port), host: HOST, port, stop: async () => stopServer(server) };
  } catch (error) {
    // A template that would not start (damaged by a tmp cleaner, say) is rebuilt next time.
    if (fromTemplate && template !== undefined) fs.rmSync(template, { recursive: true, force: true });
    stopServer(server);
    throw error;
  }
}

async function initCluster(server: LiveServer, password: string): Promise<void> {
  const pwFile = path.join(server.root, 'pwfile');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (server.runAs) chownTree(server.root, server.runAs);
  await runServerProgram(server, 'initdb', [
    '-D', server.dataDir, '-U', SUPERUSER, `--pwfile=${pwFile}`, '--auth=scram-sha-256',
    '-E', 'UTF8', '--locale=C', '--no-sync',
  ]);
  fs.rmSync(pwFile);
}

/**
 * initdb costs 1–5 s of CPU, so its fresh, never-started output is cached per server build and user
 * and copied for later instances. Undefined (no caching) when the cache dir is not safely ours.
 */
function templateDir(binDir: string): string | undefined {
  const postgres = fs.statSync(path.join(binDir, 'postgres'));
  const uid = process.getuid?.() ?? 0;
  const key = createHash('sha256').update(`${binDir}|${postgres.size}|${postgres.mtimeMs}|${SUPERUSER}|v1`).digest('hex');
  const cacheRoot = path.join(os.tmpdir(), `postern-pg-cache-${uid}`);
  fs.mkdirSync(cacheRoot, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(cacheRoot, { throwIfNoEntry: false });
  if (!stat?.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) return undefined;
  return path.join(cacheRoot, key.slice(0, 16));
}

/** Copies a fresh cluster into the cache; a concurrent run that got there first wins. */
function saveTemplate(template: string, dataDir: string, password: string): void {
  const staging = `${template}.${randomBytes(6).toString('hex')}`;
  try {
    fs.cpSync(dataDir, path.join(staging, 'data'), { recursive: true });
    fs.writeFileSync(path.join(staging, 'password'), password, { mode: 0o600 });
    fs.renameSync(staging, template);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Creates an empty database (named `t_<random>` unless `name` is given) on the instance or server URL. */
export async function createDatabase(target: PostgresInstance | string, name?: string): Promise<TestDatabase> {
  const adminUrl = typeof target === 'string' ? target : target.url;
  const dbName = name ?? `t_${randomBytes(8).toString('hex')}`;
  // The name goes into SQL as an identifier, so only plain lower-case names are allowed.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(dbName)) {
    throw new Error(`database name must match [a-z_][a-z0-9_]{0,62}: ${JSON.stringify(dbName)}`);
  }
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${dbName}"`));
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  let dropped = false;
  return {
    url: dbUrl.toString(),
    name: dbName,
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) (PostgreSQL 13+) terminates the database's sessions before dropping it.
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    },
  };
}

interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

interface LiveServer {
  readonly binDir: string;
  /** Set when we are root: the server programs run as this user. */
  readonly runAs: ServerUser | undefined;
  readonly root: string;
  readonly dataDir: string;
  watchdog: number | undefined;
}

const live = new Set<LiveServer>();
let hooksInstalled = false;

async function startOnFreePort(
  server: LiveServer,
  logFile: string,
  urlFor: (port: number) => string,
  log: (line: string) => void,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await pickFreePort();
    writeSettings(server, port);
    const result = await runServerProgram(server, 'pg_ctl', ['start', '-D', server.dataDir, '-l', logFile, '-w', '-t', '30'], true);
    const serverLog = readText(logFile);
    for (const line of serverLog.split('\n')) if (line) log(`postgres: ${line}`);
    if (result.code === 0) {
      await waitForLogin(urlFor(port));
      return port;
    }
    // Another process took the port between pickFreePort() and the bind: try another one.
    if (attempt < PORT_ATTEMPTS && /could not bind|Address already in use/.test(serverLog)) {
      fs.rmSync(logFile, { force: true });
      continue;
    }
    const lastLines = serverLog.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`PostgreSQL did not start (pg_ctl exit ${result.code}): ${lastLines || result.output.trim()}`);
  }
}

/** Test-friendly settings: loopback only, socket in our dir, no durability, room for many pools. */
function writeSettings(server: LiveServer, port: number): void {
  const socketDir = server.root.replace(/'/g, "''");
  const settings = [
    `listen_addresses = '${HOST}'`,
    `port = ${port}`,
    `unix_socket_directories = '${socketDir}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'max_connections = 200',
  ];
  // postgresql.auto.conf is read last, so these win over postgresql.conf; rewritten on each attempt.
  fs.writeFileSync(path.join(server.dataDir, 'postgresql.auto.conf'), `${settings.join('\n')}\n`);
  if (server.runAs) fs.chownSync(path.join(server.dataDir, 'postgresql.auto.conf'), server.runAs.uid, server.runAs.gid);
}

/** pg_ctl -w returns when the postmaster says "ready"; one real login proves TCP and the password work. */
async function waitForLogin(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await withClient(url, (client) => client.query('SELECT 1'));
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`PostgreSQL started but refuses logins: ${(error as Error).message}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Immediate shutdown, then delete the dir. Synchronous so the exit and signal hooks can use it too. */
function stopServer(server: LiveServer): void {
  if (!live.delete(server)) return;
  if (fs.existsSync(path.join(server.dataDir, 'postmaster.pid'))) {
    const [command, ...args] = serverCommand(server, 'pg_ctl', ['stop', '-D', server.dataDir, '-m', 'immediate', '-w', '-t', '30']);
    spawnSync(command ?? 'pg_ctl', args, { cwd: server.root, env: serverEnv(), stdio: 'ignore' });
  }
  fs.rmSync(server.root, { recursive: true, force: true });
  // The watchdog goes last, so a run killed halfway through stop() is still cleaned up by it.
  killWatchdog(server);
}

/**
 * A detached shell that waits for this process to disappear, then stops the server and removes its
 * dir: the only thing that still runs after a SIGKILL or an OOM kill of the test run.
 */
function startWatchdog(server: LiveServer): number | undefined {
  installExitHooks();
  const script = [
    'while kill -0 "$1" 2>/dev/null; do sleep 1; done',
    'pid=$(head -n 1 "$2/postmaster.pid" 2>/dev/null)',
    'if [ -n "$pid" ]; then kill -QUIT "$pid" 2>/dev/null; i=0;',
    '  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done; fi',
    'rm -rf "$3"',
  ].join('\n');
  const child = spawn('/bin/sh', ['-c', script, 'postern-pg-watchdog', String(process.pid), server.dataDir, server.root], {
    detached: true,
    stdio: 'ignore',
  });
  child.once('error', () => undefined);
  child.unref();
  return child.pid;
}

function killWatchdog(server: LiveServer): void {
  if (server.watchdog === undefined) return;
  try {
    // Detached, so the watchdog leads its own process group; this also ends its `sleep`.
    process.kill(-server.watchdog, 'SIGTERM');
  } catch {
    // Already gone.
  }
  server.watchdog = undefined;
}

/** Stops every live server when this process exits or is told to stop by a signal. */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const stopAll = (): void => {
    for (const server of [...live]) stopServer(server);
  };
  process.once('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      stopAll();
      process.removeListener(signal, onSignal);
      // Ours was the only handler: re-raise so the process still dies of the signal as it would have.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function findBinDir(explicit: string | undefined): string {
  const candidates: string[] = [];
  if (explicit !== undefined) {
    candidates.push(explicit);
  } else {
    const fromPgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
    if (fromPgConfig.status === 0 && fromPgConfig.stdout.trim()) candidates.push(fromPgConfig.stdout.trim());
    candidates.push(...debianBinDirs());
    candidates.push(...(process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean));
  }
  const found = candidates.find((dir) => SERVER_PROGRAMS.every((program) => isExecutable(path.join(dir, program))));
  if (found === undefined) throw new Error(`${NOT_FOUND}; looked in ${candidates.join(', ') || '(nothing)'}`);
  return found;
}

/** Debian/Ubuntu install each major version under /usr/lib/postgresql/NN/bin; newest first. */
function debianBinDirs(): string[] {
  let versions: string[];
  try {
    versions = fs.readdirSync('/usr/lib/postgresql');
  } catch {
    return [];
  }
  return versions
    .filter((entry) => /^\d+$/.test(entry))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join('/usr/lib/postgresql', version, 'bin'));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** When we are root, the unprivileged account the server must run as; otherwise undefined. */
function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const name = 'postgres';
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(`PostgreSQL will not run as root and there is no '${name}' user to run it as: create one (the postgresql package does)`);
  }
  return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function chownTree(dir: string, user: ServerUser): void {
  fs.chownSync(dir, user.uid, user.gid);
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    fs.chownSync(path.join(dir, entry), user.uid, user.gid);
  }
}

/** argv for a server program, wrapped in runuser when we are root. */
function serverCommand(server: Pick<LiveServer, 'binDir' | 'runAs'>, program: string, args: readonly string[]): string[] {
  const command = [path.join(server.binDir, program), ...args];
  return server.runAs ? ['runuser', '-u', server.runAs.name, '--', ...command] : command;
}

/** Runs a server program to completion; throws (with its output) on failure unless `allowFailure`. */
function runServerProgram(server: LiveServer, program: string, args: readonly string[], allowFailure = false): Promise<{ code: number; output: string }> {
  const [command, ...rest] = serverCommand(server, program, args);
  return new Promise((resolve, reject) => {
    // cwd is our dir: as root, the postgres user may not be allowed into the caller's cwd.
    const child = spawn(command ?? program, rest, { cwd: server.root, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => reject(new Error(`could not run ${program}: ${error.message}`)));
    child.once('close', (code) => {
      const result = { code: code ?? -1, output };
      if (result.code === 0 || allowFailure) resolve(result);
      else reject(new Error(`${program} failed (exit ${result.code}): ${output.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** The caller's environment minus PG* variables, which would redirect pg_ctl or the server. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PG')) env[key] = value;
  return { ...env, LC_ALL: 'C' };
}

function readText(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}
