/**
 * The runner against a real loopback server: what is sent, in which order, with which variables, for
 * how many iterations; folders, delay, bail and request errors.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newmanJsonReport, parseDataFile, runCollection } from '../../src/runner/index.js';
import { bodyOf, collectionOf, folder, paths, record, request, startRoutesServer, type RoutesServer } from './runner-helpers.js';

let server: RoutesServer;

beforeAll(async () => {
  server = await startRoutesServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
});

describe('order and variables', () => {
  it('sends every request depth first, resolving collection, folder, environment and global variables', async () => {
    const collection = collectionOf({
      variables: [{ key: 'base', initialValue: server.url }, { key: 'who', initialValue: 'collection' }],
      items: [
        request('first', '{{base}}/one', { query: [{ key: 'who', value: '{{who}}' }] }),
        folder('F', [request('second', '{{base}}/two/{{who}}/{{env}}/{{glob}}')], { variables: [{ key: 'who', initialValue: 'folder' }] }),
        request('third', '{{base}}/three'),
      ],
    });
    const { result, events } = await record({
      collection,
      environment: { id: 'e', name: 'Env', values: [{ key: 'env', initialValue: 'E', type: 'default', enabled: true }] },
      globals: { id: 'g', name: 'G', values: [{ key: 'glob', initialValue: 'G', type: 'default', enabled: true }] },
    });
    expect(paths(server)).toEqual(['/one?who=collection', '/two/folder/E/G', '/three']);
    expect(result.failures).toEqual([]);
    expect(result.stats.requests).toEqual({ total: 3, pending: 0, failed: 0 });
    expect(result.stats.iterations.total).toBe(1);
    expect(result.stopped).toBeNull();
    expect(events.map((event) => event.type)).toEqual([
      'start', 'beforeIteration',
      'beforeItem', 'beforeRequest', 'request', 'item',
      'beforeItem', 'beforeRequest', 'request', 'item',
      'beforeItem', 'beforeRequest', 'request', 'item',
      'iteration', 'done',
    ]);
    const second = result.executions[1];
    expect(second?.item).toEqual({ id: 'second', name: 'second', path: 'F / second' });
    expect(second?.response?.code).toBe(200);
    expect(second?.request?.url).toBe(`${server.url}/two/folder/E/G`);
  });

  it('warns about variables no scope defines and sends them as written', async () => {
    const { events } = await record({ collection: collectionOf({ items: [request('r', `${server.url}/x/{{missing}}`)] }) });
    const sent = events.find((event) => event.type === 'request');
    expect(sent?.type === 'request' && sent.warnings).toEqual(['variable {{missing}} is not defined; sent as written']);
    expect(paths(server)).toEqual(['/x/%7B%7Bmissing%7D%7D']);
  });

  it('masks secret variables in what it reports as sent', async () => {
    const collection = collectionOf({ items: [request('r', `${server.url}/s`, { headers: [{ key: 'X-Key', value: '{{key}}' }] })] });
    const { result } = await record({ collection, environment: { id: 'e', name: 'E', values: [{ key: 'key', initialValue: 'hunter2-secret', type: 'secret', enabled: true }] } });
    expect(server.received[0]?.rawHeaders).toContainEqual(['X-Key', 'hunter2-secret']);
    expect(result.executions[0]?.request?.headers).toContainEqual(['X-Key', '••••••']);
    const report = JSON.stringify(newmanJsonReport(result));
    expect(report).not.toContain('hunter2-secret');
    expect(result.environment.values[0]?.initialValue).toBe('hunter2-secret');
  });
});

describe('iterations and data', () => {
  it('runs one iteration per CSV row; quoted commas and line breaks arrive intact', async () => {
    const data = parseDataFile('\ufeffuser,note\n"Lovelace, Ada","line one\nline two"\nBob,plain\n', 'users.csv');
    const collection = collectionOf({ items: [request('r', `${server.url}/data`, { method: 'POST', body: { mode: 'raw', raw: '{{user}}|{{note}}' } })] });
    const { result, events } = await record({ collection, data });
    expect(server.received.map(bodyOf)).toEqual(['Lovelace, Ada|line one\nline two', 'Bob|plain']);
    expect(result.stats.iterations.total).toBe(2);
    expect(events.filter((event) => event.type === 'beforeIteration').map((event) => event.type === 'beforeIteration' && event.iteration)).toEqual([0, 1]);
  });

  it('reuses the last row when there are more iterations than rows, and runs once without data', async () => {
    const collection = collectionOf({ items: [request('r', `${server.url}/n/{{n}}`)] });
    await record({ collection, data: parseDataFile('[{"n":1},{"n":2}]', 'd.json'), iterationCount: 4 });
    expect(paths(server)).toEqual(['/n/1', '/n/2', '/n/2', '/n/2']);
    server.received.length = 0;
    const { result } = await record({ collection, iterationCount: undefined });
    expect(result.stats.iterations.total).toBe(1);
  });
});

describe('folders, delay, bail and errors', () => {
  const tree = (): ReturnType<typeof collectionOf> =>
    collectionOf({
      items: [
        request('a', `${server.url}/a`),
        folder('Users', [request('b', `${server.url}/b`), folder('Admin', [request('c', `${server.url}/c`)])]),
        folder('Orders', [request('d', `${server.url}/d`)]),
      ],
    });

  it('runs only the chosen folders, in collection order', async () => {
    await record({ collection: tree(), folders: ['Orders', 'Admin'] });
    expect(paths(server)).toEqual(['/c', '/d']);
    await expect(runCollection({ collection: tree(), folders: ['Order'] })).rejects.toThrow('no folder or request "Order" in collection "Tests"; did you mean "Orders"?');
  });

  it('waits the delay between requests', async () => {
    const ended: number[] = [];
    const started = await timedRun(tree(), 60, ended);
    expect(started).toHaveLength(4);
    // Each request starts at least the delay after the previous one ended.
    for (let i = 1; i < started.length; i++) expect((started[i] ?? 0) - (ended[i - 1] ?? 0)).toBeGreaterThanOrEqual(55);
  });

  it('goes on after a failed request and records it; bail stops at the first failure', async () => {
    const collection = collectionOf({ items: [request('refused', 'http://127.0.0.1:1/nothing'), request('after', `${server.url}/after`)] });
    const { result } = await record({ collection });
    expect(paths(server)).toEqual(['/after']);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ at: 'request', source: { id: 'refused' }, parent: { id: 'collection-id', name: 'Tests' } });
    expect(result.failures[0]?.error.message).toMatch(/127\.0\.0\.1:1/);
    expect(result.stats.requests).toEqual({ total: 2, pending: 0, failed: 1 });

    server.received.length = 0;
    const bailed = await record({ collection, bail: true, iterationCount: 3 });
    expect(paths(server)).toEqual([]);
    expect(bailed.result.stopped).toBe('bail');
    expect(bailed.result.executions).toHaveLength(1);
  });

  it('reports a request that cannot be built (bad URL) as that request failing', async () => {
    const { result } = await record({ collection: collectionOf({ items: [request('bad', 'ftp://example.test/x'), request('ok', `${server.url}/ok`)] }) });
    expect(result.failures[0]?.error).toMatchObject({ code: 'UNSUPPORTED_SCHEME' });
    expect(paths(server)).toEqual(['/ok']);
  });
});

/** Runs with a delay and returns when each request started (beforeRequest) and ended (request). */
async function timedRun(collection: ReturnType<typeof collectionOf>, delayRequestMs: number, ended: number[]): Promise<number[]> {
  const started: number[] = [];
  await runCollection({
    collection,
    delayRequestMs,
    onEvent: (event) => {
      if (event.type === 'beforeRequest') started.push(performance.now());
      if (event.type === 'request') ended.push(performance.now());
    },
  });
  return started;
}
