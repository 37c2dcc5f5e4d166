/**
 * Scripts in a run, in Postern's real sandbox: their order around each request, what they write back,
 * setNextRequest and skipRequest, failures with line and column, pm.sendRequest through the engine.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCollection } from '../../src/runner/index.js';
import { bodyOf, collectionOf, folder, headerOf, paths, record, request, startRoutesServer, type RoutesServer } from './runner-helpers.js';

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

const log = (text: string): string => `console.log(${JSON.stringify(text)} + ':' + pm.info.requestName)`;

describe('order and write-back', () => {
  it('runs collection, folder and request scripts around each request, in that order', async () => {
    const collection = collectionOf({
      scripts: { prerequest: log('collection-pre'), test: log('collection-test') },
      items: [
        folder('F', [request('r', `${server.url}/r`, { scripts: { prerequest: log('request-pre'), test: log('request-test') } })], {
          scripts: { prerequest: log('folder-pre'), test: log('folder-test') },
        }),
      ],
    });
    const { events, result } = await record({ collection });
    const sequence = events.flatMap((event) => (event.type === 'console' ? [event.entry.message] : event.type === 'request' ? ['REQUEST'] : []));
    expect(sequence).toEqual(['collection-pre:r', 'folder-pre:r', 'request-pre:r', 'REQUEST', 'collection-test:r', 'folder-test:r', 'request-test:r']);
    expect(result.stats.prerequestScripts.total).toBe(3);
    expect(result.stats.testScripts.total).toBe(3);
    expect(result.stats.scripts.total).toBe(6);
    expect(result.executions[0]?.scripts.map((script) => `${script.event}@${script.location}`)).toEqual([
      'prerequest@Tests', 'prerequest@F', 'prerequest@F / r', 'test@Tests', 'test@F', 'test@F / r',
    ]);
  });

  it("passes each script's variable changes to the next script and request, and writes them back", async () => {
    const collection = collectionOf({
      variables: [{ key: 'c', initialValue: 'c0' }],
      items: [
        request('one', `${server.url}/one/{{token}}/{{c}}`, {
          scripts: {
            prerequest: "pm.environment.set('token', 'T1'); pm.collectionVariables.set('c', 'c1'); pm.variables.set('local', 'L'); pm.globals.set('count', 1);",
            test: "pm.environment.set('fromResponse', pm.response.json().url); pm.environment.unset('dropMe');",
          },
        }),
        request('two', `${server.url}/two/{{local}}/{{count}}`, { scripts: { prerequest: "pm.globals.set('count', pm.globals.get('count') + 1);" } }),
      ],
    });
    const { result } = await record({
      collection,
      environment: {
        id: 'e',
        name: 'Env',
        values: [
          { key: 'token', initialValue: 'T0', type: 'default', enabled: true },
          { key: 'dropMe', initialValue: 'x', type: 'default', enabled: true },
        ],
      },
    });
    expect(paths(server)).toEqual(['/one/T1/c1', '/two/L/2']);
    expect(result.environment.values).toEqual([
      { key: 'token', initialValue: 'T0', currentValue: 'T1', type: 'default', enabled: true },
      { key: 'fromResponse', initialValue: '', currentValue: '/one/T1/c1', type: 'default', enabled: true },
    ]);
    expect(result.globals.values).toEqual([{ key: 'count', initialValue: '', currentValue: '2', type: 'default', enabled: true }]);
    expect(result.collection.variables).toEqual([{ key: 'c', initialValue: 'c0', currentValue: 'c1', type: 'default', enabled: true }]);
  });

  it('sends the request as a pre-request script changed it', async () => {
    const collection = collectionOf({
      items: [
        request('r', `${server.url}/before`, {
          headers: [{ key: 'X-Old', value: '1' }],
          scripts: { prerequest: "pm.request.headers.add({ key: 'X-Added', value: 'yes' }); pm.request.url = pm.request.url.toString().replace('before', 'after');" },
        }),
      ],
    });
    await record({ collection });
    expect(paths(server)).toEqual(['/after']);
    expect(headerOf(server.received[0], 'X-Added')).toBe('yes');
    expect(headerOf(server.received[0], 'X-Old')).toBe('1');
  });
});

describe('tests and failures', () => {
  it('turns pm.test results into assertions, a failed one into a failure', async () => {
    const collection = collectionOf({
      items: [
        request('r', `${server.url}/status/404`, {
          scripts: { test: "pm.test('is 200', () => pm.response.to.have.status(200));\npm.test('is 404', () => pm.response.to.have.status(404));" },
        }),
      ],
    });
    const { result, events } = await record({ collection });
    expect(result.executions[0]?.assertions.map((a) => [a.assertion, a.error === undefined])).toEqual([['is 200', false], ['is 404', true]]);
    expect(result.stats.assertions).toEqual({ total: 2, pending: 0, failed: 1 });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ at: 'assertion:0 in test-script', error: { test: 'is 200', index: 0 } });
    expect(result.failures[0]?.error.message).toMatch(/404/);
    expect(events.filter((event) => event.type === 'assertion')).toHaveLength(2);
  });

  it('fails a script with a syntax error at its line and column, and goes on', async () => {
    const collection = collectionOf({
      items: [
        request('broken', `${server.url}/broken`, { scripts: { test: "pm.test('never runs', () => {});\nlet x = ;" } }),
        request('next', `${server.url}/next`, { scripts: { test: "pm.test('runs', () => {});" } }),
      ],
    });
    const { result } = await record({ collection });
    expect(paths(server)).toEqual(['/broken', '/next']);
    expect(result.failures).toHaveLength(1);
    const failure = result.failures[0];
    expect(failure?.error.name).toBe('SyntaxError');
    expect(failure?.at).toMatch(/^test-script:2:\d+$/);
    expect(result.stats.testScripts).toEqual({ total: 2, pending: 0, failed: 1 });
    expect(result.executions[1]?.assertions).toEqual([{ assertion: 'runs', skipped: false }]);
  });

  it('with bail, stops after the item whose test failed', async () => {
    const collection = collectionOf({
      items: [request('a', `${server.url}/a`, { scripts: { test: "pm.test('fails', () => { throw new Error('no'); });" } }), request('b', `${server.url}/b`)],
    });
    const { result } = await record({ collection, bail: true });
    expect(paths(server)).toEqual(['/a']);
    expect(result.stopped).toBe('bail');
  });
});

describe('flow control', () => {
  const chain = (scripts: Record<string, string>): ReturnType<typeof collectionOf> =>
    collectionOf({
      items: ['a', 'b', 'c', 'd'].map((name) => request(name, `${server.url}/${name}`, scripts[name] ? { scripts: { test: scripts[name] } } : {})),
    });

  it('jumps with setNextRequest by name or id, and ends the iteration with null or an unknown name', async () => {
    await record({ collection: chain({ a: "pm.execution.setNextRequest('c')" }) });
    expect(paths(server)).toEqual(['/a', '/c', '/d']);
    server.received.length = 0;
    // A loop that ends itself: back to "a" until a local counter says stop.
    await record({
      collection: chain({ b: "const n = (pm.variables.get('n') || 0) + 1; pm.variables.set('n', n); if (n < 3) postman.setNextRequest('a');" }),
    });
    expect(paths(server)).toEqual(['/a', '/b', '/a', '/b', '/a', '/b', '/c', '/d']);
    server.received.length = 0;
    await record({ collection: chain({ b: 'pm.execution.setNextRequest(null)' }), iterationCount: 2 });
    expect(paths(server)).toEqual(['/a', '/b', '/a', '/b']);
    server.received.length = 0;
    await record({ collection: chain({ a: "pm.execution.setNextRequest('no such request')" }) });
    expect(paths(server)).toEqual(['/a']);
  });

  it('skips the request (and its tests) when a pre-request script calls skipRequest', async () => {
    const collection = collectionOf({
      items: [
        request('skipped', `${server.url}/skipped`, { scripts: { prerequest: 'pm.execution.skipRequest()', test: "pm.test('t', () => {})" } }),
        request('sent', `${server.url}/sent`),
      ],
    });
    const { result } = await record({ collection });
    expect(paths(server)).toEqual(['/sent']);
    expect(result.executions[0]).toMatchObject({ skipped: true, assertions: [] });
    expect(result.stats.requests.total).toBe(1);
  });
});

describe('the script host', () => {
  it('sends pm.sendRequest through the engine and shares the cookie jar with pm.cookies', async () => {
    const collection = collectionOf({
      items: [
        request('login', `${server.url}/set-cookie?session=abc`),
        request('check', `${server.url}/cookies`, {
          scripts: {
            prerequest: [
              `pm.sendRequest({ url: '${server.url}/side', method: 'POST', header: { 'X-Side': 'yes' }, body: { mode: 'raw', raw: 'hello' } }, (err, res) => {`,
              "  pm.variables.set('side', err ? 'error' : String(res.code) + ':' + res.json().method);",
              '});',
            ].join('\n'),
            test: "pm.test('session cookie', () => pm.expect(pm.cookies.get('session')).to.equal('abc'));\npm.test('side call', () => pm.expect(pm.variables.get('side')).to.equal('200:POST'));",
          },
        }),
      ],
    });
    const { result } = await record({ collection });
    expect(paths(server)).toEqual(['/set-cookie?session=abc', '/side', '/cookies']);
    expect(headerOf(server.received[1], 'X-Side')).toBe('yes');
    expect(bodyOf(server.received[1])).toBe('hello');
    expect(headerOf(server.received[2], 'Cookie')).toBe('session=abc');
    expect(result.failures).toEqual([]);
    expect(result.stats.assertions.total).toBe(2);
  });

  it('refuses to run scripts without a sandbox, before sending anything', async () => {
    const collection = collectionOf({ items: [request('r', `${server.url}/r`, { scripts: { test: '1' } })] });
    await expect(runCollection({ collection })).rejects.toThrow('collection "Tests" has scripts, and the run was given no script sandbox');
    expect(paths(server)).toEqual([]);
  });
});

describe('a failing sandbox', () => {
  it('fails the script whose sandbox call threw, and the run goes on', async () => {
    // A sandbox that cannot run anything: the one case where the real sandbox is not the point.
    const broken = { run: () => Promise.reject(new Error('worker exited')), dispose: () => undefined };
    const collection = collectionOf({ items: [request('a', `${server.url}/a`, { scripts: { test: '1' } }), request('b', `${server.url}/b`)] });
    const { result } = await record({ collection, sandbox: broken });
    expect(paths(server)).toEqual(['/a', '/b']);
    expect(result.failures.map((failure) => [failure.at, failure.error.name, failure.error.message])).toEqual([
      ['test-script', 'SandboxError', 'the script sandbox failed: worker exited'],
    ]);
  });
});

describe('secrets in script output', () => {
  it('masks secret variable values in what scripts print', async () => {
    const collection = collectionOf({
      items: [request('r', `${server.url}/r`, { scripts: { test: "console.log('token is ' + pm.environment.get('token') + ', user is ' + pm.environment.get('user'));" } })],
    });
    const { events } = await record({
      collection,
      environment: {
        id: 'e',
        name: 'E',
        values: [
          { key: 'token', initialValue: 's3cr3t-value', type: 'secret', enabled: true },
          { key: 'user', initialValue: 'ada', type: 'default', enabled: true },
        ],
      },
    });
    const printed = events.flatMap((event) => (event.type === 'console' ? [event.entry.message] : []));
    expect(printed).toEqual(['token is ••••••, user is ada']);
  });
});
