/**
 * Sync under load, on SQLite (one `postern server` process) and on PostgreSQL (two processes against one
 * database, clients split between them): 50 concurrent clients in 5 shared workspaces, each alternately
 * pulling what changed since its last pull and pushing an update of an element it knows (often stale:
 * ten clients share a workspace, so conflicts happen) or a new element. Then an audit of the outcome:
 * every change a push answered as applied is in the final state exactly once (no revision lost, none
 * applied twice), every change sent was answered either applied or as a conflict carrying both versions,
 * and the final pull's sequence numbers are unique. Target: pull p99 under 20 ms.
 * The last line is one JSON object with every figure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { generateMasterKeyHex } from '../src/server/crypto/index.js';
import { migrateToLatest, openDatabase, type DatabaseKind } from '../src/server/db/index.js';
import { startPostgres, createDatabase, type PostgresInstance } from '../tests/support/postgres.js';
import { percentiles, round } from './server/load.js';
import { BENCH_PASSWORD, seedTeam } from './server/seed.js';
import { startServerProcess, stopProcess, type ServerProcess } from './server/process.js';
import { auditOutcome, type AppliedRecord, type Outcome } from './server/sync-audit.js';

const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 50);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const WORKSPACES = Number(process.env['BENCH_WORKSPACES'] ?? 5);
const KINDS = (process.env['BENCH_DATABASES'] ?? 'sqlite,postgres').split(',').filter((k): k is DatabaseKind => k === 'sqlite' || k === 'postgres');

interface WireChange {
  readonly id: string;
  readonly type: string;
  readonly revision: number;
  readonly seq: number;
  readonly deleted: boolean;
  readonly content: Record<string, unknown> | null;
}
interface PullAnswer {
  readonly currentSeq: number;
  readonly nextSince: number;
  readonly hasMore: boolean;
  readonly changes: WireChange[];
}
interface PushAnswer {
  readonly applied: { id: string; revision: number; seq: number; unchanged: boolean }[];
  readonly conflicts: { id: string; server: WireChange; client: { content: Record<string, unknown> | null } }[];
}

interface KindFigures {
  readonly pulls: number;
  readonly pushes: number;
  readonly perSecond: number;
  readonly pull: { p50Ms: number; p99Ms: number };
  readonly push: { p50Ms: number; p99Ms: number };
  readonly errors: number;
  readonly firstError: string | null;
  readonly outcome: Outcome;
  readonly processes: number;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A small environment whose `writer` value says which push wrote it (the audit reads it back). */
function environmentContent(id: string, marker: string): Record<string, unknown> {
  return {
    id,
    name: `Env ${id}`,
    values: [
      { key: 'writer', value: marker, type: 'default', enabled: true },
      { key: 'baseUrl', value: 'https://api.example.com', type: 'default', enabled: true },
      { key: 'token', value: `secret-${marker}`, type: 'secret', enabled: true },
    ],
    _postman_variable_scope: 'environment',
  };
}

function markerOf(content: Record<string, unknown> | null): string | null {
  const values = content?.['values'];
  if (!Array.isArray(values)) return null;
  const writer = values.find((v: unknown) => typeof v === 'object' && v !== null && (v as { key?: unknown }).key === 'writer') as { value?: unknown } | undefined;
  return typeof writer?.value === 'string' ? writer.value : null;
}

async function json<T>(pool: Pool, method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await pool.request({
    method,
    path,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: (text === '' ? {} : JSON.parse(text)) as T };
}

async function pullAll(pool: Pool, token: string, workspaceId: string): Promise<WireChange[]> {
  const all: WireChange[] = [];
  let since = 0;
  for (;;) {
    const { status, body } = await json<PullAnswer>(pool, 'GET', `/workspaces/${workspaceId}/sync/changes?since=${since}&limit=500`, token);
    if (status !== 200) throw new Error(`final pull answered ${status}`);
    all.push(...body.changes);
    since = body.nextSince;
    if (!body.hasMore) return all;
  }
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
    }

    log(`  ${kind}: ${CLIENTS} clients pulling and pushing for ${SECONDS} s`);
    const pullMs: number[] = [];
    const pushMs: number[] = [];
    const applied: AppliedRecord[] = [];
    let sent = 0;
    let conflicts = 0;
    let unreported = 0;
    let conflictsWithoutBoth = 0;
    let errors = 0;
    let firstError: string | null = null;
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async (_, worker) => {
      const pool = poolOf(worker);
      const token = tokens[worker] ?? '';
      const workspaceId = workspaceIds[worker % workspaceIds.length] ?? '';
      const known = new Map<string, number>();
      let since = 0;
      for (let n = 0; performance.now() < deadline; n++) {
        const t0 = performance.now();
        try {
          if (n % 2 === 0) {
            const { status, body } = await json<PullAnswer>(pool, 'GET', `/workspaces/${workspaceId}/sync/changes?since=${since}&limit=100`, token);
            pullMs.push(performance.now() - t0);
            if (status !== 200) throw new Error(`pull answered ${status}`);
            for (const change of body.changes) known.set(change.id, change.revision);
            since = body.nextSince;
            continue;
          }
          const ids = [...known.keys()];
          const update = ids.length > 0 && n % 5 !== 1;
          const id = update ? (ids[(n * 7 + worker) % ids.length] as string) : `e${worker}x${n}`;
          const marker = `w${worker}n${n}`;
          const change = { id, type: 'environment', baseRevision: update ? (known.get(id) ?? 0) : 0, content: environmentContent(id, marker) };
          sent++;
          const { status, body } = await json<PushAnswer>(pool, 'POST', `/workspaces/${workspaceId}/sync/push`, token, { changes: [change] });
          pushMs.push(performance.now() - t0);
          if (status !== 200) throw new Error(`push answered ${status}: ${JSON.stringify(body).slice(0, 200)}`);
          const done = body.applied.find((a) => a.id === id);
          const conflict = body.conflicts.find((c) => c.id === id);
          if (done !== undefined) {
            known.set(id, done.revision);
            if (!done.unchanged) applied.push({ workspaceId, id, revision: done.revision, seq: done.seq, marker });
          } else if (conflict !== undefined) {
            conflicts++;
            if (markerOf(conflict.client.content) !== marker || conflict.server.revision < 1) conflictsWithoutBoth++;
            // Take theirs: the next update of this element is based on the server's revision.
            known.set(id, conflict.server.revision);
          } else {
            unreported++;
          }
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }));
    const elapsed = (performance.now() - started) / 1000;

    log(`  ${kind}: auditing the outcome`);
    const finals = new Map<string, WireChange[]>();
    for (const workspaceId of workspaceIds) finals.set(workspaceId, await pullAll(poolOf(1), tokens[1] ?? tokens[0] ?? '', workspaceId));
    const outcome = auditOutcome(applied, finals, markerOf, { sent, conflicts, unreported, conflictsWithoutBoth });
    return {
      pulls: pullMs.length,
      pushes: pushMs.length,
      perSecond: round((pullMs.length + pushMs.length) / elapsed),
      pull: percentiles(pullMs),
      push: percentiles(pushMs),
      errors,
      firstError,
      outcome,
      processes: processCount,
    };
  } finally {
    for (const pool of pools) await pool.close();
    for (const server of servers) await stopProcess(server.child);
    await pgDatabase?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  log(`server sync bench: ${CLIENTS} clients in ${WORKSPACES} workspaces, ${SECONDS} s, on ${KINDS.join(' and ')}`);
  const postgres = KINDS.includes('postgres') ? await startPostgres() : null;
  const figures: Record<string, KindFigures> = {};
  try {
    for (const kind of KINDS) figures[kind] = await benchKind(kind, kind === 'postgres' ? postgres : null);
  } finally {
    await postgres?.stop();
  }
  const summary: Record<string, unknown> = { bench: 'server-sync', clients: CLIENTS, seconds: SECONDS, workspaces: WORKSPACES };
  let failed = false;
  for (const [kind, f] of Object.entries(figures)) {
    const o = f.outcome;
    log('');
    log(`${kind} (${f.processes} server process${f.processes > 1 ? 'es' : ''})`);
    log(`  requests   ${f.perSecond}/s  (${f.pulls} pulls, ${f.pushes} pushes, ${f.errors} errors)`);
    log(`  pull       p50 ${f.pull.p50Ms} ms  p99 ${f.pull.p99Ms} ms  (target p99 < 20 ms)`);
    log(`  push       p50 ${f.push.p50Ms} ms  p99 ${f.push.p99Ms} ms`);
    log(`  changes    ${o.sent} sent: ${o.applied} applied, ${o.conflicts} conflicts reported with both versions (${o.conflictsWithoutBoth} without), ${o.unreported} unanswered`);
    log(`  audit      ${o.elements} elements, ${o.lost} lost, ${o.duplicated} duplicated, ${o.wrongContent} with content other than the last applied, ${o.duplicateSeqs} repeated seqs`);
    if (f.firstError !== null) log(`  first error: ${f.firstError}`);
    if (o.lost + o.duplicated + o.wrongContent + o.duplicateSeqs + o.unreported + o.conflictsWithoutBoth > 0 || f.errors > 0) failed = true;
    Object.assign(summary, {
      [`${kind}_processes`]: f.processes,
      [`${kind}_requests_per_s`]: f.perSecond,
      [`${kind}_pulls`]: f.pulls,
      [`${kind}_pushes`]: f.pushes,
      [`${kind}_pull_p50_ms`]: f.pull.p50Ms,
      [`${kind}_pull_p99_ms`]: f.pull.p99Ms,
      [`${kind}_push_p50_ms`]: f.push.p50Ms,
      [`${kind}_push_p99_ms`]: f.push.p99Ms,
      [`${kind}_errors`]: f.errors,
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
