/**
 * Push and pull on both databases: revisions and the change sequence, canonical Postman content, paging,
 * a pull from beyond the current sequence, tombstones, conflicts with both versions, retried pushes that
 * must neither duplicate nor conflict, and the notifier hearing each committed push.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOBALS_ELEMENT_ID, type PullPage } from '../../../src/server/services/elements/index.js';
import { DATABASE_KINDS } from '../support/context.js';
import { serverErrorFrom } from '../support/server-error.js';
import { collectionDoc, collectionDocV20, environmentDoc, globalsDoc, openElementsHarness, uniqueId, type ElementsHarness } from './harness.js';

describe.each(DATABASE_KINDS)('elements push and pull on %s', (kind) => {
  let h: ElementsHarness;
  beforeAll(async () => {
    h = await openElementsHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates, updates and deletes with revisions and a rising sequence, and pulls each latest state', async () => {
    const { admin, workspaceId, access } = await h.fresh();
    const created = await h.elements.push(admin, access, [
      { id: 'col-1', type: 'collection', baseRevision: 0, content: collectionDoc('Orders') },
      { id: 'env-1', type: 'environment', baseRevision: 0, content: environmentDoc('Staging') },
      { id: GLOBALS_ELEMENT_ID, type: 'globals', baseRevision: 0, content: globalsDoc([{ key: 'region', value: 'eu' }]) },
    ]);
    expect(created).toEqual({
      workspaceId,
      currentSeq: 3,
      conflicts: [],
      applied: [
        { id: 'col-1', type: 'collection', revision: 1, seq: 1, deleted: false, unchanged: false },
        { id: 'env-1', type: 'environment', revision: 1, seq: 2, deleted: false, unchanged: false },
        { id: 'globals', type: 'globals', revision: 1, seq: 3, deleted: false, unchanged: false },
      ],
    });

    h.test.clock.advance(1000);
    const updated = await h.elements.push(admin, access, [{ id: 'col-1', type: 'collection', baseRevision: 1, content: collectionDoc('Orders v2') }]);
    expect(updated.applied).toEqual([{ id: 'col-1', type: 'collection', revision: 2, seq: 4, deleted: false, unchanged: false }]);
    const deleted = await h.elements.push(admin, access, [{ id: 'env-1', type: 'environment', baseRevision: 1, deleted: true }]);
    expect(deleted).toMatchObject({ currentSeq: 5, applied: [{ id: 'env-1', revision: 2, seq: 5, deleted: true, unchanged: false }] });

    const page = await h.elements.pull(access, 0, 100);
    expect(page).toMatchObject({ workspaceId, since: 0, currentSeq: 5, nextSince: 5, hasMore: false, ahead: false });
    expect(page.message).toBeUndefined();
    expect(page.changes.map((c) => [c.id, c.revision, c.seq, c.deleted])).toEqual([
      ['globals', 1, 3, false],
      ['col-1', 2, 4, false],
      ['env-1', 2, 5, true],
    ]);
    const collection = page.changes.find((c) => c.id === 'col-1');
    expect(collection).toMatchObject({ type: 'collection', name: 'Orders v2', updatedBy: admin.userId, updatedAt: h.test.clock() });
    // Stored as canonical Postman v2.1 (import then export), which is what comes back.
    expect(collection?.content).toMatchObject({
      info: { _postman_id: 'pm-Orders v2', name: 'Orders v2', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [{ id: 'req-1', name: 'Get things', request: { method: 'GET', url: { raw: 'https://api.example.com/things' } } }],
    });
    const tombstone = page.changes.find((c) => c.id === 'env-1');
    expect(tombstone).toMatchObject({ type: 'environment', name: 'Staging', deleted: true, content: null });
    const globals = page.changes.find((c) => c.id === 'globals');
    expect(globals?.content).toEqual({ id: 'globals', name: 'Globals', values: [{ key: 'region', value: 'eu', type: 'default', enabled: true }], _postman_variable_scope: 'globals', _postman_exported_using: 'Postern' });

    expect((await h.elements.pull(access, 4, 100)).changes.map((c) => c.id)).toEqual(['env-1']);
    expect(await h.elements.pull(access, 5, 100)).toMatchObject({ currentSeq: 5, nextSince: 5, hasMore: false, ahead: false, changes: [] });
  });

  it('stores a v2.0 collection as v2.1, and restores a tombstone pushed at its current revision', async () => {
    const { admin, access } = await h.fresh();
    await h.elements.push(admin, access, [{ id: 'old', type: 'collection', baseRevision: 0, content: collectionDocV20('Legacy') }]);
    const [stored] = (await h.elements.pull(access, 0, 10)).changes;
    expect((stored?.content?.['info'] as { schema: string }).schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');

    await h.elements.push(admin, access, [{ id: 'old', type: 'collection', baseRevision: 1, deleted: true }]);
    const again = await h.elements.push(admin, access, [{ id: 'old', type: 'collection', baseRevision: 2, deleted: true }]);
    expect(again).toMatchObject({ currentSeq: 2, applied: [{ id: 'old', revision: 2, seq: 2, deleted: true, unchanged: true }] });
    const restored = await h.elements.push(admin, access, [{ id: 'old', type: 'collection', baseRevision: 2, content: collectionDoc('Legacy back') }]);
    expect(restored.applied).toEqual([{ id: 'old', type: 'collection', revision: 3, seq: 3, deleted: false, unchanged: false }]);
    expect((await h.elements.pull(access, 2, 10)).changes).toMatchObject([{ id: 'old', deleted: false, name: 'Legacy back', revision: 3 }]);
  });

  it('pages with limit, nextSince and hasMore, every change exactly once', async () => {
    const { admin, access } = await h.fresh();
    const ids = Array.from({ length: 7 }, (_, i) => `env-${i}`);
    await h.elements.push(admin, access, ids.map((id) => ({ id, type: 'environment' as const, baseRevision: 0, content: environmentDoc(id) })));
    const pages: PullPage[] = [];
    let since = 0;
    for (;;) {
      const page = await h.elements.pull(access, since, 3);
      pages.push(page);
      since = page.nextSince;
      if (!page.hasMore) break;
    }
    expect(pages.map((p) => [p.since, p.nextSince, p.hasMore, p.changes.length])).toEqual([
      [0, 3, true, 3],
      [3, 6, true, 3],
      [6, 7, false, 1],
    ]);
    expect(pages.flatMap((p) => p.changes.map((c) => c.id))).toEqual(ids);
    expect(pages.every((p) => p.currentSeq === 7)).toBe(true);
    // A page that ends exactly at the last change says there is no more.
    expect(await h.elements.pull(access, 4, 3)).toMatchObject({ nextSince: 7, hasMore: false });
  });

  it('answers a pull from beyond the current sequence with nothing and says so', async () => {
    const { admin, access } = await h.fresh();
    await h.elements.push(admin, access, [{ id: 'c', type: 'collection', baseRevision: 0, content: collectionDoc('C') }]);
    const page = await h.elements.pull(access, 57, 100);
    expect(page).toEqual({
      workspaceId: access.workspace.id,
      since: 57,
      currentSeq: 1,
      nextSince: 0,
      hasMore: true,
      ahead: true,
      message: "since 57 is beyond this workspace's latest change 1: pull from 0 again",
      changes: [],
    });
  });

  it('refuses a bad since or limit naming the field', async () => {
    const { access } = await h.fresh();
    expect(await serverErrorFrom(h.elements.pull(access, -1, 10))).toMatchObject({ code: 'VALIDATION', field: 'since' });
    expect(await serverErrorFrom(h.elements.pull(access, 1.5, 10))).toMatchObject({ code: 'VALIDATION', field: 'since' });
    expect(await serverErrorFrom(h.elements.pull(access, 0, 0))).toMatchObject({ code: 'VALIDATION', field: 'limit' });
    expect(await serverErrorFrom(h.elements.pull(access, 0, 501))).toMatchObject({ code: 'VALIDATION', field: 'limit' });
  });

  it('returns a stale change as a conflict with both versions and writes nothing', async () => {
    const { admin, workspaceId, access } = await h.fresh();
    await h.elements.push(admin, access, [{ id: 'col', type: 'collection', baseRevision: 0, content: collectionDoc('Mine') }]);
    await h.elements.push(admin, access, [{ id: 'col', type: 'collection', baseRevision: 1, content: collectionDoc('Theirs') }]);
    const before = await h.snapshot(workspaceId);
    const heard = h.listen(workspaceId);

    const result = await h.elements.push(admin, access, [{ id: 'col', type: 'collection', baseRevision: 1, content: collectionDoc('Stale edit') }]);
    expect(result.applied).toEqual([]);
    expect(result.currentSeq).toBe(2);
    expect(result.conflicts).toHaveLength(1);
    const [conflict] = result.conflicts;
    expect(conflict).toMatchObject({ id: 'col', type: 'collection', baseRevision: 1, reason: 'stale', server: { id: 'col', revision: 2, seq: 2, deleted: false, name: 'Theirs' }, client: { deleted: false } });
    expect((conflict?.server.content?.['info'] as { name: string }).name).toBe('Theirs');
    expect((conflict?.client.content?.['info'] as { name: string }).name).toBe('Stale edit');

    const staleDelete = await h.elements.push(admin, access, [{ id: 'col', type: 'collection', baseRevision: 1, deleted: true }]);
    expect(staleDelete.conflicts).toMatchObject([{ reason: 'stale', server: { revision: 2, deleted: false }, client: { deleted: true, content: null } }]);
    expect(await h.snapshot(workspaceId)).toEqual(before);
    expect(heard).toEqual([]);
  });

  it('answers base 0 on a taken id with an exists conflict, also for a tombstone', async () => {
    const { admin, workspaceId, access } = await h.fresh();
    await h.elements.push(admin, access, [
      { id: 'taken', type: 'environment', baseRevision: 0, content: environmentDoc('First') },
      { id: 'gone', type: 'environment', baseRevision: 0, content: environmentDoc('Gone') },
    ]);
    await h.elements.push(admin, access, [{ id: 'gone', type: 'environment', baseRevision: 1, deleted: true }]);
    const before = await h.snapshot(workspaceId);
    const result = await h.elements.push(admin, access, [
      { id: 'taken', type: 'environment', baseRevision: 0, content: environmentDoc('Second') },
      { id: 'gone', type: 'environment', baseRevision: 0, content: environmentDoc('Again') },
    ]);
    expect(result.applied).toEqual([]);
    expect(result.conflicts).toMatchObject([
      { id: 'taken', reason: 'exists', baseRevision: 0, server: { revision: 1, name: 'First', deleted: false, content: { name: 'First' } }, client: { content: { name: 'Second' } } },
      { id: 'gone', reason: 'exists', server: { revision: 2, deleted: true, content: null }, client: { deleted: false, content: { name: 'Again' } } },
    ]);
    expect(await h.snapshot(workspaceId)).toEqual(before);
  });

  it('applies a retried push as unchanged without a new sequence or a duplicate', async () => {
    const { admin, workspaceId, access } = await h.fresh();
    const create = [
      // Items without ids: canonical ids are derived, so the retry canonicalises to the same document.
      { id: 'api', type: 'collection' as const, baseRevision: 0, content: { info: { name: 'API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'Ping', request: 'https://api.example.com/ping' }] } },
      { id: 'env', type: 'environment' as const, baseRevision: 0, content: { name: 'Prod', values: [{ key: 'host', value: 'prod.example.com' }] } },
    ];
    const first = await h.elements.push(admin, access, create);
    const update = [{ id: 'env', type: 'environment' as const, baseRevision: 1, content: { name: 'Prod', values: [{ key: 'host', value: 'prod2.example.com' }] } }];
    await h.elements.push(admin, access, update);
    const before = await h.snapshot(workspaceId);
    const heard = h.listen(workspaceId);

    const retried = await h.elements.push(admin, access, create);
    expect(retried).toEqual({
      workspaceId,
      currentSeq: 3,
      conflicts: [
        expect.objectContaining({ id: 'env', reason: 'exists', server: expect.objectContaining({ revision: 2 }) }),
      ],
      applied: [{ id: 'api', type: 'collection', revision: 1, seq: 1, deleted: false, unchanged: true }],
    });
    expect(first.applied[0]?.seq).toBe(1);
    const retriedUpdate = await h.elements.push(admin, access, update);
    expect(retriedUpdate).toEqual({ workspaceId, currentSeq: 3, conflicts: [], applied: [{ id: 'env', type: 'environment', revision: 2, seq: 3, deleted: false, unchanged: true }] });
    expect(await h.snapshot(workspaceId)).toEqual(before);
    expect(heard).toEqual([]);
    const all = await h.elements.pull(access, 0, 100);
    expect(all.changes.map((c) => c.id)).toEqual(['api', 'env']);
  });

  it('tells the notifier the new sequence after each push that wrote something', async () => {
    const { admin, workspaceId, access } = await h.fresh();
    const heard = h.listen(workspaceId);
    const committed: number[] = [];
    h.notifier.subscribe(workspaceId, () => {
      // Published after commit: a pull from inside the listener already sees the change.
      void h.elements.pull(access, 0, 100).then((page) => committed.push(page.currentSeq));
    });
    await h.elements.push(admin, access, [
      { id: 'a', type: 'environment', baseRevision: 0, content: environmentDoc('A') },
      { id: 'b', type: 'environment', baseRevision: 0, content: environmentDoc('B') },
    ]);
    await h.elements.push(admin, access, [{ id: 'a', type: 'environment', baseRevision: 1, deleted: true }]);
    await h.elements.push(admin, access, []);
    expect(heard).toEqual([
      { workspaceId, seq: 2 },
      { workspaceId, seq: 3 },
    ]);
    await expect.poll(() => committed).toEqual([2, 3]);
    expect(await h.elements.push(admin, access, [])).toEqual({ workspaceId, currentSeq: 3, applied: [], conflicts: [] });
  });

  it('keeps workspaces apart: each has its own sequence and elements', async () => {
    const one = await h.fresh();
    const two = await h.fresh();
    const id = uniqueId('shared-id');
    await h.elements.push(one.admin, one.access, [{ id, type: 'collection', baseRevision: 0, content: collectionDoc('One') }]);
    const other = await h.elements.push(two.admin, two.access, [{ id, type: 'collection', baseRevision: 0, content: collectionDoc('Two') }]);
    expect(other.applied).toMatchObject([{ id, revision: 1, seq: 1, unchanged: false }]);
    expect((await h.elements.pull(one.access, 0, 10)).changes.map((c) => c.name)).toEqual(['One']);
    expect((await h.elements.pull(two.access, 0, 10)).changes.map((c) => c.name)).toEqual(['Two']);
  });
});
