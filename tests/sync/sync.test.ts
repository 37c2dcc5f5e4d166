/**
 * The sync client against the real team server (SQLite and PostgreSQL), two or three clients in one workspace:
 * create and pull, concurrent edits turned into conflicts and resolved both ways, deletions as
 * tombstones, current values that never leave the device, a server that goes away and comes back,
 * a server reset, and live() pulling without being asked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, fileSyncState, memorySyncState, type ElementContent, type SyncClient, type SyncStateStore } from '../../src/sync/index.js';
import { DATABASE_KINDS } from '../server/support/context.js';
import { openTeamServer, sharedWorkspace, type SyncTestUser, type TeamServer } from './team-server.js';

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

function environment(name: string, token: string, current?: string): ElementContent {
  return { name, values: [{ key: 'token', value: token, type: 'default', enabled: true, ...(current !== undefined ? { currentValue: current } : {}) }] };
}

function collection(name: string, url: string, current?: string): ElementContent {
  return {
    info: { name, schema: SCHEMA },
    item: [
      {
        name: 'Folder',
        variable: [{ key: 'folderVar', value: 'shared-folder', ...(current !== undefined ? { current_value: `${current}-folder` } : {}) }],
        item: [{ name: 'List orders', request: { method: 'GET', url } }],
      },
    ],
    variable: [{ key: 'base', value: 'https://api.example.com', ...(current !== undefined ? { currentValue: current } : {}) }],
  };
}

function valueOf(content: ElementContent | null | undefined): unknown {
  const values = content?.['values'];
  return Array.isArray(values) ? (values[0] as Record<string, unknown> | undefined)?.['value'] : undefined;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(DATABASE_KINDS)('sync client against the team server on %s', (kind) => {
  let server: TeamServer;
  let owner: SyncTestUser;
  let bob: SyncTestUser;
  let workspaceId: string;
  let dir: string;

  beforeAll(async () => {
    server = await openTeamServer(kind);
    owner = await server.user('alice');
    bob = await server.user('bob');
    workspaceId = await sharedWorkspace(server, owner, [bob]);
    dir = mkdtempSync(join(tmpdir(), 'postern-sync-it-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function clientFor(user: SyncTestUser, state: SyncStateStore = memorySyncState(), fetchImpl?: typeof fetch): SyncClient {
    return createSyncClient({ baseUrl: server.baseUrl, token: user.token, workspaceId, state, pullLimit: 2, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  }

  it('creates on one client, pulls on the other; current values stay on the device', async () => {
    const a = clientFor(owner, fileSyncState(join(dir, 'alice.json')));
    const b = clientFor(bob);
    await a.upsert('env-dev', 'environment', environment('Dev', 'shared-token', 'alice-current-token'));
    await a.upsert('col-orders', 'collection', collection('Orders', 'https://api.example.com/orders', 'alice-current-base'));
    await a.upsert('globals', 'globals', { name: 'Globals', values: [{ key: 'g', value: 'gv', sessionValue: 'alice-session' }] });
    // The server refuses any push that carries current values, so this sync passing proves they were stripped.
    const leaked = await fetch(`${server.baseUrl}/workspaces/${workspaceId}/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ changes: [{ id: 'env-leak', type: 'environment', baseRevision: 0, content: environment('Leak', 'x', 'current') }] }),
    });
    expect(leaked.status).toBe(400);
    expect(((await leaked.json()) as { error: { code: string } }).error.code).toBe('CURRENT_VALUES_REFUSED');
    const pushed = await a.sync();
    expect(pushed).toMatchObject({ pushed: 3, offline: false, conflicts: [], rejected: [] });
    expect(await a.pending()).toEqual([]);

    const pulled = await b.sync();
    expect(pulled).toMatchObject({ pulled: 3, pushed: 0, offline: false });
    const env = await b.element('env-dev');
    expect(env).toMatchObject({ type: 'environment', name: 'Dev', revision: 1, deleted: false, status: 'synced' });
    expect(valueOf(env?.content)).toBe('shared-token');
    const everything = JSON.stringify(await b.elements());
    expect(everything).not.toMatch(/alice-current|alice-session/);
    expect((await b.element('col-orders'))?.name).toBe('Orders');

    // Alice keeps her current values, also after pulling the server's canonical version back.
    const mine = await a.element('col-orders');
    expect(JSON.stringify(mine?.content)).toContain('alice-current-base');
    expect(JSON.stringify(mine?.content)).toContain('alice-current-base-folder');
    expect(JSON.stringify((await a.element('env-dev'))?.content)).toContain('alice-current-token');
    // And her state file survived as the store of record.
    const reopened = clientFor(owner, fileSyncState(join(dir, 'alice.json')));
    expect(await reopened.lastSeq()).toBe(await a.lastSeq());
  });

  it('turns concurrent edits into a conflict with both versions; "mine" pushes on the server revision', async () => {
    const a = clientFor(owner);
    const b = clientFor(bob);
    await a.sync();
    await b.sync();
    await a.upsert('env-dev', 'environment', environment('Dev', 'alice-edit'));
    await b.upsert('env-dev', 'environment', environment('Dev', 'bob-edit'));
    expect((await a.sync()).pushed).toBe(1);
    const second = await b.sync();
    expect(second.pushed).toBe(0);
    expect(second.conflicts).toHaveLength(1);
    const conflict = second.conflicts[0];
    // Found by the pull, then confirmed by the server when the push sent it on its old base.
    expect(conflict).toMatchObject({ id: 'env-dev', type: 'environment', reason: 'stale', baseRevision: 1, confirmed: true });
    expect(valueOf(conflict?.server.content)).toBe('alice-edit');
    expect(conflict?.server.revision).toBe(2);
    expect(valueOf(conflict?.local.content)).toBe('bob-edit');
    expect(await b.conflicts()).toHaveLength(1);

    await b.resolve('env-dev', 'mine');
    const resolved = await b.sync();
    expect(resolved).toMatchObject({ pushed: 1, conflicts: [] });
    await a.sync();
    const seen = await a.element('env-dev');
    expect(valueOf(seen?.content)).toBe('bob-edit');
    expect(seen?.revision).toBe(3);
  });

  it('returns a push conflict from the server; "theirs" drops the local change', async () => {
    const a = clientFor(owner);
    const b = clientFor(bob);
    await a.sync();
    await b.sync();
    await a.upsert('col-orders', 'collection', collection('Orders', 'https://api.example.com/v2/orders'));
    await b.upsert('col-orders', 'collection', collection('Orders (bob)', 'https://api.example.com/bob'));
    await a.push();
    // Bob pushes without pulling first: the server itself refuses it as a conflict.
    const push = await b.push();
    expect(push.applied).toEqual([]);
    expect(push.conflicts).toHaveLength(1);
    expect(push.conflicts[0]).toMatchObject({ id: 'col-orders', reason: 'stale', server: { revision: 2, name: 'Orders' }, local: { content: { info: { name: 'Orders (bob)' } } } });

    await b.resolve('col-orders', 'theirs');
    expect(await b.pending()).toEqual([]);
    const after = await b.sync();
    expect(after).toMatchObject({ pushed: 0, conflicts: [] });
    const kept = await b.element('col-orders');
    expect(kept).toMatchObject({ name: 'Orders', revision: 2, status: 'synced' });
    expect(JSON.stringify(kept?.content)).toContain('/v2/orders');
  });

  it('syncs a deletion as a tombstone', async () => {
    const a = clientFor(owner);
    const b = clientFor(bob);
    await a.sync();
    await b.sync();
    await a.upsert('env-tmp', 'environment', environment('Temporary', 't'));
    await a.sync();
    await b.sync();
    expect((await b.element('env-tmp'))?.deleted).toBe(false);
    await a.remove('env-tmp');
    expect((await a.sync()).pushed).toBe(1);
    await b.sync();
    expect(await b.element('env-tmp')).toMatchObject({ deleted: true, content: null, revision: 2, name: 'Temporary' });
    // A fresh client sees the tombstone too.
    const c = clientFor(bob);
    await c.sync();
    expect(await c.element('env-tmp')).toMatchObject({ deleted: true, revision: 2 });
  });

  it('refuses a malformed element with the server\'s code and field, flagged and not retried', async () => {
    const a = clientFor(owner);
    await a.sync();
    await a.upsert('col-broken', 'collection', { info: { name: 'Broken', schema: SCHEMA }, item: 'not a list' });
    await a.upsert('env-fine', 'environment', environment('Fine', 'f'));
    const summary = await a.sync();
    expect(summary.pushed).toBe(1);
    expect(summary.rejected).toHaveLength(1);
    expect(summary.rejected[0]?.id).toBe('col-broken');
    expect(summary.rejected[0]?.error).toMatchObject({ kind: 'refused', status: 400 });
    expect(summary.rejected[0]?.error.field).toMatch(/^changes\[0\]\.content/);
    expect(await a.pending()).toMatchObject([{ id: 'col-broken', status: 'rejected' }]);
    expect((await a.sync()).rejected).toEqual([]);
    await a.discard('col-broken');
    expect(await a.pending()).toEqual([]);
  });

  it('survives the server going away: offline, nothing lost; resumes on a new server without duplicates', async () => {
    const a = clientFor(owner);
    const b = clientFor(bob);
    await a.sync();
    await b.sync();
    await a.upsert('env-offline', 'environment', environment('Offline', 'made offline'));
    await server.stop();
    const offline = await a.sync();
    expect(offline.offline).toBe(true);
    expect(offline.error?.kind).toBe('offline');
    expect(await a.pending()).toMatchObject([{ id: 'env-offline', status: 'pending', baseRevision: 0 }]);
    await a.upsert('env-offline', 'environment', environment('Offline', 'edited offline'));
    expect((await b.sync()).offline).toBe(true);

    await server.start();
    const resumed = await a.sync();
    expect(resumed).toMatchObject({ offline: false, pushed: 1 });
    await b.sync();
    const seen = await b.element('env-offline');
    expect(valueOf(seen?.content)).toBe('edited offline');
    expect(seen?.revision).toBe(1);
    expect(await b.lastSeq()).toBe(await a.lastSeq());
  });

  it('continues a pull cut off mid-way from the last saved page', async () => {
    const a = clientFor(owner);
    await a.sync();
    const behind = memorySyncState();
    const b = clientFor(bob, behind);
    await b.sync();
    for (const n of [1, 2, 3, 4, 5]) await a.upsert(`env-page-${n}`, 'environment', environment(`Page ${n}`, `p${n}`));
    expect((await a.sync()).pushed).toBe(5);
    // The server goes away right after the first page (pages of 2) was answered.
    let pages = 0;
    const cutting: typeof fetch = async (input, init) => {
      if (String(input).includes('/sync/changes')) {
        pages += 1;
        if (pages === 2) await server.stop();
      }
      return fetch(input, init);
    };
    const before = await b.lastSeq();
    const cut = await clientFor(bob, behind, cutting).sync();
    expect(cut.offline).toBe(true);
    expect(cut.pulled).toBe(2);
    const saved = behind.snapshot();
    expect(saved?.lastSeq).toBe(before + 2);
    expect(Object.keys(saved?.elements ?? {}).filter((id) => id.startsWith('env-page-'))).toHaveLength(2);

    await server.start();
    const resumed = await clientFor(bob, behind).sync();
    expect(resumed).toMatchObject({ offline: false, pulled: 3 });
    const pagesSeen = (await clientFor(bob, behind).elements()).filter((e) => e.id.startsWith('env-page-'));
    expect(pagesSeen.map((e) => [e.id, e.revision, valueOf(e.content)]).sort()).toEqual([1, 2, 3, 4, 5].map((n) => [`env-page-${n}`, 1, `p${n}`]));
    expect(behind.snapshot()?.lastSeq).toBe(await a.lastSeq());
  });

  it('retries a push whose answer was lost without duplicating it', async () => {
    let loseNextPushAnswer = true;
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST' && loseNextPushAnswer) {
        loseNextPushAnswer = false;
        await response.text();
        throw new TypeError('fetch failed: the connection dropped before the answer arrived');
      }
      return response;
    };
    const a = clientFor(owner, memorySyncState(), lossy);
    await a.sync();
    await a.upsert('env-lossy', 'environment', environment('Lossy', 'once'));
    const first = await a.sync();
    expect(first.offline).toBe(true);
    expect(await a.pending()).toHaveLength(1);
    // The pull brings the element back; the server's canonical version differs from the local document
    // (ids it derived), so it is a conflict the server has not judged yet…
    await a.pull();
    expect(await a.conflicts()).toMatchObject([{ id: 'env-lossy', reason: 'exists', confirmed: false, server: { revision: 1 } }]);
    const second = await a.sync();
    // …and the push lets it judge: the same canonical content, applied as unchanged.
    expect(second).toMatchObject({ offline: false, pushed: 1, conflicts: [] });
    expect(await a.element('env-lossy')).toMatchObject({ revision: 1, status: 'synced' });
    const fresh = clientFor(bob);
    await fresh.sync();
    expect(await fresh.element('env-lossy')).toMatchObject({ revision: 1 });
  });

  it('pulls everything again when the server is behind the saved sequence (reset)', async () => {
    const a = clientFor(owner);
    await a.sync();
    const known = await a.elements();
    const lastSeq = await a.lastSeq();
    // A state saved against a server whose history is gone: its sequence is far ahead, and it holds an
    // element the server never had.
    const store = memorySyncState();
    const seeded = clientFor(owner, store);
    await seeded.sync();
    const saved = store.snapshot();
    if (saved === null) throw new Error('no state');
    const ghost = { id: 'env-ghost', type: 'environment' as const, revision: 4, seq: lastSeq + 500, deleted: false, name: 'Ghost', content: environment('Ghost', 'g') };
    await store.save({ ...saved, lastSeq: lastSeq + 1000, elements: { ...saved.elements, 'env-ghost': ghost } });
    const restored = clientFor(owner, store);
    const summary = await restored.pull();
    expect(summary.rebuilt).toBe(true);
    expect(summary.lastSeq).toBe(lastSeq);
    expect(await restored.element('env-ghost')).toBeNull();
    expect((await restored.elements()).map((e) => [e.id, e.revision]).sort()).toEqual(known.map((e) => [e.id, e.revision]).sort());
  });

  it('live(): Bob hears Alice\'s push and pulls without being asked', async () => {
    const a = clientFor(owner);
    const b = clientFor(bob);
    await a.sync();
    await b.sync();
    const errors: unknown[] = [];
    const stop = b.live({ onError: (e) => errors.push(e) });
    try {
      await a.upsert('env-live', 'environment', environment('Live', 'heard'));
      expect((await a.sync()).pushed).toBe(1);
      await until(async () => valueOf((await b.element('env-live'))?.content) === 'heard', 'Bob to pull the live change');
    } finally {
      await stop();
    }
    expect(errors).toEqual([]);
  });
});
