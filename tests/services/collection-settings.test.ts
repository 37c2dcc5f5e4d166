import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputOf } from '../../src/api/index.js';
import { startHttpServer, type RunningServer } from '../support/index.js';
import { failure, openServices, type OpenedServices } from './desktop-helpers.js';

type Patch = InputOf<'collections.update'>['patch'];

/**
 * What a collection or folder settings tab saves: every field at once, null for "none" (no auth,
 * no TLS/redirect settings), secrets passed back as the markers they were shown as.
 */
function fullPatch(change: Partial<Patch> = {}): Patch {
  return { name: 'Shop', description: '', auth: null, scripts: {}, variables: [], protocolProfileBehavior: null, ...change };
}

describe('collection and folder settings through collections.update and items.update', () => {
  let opened: OpenedServices;
  let server: RunningServer;
  let workspaceId = '';
  /** The Authorization header of each request the server saw (responses echo it masked). */
  const authorizations: Array<string | null> = [];

  beforeAll(async () => {
    server = await startHttpServer(async (req, res) => {
      authorizations.push(req.headers.authorization ?? null);
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/landed' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url, authorization: req.headers.authorization ?? null }));
    });
    opened = await openServices();
    workspaceId = (await opened.api.workspaces.create({ name: 'Settings' })).id;
  });
  afterAll(async () => {
    await opened.close();
    await server.close();
  });

  /** A collection holding folder "Orders" with one request, and a request at the top. */
  async function shop(): Promise<{ collectionId: string; folderId: string; nestedId: string; topId: string }> {
    const { api } = opened;
    const { id: collectionId } = await api.collections.create({ workspaceId, name: 'Shop' });
    const folder = await api.items.add({ collectionId, parentId: null, item: { kind: 'folder', id: crypto.randomUUID(), name: 'Orders' } });
    const nested = await api.items.add({ collectionId, parentId: folder.item.id, item: { kind: 'request', id: crypto.randomUUID(), name: 'List', request: { url: `${server.url}/orders` } } });
    const top = await api.items.add({ collectionId, parentId: null, item: { kind: 'request', id: crypto.randomUUID(), name: 'Ping', request: { url: `${server.url}/ping` } } });
    return { collectionId, folderId: folder.item.id, nestedId: nested.item.id, topId: top.item.id };
  }

  it('saves every collection field at once, masks secrets in the view and keeps the items', async () => {
    const { api } = opened;
    const { collectionId, folderId, nestedId, topId } = await shop();
    const before = await api.collections.tree({ collectionId });
    const summary = await api.collections.update({
      collectionId,
      patch: fullPatch({
        name: 'Shop API',
        description: '# Shop\nUse a **token**.',
        auth: { type: 'bearer', params: { token: '{{token}}' } },
        scripts: { prerequest: "pm.variables.set('t', 1);", test: "pm.test('ok', () => {});" },
        variables: [
          { key: 'token', type: 'secret', initialValue: 'shared-secret', currentValue: 'device-secret' },
          { key: 'base', type: 'default', initialValue: server.url },
        ],
        protocolProfileBehavior: { strictSSL: false, followRedirects: false, tlsDisabledProtocols: ['TLSv1'] },
      }),
    });
    expect(summary).toMatchObject({ id: collectionId, name: 'Shop API', requestCount: 2 });
    const view = await api.collections.get({ collectionId });
    expect(view).toMatchObject({
      name: 'Shop API',
      description: '# Shop\nUse a **token**.',
      auth: { type: 'bearer', params: { token: '{{token}}' } },
      scripts: { prerequest: "pm.variables.set('t', 1);", test: "pm.test('ok', () => {});" },
      protocolProfileBehavior: { strictSSL: false, followRedirects: false, tlsDisabledProtocols: ['TLSv1'] },
    });
    expect(view.variables).toEqual([
      { key: 'token', type: 'secret', enabled: true, initialValue: { secret: true, set: true }, currentValue: { secret: true, set: true } },
      { key: 'base', type: 'default', enabled: true, initialValue: server.url },
    ]);
    expect(JSON.stringify(view)).not.toContain('device-secret');
    expect(await api.secrets.reveal({ scope: 'collection', ownerId: collectionId, key: 'token' })).toEqual({ key: 'token', value: 'device-secret' });
    const after = await api.collections.tree({ collectionId });
    expect(after.children).toEqual(before.children);
    expect(after.children.map((n) => n.id)).toEqual([folderId, topId]);
    expect(after.children[0]?.children?.map((n) => n.id)).toEqual([nestedId]);
  });

  it('keeps stored secrets when the markers come back, and null clears auth and settings without touching items', async () => {
    const { api } = opened;
    const { collectionId, folderId } = await shop();
    await api.collections.update({
      collectionId,
      patch: fullPatch({ auth: { type: 'basic', params: { username: 'u', password: 'p' } }, variables: [{ key: 'pin', type: 'secret', initialValue: '1234', currentValue: '5678' }], protocolProfileBehavior: { maxRedirects: 3 } }),
    });
    const shown = await api.collections.get({ collectionId });
    // The tab saves what it was shown: the secret's markers mean "keep what is stored".
    const cleared = await api.collections.update({ collectionId, patch: fullPatch({ name: 'Shop', variables: shown.variables }) });
    expect(cleared.requestCount).toBe(2);
    const view = await api.collections.get({ collectionId });
    expect(view.auth).toBeUndefined();
    expect(view.protocolProfileBehavior).toBeUndefined();
    expect(await api.secrets.reveal({ scope: 'collection', ownerId: collectionId, key: 'pin', which: 'initial' })).toEqual({ key: 'pin', value: '1234' });
    expect(await api.secrets.reveal({ scope: 'collection', ownerId: collectionId, key: 'pin' })).toEqual({ key: 'pin', value: '5678' });
    expect(view.items.map((i) => i.id)[0]).toBe(folderId);
    // Saving "none" again where nothing is set changes nothing, and keeps the collection where it was in the list.
    const order = (await api.collections.list({ workspaceId })).collections.map((c) => c.id);
    await api.collections.update({ collectionId, patch: fullPatch({ description: 'again', variables: shown.variables }) });
    expect((await api.collections.list({ workspaceId })).collections.map((c) => c.id)).toEqual(order);
    expect((await api.collections.get({ collectionId })).description).toBe('again');
    expect(await api.secrets.reveal({ scope: 'collection', ownerId: collectionId, key: 'pin' })).toEqual({ key: 'pin', value: '5678' });
  });

  it("reveals a folder's own secret on request, and says which folder or key is unknown", async () => {
    const { api } = opened;
    const { collectionId, folderId } = await shop();
    await api.items.update({ collectionId, itemId: folderId, patch: { variables: [{ key: 'pin', type: 'secret', initialValue: 'folder-initial', currentValue: 'folder-current' }] } });
    const shown = await api.collections.get({ collectionId });
    expect(JSON.stringify(shown)).not.toContain('folder-initial');
    expect(await api.secrets.reveal({ scope: 'collection', ownerId: collectionId, folderId, key: 'pin', which: 'initial' })).toEqual({ key: 'pin', value: 'folder-initial' });
    // The store keeps no current value for a folder's secret (it is never written in clear).
    expect(await api.secrets.reveal({ scope: 'collection', ownerId: collectionId, folderId, key: 'pin' })).toEqual({ key: 'pin', value: '' });
    // The collection itself has no such variable: the folder's is not reachable without naming the folder.
    expect(await failure(api.secrets.reveal({ scope: 'collection', ownerId: collectionId, key: 'pin' }))).toMatchObject({ code: 'STORE_NOT_FOUND', where: { path: 'input.key' } });
    expect(await failure(api.secrets.reveal({ scope: 'collection', ownerId: collectionId, folderId: 'nope', key: 'pin' }))).toMatchObject({ code: 'STORE_NOT_FOUND', where: { path: 'input.folderId' } });
    expect(await failure(api.secrets.reveal({ scope: 'globals', ownerId: workspaceId, folderId, key: 'pin' }))).toMatchObject({ code: 'INVALID_INPUT', where: { path: 'input.folderId' } });
  });

  it('refuses an empty name and an unknown setting type, naming the field', async () => {
    const { api } = opened;
    const { collectionId, folderId } = await shop();
    expect(await failure(api.collections.update({ collectionId, patch: fullPatch({ name: '' }) }))).toMatchObject({ code: 'INVALID_INPUT', where: { path: 'input.patch.name' } });
    const badBehavior = { maxRedirects: -1 } as unknown as NonNullable<Patch['protocolProfileBehavior']>;
    expect(await failure(api.items.update({ collectionId, itemId: folderId, patch: { protocolProfileBehavior: badBehavior } }))).toMatchObject({
      code: 'INVALID_INPUT',
      where: { path: 'input.patch.protocolProfileBehavior.maxRedirects' },
    });
    expect(await failure(api.items.update({ collectionId, itemId: folderId, patch: { request: { url: 'x' } } }))).toMatchObject({ code: 'INVALID_INPUT', where: { path: 'input.patch.request' } });
  });

  it('saves a folder’s auth, scripts, variables and settings; null auth goes back to inheriting', async () => {
    const { api } = opened;
    const { collectionId, folderId, nestedId } = await shop();
    const saved = await api.items.update({
      collectionId,
      itemId: folderId,
      patch: {
        name: 'All orders',
        description: 'Orders *only*',
        auth: { type: 'apikey', params: { key: 'X-Key', value: '{{key}}', in: 'header' } },
        scripts: { test: "pm.test('folder', () => {});" },
        variables: [{ key: 'key', type: 'secret', initialValue: 'k-1' }],
        protocolProfileBehavior: { followRedirects: false },
      },
    });
    expect(saved.item).toMatchObject({
      kind: 'folder',
      name: 'All orders',
      description: 'Orders *only*',
      auth: { type: 'apikey' },
      scripts: { test: "pm.test('folder', () => {});" },
      variables: [{ key: 'key', type: 'secret', initialValue: { secret: true, set: true } }],
      protocolProfileBehavior: { followRedirects: false },
    });
    if (saved.item.kind !== 'folder') throw new Error('expected a folder');
    expect(saved.item.items.map((i) => i.id)).toEqual([nestedId]);
    const inheriting = await api.items.update({ collectionId, itemId: folderId, patch: { auth: null, protocolProfileBehavior: null, variables: saved.item.variables } });
    expect(inheriting.item).not.toHaveProperty('auth');
    expect(inheriting.item).not.toHaveProperty('protocolProfileBehavior');
    expect(inheriting.item).toMatchObject({ name: 'All orders', variables: [{ key: 'key', initialValue: { secret: true, set: true } }] });
  });

  it('a request in a folder sends the collection’s bearer auth with a collection variable, and follows the folder’s redirect setting', async () => {
    const { api } = opened;
    const { collectionId, folderId, nestedId } = await shop();
    await api.collections.update({
      collectionId,
      patch: fullPatch({ auth: { type: 'bearer', params: { token: '{{token}}' } }, variables: [{ key: 'token', type: 'secret', initialValue: 'from-collection' }] }),
    });
    const send = (url: string, id: string) => api.requests.send({ sendId: id, workspaceId, request: { url }, collectionId, itemId: nestedId });
    const sent = await send(`${server.url}/orders`, 'inherit-1');
    expect(authorizations.at(-1)).toBe('Bearer from-collection');
    // The secret's value is masked in what comes back to the renderer.
    expect(JSON.parse(sent.body.data)).toEqual({ url: '/orders', authorization: `Bearer ${'*'.repeat('from-collection'.length)}` });

    await api.items.update({ collectionId, itemId: folderId, patch: { protocolProfileBehavior: { followRedirects: false } } });
    const notFollowed = await send(`${server.url}/moved`, 'inherit-2');
    expect(notFollowed.status).toBe(302);
    await api.items.update({ collectionId, itemId: folderId, patch: { protocolProfileBehavior: null } });
    const followed = await send(`${server.url}/moved`, 'inherit-3');
    expect(followed.status).toBe(200);
    expect(followed.finalUrl).toBe(`${server.url}/landed`);

    // A folder with its own auth wins over the collection's; noauth stops inheriting.
    await api.items.update({ collectionId, itemId: folderId, patch: { auth: { type: 'noauth', params: {} } } });
    await send(`${server.url}/orders`, 'inherit-4');
    expect(authorizations.at(-1)).toBeNull();
  });
});
