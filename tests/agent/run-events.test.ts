/**
 * A run's first events are never lost in browser mode: the real services behind a real agent, the
 * browser transport over a real WebSocket, and a collection whose requests a local server answers at
 * once, so the run's start and first request are emitted within moments of `runner.start`. The
 * subscription is awaited (`ready`, the agent's acknowledgement), never polled for.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { createStore } from 'zustand/vanilla';
import { createPosternApi, type PosternApi, type RunEventView } from '../../src/api/index.js';
import { startAgent, type RunningAgent } from '../../src/agent/index.js';
import { createDesktopServices, type DesktopServices } from '../../src/services/index.js';
import { httpTransport, type BrowserEnv } from '../../renderer/transport/index.js';
import { runState, type RunState } from '../../renderer/runner/run-session.js';
import { until } from './harness.js';

let dir: string;
let services: DesktopServices;
let agent: RunningAgent;
let target: Server;
let collectionId: string;

/** A fresh page (its own transport and WebSocket, not yet open) against an agent. */
function freshApi(at: RunningAgent = agent): PosternApi {
  const origin = at.origin;
  class PageWebSocket extends WsWebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
    }
  }
  const env: BrowserEnv = {
    fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, Origin: origin } }),
    WebSocket: PageWebSocket as unknown as BrowserEnv['WebSocket'],
    location: { origin, hash: '', pathname: '/', search: '' },
    setTimeout: (callback, ms) => setTimeout(callback, ms),
  };
  return createPosternApi(httpTransport({ env, token: at.token }));
}

function item(name: string, base: string): object {
  return {
    name,
    request: { method: 'GET', url: `${base}/${name.toLowerCase()}` },
    event: [{ listen: 'test', script: { exec: ['pm.test("is 200", () => pm.response.to.have.status(200));'] } }],
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'postern-run-events-'));
  services = await createDesktopServices({ dataDir: join(dir, 'data'), vault: { passphrase: 'correct horse battery staple' }, policy: [] });
  agent = await startAgent({ handlers: services });
  target = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const api = freshApi();
  const workspace = await api.workspaces.create({ name: 'Instant' });
  const collection = {
    info: { name: 'Instant answers', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [item('First', base), item('Second', base), item('Third', base)],
  };
  const imported = await api.collections.import({ workspaceId: workspace.id, file: { fileName: 'instant.postman_collection.json', text: JSON.stringify(collection) } });
  collectionId = imported.collection.id;
});
afterAll(async () => {
  await agent.close();
  await services.close();
  await new Promise<void>((resolve) => target.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const PER_ITEM = ['beforeItem', 'request', 'assertion', 'item'];

describe('run progress over the WebSocket', () => {
  it('delivers every event of a run, in order, once the subscription is ready', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const api = freshApi();
      const received: Array<{ runId: string; event: RunEventView }> = [];
      const subscription = api.on('runner.progress', (payload) => received.push(payload));
      await subscription.ready;
      const { runId } = await api.runner.start({ collectionId });
      await until(() => received.some((p) => p.runId === runId && p.event.type === 'done'));
      subscription();
      const events = received.filter((p) => p.runId === runId).map((p) => p.event);
      expect(events.map((e) => e.type)).toEqual(['start', ...PER_ITEM, ...PER_ITEM, ...PER_ITEM, 'done']);
      const requests = events.filter((e) => e.type === 'request');
      expect(requests.map((e) => (e.type === 'request' ? [e.item.name, e.response?.code] : []))).toEqual([
        ['First', 200],
        ['Second', 200],
        ['Third', 200],
      ]);
    }
  });

  it("shows the whole run in the renderer's run store, its start event included", async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const store = createStore<RunState>()(runState(freshApi()));
      await store.getState().start({ collectionId });
      expect(store.getState().error).toBeNull();
      await until(() => store.getState().summary !== null);
      const run = store.getState();
      // Only the `start` event sets the name and the total: proof that it was not lost.
      expect(run.collectionName).toBe('Instant answers');
      expect(run.total).toBe(3);
      expect(run.done).toBe(3);
      expect(run.rows.map((row) => [row.request.item.name, row.request.cursor.position, row.assertions.map((a) => a.assertion)])).toEqual([
        ['First', 0, ['is 200']],
        ['Second', 1, ['is 200']],
        ['Third', 2, ['is 200']],
      ]);
      expect(run.summary?.stats.requests).toEqual({ total: 3, pending: 0, failed: 0 });
    }
  });

  it('reports a run that cannot subscribe (agent gone) as an error instead of starting it blind', async () => {
    const gone = await startAgent({ handlers: services });
    const api = freshApi(gone);
    await gone.close();
    const store = createStore<RunState>()(runState(api));
    await store.getState().start({ collectionId });
    expect(store.getState().error).toMatch(/event socket to the Postern agent closed/);
    expect(store.getState().runId).toBeNull();
  });
});
