import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../src/api/index.js';
import { HANDLERS } from '../../src/services/index.js';
import { failure, openServices, type OpenedServices } from './desktop-helpers.js';

describe('the dispatch table', () => {
  it('has a handler for every operation of the contract and nothing else', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...OPERATION_NAMES].sort());
    for (const name of OPERATION_NAMES) expect(typeof HANDLERS[name], name).toBe('function');
  });
});

describe('workspaces, collections, items, globals through the contract', () => {
  let opened: OpenedServices;

  beforeAll(async () => {
    opened = await openServices();
  });
  afterAll(async () => {
    await opened.close();
  });

  it('creates, renames, lists and deletes workspaces, naming a bad field', async () => {
    const { api } = opened;
    const created = await api.workspaces.create({ name: 'One' });
    expect(await api.workspaces.rename({ workspaceId: created.id, name: 'Renamed' })).toEqual({ id: created.id, name: 'Renamed' });
    expect((await api.workspaces.list()).workspaces).toContainEqual({ id: created.id, name: 'Renamed' });
    const bad = await failure(api.workspaces.create({ name: '' }));
    expect(bad).toMatchObject({ code: 'INVALID_INPUT', where: { path: 'input.name' } });
    expect(await api.workspaces.delete({ workspaceId: created.id })).toEqual({ deleted: true });
    expect((await failure(api.workspaces.rename({ workspaceId: created.id, name: 'x' }))).code).toBe('STORE_NOT_FOUND');
  });

  it('edits a tree: folders, move, duplicate, update, delete', async () => {
    const { api } = opened;
    const workspaceId = (await api.workspaces.create({ name: 'Tree' })).id;
    const { id: collectionId } = await api.collections.create({ workspaceId, name: 'Shop' });
    const folder = await api.items.add({ collectionId, parentId: null, item: { kind: 'folder', id: 'f1', name: 'Orders', variables: [{ key: 'pin', type: 'secret', initialValue: '1234' }] } });
    expect(folder.item).toMatchObject({ kind: 'folder', variables: [{ key: 'pin', type: 'secret', initialValue: { secret: true, set: true } }] });
    const request = await api.items.add({ collectionId, parentId: null, item: { kind: 'request', id: 'r1', name: 'List', request: { url: 'https://shop.test/orders' } } });
    expect(await api.items.move({ collectionId, itemId: request.item.id, parentId: folder.item.id, index: 0 })).toEqual({ moved: true });
    const copy = await api.items.duplicate({ collectionId, itemId: request.item.id });
    expect(copy.item.name).toBe('List Copy');
    expect(copy.item.id).not.toBe(request.item.id);
    const updated = await api.items.update({ collectionId, itemId: request.item.id, patch: { name: 'List orders', request: { method: 'PURGE', url: 'https://shop.test/orders' } } });
    expect(updated.item).toMatchObject({ name: 'List orders', request: { method: 'PURGE' } });
    const wrong = await failure(api.items.update({ collectionId, itemId: request.item.id, patch: { auth: null } }));
    expect(wrong).toMatchObject({ code: 'INVALID_INPUT', where: { path: 'input.patch.auth' } });
    // The folder's secret survives a save that passes its marker back.
    const folderView = (await api.collections.get({ collectionId })).items[0];
    if (folderView?.kind !== 'folder') throw new Error('expected the folder first');
    await api.items.update({ collectionId, itemId: folder.item.id, patch: { name: 'All orders', variables: folderView.variables } });
    const tree = await api.collections.tree({ collectionId });
    expect(tree.children).toEqual([
      {
        kind: 'folder',
        id: folder.item.id,
        name: 'All orders',
        children: [
          { kind: 'request', id: request.item.id, name: 'List orders', method: 'PURGE' },
          { kind: 'request', id: copy.item.id, name: 'List Copy', method: 'GET' },
        ],
      },
    ]);
    const full = await api.collections.get({ collectionId });
    expect(JSON.stringify(full)).not.toContain('1234');
    expect(await api.items.delete({ collectionId, itemId: folder.item.id })).toEqual({ deleted: true });
    expect((await api.collections.tree({ collectionId })).children).toEqual([]);
  });

  it('updates collection fields, clears auth with null, exports without current values, deletes', async () => {
    const { api } = opened;
    const workspaceId = (await api.workspaces.create({ name: 'Export' })).id;
    const { id: collectionId } = await api.collections.create({ workspaceId, name: 'API' });
    await api.collections.update({
      collectionId,
      patch: { auth: { type: 'bearer', params: { token: '{{token}}' } }, variables: [{ key: 'token', type: 'secret', initialValue: 'shared-init', currentValue: 'device-only-cv' }] },
    });
    expect((await api.collections.get({ collectionId })).auth?.type).toBe('bearer');
    const renamed = await api.collections.update({ collectionId, patch: { name: 'API v2', auth: null } });
    expect(renamed.name).toBe('API v2');
    const after = await api.collections.get({ collectionId });
    expect(after.auth).toBeUndefined();
    expect(await api.secrets.reveal({ scope: 'collection', ownerId: collectionId, key: 'token' })).toEqual({ key: 'token', value: 'device-only-cv' });
    const exported = await api.collections.export({ collectionId });
    expect(exported.fileName).toBe('API v2.postman_collection.json');
    expect(exported.text).not.toContain('device-only-cv');
    expect(JSON.parse(exported.text)).toMatchObject({ info: { name: 'API v2' } });
    const bad = await failure(api.collections.import({ workspaceId, file: { fileName: 'broken.json', text: '{"info": {"name": "x"}, "item": [{"request": 5}]}' } }));
    expect(bad.code).toBe('INVALID_COLLECTION');
    expect(bad.message + JSON.stringify(bad.where)).toContain('broken.json');
    const curl = await api.collections.import({ workspaceId, file: { fileName: 'copied.sh', text: "curl -X POST 'https://api.test/x' -H 'A: b'" } });
    expect(curl.collection).toMatchObject({ name: 'copied', requestCount: 1 });
    expect(await api.collections.delete({ collectionId })).toEqual({ deleted: true });
  });

  it('keeps globals per workspace with secrets masked', async () => {
    const { api } = opened;
    const workspaceId = (await api.workspaces.create({ name: 'Globals' })).id;
    const saved = await api.globals.save({ workspaceId, values: [{ key: 'g', initialValue: 'plain' }, { key: 's', type: 'secret', initialValue: 'g-secret' }] });
    expect(saved.values).toEqual([
      { key: 'g', type: 'default', enabled: true, initialValue: 'plain' },
      { key: 's', type: 'secret', enabled: true, initialValue: { secret: true, set: true }, currentValue: { secret: true, set: false } },
    ]);
    expect(await api.secrets.reveal({ scope: 'globals', ownerId: workspaceId, key: 's', which: 'initial' })).toEqual({ key: 's', value: 'g-secret' });
    expect((await failure(api.secrets.reveal({ scope: 'globals', ownerId: workspaceId, key: 'nope' }))).code).toBe('STORE_NOT_FOUND');
  });

  it('answers app.version', async () => {
    const version = await opened.api.app.version();
    expect(version).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), node: process.versions.node, platform: process.platform });
  });
});
