/** What the server benchmarks share: which databases to run on, and progress lines on stderr. */
import type { DatabaseKind } from '../../src/server/db/index.js';

/** BENCH_DATABASES: `sqlite,postgres` (default), or one of them. */
export function benchDatabases(): DatabaseKind[] {
  return (process.env['BENCH_DATABASES'] ?? 'sqlite,postgres').split(',').filter((k): k is DatabaseKind => k === 'sqlite' || k === 'postgres');
}

/** Progress and the readable summary go to stderr; stdout carries only the last JSON line. */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
