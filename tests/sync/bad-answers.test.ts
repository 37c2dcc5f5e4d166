/**
 * The sync client against a server that misbehaves: nonsense answers, 5xx, refusals, silence. Each must
 * end as a typed SyncError (or `offline: true` from sync()) with the local state as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncClient, isSyncError, memorySyncState, type SyncError, type SyncClient } from '../../src/sync/index.js';
import { json, startScriptedServer, type ScriptedServer } from './scripted-server.js';

const WS = 'ws_test';
const page = (over: Record<string, unknown> = {}) => ({ workspaceId: WS, since: 0, currentSeq: 0, nextSince: 0, hasMore: false, ahead: false, changes: [], ...over });
const envContent = (value: string) => ({ name: 'Dev', values: [{ key: 'token', value, currentValue: 'device-secret', enabled: true }] });

let server: ScriptedServer;
let state: ReturnType<typeof memorySyncState>;
let client: SyncClient;

beforeEach(async () => {
  server = await startScriptedServer();
  state = memorySyncState();
  client = createSyncClient({ baseUrl: server.baseUrl, token: 'tok-123', workspaceId: WS, state, requestTimeoutMs: 2_000 });
});
afterEach(() => server.close());

async function failureOf(run: () => Promise<unknown>): Promise<SyncError> {
  const error = await run().then(() => null, (e: unknown) => e);
  if (!isSyncError(error)) throw new Error(`expected a SyncError, got ${String(error)}`);
  return error;
}

describe('sync client against a misbehaving server', () => {
  it('sends the token and strips current values from what it pushes', async () => {
    server.handle((req, res) => {
      if (req.method === 'POST') json(res, 200, { workspaceId: WS, currentSeq: 1, applied: [{ id: 'env1', type: 'environment', revision: 1, seq: 1, deleted: false, unchanged: false }], conflicts: [] });
      else json(res, 200, page());
    });
    await client.upsert('env1', 'environment', envContent('shared'));
    const summary = await client.push();
    expect(summary.applied).toHaveLength(1);
    const pushed = server.requests.find((r) => r.method === 'POST');
    expect(pushed?.authorization).toBe('Bearer tok-123');
    expect(pushed?.url).toBe(`/workspaces/${WS}/sync/push`);
    expect(JSON.parse(pushed?.body ?? '{}')).toEqual({ changes: [{ id: 'env1', type: 'environment', baseRevision: 0, content: { name: 'Dev', values: [{ key: 'token', value: 'shared', enabled: true }] } }] });
    expect(pushed?.body).not.toContain('device-secret');
    // The device keeps its current value.
    expect((await client.element('env1'))?.content).toEqual(envContent('shared'));
  });

  it('turns a pull answer of the wrong shape or not JSON into a bad-answer error, state unchanged', async () => {
    server.handle((_req, res) => json(res, 200, { hello: 'world' }));
    const wrongShape = await failureOf(() => client.pull());
    expect(wrongShape.kind).toBe('bad-answer');
    expect(wrongShape.message).toMatch(/pull: the server's answer is not a sync answer/);
    server.handle((_req, res) => json(res, 200, '<html>'));
    expect((await failureOf(() => client.sync())).code).toBe('BAD_ANSWER');
    server.handle((_req, res) => json(res, 200, page({ workspaceId: 'other' })));
    expect((await failureOf(() => client.pull())).message).toMatch(/workspace other/);
    expect(await client.lastSeq()).toBe(0);
  });

  it('does not loop on a server that says there is more but never moves on', async () => {
    server.handle((_req, res) => json(res, 200, page({ hasMore: true, nextSince: 0 })));
    expect((await failureOf(() => client.pull())).message).toMatch(/does not move past 0/);
    expect(server.requests).toHaveLength(1);
  });

  it('reports offline for 5xx, a refused connection and a silent server, and keeps the pending change', async () => {
    await client.upsert('env1', 'environment', envContent('shared'));
    server.handle((_req, res) => json(res, 503, { error: { code: 'SHUTTING_DOWN', message: 'shutting down' } }));
    const summary = await client.sync();
    expect(summary).toMatchObject({ offline: true, pulled: 0, pushed: 0 });
    expect(summary.error?.code).toBe('SHUTTING_DOWN');

    server.handle(() => undefined); // never answers
    const silent = createSyncClient({ baseUrl: server.baseUrl, token: 't', workspaceId: WS, state, requestTimeoutMs: 200 });
    const timedOut = await silent.sync();
    expect(timedOut.offline).toBe(true);
    expect(timedOut.error?.code).toBe('TIMEOUT');

    const baseUrl = server.baseUrl;
    await server.close();
    const refused = await createSyncClient({ baseUrl, token: 't', workspaceId: WS, state }).sync();
    expect(refused).toMatchObject({ offline: true });
    expect(refused.error?.code).toBe('NETWORK');
    expect(state.snapshot()?.pending).toMatchObject([{ id: 'env1', status: 'pending', baseRevision: 0 }]);
    server = await startScriptedServer(); // for afterEach
  });

  it('flags a change the server refuses by its index and pushes the others', async () => {
    await client.upsert('good1', 'environment', envContent('a'));
    await client.upsert('bad1', 'environment', envContent('b'));
    await client.upsert('good2', 'environment', envContent('c'));
    let seq = 0;
    server.handle((req, res) => {
      if (req.method !== 'POST') return json(res, 200, page({ currentSeq: seq, nextSince: seq }));
      const changes = (JSON.parse(req.body) as { changes: { id: string }[] }).changes;
      const bad = changes.findIndex((c) => c.id === 'bad1');
      if (bad >= 0) return json(res, 400, { error: { code: 'VALIDATION', message: 'the environment is malformed', field: `changes[${bad}].content.values[0]` } });
      json(res, 200, { workspaceId: WS, currentSeq: seq + changes.length, applied: changes.map((c) => ({ id: c.id, type: 'environment', revision: 1, seq: ++seq, deleted: false, unchanged: false })), conflicts: [] });
    });
    const summary = await client.sync();
    expect(summary.offline).toBe(false);
    expect(summary.pushed).toBe(2);
    expect(summary.rejected.map((r) => [r.id, r.error.code, r.error.field])).toEqual([['bad1', 'VALIDATION', 'changes[1].content.values[0]']]);
    expect(await client.pending()).toMatchObject([{ id: 'bad1', status: 'rejected', rejection: { code: 'VALIDATION', message: 'the environment is malformed' } }]);
    // Not retried by the next sync.
    const before = server.requests.filter((r) => r.method === 'POST').length;
    expect((await client.sync()).pushed).toBe(0);
    expect(server.requests.filter((r) => r.method === 'POST').length).toBe(before);
  });

  it('throws a refusal that names no change as a typed error, pending kept', async () => {
    await client.upsert('env1', 'environment', envContent('a'));
    server.handle((_req, res) => json(res, 403, { error: { code: 'FORBIDDEN', message: 'You may not change this workspace', field: null } }));
    const error = await failureOf(() => client.push());
    expect(error.toJSON()).toEqual({ kind: 'refused', code: 'FORBIDDEN', message: 'You may not change this workspace', status: 403 });
    expect(await client.pending()).toMatchObject([{ id: 'env1', status: 'pending' }]);
  });

  it('keeps the pending change when the push answer is nonsense', async () => {
    await client.upsert('env1', 'environment', envContent('a'));
    server.handle((_req, res) => json(res, 200, { workspaceId: WS, currentSeq: 'many', applied: [], conflicts: [] }));
    expect((await failureOf(() => client.push())).message).toMatch(/currentSeq/);
    expect(await client.pending()).toMatchObject([{ id: 'env1', status: 'pending' }]);
  });
});
