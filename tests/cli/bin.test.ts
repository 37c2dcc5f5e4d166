/**
 * The installed entry point, `node bin/postern.js`, as a separate process: real argv, real exit code,
 * real stdout/stderr. It runs the compiled CLI in dist/, built here if missing.
 */
import { execFile, type ExecFileException } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type EchoReply, type RunningServer } from '../support/servers.js';
import { linesOf, STACK_FRAME } from './cli-harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/postern.js');
const COMPILED_MAIN = path.join(ROOT, 'dist/src/cli/main.js');

interface ProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], timeoutMs = 20_000): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { cwd: ROOT, timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } }, (error: ExecFileException | null, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`${file} ${args.join(' ')} did not run: ${error.message}\n${stderr}`));
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

function postern(...args: string[]): Promise<ProcessRun> {
  return run(process.execPath, [BIN, ...args]);
}

let server: RunningServer;

beforeAll(async () => {
  if (!existsSync(COMPILED_MAIN)) {
    const build = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], 60_000);
    expect(build.code, `tsc -p tsconfig.build.json failed:\n${build.stdout}${build.stderr}`).toBe(0);
  }
  server = await startHttpServer();
}, 90_000);

afterAll(async () => {
  await server?.close();
});

describe('bin/postern.js', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await postern('--version');
    expect(result).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('send --help prints the usage of send', async () => {
    const result = await postern('send', '--help');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage: postern send \[METHOD\] URL/);
    expect(result.stdout).toContain('Exit code: 0 for any HTTP response, 1 for a network or TLS failure, 2 for bad input.');
  });

  it('sends a real request and prints one JSON object with --json', async () => {
    const result = await postern('send', 'POST', `${server.url}/from-bin?q=1`, '-H', 'X-From: bin', '-d', '{"via":"bin"}', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = linesOf(result.stdout);
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0] ?? '') as { status: number; body: string; timings: { total: number } };
    expect(out.status).toBe(200);
    expect(out.timings.total).toBeGreaterThan(0);
    const echo = JSON.parse(out.body) as EchoReply;
    expect(echo.method).toBe('POST');
    expect(echo.url).toBe('/from-bin?q=1');
    expect(echo.rawHeaders).toContainEqual(['X-From', 'bin']);
    expect(Buffer.from(echo.bodyBase64, 'base64').toString()).toBe('{"via":"bin"}');
  });

  it('prints human output without colour when stdout is not a terminal', async () => {
    const result = await postern('send', `${server.url}/human`);
    expect(result.code).toBe(0);
    expect(linesOf(result.stdout)[0]).toBe('HTTP/1.1 200 OK');
    expect(result.stdout).toMatch(/^Time\s+\d/m);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('exits 1 with a single stderr line for a refused connection', async () => {
    const closed = await startHttpServer();
    await closed.close();
    const result = await postern('send', `${closed.url}/`);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(linesOf(result.stderr)).toEqual([`postern: error: connection refused by 127.0.0.1:${closed.port}`]);
  });

  it('exits 2 with a single stderr line and no stack trace for bad input', async () => {
    const result = await postern('send', 'ftp://127.0.0.1/file');
    expect(result.code).toBe(2);
    const lines = linesOf(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^postern: error: .*"ftp:"/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});
