import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../src/api/index.js';
import { readBody, startHttpServer, type RunningServer } from '../support/index.js';
import { openServices, type OpenedServices } from './desktop-helpers.js';

const SECRET = 'sk-live-7f3a9e-plaintext';

/** A Postman v2.1 collection: two requests with tests (one assertion fails on purpose), a variable for the host. */
function postmanCollection(base: string): string {
  const tests = (lines: string[]): unknown[] => [{ listen: 'test', script: { type: 'text/javascript', exec: lines } }];
  return JSON.stringify({
    info: { name: 'Imported run', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'base', value: base }],
    item: [
      {
        name: 'Users',
        item: [
          {
            name: 'List users',
            request: { method: 'GET', url: '{{base}}/users', header: [{ key: 'Authorization', value: 'Bearer {{token}}' }] },
            event: tests(['pm.test("status is 200", () => pm.response.to.have.status(200));', 'pm.environment.set("seen", "yes");']),
          },
        ],
      },
      {
        name: 'Create user',
        request: { method: 'POST', url: '{{base}}/users', body: { mode: 'raw', raw: '{"name":"ada"}' } },
        event: tests(['pm.test("created", () => pm.response.to.have.status(201));']),
      },
    ],
  });
}

describe('import, run, and secrets through the contract', () => {
  let opened: OpenedServices;
  let server: RunningServer;
  let workspaceId = '';
  let environmentId = '';
  const received: string[] = [];

  beforeAll(async () => {
    server = await startHttpServer(async (req, res) => {
      await readBody(req);
      received.push(String(req.headers['authorization'] ?? ''));
      // Echoes the credential back, as some APIs do: the services must still not show it.
      const payload = JSON.stringify({ path: req.url, auth: req.headers['authorization'] ?? null });
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo-auth': String(req.headers['authorization'] ?? '') });
      res.end(payload);
    });
    opened = await openServices();
    workspaceId = (await opened.api.workspaces.create({ name: 'Secrets' })).id;
    const saved = await opened.api.environments.save({
      workspaceId,
      environment: { name: 'Prod', values: [{ key: 'token', type: 'secret', initialValue: '', currentValue: SECRET }, { key: 'region', initialValue: 'eu' }] },
    });
    environmentId = saved.id;
  });
  afterAll(async () => {
    await opened.close();
    await server.close();
  });

  it('lists a secret masked, keeps it on a save with its marker, and reveals it on request', async () => {
    const { api } = opened;
    const shown = await api.environments.get({ environmentId });
    expect(shown.values).toEqual([
      { key: 'token', type: 'secret', enabled: true, initialValue: { secret: true, set: false }, currentValue: { secret: true, set: true } },
      { key: 'region', type: 'default', enabled: true, initialValue: 'eu' },
    ]);
    // The renderer saves what it was shown (markers), renaming the environment: the secret stays.
    await api.environments.save({ workspaceId, environment: { id: environmentId, name: 'Production', values: shown.values } });
    expect(await api.secrets.reveal({ scope: 'environment', ownerId: environmentId, key: 'token' })).toEqual({ key: 'token', value: SECRET });
    expect(await api.secrets.reveal({ scope: 'environment', ownerId: environmentId, key: 'token', which: 'initial' })).toEqual({ key: 'token', value: '' });
    expect((await api.environments.list({ workspaceId })).environments).toEqual([{ id: environmentId, name: 'Production', variableCount: 2 }]);
    const exported = await api.environments.export({ environmentId });
    expect(exported.text).not.toContain(SECRET);
    expect(JSON.parse(exported.text)).toMatchObject({ name: 'Production', values: [{ key: 'token', value: '', type: 'secret' }, { key: 'region', value: 'eu' }] });
  });

  it('sends with the secret resolved from the vault, and shows it nowhere', async () => {
    const { api } = opened;
    const response = await api.requests.send({
      sendId: 'secret-send',
      workspaceId,
      environmentId,
      request: { url: `${server.url}/me?key={{token}}`, headers: [{ key: 'Authorization', value: 'Bearer {{token}}' }] },
    });
    expect(received.at(-1)).toBe(`Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    const echoed = JSON.parse(response.body.data) as { auth: string; path: string };
    expect(echoed.auth).toBe(`Bearer ${'*'.repeat(SECRET.length)}`);
    expect(response.headers.find(([name]) => name === 'x-echo-auth')?.[1]).not.toContain(SECRET);
    expect(response.finalUrl).not.toContain(SECRET);
    const more = await api.requests.body({ responseId: response.responseId, offset: 0, length: 20 + SECRET.length });
    expect(more.data).not.toContain(SECRET.slice(0, 12));

    const history = await api.history.list({ workspaceId });
    const entry = await api.history.get({ entryId: history.entries[0]?.id ?? '' });
    expect(entry.request.headers[0]?.value).toBe('Bearer ••••••');
    expect(JSON.stringify(entry)).not.toContain(SECRET);
  });

  it('imports a Postman collection and streams its run, assertions and all', async () => {
    const { api } = opened;
    const imported = await api.collections.import({ workspaceId, file: { fileName: 'run.postman_collection.json', text: postmanCollection(server.url) } });
    expect(imported.collection).toMatchObject({ name: 'Imported run', requestCount: 2 });
    const progress: Array<EventPayload<'runner.progress'>> = [];
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const stop = api.on('runner.progress', (payload) => {
      progress.push(payload);
      if (payload.event.type === 'done') finish();
    });
    const { runId } = await api.runner.start({ collectionId: imported.collection.id, environmentId, iterationCount: 2, persistVariables: true });
    await done;
    stop();
    const ours = progress.filter((p) => p.runId === runId).map((p) => p.event);
    expect(ours[0]).toMatchObject({ type: 'start', collection: { name: 'Imported run' }, iterationCount: 2, requestCount: 2 });
    expect(ours.filter((e) => e.type === 'request')).toHaveLength(4);
    const assertions = ours.filter((e) => e.type === 'assertion');
    expect(assertions.map((a) => [a.assertion, a.error === undefined])).toEqual([
      ['status is 200', true],
      ['created', false],
      ['status is 200', true],
      ['created', false],
    ]);
    const last = ours.at(-1);
    if (last?.type !== 'done') throw new Error('the last event is not done');
    expect(last.stats.assertions).toEqual({ total: 4, pending: 0, failed: 2 });
    expect(last.stats.iterations.total).toBe(2);
    expect(last.failures[0]).toMatchObject({ item: { name: 'Create user', path: 'Create user' }, at: expect.stringContaining('assertion') });
    expect(last.stopped).toBeNull();
    expect(received.at(-2)).toBe(`Bearer ${SECRET}`);
    // pm.environment.set was written back, and the secret is still a secret.
    const environment = await api.environments.get({ environmentId });
    expect(environment.values.find((v) => v.key === 'seen')).toMatchObject({ type: 'default', currentValue: 'yes' });
    expect(environment.values.find((v) => v.key === 'token')?.type).toBe('secret');
  });

  it('cancels a run: the last event says so', async () => {
    const { api } = opened;
    const collection = (await api.collections.list({ workspaceId })).collections.find((c) => c.name === 'Imported run');
    const events: Array<EventPayload<'runner.progress'>['event']> = [];
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const stop = api.on('runner.progress', (payload) => {
      events.push(payload.event);
      if (payload.event.type === 'done') finish();
    });
    const { runId } = await api.runner.start({ collectionId: collection?.id ?? '', iterationCount: 50, delayRequestMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await api.runner.cancel({ runId })).toEqual({ cancelled: true });
    await done;
    stop();
    const last = events.at(-1);
    expect(last?.type === 'done' && last.stopped).toBe('cancelled');
  });

  it('refuses a run of an unknown folder before anything is sent', async () => {
    const collection = (await opened.api.collections.list({ workspaceId })).collections.find((c) => c.name === 'Imported run');
    await expect(opened.api.runner.start({ collectionId: collection?.id ?? '', itemIds: ['no-such-folder'] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('never put the secret in any output or event but secrets.reveal', () => {
    expect(opened.calls.length).toBeGreaterThan(10);
    for (const call of opened.calls) {
      if (call.name === 'secrets.reveal') continue;
      expect(JSON.stringify(call.result), call.name).not.toContain(SECRET);
    }
    expect(opened.events.length).toBeGreaterThan(10);
    expect(JSON.stringify(opened.events)).not.toContain(SECRET);
    expect(opened.calls.some((c) => c.name === 'secrets.reveal' && JSON.stringify(c.result).includes(SECRET))).toBe(true);
  });
});
