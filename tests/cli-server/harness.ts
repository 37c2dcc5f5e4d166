/**
 * Runs the real `node bin/postern.js server …` as a child process: waits for its listening line, keeps
 * its stdout lines (operator lines and JSON log lines), sends signals, and waits for its exit.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams, type ExecFileException } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/postern.js');
const COMPILED_MAIN = path.join(ROOT, 'dist/src/cli/main.js');
const COMPILED_SERVER = path.join(ROOT, 'dist/src/cli/server/command.js');

export const LISTENING = /^Postern server listening on (http:\/\/\S+) \((SQLite|PostgreSQL) (.+)\)$/;

/** The environment a server child gets: PATH and HOME only, plus what the test sets. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? tmpdir(), NO_COLOR: '1' };
  return { ...env, ...extra };
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'postern-cli-server-'));
}

export interface ProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI to completion. */
export function postern(args: readonly string[], env: NodeJS.ProcessEnv = childEnv(), timeoutMs = 30_000): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout: timeoutMs }, (error: ExecFileException | null, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`postern ${args.join(' ')} did not run: ${error.message}\n${stderr}`));
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** Builds dist/ when the compiled server command is missing (the normal path is `npm run build`). */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(COMPILED_MAIN) && existsSync(COMPILED_SERVER)) return;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, timeout: 120_000 }, () => {
      if (existsSync(COMPILED_SERVER)) resolve();
      else reject(new Error('tsc -p tsconfig.build.json did not produce dist/src/cli/server/command.js'));
    });
  });
}

export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly location: string;
  /** Every stdout line so far. */
  readonly lines: string[];
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (already seen or yet to come). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or 128+signal). */
  exited: Promise<number>;
  /** SIGKILL when still running; for afterAll. */
  kill(): void;
}

/** Starts `postern server ARGS` and resolves once it prints its listening line. */
export async function startServerProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'server', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : 128)));
  });

  const waitForLine = (pattern: RegExp, timeoutMs = 30_000): Promise<string> => {
    const seen = lines.find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no stdout line matching ${pattern} within ${timeoutMs} ms; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`)), timeoutMs);
      waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}) before printing ${pattern}; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`));
      });
    });
  };

  const listening = await waitForLine(LISTENING);
  const match = LISTENING.exec(listening);
  return {
    child,
    url: match?.[1] ?? '',
    location: match?.[3] ?? '',
    lines,
    stderr: () => stderr,
    waitForLine,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** JSON log lines among stdout lines (operator lines are plain text). */
export function jsonLines(lines: readonly string[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    out.push(JSON.parse(line) as Record<string, unknown>);
  }
  return out;
}
