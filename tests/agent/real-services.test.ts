/**
 * The whole browser-mode stack in one process: the browser transport (Node's fetch and the `ws` client
 * standing in for the browser's) → the agent → the real desktop services over a throwaway data folder
 * (passphrase vault, no managed policy) → a collection run against a local HTTP server, its progress
 * streamed back over the WebSocket.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { createPosternApi, type EventName, type PosternApi, type RunEventView } from '../../src/api/index.js';
import { startAgent, type RunningAgent } from '../../src/agent/index.js';
import { createDesktopServices, type DesktopServices } from '../../src/services/index.js';
import { httpTransport, type BrowserEnv } from '../../renderer/transport/index.js';
import { apiCall } from './harness.js';

let dir: string;
let services: DesktopServices;
let agent: RunningAgent;
let target: Server;
let targetUrl: string;
let api: PosternApi;
const subscribed = new Set<EventName>();

function pageEnv(origin: string, token: string): BrowserEnv {
  class PageWebSocket extends WsWebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
    }
  }
  return {
    fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, Origin: origin } }),
    WebSocket: PageWebSocket as unknown as BrowserEnv['WebSocket'],
    location: { origin, hash: `#token=${token}`, pathname: '/', search: '' },
    setTimeout: (callback, ms) => setTimeout(callback, ms),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'postern-agent-real-'));
  services = await createDesktopServices({ dataDir: join(dir, 'data'), vault: { passphrase: 'correct horse battery staple' }, policy: [] });
  // The real services, with a note of which events the agent subscribed to (so a test can wait for it).
  agent = await startAgent({
    handlers: {
      handle: (name, input) => services.handle(name, input),
      subscribe: (event, listener) => {
        subscribed.add(event);
        return services.subscribe(event, listener);
      },
    },
  });
  target = createServer((request, response) => {
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify({ path: request.url }));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  api = createPosternApi(httpTransport({ env: pageEnv(agent.origin, agent.token) }));
});
afterAll(async () => {
  await agent.close();
  await services.close();
  await new Promise<void>((resolve) => target.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('browser mode over the real services', () => {
  it('keeps a secret masked on the wire', async () => {
    const workspace = await api.workspaces.create({ name: 'Secrets' });
    const saved = await api.environments.save({
      workspaceId: workspace.id,
      environment: { name: 'Prod', values: [{ key: 'apiKey', type: 'secret', initialValue: 'sk-live-123456', currentValue: 'sk-live-123456' }] },
    });
    expect(saved.values[0]).toMatchObject({ key: 'apiKey', type: 'secret', initialValue: { secret: true, set: true } });
    const raw = await apiCall(agent, { name: 'environments.get', input: { environmentId: saved.id } });
    expect(raw.status).toBe(200);
    expect(raw.body).not.toContain('sk-live-123456');
  });

  it('names the field of an invalid input, from the real contract', async () => {
    await expect(api.workspaces.create({ name: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT', wire: { where: { path: 'input.name' } } });
  });

  it('runs a collection and streams its progress over the WebSocket', async () => {
    const workspace = await api.workspaces.create({ name: 'Runs' });
    const collection = {
      info: { name: 'Smoke', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        {
          name: 'Ping',
          request: { method: 'GET', url: `${targetUrl}/ping` },
          event: [{ listen: 'test', script: { exec: ['pm.test("is 200", () => pm.response.to.have.status(200));'] } }],
        },
      ],
    };
    const imported = await api.collections.import({ workspaceId: workspace.id, file: { fileName: 'smoke.postman_collection.json', text: JSON.stringify(collection) } });
    // Events can arrive before runner.start answers with the run id: keep them all, pick by id after.
    const received: Array<{ runId: string; event: RunEventView }> = [];
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const stop = api.on('runner.progress', (payload) => {
      received.push(payload);
      if (payload.event.type === 'done') resolveDone();
    });
    // The agent has acknowledged the subscription: its listener is in place before the run starts.
    await stop.ready;
    expect(subscribed.has('runner.progress')).toBe(true);
    const { runId } = await api.runner.start({ collectionId: imported.collection.id });
    await done;
    stop();
    const events = received.filter((p) => p.runId === runId).map((p) => p.event);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('start');
    expect(types).toContain('request');
    expect(types.at(-1)).toBe('done');
    const request = events.find((e) => e.type === 'request');
    expect(request?.type === 'request' ? request.response?.code : undefined).toBe(200);
    const assertion = events.find((e) => e.type === 'assertion');
    expect(assertion).toMatchObject({ assertion: 'is 200', skipped: false });
    const last = events.at(-1);
    expect(last?.type === 'done' ? last.stats.assertions.failed : -1).toBe(0);
  });
});
