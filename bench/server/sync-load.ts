/**
 * The sync benchmark's clients: each alternately pulls what changed since its last pull and pushes one
 * change — an update of an element it knows (often stale: several clients share a workspace) or a new
 * element — then waits `thinkMs` (± half, so clients do not march in step) before the next operation.
 * Every push answer is checked: each change sent must come back applied or as a conflict with both versions.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'undici';
import type { AppliedRecord, PushTally } from './sync-audit.js';

export interface WireChange {
  readonly id: string;
  readonly type: string;
  readonly revision: number;
  readonly seq: number;
  readonly deleted: boolean;
  readonly content: Record<string, unknown> | null;
}
interface PullAnswer {
  readonly nextSince: number;
  readonly hasMore: boolean;
  readonly changes: WireChange[];
}
interface PushAnswer {
  readonly applied: { id: string; revision: number; seq: number; unchanged: boolean }[];
  readonly conflicts: { id: string; server: WireChange; client: { content: Record<string, unknown> | null } }[];
}

export interface SyncLoadOptions {
  readonly pools: readonly Pool[];
  readonly tokens: readonly string[];
  readonly workspaceIds: readonly string[];
  readonly seconds: number;
  readonly thinkMs: number;
  /** Distinguishes the element ids this run creates from another run's. */
  readonly label: string;
}

export interface SyncLoadResult extends PushTally {
  readonly pullMs: number[];
  readonly pushMs: number[];
  readonly applied: AppliedRecord[];
  readonly errors: number;
  readonly firstError: string | null;
  readonly elapsedSeconds: number;
}

/** A small environment whose `writer` value says which push wrote it (the audit reads it back). */
export function environmentContent(id: string, marker: string): Record<string, unknown> {
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

export function markerOf(content: Record<string, unknown> | null): string | null {
  const values = content?.['values'];
  if (!Array.isArray(values)) return null;
  const writer = values.find((v: unknown) => typeof v === 'object' && v !== null && (v as { key?: unknown }).key === 'writer') as { value?: unknown } | undefined;
  return typeof writer?.value === 'string' ? writer.value : null;
}

export async function callJson<T>(pool: Pool, method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await pool.request({
    method,
    path,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: (text === '' ? {} : JSON.parse(text)) as T };
}

export async function pullAll(pool: Pool, token: string, workspaceId: string): Promise<WireChange[]> {
  const all: WireChange[] = [];
  let since = 0;
  for (;;) {
    const { status, body } = await callJson<PullAnswer>(pool, 'GET', `/workspaces/${workspaceId}/sync/changes?since=${since}&limit=500`, token);
    if (status !== 200) throw new Error(`final pull answered ${status}`);
    all.push(...body.changes);
    since = body.nextSince;
    if (!body.hasMore) return all;
  }
}

export async function runSyncLoad(options: SyncLoadOptions): Promise<SyncLoadResult> {
  const { pools, tokens, workspaceIds, thinkMs, label } = options;
  const pullMs: number[] = [];
  const pushMs: number[] = [];
  const applied: AppliedRecord[] = [];
  let sent = 0;
  let conflicts = 0;
  let unreported = 0;
  let conflictsWithoutBoth = 0;
  let errors = 0;
  let firstError: string | null = null;
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(tokens.map(async (token, worker) => {
    const pool = pools[worker % pools.length] as Pool;
    const workspaceId = workspaceIds[worker % workspaceIds.length] ?? '';
    const known = new Map<string, number>();
    let since = 0;
    for (let n = 0; performance.now() < deadline; n++) {
      if (thinkMs > 0) await sleep(thinkMs * (0.5 + Math.random()));
      const t0 = performance.now();
      try {
        if (n % 2 === 0) {
          const { status, body } = await callJson<PullAnswer>(pool, 'GET', `/workspaces/${workspaceId}/sync/changes?since=${since}&limit=100`, token);
          pullMs.push(performance.now() - t0);
          if (status !== 200) throw new Error(`pull answered ${status}`);
          for (const change of body.changes) known.set(change.id, change.revision);
          since = body.nextSince;
          continue;
        }
        const ids = [...known.keys()];
        const update = ids.length > 0 && n % 5 !== 1;
        const id = update ? (ids[(n * 7 + worker) % ids.length] as string) : `${label}${worker}x${n}`;
        const marker = `${label}w${worker}n${n}`;
        const change = { id, type: 'environment', baseRevision: update ? (known.get(id) ?? 0) : 0, content: environmentContent(id, marker) };
        sent++;
        const { status, body } = await callJson<PushAnswer>(pool, 'POST', `/workspaces/${workspaceId}/sync/push`, token, { changes: [change] });
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
  return { pullMs, pushMs, applied, sent, conflicts, unreported, conflictsWithoutBoth, errors, firstError, elapsedSeconds: (performance.now() - started) / 1000 };
}
