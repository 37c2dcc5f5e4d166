/**
 * Runs `main(argv, io)` in-process with in-memory stdout/stderr, and the checks every CLI test shares:
 * one-line errors without stack traces, and the one-JSON-object rule of --json.
 */
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as bytes, for bodies that are not text. */
  readonly stdoutBytes: Buffer;
}

/** A Writable that keeps everything written to it. */
export class MemoryStream extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: unknown, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), encoding));
    done();
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export async function runCli(...argv: string[]): Promise<CliRun> {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const io: CliIo = { stdout, stderr, stdoutIsTTY: false };
  const code = await main(argv, io);
  const bytes = stdout.bytes();
  return { code, stdout: bytes.toString('utf8'), stderr: stderr.bytes().toString('utf8'), stdoutBytes: bytes };
}

/** A V8 stack frame: `at fn (file:line:col)`. */
export const STACK_FRAME = /\bat .*\(.*:\d+:\d+\)/;

/** The lines of a text, without the empty one after the final newline. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line, i, all) => !(line === '' && i === all.length - 1));
}

/**
 * A failure must print exactly one stderr line, `postern: error: …`, and no stack frame anywhere.
 * Returns that line.
 */
export function expectOneErrorLine(run: CliRun): string {
  const lines = linesOf(run.stderr);
  expect(lines, `stderr was:\n${run.stderr}`).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line).toMatch(/^postern: error: \S/);
  for (const text of [run.stdout, run.stderr]) {
    for (const l of text.split('\n')) expect(l).not.toMatch(STACK_FRAME);
  }
  return line;
}

export interface JsonOutput {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string | null;
  readonly bodyEncoding: string | null;
  readonly size: { readonly headers: number; readonly body: number; readonly decodedBody: number };
  readonly timings: Record<string, number>;
  readonly tls: {
    readonly protocol: string | null;
    readonly cipher: string | null;
    readonly alpn: string | null;
    readonly authorized: boolean;
    readonly peerCertificates: ReadonlyArray<{ readonly subject: string; readonly fingerprint256: string }>;
    readonly clientCertificate: { readonly subject: string; readonly fingerprint256: string } | null;
  } | null;
}

/** stdout must be exactly one line holding one JSON object; returns it parsed. */
export function parseOneJsonLine(stdout: string): Record<string, unknown> {
  expect(stdout.endsWith('\n'), 'the JSON line ends with a newline').toBe(true);
  const lines = linesOf(stdout);
  expect(lines, `stdout was:\n${stdout}`).toHaveLength(1);
  const value: unknown = JSON.parse(lines[0] ?? '');
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as Record<string, unknown>;
}

export function header(headers: ReadonlyArray<readonly [string, string]>, name: string): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}
