/**
 * `postern run` in-process: argv in, stdout/stderr captured, optionally as if on a terminal. Collections
 * are written as Postman v2.1 files, as users bring them.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { MemoryStream, STACK_FRAME, linesOf, type CliRun } from '../cli/cli-harness.js';
import type { TempDir } from '../support/tmp.js';

export async function runCliWith(options: { stderrIsTTY?: boolean; stdoutIsTTY?: boolean }, ...argv: string[]): Promise<CliRun> {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const io: CliIo = { stdout, stderr, stdoutIsTTY: options.stdoutIsTTY ?? false, stderrIsTTY: options.stderrIsTTY ?? false };
  const code = await main(argv, io);
  const bytes = stdout.bytes();
  return { code, stdout: bytes.toString('utf8'), stderr: stderr.bytes().toString('utf8'), stdoutBytes: bytes };
}

export function runPostern(...argv: string[]): Promise<CliRun> {
  return runCliWith({}, 'run', ...argv);
}

/** A bad-input failure: exit 2, one `postern: error:` line, no stack trace. Returns the line. */
export function expectUsageError(run: CliRun): string {
  expect(run.code, run.stderr).toBe(2);
  const lines = linesOf(run.stderr);
  expect(lines, run.stderr).toHaveLength(1);
  for (const line of [...lines, ...linesOf(run.stdout)]) expect(line).not.toMatch(STACK_FRAME);
  return lines[0] ?? '';
}

type Events = Record<string, string | string[]>;

/** A Postman v2.1 request item; `tests` and `prerequest` are script sources. */
export function item(name: string, request: Record<string, unknown> | string, events: Events = {}): Record<string, unknown> {
  return { name, request, ...eventsOf(events) };
}

export function folder(name: string, items: unknown[], events: Events = {}): Record<string, unknown> {
  return { name, item: items, ...eventsOf(events) };
}

function eventsOf(events: Events): { event?: unknown[] } {
  const list = Object.entries(events).map(([listen, source]) => ({ listen, script: { type: 'text/javascript', exec: Array.isArray(source) ? source : source.split('\n') } }));
  return list.length > 0 ? { event: list } : {};
}

/** Writes a v2.1 collection file and returns its path. */
export function writeCollection(tmp: TempDir, file: string, name: string, items: unknown[], extra: Record<string, unknown> = {}): string {
  return tmp.write(
    file,
    JSON.stringify({ info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: items, ...extra }, null, 2),
  );
}

export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}
