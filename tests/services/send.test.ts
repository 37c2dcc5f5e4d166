import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickFreePort, startHttpServer, type RunningServer } from '../support/index.js';
import { readBody } from '../support/index.js';
import { failure, openServices, type OpenedServices } from './desktop-helpers.js';

const BIG_TEXT = 'é'.repeat(1_500_000) + 'the end'; // 3 MB of two-byte characters, then ASCII
const SPILLED = Buffer.alloc(9 * 1024 * 1024, 'x'); // past the engine's 8 MB spill threshold

describe('requests through the contract against a real HTTP server', () => {
  let opened: OpenedServices;
  let server: RunningServer;
  let workspaceId = '';

  beforeAll(async () => {
    server = await startHttpServer(async (req, res) => {
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(BIG_TEXT);
        return;
      }
      if (req.url === '/spilled') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(SPILLED);
        return;
      }
      if (req.url === '/hang') return; // never answers: for cancel
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/hello?from=moved' });
        res.end();
        return;
      }
      const body = await readBody(req);
      const payload = JSON.stringify({ method: req.method, url: req.url, header: req.headers['x-greeting'] ?? null, body: body.toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json', 'x-served-by': 'test' });
      res.end(payload);
    });
    opened = await openServices({ clock: () => new Date('2030-01-02T03:04:05.000Z') });
    workspaceId = (await opened.api.workspaces.create({ name: 'Team' })).id;
  });
  afterAll(async () => {
    await opened.close();
    await server.close();
  });

  it('creates a workspace, collection and request, sends it and shows the response', async () => {
    const { api } = opened;
    const collection = await api.collections.create({ workspaceId, name: 'Demo' });
    await api.collections.update({ collectionId: collection.id, patch: { variables: [{ key: 'base', initialValue: server.url }] } });
    const added = await api.items.add({
      collectionId: collection.id,
      parentId: null,
      item: {
        kind: 'request',
        id: 'req-1',
        name: 'Say hello',
        request: { method: 'POST', url: '{{base}}/hello', headers: [{ key: 'X-Greeting', value: 'hi {{who}}' }], body: { mode: 'raw', raw: '{"a":1}' } },
      },
    });
    const tree = await api.collections.tree({ collectionId: collection.id });
    expect(tree.children).toEqual([{ kind: 'request', id: added.item.id, name: 'Say hello', method: 'POST' }]);
    expect((await api.collections.list({ workspaceId })).collections).toEqual([{ id: collection.id, name: 'Demo', requestCount: 1 }]);

    const item = added.item;
    if (item.kind !== 'request') throw new Error('expected a request');
    const response = await api.requests.send({ sendId: 's-1', workspaceId, request: item.request, collectionId: collection.id, itemId: item.id });
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.headers).toContainEqual(['x-served-by', 'test']);
    expect(response.body.encoding).toBe('text');
    expect(JSON.parse(response.body.data)).toEqual({ method: 'POST', url: '/hello', header: 'hi {{who}}', body: '{"a":1}' });
    expect(response.body.truncated).toBe(false);
    expect(response.finalUrl).toBe(`${server.url}/hello`);
    expect(response.unresolvedVariables).toEqual(['who']);
    expect(response.warnings).toContain('variable {{who}} is not defined; sent as written');
    expect(response.timings.totalMs).toBeGreaterThan(0);
    expect(response.tls).toBeUndefined();

    const history = await api.history.list({ workspaceId });
    expect(history.entries[0]).toMatchObject({ method: 'POST', url: `${server.url}/hello`, status: 200, at: '2030-01-02T03:04:05.000Z' });
    const entry = await api.history.get({ entryId: history.entries[0]?.id ?? '' });
    expect(entry.request.url).toBe(`${server.url}/hello`);
    expect(entry.response?.status).toBe(200);
    expect(JSON.parse(entry.response?.body.data ?? '{}')).toMatchObject({ url: '/hello' });
  });

  it('follows a redirect and reports the hop and the final URL', async () => {
    const response = await opened.api.requests.send({ sendId: 's-redirect', workspaceId, request: { url: `${server.url}/moved` } });
    expect(response.status).toBe(200);
    expect(response.redirects).toEqual([{ status: 302, method: 'GET', url: `${server.url}/moved`, location: `${server.url}/hello?from=moved` }]);
    expect(response.finalUrl).toBe(`${server.url}/hello?from=moved`);
  });

  it('pages a large text body without cutting a character in two', async () => {
    const { api } = opened;
    const pageSize = 1024 * 1024 + 1; // odd: a two-byte character straddles every page edge
    const first = await api.requests.send({ sendId: 's-big', workspaceId, request: { url: `${server.url}/big` }, pageSize });
    expect(first.body.totalSize).toBe(Buffer.byteLength(BIG_TEXT));
    expect(first.body.truncated).toBe(true);
    expect(first.body.length).toBe(pageSize - 1);
    let text = first.body.data;
    let offset = first.body.offset + first.body.length;
    while (offset < first.body.totalSize) {
      const page = await api.requests.body({ responseId: first.responseId, offset, length: pageSize });
      expect(page.encoding).toBe('text');
      expect(page.offset).toBe(offset);
      text += page.data;
      offset += page.length;
      if (!page.truncated) break;
    }
    expect(text).toBe(BIG_TEXT);
  });

  it('pages a body the engine spilled to a temp file', async () => {
    const response = await opened.api.requests.send({ sendId: 's-spill', workspaceId, request: { url: `${server.url}/spilled` }, pageSize: 1000 });
    expect(response.body).toMatchObject({ encoding: 'text', offset: 0, length: 1000, totalSize: SPILLED.length, truncated: true });
    const last = await opened.api.requests.body({ responseId: response.responseId, offset: SPILLED.length - 10, length: 100 });
    expect(last).toEqual({ encoding: 'text', data: 'x'.repeat(10), offset: SPILLED.length - 10, length: 10, totalSize: SPILLED.length, truncated: false });
  });

  it('gives an unreachable host a typed error with the reason, and history records it', async () => {
    const port = await pickFreePort();
    const error = await failure(opened.api.requests.send({ sendId: 's-down', workspaceId, request: { url: `http://127.0.0.1:${port}/` } }));
    expect(error.code).toBe('CONNECTION_REFUSED');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(JSON.stringify(error)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    const history = await opened.api.history.list({ workspaceId, search: `:${port}` });
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0]).toMatchObject({ status: null, durationMs: null, errorCode: 'CONNECTION_REFUSED' });
    const entry = await opened.api.history.get({ entryId: history.entries[0]?.id ?? '' });
    expect(entry.response).toBeNull();
    expect(entry.error?.code).toBe('CONNECTION_REFUSED');
  });

  it('cancels a send in flight by its sendId', async () => {
    const pending = opened.api.requests.send({ sendId: 's-hang', workspaceId, request: { url: `${server.url}/hang` } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await opened.api.requests.cancel({ sendId: 's-hang' })).toEqual({ cancelled: true });
    expect((await failure(pending)).code).toBe('ABORTED');
    expect(await opened.api.requests.cancel({ sendId: 's-hang' })).toEqual({ cancelled: false });
  });

  it('names the field of a bad input and the id that is not there', async () => {
    const bad = await failure(opened.api.requests.send({ sendId: 's-bad', workspaceId, request: { url: 42 as unknown as string } }));
    expect(bad).toMatchObject({ code: 'INVALID_INPUT', where: { path: 'input.request.url' } });
    const missing = await failure(opened.api.requests.send({ sendId: 's-missing', workspaceId, request: { url: server.url }, collectionId: 'nope' }));
    expect(missing.code).toBe('STORE_NOT_FOUND');
    const gone = await failure(opened.api.requests.body({ responseId: 'nope', offset: 0, length: 10 }));
    expect(gone.code).toBe('STORE_NOT_FOUND');
  });

  it('pages history and clears it', async () => {
    const { api } = opened;
    const page1 = await api.history.list({ workspaceId, limit: 2 });
    expect(page1.entries).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await api.history.list({ workspaceId, limit: 2, cursor: page1.nextCursor ?? undefined });
    expect(page2.entries[0]?.id).not.toBe(page1.entries[1]?.id);
    expect(Number(page2.entries[0]?.id)).toBeLessThan(Number(page1.entries[1]?.id));
    const { removed } = await api.history.clear({ workspaceId });
    expect(removed).toBeGreaterThanOrEqual(5);
    expect((await api.history.list({ workspaceId })).entries).toEqual([]);
  });
});
