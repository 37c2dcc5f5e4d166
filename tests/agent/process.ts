/**
 * The real binary: `node bin/postern.js web …` as a child process, built first when dist/ is missing or
 * older than the sources it runs (the agent, the web command, the services).
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/postern.js');
const COMPILED = path.join(ROOT, 'dist/src/cli/web/command.js');
const SOURCES = ['src/agent', 'src/cli/web', 'src/services', 'src/api'];

function newestSource(): number {
  let newest = 0;
  for (const dir of SOURCES) {
    for (const name of readdirSync(path.join(ROOT, dir))) {
      if (name.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(ROOT, dir, name)).mtimeMs);
    }
  }
  return newest;
}

export async function ensureBuilt(): Promise<void> {
  if (existsSync(COMPILED) && statSync(COMPILED).mtimeMs >= newestSource()) return;
  await new Promise<void>((resolve, reject) => {
    // The whole build, as `npm run build` does; type errors elsewhere do not stop tsc from emitting.
    execFile('npm', ['run', 'build', '--silent'], { cwd: ROOT, timeout: 240_000 }, () => {
      if (existsSync(COMPILED) && statSync(COMPILED).mtimeMs >= newestSource()) resolve();
      else reject(new Error('npm run build did not produce an up-to-date dist/src/cli/web/command.js'));
    });
  });
}

/** A Node script run as a child process, its output collected as it comes. */
export interface NodeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Wait until `test` holds for the output so far; fails when the process ends or time runs out. */
  waitFor(test: (out: string, err: string) => boolean, timeoutMs?: number): Promise<void>;
}

export function spawnNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv): NodeProcess {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(test, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!test(out, err)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`gave up waiting; stdout:\n${out}\nstderr:\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

export interface WebProcess extends NodeProcess {
  /** The first stdout line. */
  firstLine(timeoutMs?: number): Promise<string>;
}

export function spawnWeb(args: readonly string[], env: NodeJS.ProcessEnv): WebProcess {
  const process_ = spawnNode(BIN, ['web', ...args], env);
  return {
    ...process_,
    async firstLine(timeoutMs = 20_000) {
      await process_.waitFor((out) => out.includes('\n'), timeoutMs);
      const out = process_.stdout();
      return out.slice(0, out.indexOf('\n'));
    },
  };
}
