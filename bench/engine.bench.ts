/**
 * Engine overhead against bare undici, measured side by side in one run, and memory while a 200 MB
 * response streams through. The last line is one JSON object with the figures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { Engine, resolveSendOptions } from '../src/engine/index.js';
import { defaultSettings, RequestSchema } from '../src/model/index.js';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 2000);
const ROUNDS = 4;
const BIG_MB = Number(process.env['BENCH_BIG_MB'] ?? 200);

async function startServer(): Promise<{ port: number; child: ChildProcess }> {
  const child = fork(fileURLToPath(new URL('./bench-server.js', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('error', reject);
  });
  return { port, child };
}

async function timeUndici(base: string, agent: Agent, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const res = await request(`${base}/small`, { dispatcher: agent, headers: { 'user-agent': 'bench', accept: '*/*' } });
    await res.body.arrayBuffer();
  }
  return performance.now() - start;
}

async function timeEngine(base: string, engine: Engine, count: number): Promise<number> {
  const options = resolveSendOptions(defaultSettings());
  const req = RequestSchema.parse({ url: `${base}/small` });
  const start = performance.now();
  for (let i = 0; i < count; i++) await engine.send(req, options);
  return performance.now() - start;
}

async function bigDownload(base: string, engine: Engine): Promise<{ peakRssMb: number; baseRssMb: number; mbPerS: number }> {
  const options = { ...resolveSendOptions(defaultSettings()), maxResponseBytes: 0 };
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peak = baseRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const response = await engine.send(RequestSchema.parse({ url: `${base}/big?mb=${BIG_MB}` }), options);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const size = response.body.kind === 'file' ? response.body.size : response.body.bytes.length;
  if (size !== BIG_MB * 1024 * 1024) throw new Error(`expected ${BIG_MB} MB, got ${size} bytes`);
  if (response.body.kind === 'file') await rm(response.body.path, { force: true });
  return { peakRssMb: round(peak / 1048576), baseRssMb: round(baseRss / 1048576), mbPerS: round(BIG_MB / seconds) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

async function main(): Promise<void> {
  const { port, child } = await startServer();
  const base = `http://127.0.0.1:${port}`;
  const agent = new Agent();
  const engine = new Engine();
  try {
    // Warm both paths (JIT, connections) before measuring.
    await timeUndici(base, agent, 200);
    await timeEngine(base, engine, 200);
    let undiciMs = 0;
    let posternMs = 0;
    const perRound = Math.ceil(REQUESTS / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so drift on a noisy machine hits both sides alike.
      if (round % 2 === 0) {
        undiciMs += await timeUndici(base, agent, perRound);
        posternMs += await timeEngine(base, engine, perRound);
      } else {
        posternMs += await timeEngine(base, engine, perRound);
        undiciMs += await timeUndici(base, agent, perRound);
      }
    }
    const total = perRound * ROUNDS;
    console.log(`sequential requests: ${total}`);
    console.log(`  bare undici request(): ${posternFmt(undiciMs, total)}`);
    console.log(`  postern engine send(): ${posternFmt(posternMs, total)}`);
    const ratio = round(posternMs / undiciMs);
    console.log(`  ratio: ${ratio}x (budget 1.3x)`);
    const big = await bigDownload(base, engine);
    console.log(`${BIG_MB} MB response: ${big.mbPerS} MB/s, RSS ${big.baseRssMb} MB before, peak ${big.peakRssMb} MB`);
    console.log(
      JSON.stringify({
        bench: 'engine',
        requests: total,
        postern_ms: round(posternMs),
        baseline_ms: round(undiciMs),
        ratio,
        big_response_mb: BIG_MB,
        big_peak_rss_mb: big.peakRssMb,
        big_base_rss_mb: big.baseRssMb,
        big_mb_per_s: big.mbPerS,
      }),
    );
  } finally {
    await engine.close();
    await agent.close();
    child.kill();
  }
}

function posternFmt(ms: number, count: number): string {
  return `${round(ms)} ms total, ${round((ms / count) * 1000)} µs per request`;
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
