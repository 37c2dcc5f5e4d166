import { beforeAll, describe, expect, it } from 'vitest';
import { input, noHost, okResponse, runOnce, sandbox } from './sandbox-helpers.js';
import { ISOLATIONS, useIsolation } from './sandbox-helpers.js';

describe.each(ISOLATIONS)('%s sandbox', (isolation) => {
  beforeAll(() => useIsolation(isolation));

  describe('pm.test and legacy tests', () => {
    it('records sync, failing, skipped and legacy tests in order', async () => {
      const out = await runOnce(
        `
        pm.test('passes', function () {});
        pm.test('fails', function () { throw new Error('nope'); });
        pm.test.skip('skipped', function () { throw new Error('never runs'); });
        tests['legacy true'] = 1 === 1;
        tests['legacy false'] = false;
        `,
        { response: okResponse },
      );
      expect(out.error).toBeNull();
      expect(out.tests).toEqual([
        { name: 'passes', status: 'passed' },
        { name: 'fails', status: 'failed', error: { name: 'Error', message: 'nope' } },
        { name: 'skipped', status: 'skipped' },
        { name: 'legacy true', status: 'passed' },
        { name: 'legacy false', status: 'failed', error: { name: 'AssertionError', message: 'expected "legacy false" to be truthy' } },
      ]);
    });

    it('waits for async tests: promises, done callbacks and timers', async () => {
      const out = await runOnce(
        `
        pm.test('async ok', async function () { await new Promise(function (r) { setTimeout(r, 500); }); });
        pm.test('async fails', async function () { await null; throw new TypeError('late'); });
        pm.test('done ok', function (done) { setTimeout(function () { done(); }, 250); });
        pm.test('done with error', function (done) { setTimeout(function () { done(new Error('bad')); }, 50); });
        pm.test('never settles', function () { return new Promise(function () {}); });
        `,
        { response: okResponse },
      );
      // Listed in the order they finish, as newman does; one that never settles comes last, failed.
      // The delays are far apart so that a slow, loaded machine cannot reorder them.
      expect(out.tests.map((t) => [t.name, t.status])).toEqual([
        ['async fails', 'failed'],
        ['done with error', 'failed'],
        ['done ok', 'passed'],
        ['async ok', 'passed'],
        ['never settles', 'failed'],
      ]);
      expect(out.tests[0]?.error).toEqual({ name: 'TypeError', message: 'late' });
      expect(out.tests[4]?.error?.message).toMatch(/never settled/);
    });
  });

  describe('variables', () => {
    it('reads every scope with Postman precedence and writes back changes', async () => {
      const out = await runOnce(`
        pm.environment.set('token', 'abc');
        pm.globals.unset('g');
        pm.collectionVariables.set('c', 'changed');
        pm.variables.set('local', 1);
        pm.iterationData.set('d2', 'x');
        console.log(pm.variables.get('d'), pm.variables.get('env'), pm.environment.name, pm.variables.has('nope'));
        console.log(pm.variables.replaceIn('{{c}}-{{local}}-{{missing}}'));
        postman.setEnvironmentVariable('legacy', 'yes');
        console.log(environment.env, globals.g, data.d, iteration);
      `);
      expect(out.error).toBeNull();
      expect(out.variables).toEqual({
        environment: { env: 'e', token: 'abc', legacy: 'yes' },
        globals: {},
        collectionVariables: { c: 'changed' },
        iterationData: { d: 'data', d2: 'x' },
        local: { local: 1 },
      });
      expect(out.console.map((c) => c.message)).toEqual(['data e Staging false', 'changed-1-{{missing}}', 'e global data 0']);
    });

    it('lets local variables win over data, environment, collection and globals', async () => {
      const out = await runOnce(`pm.variables.set('k', 'local'); console.log(pm.variables.get('k'));`, {
        variables: { environment: { k: 'env' }, globals: { k: 'g' }, collectionVariables: { k: 'c' }, iterationData: { k: 'd' }, local: {} },
      });
      expect(out.console[0]?.message).toBe('local');
      const out2 = await runOnce(`console.log(pm.variables.get('k'))`, {
        variables: { environment: { k: 'env' }, globals: { k: 'g' }, collectionVariables: { k: 'c' }, iterationData: {}, local: {} },
      });
      expect(out2.console[0]?.message).toBe('env');
    });
  });

  describe('pm.request and pm.response', () => {
    it('lets a pre-request script change the URL, headers and body', async () => {
      const out = await runOnce(`
        pm.request.url.query.add({ key: 'page', value: '2' });
        pm.request.headers.add({ key: 'X-Added', value: '1' });
        pm.request.headers.upsert({ key: 'accept', value: 'text/plain' });
        pm.request.headers.remove('X-Nothing');
        pm.request.method = 'post';
        pm.request.body.update(JSON.stringify({ a: 1 }));
        console.log(pm.request.url.getHost(), pm.request.url.getPath(), pm.request.headers.get('ACCEPT'));
      `);
      expect(out.error).toBeNull();
      expect(out.request.method).toBe('POST');
      expect(out.request.url).toBe('https://api.test/users/{{id}}?expand=1&page=2');
      expect(out.request.headers).toEqual([{ key: 'Accept', value: 'text/plain' }, { key: 'X-Added', value: '1' }]);
      expect(out.request.body).toEqual({ mode: 'raw', raw: '{"a":1}' });
      expect(out.console[0]?.message).toBe('api.test /users/{{id}} text/plain');
    });

    it('can replace the whole URL', async () => {
      const out = await runOnce(`pm.request.url = 'http://other.test:8080/x?y=1';`);
      expect(out.request.url).toBe('http://other.test:8080/x?y=1');
    });

    it('gives tests the response and the legacy response globals', async () => {
      const out = await runOnce(
        `
        tests.code = pm.response.code === 200 && responseCode.code === 200;
        tests.json = pm.response.json().user.name === 'Ada';
        tests.text = responseBody.indexOf('Ada') > 0;
        tests.header = pm.response.headers.get('x-trace') === 'abc' && postman.getResponseHeader('X-TRACE') === 'abc';
        tests.time = pm.response.responseTime === 12 && responseTime === 12;
        tests.info = pm.info.eventName === 'test' && pm.info.requestName === 'Get user' && pm.info.iteration === 0;
        tests.cookie = pm.cookies.get('session') === 's1' && pm.cookies.has('session');
        `,
        { response: okResponse },
      );
      expect(out.tests.filter((t) => t.status !== 'passed')).toEqual([]);
      expect(out.tests).toHaveLength(7);
    });

    it('reports invalid JSON from pm.response.json() as a failed test', async () => {
      const out = await runOnce(`pm.test('json', function () { pm.response.json(); });`, { response: { ...okResponse, body: 'not json' } });
      expect(out.tests[0]).toMatchObject({ status: 'failed', error: { name: 'JSONError' } });
    });
  });

  describe('execution control and sendRequest', () => {
    it('records setNextRequest and skipRequest', async () => {
      expect((await runOnce(`pm.execution.setNextRequest('Login')`)).nextRequest).toBe('Login');
      expect((await runOnce(`postman.setNextRequest(null)`)).nextRequest).toBeNull();
      expect((await runOnce(`pm.test('x', function(){})`)).nextRequest).toBeUndefined();
      expect((await runOnce(`pm.execution.skipRequest()`)).skipRequest).toBe(true);
    });

    it('sends requests through the host, with callbacks and promises', async () => {
      const seen: string[] = [];
      const host = {
        sendRequest: async (req: unknown) => {
          const r = typeof req === 'string' ? req : (req as { url: string; method: string }).method + ' ' + (req as { url: string }).url;
          seen.push(r);
          return { ...okResponse, body: JSON.stringify({ echo: r }) };
        },
      };
      const out = await runOnce(
        `
        pm.sendRequest('https://a.test/one', function (err, res) {
          pm.test('callback', function () { if (err || res.json().echo !== 'GET https://a.test/one') throw new Error('bad'); });
        });
        pm.test('promise', async function () {
          const res = await pm.sendRequest({ url: 'https://a.test/two', method: 'post', header: { 'X-A': '1' }, body: { mode: 'raw', raw: 'x' } });
          if (res.code !== 200) throw new Error('code');
        });
        `,
        { response: okResponse },
        host,
      );
      expect(out.error).toBeNull();
      expect(seen).toEqual(['GET https://a.test/one', 'POST https://a.test/two']);
      expect(out.tests.map((t) => [t.name, t.status])).toEqual([
        ['callback', 'passed'],
        ['promise', 'passed'],
      ]);
    });

    it('passes host failures to the script as errors', async () => {
      const out = await runOnce(`pm.sendRequest('https://a.test', function (err) { console.log('err:', err.message); });`, {}, noHost);
      expect(out.console[0]?.message).toBe('err: no network in this test');
    });

    it('refuses requests that would read local files', async () => {
      const host = { sendRequest: async () => okResponse };
      const out = await runOnce(`pm.sendRequest({ url: 'https://a.test', method: 'POST', body: { mode: 'file', file: { src: '/etc/passwd' } } }, function (err) { console.log(err && err.message); });`, {}, host);
      expect(out.console[0]?.message).toBe('pm.sendRequest cannot send a file from disk');
    });
  });

  describe('errors and limits', () => {
    it('reports a syntax error with its line and column, and the sandbox goes on', async () => {
      const box = await sandbox();
      try {
        const bad = await box.run(input('var a = 1;\nvar b = ;\n'), noHost);
        expect(bad.error).toMatchObject({ kind: 'syntax', name: 'SyntaxError', line: 2, location: 'Users / Get user (prerequest script)' });
        expect(bad.error?.column).toBeGreaterThan(0);
        const good = await box.run(input(`pm.test('after', function () {});`), noHost);
        expect(good.tests).toEqual([{ name: 'after', status: 'passed' }]);
      } finally {
        box.dispose();
      }
    });

    it('places a syntax error at the end of the script on its last line', async () => {
      const out = await runOnce('var a = 1;\nvar b = (a + ');
      expect(out.error).toMatchObject({ kind: 'syntax', line: 2 });
    });

    it('gives a test script after a failed request an empty response, so assertions fail as assertions', async () => {
      const out = await runOnce(`pm.test('status', function () { pm.response.to.have.status(200); });`, { event: 'test' });
      expect(out.tests[0]).toMatchObject({ status: 'failed', error: { name: 'AssertionError', message: 'expected response to have status code 200 but got undefined' } });
    });

    it('reports a runtime error with its line, keeping tests recorded before it', async () => {
      const out = await runOnce(`pm.test('first', function () {});\n\nnull.boom;`);
      expect(out.error).toMatchObject({ kind: 'runtime', name: 'TypeError', line: 3 });
      expect(out.tests).toEqual([{ name: 'first', status: 'passed' }]);
    });

    it('ends an infinite loop at the time limit; the next script runs', async () => {
      const box = await sandbox({ timeoutMs: 200 });
      try {
        const out = await box.run(input('while (true) {}'), noHost);
        expect(out.error?.kind).toBe('timeout');
        const next = await box.run(input(`pm.test('still works', function () {});`), noHost);
        expect(next.tests[0]?.status).toBe('passed');
      } finally {
        box.dispose();
      }
    });

    it('ends async work that outlives the time limit', async () => {
      const box = await sandbox({ timeoutMs: 200 });
      try {
        const out = await box.run(input('setInterval(function () {}, 10);'), noHost);
        expect(out.error).toMatchObject({ kind: 'timeout', message: 'the script did not finish within 200 ms' });
      } finally {
        box.dispose();
      }
    });

    it('ends an allocation bomb at the memory limit; the next script runs', async () => {
      // A generous time limit: on a loaded machine the memory limit must still be what ends it.
      const box = await sandbox({ memoryLimitBytes: 24 * 1024 * 1024, timeoutMs: 60_000 });
      try {
        const out = await box.run(input('var a = []; while (true) { a.push({ x: 1, y: [1, 2, 3], s: "padding" + a.length }); }'), noHost);
        expect(out.error?.kind).toBe('memory');
        const next = await box.run(input(`pm.test('fresh', function () {});`), noHost);
        expect(next.tests[0]?.status).toBe('passed');
      } finally {
        box.dispose();
      }
    });
  });
});
