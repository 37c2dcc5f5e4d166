import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportPostmanCollection, importPostmanCollection } from '../../src/formats/index.js';
import { PosternError } from '../../src/model/index.js';
import type { Collection, Item, RequestItem } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store, TreeNode } from '../../src/store/index.js';
import { COLLECTION_FIXTURES, readFixture } from '../formats/fixtures.js';
import { tempDir, thrown } from './support.js';

function request(id: string, name: string, method = 'GET'): RequestItem {
  return { kind: 'request', id, name, request: { method, url: `http://127.0.0.1/${id}`, query: [], pathVariables: [], headers: [], body: { mode: 'none' } }, responses: [], scripts: {} };
}

function folder(id: string, name: string, items: Item[]): Item {
  return { kind: 'folder', id, name, items, scripts: {}, variables: [] };
}

function names(nodes: readonly TreeNode[]): unknown[] {
  return nodes.map((node) => (node.children ? { [node.name]: names(node.children) } : node.name));
}

function small(): Collection {
  return {
    id: 'col-1',
    name: 'Small',
    items: [folder('f1', 'Users', [request('r1', 'List'), request('r2', 'Create', 'POST')]), request('r3', 'Health')],
    scripts: { prerequest: 'pm.variables.set("a", 1)' },
    variables: [{ key: 'base', initialValue: 'http://127.0.0.1', type: 'default', enabled: true }],
  };
}

describe('collections in the store', () => {
  let file: string;
  let store: Store;
  let workspaceId: string;

  beforeEach(() => {
    file = join(tempDir(), 'postern.db');
    store = openStore(file);
    workspaceId = store.workspaces.create('Team').id;
  });
  afterEach(() => store.close());

  it.each(COLLECTION_FIXTURES)('keeps %s whole: the model and the v2.1 export come back equal', (name) => {
    const imported = importPostmanCollection(readFixture(name), { file: name });
    const id = store.collections.put(workspaceId, imported);
    store.close();
    store = openStore(file);
    expect(store.collections.get(id)).toEqual(imported);
    expect(store.collections.export(id)).toEqual(exportPostmanCollection(imported));
  });

  it('imports Postman text through src/formats and names the file in a format error', () => {
    const id = store.collections.import(workspaceId, readFixture('petstore.postman_collection.json'));
    expect(store.collections.list(workspaceId)).toEqual([{ id, name: 'Petstore API' }]);
    const error = thrown(() => store.collections.import(workspaceId, '{"info": {"name": "x"}, "item": [{"name": 3}]}', { file: 'bad.json' }));
    expect((error as PosternError).code).toBe('INVALID_COLLECTION');
    expect((error as PosternError).where.file).toBe('bad.json');
    expect((error as PosternError).where.path).toBe('item[0].name');
    expect((error as PosternError).where.line).toBe(1);
    expect(store.collections.list(workspaceId)).toHaveLength(1);
  });

  it('lists the tree in order with methods, without request details', () => {
    const id = store.collections.put(workspaceId, small());
    const tree = store.collections.tree(id);
    expect(names(tree.items)).toEqual([{ Users: ['List', 'Create'] }, 'Health']);
    expect(tree.items[0]?.children?.[1]).toEqual({ id: 'r2', kind: 'request', name: 'Create', method: 'POST' });
    expect(store.collections.workspaceTree(workspaceId).map((c) => c.name)).toEqual(['Small']);
  });

  it('adds, edits and deletes items; a folder is deleted with its subtree', () => {
    const id = store.collections.put(workspaceId, small());
    store.items.add(id, 'f1', request('r4', 'Delete', 'DELETE'), 0);
    expect(names(store.collections.tree(id).items)).toEqual([{ Users: ['Delete', 'List', 'Create'] }, 'Health']);

    const edited = { ...request('r3', 'Health check', 'HEAD'), scripts: { test: 'pm.test("ok", () => {})' } };
    store.items.update(id, edited);
    expect(store.items.get(id, 'r3')).toEqual(edited);

    const users = store.items.get(id, 'f1');
    expect(users.kind === 'folder' ? users.items.map((item) => item.name) : []).toEqual(['Delete', 'List', 'Create']);

    store.items.delete(id, 'f1');
    expect(names(store.collections.tree(id).items)).toEqual(['Health check']);
    expect(thrown(() => store.items.get(id, 'r1'))).toMatchObject({ code: 'STORE_NOT_FOUND' });
  });

  it('gives a repeated item id a fresh one instead of failing', () => {
    const collection = { ...small(), items: [request('same', 'A'), request('same', 'B')] };
    const id = store.collections.put(workspaceId, collection);
    const ids = store.collections.tree(id).items.map((node) => node.id);
    expect(ids[0]).toBe('same');
    expect(ids[1]).not.toBe('same');
    expect(new Set(ids).size).toBe(2);
  });

  it('moves and reorders items, and keeps order through many moves into the same gap', () => {
    const id = store.collections.put(workspaceId, small());
    store.items.move(id, 'r3', 'f1', 1);
    expect(names(store.collections.tree(id).items)).toEqual([{ Users: ['List', 'Health', 'Create'] }]);
    store.items.move(id, 'r1', 'f1', 3);
    expect(names(store.collections.tree(id).items)).toEqual([{ Users: ['Health', 'Create', 'List'] }]);
    store.items.move(id, 'r2', null, 0);
    expect(names(store.collections.tree(id).items)).toEqual(['Create', { Users: ['Health', 'List'] }]);

    // 80 insertions at index 1 halve the same gap until doubles run out, forcing a renumbering.
    for (let i = 0; i < 80; i++) store.items.add(id, null, request(`n${i}`, `N${i}`), 1);
    const top = store.collections.tree(id).items.map((node) => node.name);
    expect(top[0]).toBe('Create');
    expect(top.slice(1, 81)).toEqual(Array.from({ length: 80 }, (_, i) => `N${79 - i}`));
    expect(top[81]).toBe('Users');
  });

  it('refuses to move a folder into itself or below itself, or under a request', () => {
    const id = store.collections.put(workspaceId, { ...small(), items: [folder('a', 'A', [folder('b', 'B', [])]), request('r', 'R')] });
    expect(thrown(() => store.items.move(id, 'a', 'b', 0))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(thrown(() => store.items.move(id, 'a', 'a', 0))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(thrown(() => store.items.move(id, 'a', 'r', 0))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(names(store.collections.tree(id).items)).toEqual([{ A: [{ B: [] }] }, 'R']);
  });

  it('replaces a collection imported again with the same id, and updates collection settings', () => {
    const id = store.collections.put(workspaceId, small());
    store.collections.put(workspaceId, { ...small(), name: 'Small v2', items: [request('x', 'Only')] });
    expect(store.collections.list(workspaceId)).toEqual([{ id, name: 'Small v2' }]);
    expect(names(store.collections.tree(id).items)).toEqual(['Only']);

    const copy = store.collections.put(workspaceId, small(), false);
    expect(copy).not.toBe(id);
    expect(store.collections.list(workspaceId)).toHaveLength(2);

    store.collections.update(id, { name: 'Renamed', auth: { type: 'bearer', params: { token: '{{t}}' } } });
    const after = store.collections.get(id);
    expect(after.name).toBe('Renamed');
    expect(after.auth).toEqual({ type: 'bearer', params: { token: '{{t}}' } });
    expect(after.scripts).toEqual(small().scripts);
    expect(after.variables).toEqual(small().variables);
  });

  it('leaves the previous collection whole when an import fails half-way through its items', () => {
    const id = store.collections.put(workspaceId, small());
    const before = store.collections.get(id);
    // A real SQLite failure in the middle of the writes: a trigger that aborts on one item.
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER fail_on_boom BEFORE INSERT ON items WHEN NEW.name = 'Boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    raw.close();

    const many = Array.from({ length: 50 }, (_, i) => request(`m${i}`, i === 25 ? 'Boom' : `M${i}`));
    const error = thrown(() => store.collections.put(workspaceId, { ...small(), name: 'Replaced', items: [folder('big', 'Big', many)] }));
    expect(error).toBeInstanceOf(PosternError);
    expect((error as PosternError).code).toBe('STORE_FAILURE');
    expect((error as PosternError).message).toContain('injected failure');
    expect((error as PosternError).where.file).toBe(file);

    expect(store.collections.get(id)).toEqual(before);
    expect(store.collections.list(workspaceId)).toEqual([{ id, name: 'Small' }]);

    // A new collection that fails leaves nothing behind either.
    expect(() => store.collections.put(workspaceId, { ...small(), id: 'col-new', items: many })).toThrow(PosternError);
    expect(store.collections.list(workspaceId)).toEqual([{ id, name: 'Small' }]);
    const raw2 = new Database(file, { readonly: true });
    expect(raw2.prepare("SELECT COUNT(*) AS n FROM items WHERE collection_id = 'col-new'").get()).toEqual({ n: 0 });
    expect(raw2.prepare("SELECT COUNT(*) AS n FROM variables WHERE owner_id = 'col-new'").get()).toEqual({ n: 0 });
    raw2.close();
  });

  it('names the item when a stored payload is damaged, while the tree still lists', () => {
    const id = store.collections.put(workspaceId, small());
    const raw = new Database(file);
    raw.prepare("UPDATE items SET payload = '{\"request\": 42' WHERE id = 'r2'").run();
    raw.prepare("UPDATE collections SET payload = '{\"scripts\": []}' WHERE id = ?").run(id);
    raw.close();
    expect(names(store.collections.tree(id).items)).toEqual([{ Users: ['List', 'Create'] }, 'Health']);
    expect(thrown(() => store.items.get(id, 'r2'))).toMatchObject({ code: 'STORE_CORRUPT', where: { file, path: 'items/r2' } });
    expect(thrown(() => store.collections.get(id))).toMatchObject({ code: 'STORE_CORRUPT', where: { file, path: `collections/${id}` } });
  });

  it('deletes a collection with its items and variables, and a workspace with its collections', () => {
    const id = store.collections.put(workspaceId, small());
    store.collections.delete(id);
    expect(store.collections.list(workspaceId)).toEqual([]);
    const again = store.collections.put(workspaceId, small());
    store.workspaces.delete(workspaceId);
    expect(thrown(() => store.collections.get(again))).toMatchObject({ code: 'STORE_NOT_FOUND' });
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM items').get()).toEqual({ n: 0 });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM variables').get()).toEqual({ n: 0 });
    raw.close();
  });
});
