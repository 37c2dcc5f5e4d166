import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseView } from '../../src/api/index.js';
import { SECRET_MASK } from '../../src/variables/index.js';
import { startHttpServer, type RunningServer } from '../support/index.js';
import { failure, openServices, type OpenedServices } from './desktop-helpers.js';

/**
 * `requests.send` runs the scripts around a single send, as Postman does: collection, folder and request
 * pre-request scripts, the request, then their test scripts, in the runner's sandbox.
 */
describe('scripts around a single send, against a real HTTP server', () => {
  let opened: OpenedServices;
  let server: RunningServer;
  let workspaceId = '';
  const received: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

  beforeAll(async () => {
    server = await startHttpServer(async (req, res) => {
      received.push({ url: req.url ?? '', headers: req.headers });
      if (req.url === '/hang') return; // never answers: for the timeout
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, token: req.headers['x-token'] ?? null, order: req.headers['x-order'] ?? null }));
    });
    opened = await openServices();
    workspaceId = (await opened.api.workspaces.create({ name: 'Scripts' })).id;
  });
  afterAll(async () => {
    await opened.close();
    await server.close();
  });

  /** A collection with a folder holding one request; every level may carry scripts and settings. */
  async function collectionWith(options: {
    collectionScripts?: { prerequest?: string; test?: string };
    folderScripts?: { prerequest?: string; test?: string };
    requestScripts?: { prerequest?: string; test?: string };
    folderBehavior?: Record<string, unknown>;
    headers?: Array<{ key: string; value: string }>;
    path?: string;
  }): Promise<{ collectionId: string; itemId: string; request: { url: string; headers: Array<{ key: string; value: string }> } }> {
    const { api } = opened;
    const collection = await api.collections.create({ workspaceId, name: 'API' });
    await api.collections.update({ collectionId: collection.id, patch: { scripts: options.collectionScripts ?? {}, variables: [{ key: 'base', initialValue: server.url }] } });
    const request = { url: `{{base}}${options.path ?? '/echo'}`, headers: options.headers ?? [] };
    await api.items.add({
      collectionId: collection.id,
      parentId: null,
      item: {
        kind: 'folder',
        id: 'folder-1',
        name: 'Users',
        scripts: options.folderScripts ?? {},
        ...(options.folderBehavior ? { protocolProfileBehavior: options.folderBehavior } : {}),
        items: [{ kind: 'request', id: 'request-1', name: 'Get user', request, scripts: options.requestScripts ?? {} }],
      },
    });
    return { collectionId: collection.id, itemId: 'request-1', request };
  }

  async function send(sendId: string, target: Awaited<ReturnType<typeof collectionWith>>, extra: { environmentId?: string } = {}): Promise<ResponseView> {
    return opened.api.requests.send({ sendId, workspaceId, request: target.request, collectionId: target.collectionId, itemId: target.itemId, environmentId: extra.environmentId ?? null });
  }

  it('sends the header a pre-request script set as a variable', async () => {
    const target = await collectionWith({
      requestScripts: { prerequest: "pm.variables.set('token', 'made-by-script');" },
      headers: [{ key: 'X-Token', value: '{{token}}' }],
    });
    const response = await send('pre-header', target);
    expect(JSON.parse(response.body.data)).toMatchObject({ token: 'made-by-script' });
    expect(response.unresolvedVariables).toEqual([]);
    expect(response.scripts).toEqual({ tests: [], console: [], errors: [] });
  });

  it('returns test results, passing and failing, with their script', async () => {
    const target = await collectionWith({
      requestScripts: {
        test: [
          "pm.test('status is 200', () => pm.response.to.have.status(200));",
          "pm.test('body has the path', () => pm.expect(pm.response.json().path).to.equal('/echo'));",
          "pm.test('status is 404', () => pm.response.to.have.status(404));",
        ].join('\n'),
      },
    });
    const response = await send('tests', target);
    expect(response.status).toBe(200);
    const place = { level: 'request', event: 'test', location: 'Users / Get user' };
    expect(response.scripts?.tests).toEqual([
      { name: 'status is 200', status: 'passed', script: place },
      { name: 'body has the path', status: 'passed', script: place },
      { name: 'status is 404', status: 'failed', message: expect.stringContaining('404'), script: place },
    ]);
    expect(response.scripts?.errors).toEqual([]);
  });

  it('reports a test script that throws with its place and line, and keeps the response', async () => {
    const target = await collectionWith({
      folderScripts: { test: "pm.test('before the throw', () => {});\nconst n = 1;\nnotDefined.call();" },
    });
    const response = await send('test-throws', target);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.data)).toMatchObject({ path: '/echo' });
    expect(response.scripts?.tests).toEqual([{ name: 'before the throw', status: 'passed', script: { level: 'folder', event: 'test', location: 'Users' } }]);
    expect(response.scripts?.errors).toEqual([
      {
        script: { level: 'folder', event: 'test', location: 'Users' },
        kind: 'runtime',
        name: 'ReferenceError',
        message: expect.stringContaining('notDefined'),
        line: 3,
        column: expect.any(Number),
      },
    ]);
  });

  it('does not send when a pre-request script throws, and names the script and line', async () => {
    const target = await collectionWith({ collectionScripts: { prerequest: "\n\nthrow new Error('no token today');" }, path: '/never-sent' });
    const error = await failure(send('pre-throws', target));
    expect(error.code).toBe('SCRIPT_ERROR');
    expect(error.message).toBe('pre-request script of collection "API" (line 3) failed: Error: no token today; the request was not sent');
    expect(received.some((request) => request.url === '/never-sent')).toBe(false);
  });

  it('runs collection, folder and request scripts in that order, before and after the request', async () => {
    const append = (level: string): string => `pm.variables.set('order', (pm.variables.get('order') ? pm.variables.get('order') + ',' : '') + '${level}');`;
    const target = await collectionWith({
      collectionScripts: { prerequest: append('collection'), test: "console.log('test: collection')" },
      folderScripts: { prerequest: append('folder'), test: "console.log('test: folder')" },
      requestScripts: { prerequest: append('request'), test: "console.info('test: request', pm.variables.get('order'))" },
      headers: [{ key: 'X-Order', value: '{{order}}' }],
    });
    const response = await send('order', target);
    expect(JSON.parse(response.body.data)).toMatchObject({ order: 'collection,folder,request' });
    expect(response.scripts?.console).toEqual([
      { level: 'log', message: 'test: collection', script: { level: 'collection', event: 'test', location: 'API' } },
      { level: 'log', message: 'test: folder', script: { level: 'folder', event: 'test', location: 'Users' } },
      { level: 'info', message: 'test: request collection,folder,request', script: { level: 'request', event: 'test', location: 'Users / Get user' } },
    ]);
  });

  it('persists what test scripts set in the environment, globals and collection variables as current values', async () => {
    const { api } = opened;
    const environment = await api.environments.save({ workspaceId, environment: { name: 'Dev', values: [{ key: 'lastStatus', initialValue: 'none' }] } });
    const target = await collectionWith({
      requestScripts: {
        test: [
          "pm.environment.set('lastStatus', pm.response.code);",
          "pm.environment.set('lastPath', pm.response.json().path);",
          "pm.globals.set('seenBy', 'test script');",
          "pm.collectionVariables.set('base', pm.collectionVariables.get('base'));",
          "pm.collectionVariables.set('counter', 1);",
        ].join('\n'),
      },
    });
    await send('persist', target, { environmentId: environment.id });
    const stored = await api.environments.get({ environmentId: environment.id });
    expect(stored.values).toEqual([
      { key: 'lastStatus', type: 'default', initialValue: 'none', currentValue: '200', enabled: true },
      { key: 'lastPath', type: 'default', initialValue: '', currentValue: '/echo', enabled: true },
    ]);
    const globals = await api.globals.get({ workspaceId });
    expect(globals.values).toContainEqual({ key: 'seenBy', type: 'default', initialValue: '', currentValue: 'test script', enabled: true });
    const collection = await api.collections.get({ collectionId: target.collectionId });
    expect(collection.variables).toEqual([
      { key: 'base', type: 'default', initialValue: server.url, enabled: true },
      { key: 'counter', type: 'default', initialValue: '', currentValue: '1', enabled: true },
    ]);
  });

  it('masks secret values in console lines and keeps a secret a script sets sealed', async () => {
    const { api } = opened;
    const environment = await api.environments.save({
      workspaceId,
      environment: { name: 'Secrets', values: [{ key: 'apiKey', type: 'secret', initialValue: 'sk-live-0123456789' }, { key: 'session', type: 'secret', initialValue: '' }] },
    });
    const target = await collectionWith({
      requestScripts: {
        prerequest: "console.log('key is ' + pm.environment.get('apiKey'));",
        test: "pm.environment.set('session', 'sess-from-test-42');\nconsole.warn('session ' + pm.environment.get('session'));",
      },
    });
    const response = await send('masked', target, { environmentId: environment.id });
    expect(response.scripts?.console).toEqual([
      { level: 'log', message: `key is ${SECRET_MASK}`, script: { level: 'request', event: 'prerequest', location: 'Users / Get user' } },
      { level: 'warn', message: `session ${SECRET_MASK}`, script: { level: 'request', event: 'test', location: 'Users / Get user' } },
    ]);
    const wire = JSON.stringify(response);
    expect(wire).not.toContain('sk-live-0123456789');
    expect(wire).not.toContain('sess-from-test-42');
    const stored = await api.environments.get({ environmentId: environment.id });
    expect(stored.values.find((v) => v.key === 'session')).toEqual({
      key: 'session',
      type: 'secret',
      initialValue: { secret: true, set: false },
      currentValue: { secret: true, set: true },
      enabled: true,
    });
    const revealed = await api.secrets.reveal({ scope: 'environment', ownerId: environment.id, key: 'session', which: 'current' });
    expect(revealed.value).toBe('sess-from-test-42');
  });

  it('runs the scripts of a request as edited in its tab, not as saved', async () => {
    const target = await collectionWith({ requestScripts: { test: "pm.test('saved test', () => {});" } });
    const response = await opened.api.requests.send({
      sendId: 'edited',
      workspaceId,
      request: target.request,
      collectionId: target.collectionId,
      itemId: target.itemId,
      scripts: { test: "pm.test('edited test', () => pm.expect(pm.info.requestName).to.equal('Renamed'));" },
      name: 'Renamed',
    });
    expect(response.scripts?.tests.map((t) => [t.name, t.status])).toEqual([['edited test', 'passed']]);
  });

  it('cuts a response that never comes at the timeout a folder sets, naming the limit and the folder', async () => {
    const target = await collectionWith({ folderBehavior: { requestTimeout: 300 }, path: '/hang' });
    const error = await failure(send('timeout', target));
    expect(error.code).toBe('REQUEST_TIMEOUT');
    expect(error.message).toBe('no complete response within the request timeout (300 ms), set in folder "Users"');
  });

  it('lets the request switch off the timeout its folder sets', async () => {
    const target = await collectionWith({ folderBehavior: { requestTimeout: 1 }, path: '/echo' });
    const response = await opened.api.requests.send({
      sendId: 'no-timeout',
      workspaceId,
      request: target.request,
      collectionId: target.collectionId,
      itemId: target.itemId,
      protocolProfileBehavior: { requestTimeout: 0 },
    });
    expect(response.status).toBe(200);
  });
});

describe('scripts around a single send under managed policy', () => {
  it('refuses a request with scripts when policy disables scripts, before anything is sent', async () => {
    const hits: string[] = [];
    const server = await startHttpServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('ok');
    });
    const opened = await openServices({ policy: [{ level: 'machine', origin: '/etc/postern/policy.d/scripts.json', format: 'json', values: { DisableScripts: true } }] });
    try {
      const { id: workspaceId } = await opened.api.workspaces.create({ name: 'Locked' });
      const error = await failure(
        opened.api.requests.send({ sendId: 'locked', workspaceId, request: { url: `${server.url}/with-script` }, scripts: { prerequest: "pm.variables.set('a', 1);" } }),
      );
      expect(error.code).toBe('POLICY_LOCKED');
      expect(error.message).toContain('DisableScripts');
      expect(hits).toEqual([]);
      // Without scripts the same request goes out.
      const response = await opened.api.requests.send({ sendId: 'plain', workspaceId, request: { url: `${server.url}/plain` } });
      expect(response.status).toBe(200);
      expect(response.scripts).toBeUndefined();
    } finally {
      await opened.close();
      await server.close();
    }
  });
});
