/**
 * Sync under load, on SQLite (one `postern server` process) and on PostgreSQL (two processes against one
 * database, clients split between them): 50 concurrent clients in 5 shared workspaces, each alternately
 * pulling what changed since its last pull and pushing an update of an element it knows (often stale:
 * ten clients share a workspace, so conflicts happen) or a new element. Two phases: `paced`, where each
 * client waits about BENCH_THINK_MS (250 ms) between operations, as desktop apps syncing edits do — the
 * latency target applies here; then `saturated`, with no pause, which shows the most the server does and
 * what queueing costs. Both follow an unmeasured warm-up (BENCH_WARMUP_SECONDS, 10 s) of the paced load. Then
 * an audit of the outcome of all three:
 * every change a push answered as applied is in the final state exactly once (no revision lost, none
 * applied twice), every change sent was answered either applied or as a conflict carrying both versions,
 * and the final pull's sequence numbers are unique. Target: pull p99 under 20 ms.
 * The last line is one JSON object with every figure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { generateMasterKeyHex } from '../src/server/crypto/index.js';
import { migrateToLatest, openDatabase, type DatabaseKind } from '../src/server/db/index.js';
import { startPostgres, createDatabase, type PostgresInstance } from '../tests/support/postgres.js';
import { benchDatabases, log } from './server/setup.js';
import { percentiles, round } from './server/load.js';
import { BENCH_PASSWORD, seedTeam } from './server/seed.js';
import { startServerProcess, stopProcess, type ServerProcess } from './server/process.js';
import { auditOutcome, type Outcome } from './server/sync-audit.js';
import { callJson as json, markerOf, pullAll, runSyncLoad, type SyncLoadResult, type WireChange } from './server/sync-load.js';

const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 50);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const WORKSPACES = Number(process.env['BENCH_WORKSPACES'] ?? 5);
const THINK_MS = Number(process.env['BENCH_THINK_MS'] ?? 250);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 10);
const KINDS = benchDatabases();

interface PhaseFigures {
  readonly pulls: number;
  readonly pushes: number;
  readonly perSecond: number;
  readonly pull: { p50Ms: number; p99Ms: number };
  readonly push: { p50Ms: number; p99Ms: number };
  readonly errors: number;
  readonly firstError: string | null;
}

interface KindFigures {
  readonly paced: PhaseFigures;
  readonly saturated: PhaseFigures;
  readonly outcome: Outcome;
  readonly processes: number;
}

function phaseFigures(result: SyncLoadResult): PhaseFigures {
  return {
    pulls: result.pullMs.length,
    pushes: result.pushMs.length,
    perSecond: round((result.pullMs.length + result.pushMs.length) / result.elapsedSeconds),
    pull: percentiles(result.pullMs),
    push: percentiles(result.pushMs),
    errors: result.errors,
    firstError: result.firstError,
  };
}

async function benchKind(kind: DatabaseKind, postgres: PostgresInstance | null): Promise<KindFigures> {
  const dir = mkdtempSync(join(tmpdir(), `postern-bench-sync-${kind}-`));
  const masterKeyFile = join(dir, 'master.key');
  writeFileSync(masterKeyFile, `${generateMasterKeyHex()}\n`, { mode: 0o600 });
  const pgDatabase = postgres === null ? null : await createDatabase(postgres);
  const servers: ServerProcess[] = [];
  const pools: Pool[] = [];
  try {
    const database = await openDatabase(pgDatabase === null ? { sqliteFile: join(dir, 'postern.db') } : { url: pgDatabase.url, poolSize: 4 });
    await migrateToLatest(database.db);
    const team = await seedTeam(database.db, CLIENTS, Date.now());
    await database.close();

    const processCount = kind === 'postgres' ? 2 : 1;
    for (let i = 0; i < processCount; i++) servers.push(await startServerProcess(dir, masterKeyFile, pgDatabase?.url));
    for (const server of servers) pools.push(new Pool(server.base, { connections: CLIENTS, pipelining: 1 }));
    const poolOf = (worker: number): Pool => pools[worker % pools.length] as Pool;

    log(`  ${kind}: signing in ${CLIENTS} users, creating ${WORKSPACES} team workspaces (${processCount} server process${processCount > 1 ? 'es' : ''})`);
    const tokens: string[] = [];
    for (const [i, user] of team.users.entries()) {
      const res = await poolOf(i).request({ method: 'POST', path: '/auth/sign-in', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: BENCH_PASSWORD }) });
      const body = (await res.body.json()) as { token?: string };
      if (res.statusCode !== 200 || body.token === undefined) throw new Error(`sign-in answered ${res.statusCode}`);
      tokens.push(body.token);
    }
    const workspaceIds: string[] = [];
    for (let w = 0; w < WORKSPACES; w++) {
      const { status, body } = await json<{ id: string }>(poolOf(0), 'POST', `/teams/${team.teamId}/workspaces`, tokens[0] ?? '', { name: `Bench ${w}`, visibility: 'team' });
      if (status !== 200 && status !== 201) throw new Error(`creating a workspace answered ${status}`);
      workspaceIds.push(body.id);
      // Everyone edits every workspace: team Admins are not workspace Editors by themselves.
      for (const [i, user] of team.users.entries()) {
        if (i === 0) continue;
        const added = await json(poolOf(i), 'POST', `/workspaces/${body.id}/members`, tokens[0] ?? '', { type: 'user', id: user.id, role: 'editor' });
        if (added.status !== 201) throw new Error(`adding a workspace editor answered ${added.status}`);
      }
    }

    const load = { pools, tokens, workspaceIds, seconds: SECONDS };
    // A server just started runs cold (nothing compiled by the JIT yet): warm it with the same load, unmeasured.
    log(`  ${kind}: warming up for ${WARMUP_SECONDS} s`);
    const warmup = await runSyncLoad({ ...load, seconds: WARMUP_SECONDS, thinkMs: THINK_MS, label: 'w' });
    log(`  ${kind}: ${CLIENTS} clients pulling and pushing for ${SECONDS} s, about ${THINK_MS} ms apart`);
    const paced = await runSyncLoad({ ...load, thinkMs: THINK_MS, label: 'p' });
    log(`  ${kind}: ${CLIENTS} clients pulling and pushing for ${SECONDS} s without pause`);
    const saturated = await runSyncLoad({ ...load, thinkMs: 0, label: 's' });

    log(`  ${kind}: auditing the outcome`);
    const finals = new Map<string, WireChange[]>();
    for (const workspaceId of workspaceIds) finals.set(workspaceId, await pullAll(poolOf(1), tokens[1] ?? tokens[0] ?? '', workspaceId));
    const sum = (key: 'sent' | 'conflicts' | 'unreported' | 'conflictsWithoutBoth'): number => warmup[key] + paced[key] + saturated[key];
    const tally = { sent: sum('sent'), conflicts: sum('conflicts'), unreported: sum('unreported'), conflictsWithoutBoth: sum('conflictsWithoutBoth') };
    const outcome = auditOutcome([...warmup.applied, ...paced.applied, ...saturated.applied], finals, markerOf, tally);
    if (warmup.errors > 0) throw new Error(`the warm-up had ${warmup.errors} errors, the first: ${warmup.firstError ?? ''}`);
    return { paced: phaseFigures(paced), saturated: phaseFigures(saturated), outcome, processes: processCount };
  } finally {
    for (const pool of pools) await pool.close();
    for (const server of servers) await stopProcess(server.child);
    await pgDatabase?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  log(`server sync bench: ${CLIENTS} clients in ${WORKSPACES} workspaces, ${SECONDS} s paced (~${THINK_MS} ms apart) then ${SECONDS} s saturated, on ${KINDS.join(' and ')}`);
  const postgres = KINDS.includes('postgres') ? await startPostgres() : null;
  const figures: Record<string, KindFigures> = {};
  try {
    for (const kind of KINDS) figures[kind] = await benchKind(kind, kind === 'postgres' ? postgres : null);
  } finally {
    await postgres?.stop();
  }
  const summary: Record<string, unknown> = { bench: 'server-sync', clients: CLIENTS, seconds: SECONDS, warmup_seconds: WARMUP_SECONDS, workspaces: WORKSPACES, think_ms: THINK_MS };
  let failed = false;
  for (const [kind, f] of Object.entries(figures)) {
    const o = f.outcome;
    log('');
    log(`${kind} (${f.processes} server process${f.processes > 1 ? 'es' : ''})`);
    for (const [phase, p] of [['paced', f.paced], ['saturated', f.saturated]] as const) {
      log(`  ${phase.padEnd(10)} ${p.perSecond}/s  (${p.pulls} pulls, ${p.pushes} pushes, ${p.errors} errors)`);
      log(`    pull     p50 ${p.pull.p50Ms} ms  p99 ${p.pull.p99Ms} ms${phase === 'paced' ? '  (target p99 < 20 ms)' : ''}`);
      log(`    push     p50 ${p.push.p50Ms} ms  p99 ${p.push.p99Ms} ms`);
      if (p.firstError !== null) log(`    first error: ${p.firstError}`);
      Object.assign(summary, {
        [`${kind}_${phase}_requests_per_s`]: p.perSecond,
        [`${kind}_${phase}_pull_p50_ms`]: p.pull.p50Ms,
        [`${kind}_${phase}_pull_p99_ms`]: p.pull.p99Ms,
        [`${kind}_${phase}_push_p50_ms`]: p.push.p50Ms,
        [`${kind}_${phase}_push_p99_ms`]: p.push.p99Ms,
        [`${kind}_${phase}_errors`]: p.errors,
      });
    }
    log(`  changes    ${o.sent} sent: ${o.applied} applied, ${o.conflicts} conflicts reported with both versions (${o.conflictsWithoutBoth} without), ${o.unreported} unanswered`);
    log(`  audit      ${o.elements} elements, ${o.lost} lost, ${o.duplicated} duplicated, ${o.wrongContent} with content other than the last applied, ${o.duplicateSeqs} repeated seqs`);
    if (o.lost + o.duplicated + o.wrongContent + o.duplicateSeqs + o.unreported + o.conflictsWithoutBoth > 0 || f.paced.errors + f.saturated.errors > 0) failed = true;
    Object.assign(summary, {
      [`${kind}_processes`]: f.processes,
      [`${kind}_changes_sent`]: o.sent,
      [`${kind}_applied`]: o.applied,
      [`${kind}_conflicts`]: o.conflicts,
      [`${kind}_lost`]: o.lost,
      [`${kind}_duplicated`]: o.duplicated,
      [`${kind}_unreported`]: o.unreported + o.conflictsWithoutBoth,
    });
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`server sync bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
