/**
 * A collection run against newman, side by side in one process: a generated Postman v2.1 collection of
 * 1,000 POST requests, each with a test script (a status check and a JSON body assertion), run by
 * newman (reporters off) and by `postern run` (in-process, JSON report on), rounds in alternating order.
 * The same collection without its scripts, run by Postern, gives the cost of a script. The last line is
 * one JSON object with the figures; `ratio` is newman's time over Postern's (× faster).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createSandbox, type ScriptInput } from '../src/scripts/index.js';
import { main as posternMain } from '../src/cli/main.js';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 1000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const WARMUP_REQUESTS = 50;
const TEST_SCRIPT = [
  "pm.test('status', () => pm.response.to.have.status(200));",
  "pm.test('body', () => pm.expect(pm.response.json().ok).to.eql(true));",
];
const ASSERTIONS_PER_REQUEST = 2;

/** The counters both runners report (newman's `run.stats`). */
interface RunStats {
  readonly requests: { readonly total: number; readonly failed: number };
  readonly assertions: { readonly total: number; readonly failed: number };
}

interface NewmanModule {
  run(options: Record<string, unknown>, callback: (error: Error | null, summary: { run: { stats: RunStats } }) => void): unknown;
}

const newman = createRequire(import.meta.url)('newman') as NewmanModule;

async function startServer(): Promise<{ base: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(new URL('./runner-bench-server.js', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('error', reject);
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

/** A v2.1 collection of `count` POSTs with JSON bodies, with or without the test script. */
function writeCollection(dir: string, name: string, base: string, count: number, withScripts: boolean): string {
  const items = Array.from({ length: count }, (_, i) => ({
    name: `POST item ${i + 1}`,
    request: {
      method: 'POST',
      header: [{ key: 'Content-Type', value: 'application/json' }],
      body: { mode: 'raw', raw: JSON.stringify({ id: i + 1, name: `item ${i + 1}` }) },
      url: `{{baseUrl}}/items/${i + 1}`,
    },
    ...(withScripts ? { event: [{ listen: 'test', script: { type: 'text/javascript', exec: TEST_SCRIPT } }] } : {}),
  }));
  const collection = {
    info: { name: `runner bench: ${name}`, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'baseUrl', value: base }],
    item: items,
  };
  const file = join(dir, `${name}.postman_collection.json`);
  writeFileSync(file, JSON.stringify(collection));
  return file;
}

/** A run that did not do every request and pass every assertion measured nothing. */
function check(who: string, stats: RunStats, requests: number, assertions: number): void {
  const ok = stats.requests.total === requests && stats.requests.failed === 0 && stats.assertions.total === assertions && stats.assertions.failed === 0;
  if (!ok) throw new Error(`${who}: expected ${requests} requests and ${assertions} passing assertions, got ${JSON.stringify(stats)}`);
}

function timeNewman(collection: string, requests: number, assertions: number): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    newman.run({ collection, reporters: [] }, (error, summary) => {
      const ms = performance.now() - start;
      if (error) return reject(error);
      try {
        check('newman', summary.run.stats, requests, assertions);
        resolve(ms);
      } catch (failure) {
        reject(failure instanceof Error ? failure : new Error(String(failure)));
      }
    });
  });
}

class Sink extends Writable {
  text = '';
  override _write(chunk: unknown, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += String(chunk);
    done();
  }
}

async function timePostern(collection: string, report: string, requests: number, assertions: number): Promise<number> {
  const stderr = new Sink();
  const start = performance.now();
  const code = await posternMain(['run', collection, '-r', 'json', '--reporter-json-export', report], { stdout: new Sink(), stderr, stdoutIsTTY: false, stderrIsTTY: false });
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`postern run exited ${code}: ${stderr.text.trim()}`);
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as { run: { stats: RunStats } };
  check('postern', parsed.run.stats, requests, assertions);
  return ms;
}

/**
 * The sandbox's own cost per script once it is up: the bench's test script, and an empty one (the fixed
 * cost of entering the sandbox), each run 2,000 times in a warmed inline sandbox.
 */
async function sandboxSteadyState(): Promise<{ scriptMs: number; emptyMs: number }> {
  const sandbox = await createSandbox({ isolation: 'inline' });
  const input = (source: string): ScriptInput => ({
    event: 'test',
    source,
    location: 'bench (test script)',
    info: { eventName: 'test', iteration: 0, iterationCount: 1, requestName: 'bench', requestId: 'bench' },
    request: { method: 'POST', url: 'http://127.0.0.1/bench', headers: [{ key: 'Content-Type', value: 'application/json' }], body: { mode: 'raw', raw: '{"n":1}' } },
    response: { code: 200, status: 'OK', headers: [{ key: 'Content-Type', value: 'application/json' }], body: '{"ok":true}', responseTime: 1, responseSize: 11 },
    variables: { environment: {}, globals: {}, collectionVariables: {}, iterationData: {}, local: {} },
    cookies: [],
  });
  const host = { sendRequest: () => Promise.reject(new Error('no requests in this bench')) };
  const time = async (source: string): Promise<number> => {
    for (let i = 0; i < 300; i++) await sandbox.run(input(source), host);
    const start = performance.now();
    for (let i = 0; i < 2000; i++) await sandbox.run(input(source), host);
    return (performance.now() - start) / 2000;
  };
  try {
    return { scriptMs: await time(TEST_SCRIPT.join('\n')), emptyMs: await time('') };
  } finally {
    sandbox.dispose();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function perRequest(ms: number, count: number): string {
  return `${round(ms)} ms per run, ${round(ms / count)} ms per request`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'postern-runner-bench-'));
  const { base, child } = await startServer();
  try {
    const warm = writeCollection(dir, 'warmup', base, WARMUP_REQUESTS, true);
    const withScripts = writeCollection(dir, 'with-scripts', base, REQUESTS, true);
    const withoutScripts = writeCollection(dir, 'without-scripts', base, REQUESTS, false);
    const report = join(dir, 'report.json');
    const assertions = REQUESTS * ASSERTIONS_PER_REQUEST;

    // Warm both (module loading, JIT, newman's sandbox) before measuring.
    await timeNewman(warm, WARMUP_REQUESTS, WARMUP_REQUESTS * ASSERTIONS_PER_REQUEST);
    await timePostern(warm, report, WARMUP_REQUESTS, WARMUP_REQUESTS * ASSERTIONS_PER_REQUEST);
    await timePostern(withoutScripts, report, REQUESTS, 0);

    let newmanMs = 0;
    let posternMs = 0;
    let bareMs = 0;
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate the order so drift on a noisy machine hits both sides alike.
      if (i % 2 === 0) {
        newmanMs += await timeNewman(withScripts, REQUESTS, assertions);
        posternMs += await timePostern(withScripts, report, REQUESTS, assertions);
        bareMs += await timePostern(withoutScripts, report, REQUESTS, 0);
      } else {
        bareMs += await timePostern(withoutScripts, report, REQUESTS, 0);
        posternMs += await timePostern(withScripts, report, REQUESTS, assertions);
        newmanMs += await timeNewman(withScripts, REQUESTS, assertions);
      }
    }
    newmanMs /= ROUNDS;
    posternMs /= ROUNDS;
    bareMs /= ROUNDS;
    const ratio = round(newmanMs / posternMs);
    const overhead = round((posternMs - bareMs) / REQUESTS);

    console.log(`collection run: ${REQUESTS} POST requests, each with a test script (${ASSERTIONS_PER_REQUEST} assertions); mean of ${ROUNDS} rounds, order alternated`);
    console.log(`  newman (reporters off):        ${perRequest(newmanMs, REQUESTS)}`);
    console.log(`  postern run (JSON report on):  ${perRequest(posternMs, REQUESTS)}`);
    console.log(`  ratio: postern is ${ratio}× faster than newman (newman ms / postern ms; budget ≥ 10×)`);
    console.log(`  postern run, scripts removed:  ${perRequest(bareMs, REQUESTS)}`);
    console.log(`  script cost in the run: ${overhead} ms per script ((with - without) / ${REQUESTS}; includes starting the sandbox and loading chai once)`);
    const steady = await sandboxSteadyState();
    console.log(`  sandbox, warmed: ${Number(steady.scriptMs.toFixed(3))} ms for this test script, ${Number(steady.emptyMs.toFixed(3))} ms for an empty one (overhead budget < 0.5 ms)`);
    console.log(
      JSON.stringify({
        bench: 'runner',
        requests: REQUESTS,
        postern_ms: round(posternMs),
        baseline_ms: round(newmanMs),
        ratio,
        postern_without_scripts_ms: round(bareMs),
        script_overhead_ms: overhead,
        sandbox_script_ms: Number(steady.scriptMs.toFixed(3)),
        sandbox_empty_script_ms: Number(steady.emptyMs.toFixed(3)),
      }),
    );
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
