import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES, PosternCallError, createPosternApi, type EventPayload, type PosternApi, type PosternBridge } from '../../src/api/index.js';
import { createDesktopServices, type DesktopServices } from '../../src/services/index.js';
import { forwardEvents, IPC_FORBIDDEN, registerIpc } from '../../main/ipc.js';
import { RENDERER_ENTRY_URL, isTrustedSender } from '../../main/renderer-origin.js';
import { API_KEY, exposePostern } from '../../preload/bridge.js';
import { bridgeTransport } from '../../renderer/transport/bridge-transport.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../preload/channels.js';
import { makeTempDir, readBody, startHttpServer, type RunningServer, type TempDir } from '../support/index.js';
import { StandInContextBridge, StandInIpcMain, StandInRenderer } from './electron-stand-ins.js';

/** A two-request Postman collection against the local test server. */
function collection(base: string): string {
  return JSON.stringify({
    info: { name: 'Over IPC', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      { name: 'One', request: { method: 'GET', url: `${base}/one` }, event: [{ listen: 'test', script: { exec: ['pm.test("ok", () => pm.response.to.have.status(200));'] } }] },
      { name: 'Two', request: { method: 'GET', url: `${base}/two` } },
    ],
  });
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string; where?: unknown }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PosternCallError);
    return (error as PosternCallError).wire;
  }
  throw new Error('expected the call to fail');
}

describe('preload and main IPC, with the real desktop services behind them', () => {
  let dir: TempDir;
  let services: DesktopServices;
  let server: RunningServer;
  let ipcMain: StandInIpcMain;
  let renderer: StandInRenderer;
  let bridge: StandInContextBridge;
  /** What preload built, in its own world. */
  let exposed: PosternBridge;
  /** What the page sees as `window.postern`: the contextBridge copy. */
  let page: PosternBridge;
  /** What renderer/api.ts makes of it. */
  let postern: PosternApi;
  let stopEvents: () => void;
  let unregister: () => void;

  beforeAll(async () => {
    dir = makeTempDir('postern-ipc-');
    services = await createDesktopServices({ dataDir: dir.file('data'), vault: { passphrase: 'correct horse battery staple' }, policy: [] });
    server = await startHttpServer(async (req, res) => {
      await readBody(req);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`hello from ${req.url ?? ''}`);
    });
    ipcMain = new StandInIpcMain();
    unregister = registerIpc(ipcMain, services, isTrustedSender);
    renderer = new StandInRenderer(ipcMain, RENDERER_ENTRY_URL);
    stopEvents = forwardEvents(services, () => [renderer.webContents]);
    bridge = new StandInContextBridge();
    exposed = exposePostern(bridge, renderer.ipcRenderer);
    page = bridge.exposed.get(API_KEY) as PosternBridge;
    postern = createPosternApi(bridgeTransport(page));
  });
  afterAll(async () => {
    stopEvents();
    unregister();
    await services.close();
    await server.close();
    dir.cleanup();
  });

  it('exposes exactly the contract as window.postern: one function per operation, and subscribe()', () => {
    expect([...bridge.exposed.keys()]).toEqual(['postern']);
    const api = page as unknown as Record<string, Record<string, unknown> | ((...args: unknown[]) => unknown)>;
    const names: string[] = [];
    for (const [group, value] of Object.entries(api)) {
      if (typeof value === 'function') {
        names.push(group);
        continue;
      }
      for (const [method, fn] of Object.entries(value)) {
        expect(typeof fn).toBe('function');
        names.push(`${group}.${method}`);
      }
    }
    expect(names.sort()).toEqual([...OPERATION_NAMES, 'subscribe'].sort());
    // Nothing that could name a channel.
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
    expect(Object.isFrozen(exposed)).toBe(true);
    expect(Object.isFrozen(exposed.workspaces)).toBe(true);
  });

  it('resolves every call with plain data, failures included, so the code crosses contextBridge', async () => {
    const answer = await (page.workspaces.create as (input: unknown) => Promise<unknown>)({ name: 5 });
    expect(answer).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('workspaces.create: input.name'), where: { path: 'input.name' } } });
    const error: unknown = await (postern.workspaces.create as (input: unknown) => Promise<unknown>)({ name: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosternCallError);
    expect((error as PosternCallError).code).toBe('INVALID_INPUT');
    expect((error as PosternCallError).wire.where).toEqual({ path: 'input.name' });
  });

  it('subscriptions over IPC are ready at once', async () => {
    const stop = postern.on('sync.status', () => undefined);
    await expect(stop.ready).resolves.toBeUndefined();
    expect(renderer.listenerCount(EVENT_CHANNEL)).toBe(1);
    stop();
    stop();
    expect(renderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('carries calls to the services on the one call channel and returns their results', async () => {
    const before = renderer.invokedChannels.length;
    const workspace = await postern.workspaces.create({ name: 'Desktop' });
    expect(workspace).toMatchObject({ name: 'Desktop' });
    const { workspaces } = await postern.workspaces.list();
    expect(workspaces).toEqual([expect.objectContaining({ id: workspace.id, name: 'Desktop' })]);
    const version = await postern.app.version();
    expect(version.node).toBe(process.versions.node);
    expect(renderer.invokedChannels.slice(before)).toEqual([CALL_CHANNEL, CALL_CHANNEL, CALL_CHANNEL]);
  });

  it('validates inputs in main before a service sees them, and returns typed errors without stacks', async () => {
    const invalid = await codeOf((postern.workspaces.create as (input: unknown) => Promise<unknown>)({ name: 5 }));
    expect(invalid).toEqual({ code: 'INVALID_INPUT', message: expect.stringContaining('workspaces.create: input.name'), where: { path: 'input.name' } });
    const missing = await codeOf(postern.collections.get({ collectionId: 'no-such-collection' }));
    expect(missing.code).toBe('STORE_NOT_FOUND');
    expect(JSON.stringify(missing)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('refuses in main a message that is not a call, an unknown operation, and a caller that is not our renderer', async () => {
    const handler = ipcMain.handlers.get(CALL_CHANNEL);
    expect(handler).toBeDefined();
    const ours = { senderFrame: { url: RENDERER_ENTRY_URL } };
    expect(await handler?.(ours, 'workspaces.list')).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'a call is { name, input }' } });
    expect(await handler?.(ours, { name: 'fs.readFile', input: { path: '/etc/passwd' } })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    expect(await handler?.(ours, { name: 'constructor', input: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });

    // A frame showing anything but our renderer gets nothing, even a valid call.
    const before = (await postern.workspaces.list()).workspaces.length;
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'about:blank', 'postern://other/index.html']) {
      const intruder = new StandInRenderer(ipcMain, url);
      const answer = await intruder.ipcRenderer.invoke(CALL_CHANNEL, { name: 'workspaces.create', input: { name: 'Injected' } });
      expect(answer).toEqual({ ok: false, error: { code: IPC_FORBIDDEN, message: 'this page may not call Postern' } });
    }
    expect(await handler?.({ senderFrame: null }, { name: 'workspaces.list', input: {} })).toMatchObject({ ok: false, error: { code: IPC_FORBIDDEN } });
    expect((await postern.workspaces.list()).workspaces.length).toBe(before);
  });

  it('delivers a run\'s progress events from the services to on(), and stops when unsubscribed', async () => {
    const workspace = await postern.workspaces.create({ name: 'Runs' });
    const imported = await postern.collections.import({ workspaceId: workspace.id, file: { fileName: 'ipc.postman_collection.json', text: collection(server.url) } });
    const progress: Array<EventPayload<'runner.progress'>> = [];
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const stop = postern.on('runner.progress', (payload) => {
      progress.push(payload);
      if (payload.event.type === 'done') resolveDone();
    });
    const otherStream: unknown[] = [];
    const stopOther = postern.on('sync.status', (payload) => otherStream.push(payload));
    const { runId } = await postern.runner.start({ collectionId: imported.collection.id });
    await done;
    stop();
    stopOther();
    const types = progress.map((p) => p.event.type);
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('done');
    expect(types.filter((t) => t === 'request')).toHaveLength(2);
    expect(progress.every((p) => p.runId === runId)).toBe(true);
    const finished = progress.at(-1)?.event;
    expect(finished).toMatchObject({ type: 'done', stats: { requests: { total: 2, failed: 0 }, assertions: { total: 1, failed: 0 } } });
    // Each stream only gets its own events; unsubscribing removes the IPC listeners.
    expect(otherStream).toEqual([]);
    expect(renderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('lets through only known events carrying their own name, in preload', () => {
    const seen: unknown[] = [];
    const stop = postern.on('sync.status', (payload) => seen.push(payload));
    renderer.deliver(EVENT_CHANNEL, { event: 'sync.status', payload: { state: 'synced' } });
    renderer.deliver(EVENT_CHANNEL, { event: 'runner.progress', payload: { runId: 'x' } });
    renderer.deliver(EVENT_CHANNEL, { event: 'shell.exec', payload: { state: 'synced' } });
    renderer.deliver(EVENT_CHANNEL, 'sync.status');
    renderer.deliver(EVENT_CHANNEL, null);
    renderer.deliver('some-other-channel', { event: 'sync.status', payload: { state: 'error' } });
    stop();
    renderer.deliver(EVENT_CHANNEL, { event: 'sync.status', payload: { state: 'offline' } });
    expect(seen).toEqual([{ state: 'synced' }]);
    expect(() => postern.on('shell.exec' as 'sync.status', () => undefined)).toThrow(/unknown event: shell\.exec/);
    // Called directly on window.postern, preload refuses it too (the page gets a plain Error).
    expect(() => page.subscribe('shell.exec' as 'sync.status', () => undefined)).toThrow(/unknown event: shell\.exec/);
    expect(renderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('reports a main process with no handler as a typed error, not a crash', async () => {
    const lonely = new StandInRenderer(new StandInIpcMain(), RENDERER_ENTRY_URL);
    const lonelyBridge = new StandInContextBridge();
    exposePostern(lonelyBridge, lonely.ipcRenderer);
    const api = createPosternApi(bridgeTransport(lonelyBridge.exposed.get(API_KEY) as PosternBridge));
    const wire = await codeOf(api.workspaces.list());
    expect(wire.code).toBe('INTERNAL');
    expect(wire.message).toContain("No handler registered for 'postern:call'");
  });
});
