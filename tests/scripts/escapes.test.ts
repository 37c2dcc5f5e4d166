/**
 * The sandbox is a security boundary: collections come from strangers. Each known escape route is
 * tried here and must end inside the sandbox, with the host untouched.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { input, noHost, okResponse, runOnce, sandbox } from './sandbox-helpers.js';
import { ISOLATIONS, useIsolation } from './sandbox-helpers.js';

const hostPrepareStackTrace = (Error as unknown as Record<string, unknown>)['prepareStackTrace'];

afterEach(() => {
  // Nothing a script did may show up in the host's own intrinsics.
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect((Array.prototype as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
  expect((Error as unknown as Record<string, unknown>)['prepareStackTrace']).toBe(hostPrepareStackTrace);
});

const messages = (out: { console: Array<{ message: string }> }) => out.console.map((c) => c.message);

describe.each(ISOLATIONS)('%s sandbox', (isolation) => {
  beforeAll(() => useIsolation(isolation));

  describe('sandbox escapes', () => {
    it('has no Node: process, require of built-ins, Buffer from Node, globalThis.process', async () => {
      const out = await runOnce(`
        console.log(typeof process, typeof globalThis.process, typeof module, typeof __dirname, typeof WebAssembly);
        for (const name of ['fs', 'node:fs', 'child_process', 'net', '../../package.json', '/etc/passwd', 'quickjs-emscripten']) {
          try { require(name); console.log('LOADED ' + name); } catch (e) { console.log(e.code); }
        }
      `);
      expect(messages(out)).toEqual(['undefined undefined undefined undefined undefined', ...Array(7).fill('MODULE_NOT_FOUND')]);
    });

    it('this.constructor.constructor reaches only the sandbox Function', async () => {
      const out = await runOnce(`
        var viaThis; try { viaThis = this.constructor.constructor('return typeof process')(); } catch (e) { viaThis = 'threw ' + e.name; }
        var viaPm = pm.constructor.constructor('return typeof process')();
        var viaFn = pm.test.constructor('return this')();
        var viaArrow = (() => {}).constructor('return typeof require("fs")');
        console.log(viaThis, viaPm, typeof viaFn.process, typeof viaFn.__posternHost);
        try { viaArrow(); } catch (e) { console.log(e.code); }
      `);
      expect(messages(out)).toEqual(['undefined undefined undefined undefined', 'MODULE_NOT_FOUND']);
    });

    it('the host bridge is not reachable from scripts', async () => {
      const out = await runOnce(`console.log(typeof __posternHost, typeof globalThis.__posternHost, Object.getOwnPropertyNames(globalThis).filter(function (n) { return /host/i.test(n); }).join(','));`);
      expect(messages(out)).toEqual(['undefined undefined ']);
    });

    it('prototype pollution stays inside: objects handed in are copies', async () => {
      const out = await runOnce(
        `
        Object.prototype.polluted = 'yes';
        Array.prototype.polluted = 'yes';
        pm.request.__proto__.polluted = 'yes';
        pm.response.constructor.prototype.polluted = 'yes';
        pm.environment.__proto__.polluted = 'yes';
        JSON.parse = function () { return { hijacked: true }; };
        pm.environment.set('k', 'v');
        `,
        { response: okResponse },
      );
      expect(out.error).toBeNull();
      expect(out.variables.environment).toEqual({ env: 'e', k: 'v' });
      expect(JSON.parse('{"a":1}')).toEqual({ a: 1 });
    });

    it('Error.prepareStackTrace does nothing for the host', async () => {
      const out = await runOnce(`
        Error.prepareStackTrace = function (error, frames) { return frames.map(function (f) { return typeof f.getThis; }).join(','); };
        var stack; try { null.x; } catch (e) { stack = String(e.stack); }
        console.log(typeof stack, /process/.test(stack));
      `);
      expect(messages(out)).toEqual(['string false']);
    });

    it('promises and async callbacks run inside the sandbox too', async () => {
      const out = await runOnce(`
        Promise.resolve().then(function () {
          console.log('then:', typeof this === 'undefined' ? 'undefined' : typeof this.process, (function () { return typeof this.process; })());
          return Promise.reject(new Error('x'));
        }).catch(function (e) { console.log('caught:', e.constructor.constructor('return typeof process')()); });
        setTimeout(function () { console.log('timer:', typeof process, typeof setTimeout.constructor('return globalThis')().process); }, 1);
        (async function () { await null; console.log('async:', typeof process); })();
      `);
      expect(out.error).toBeNull();
      expect(messages(out).sort()).toEqual(['async: undefined', 'caught: undefined', 'then: undefined undefined', 'timer: undefined undefined'].sort());
    });

    it('dynamic import() fails', async () => {
      const out = await runOnce(`
        import('fs').then(function () { console.log('IMPORTED'); }, function (e) { console.log('rejected', e.name); });
        (async function () { try { await import('node:child_process'); console.log('IMPORTED'); } catch (e) { console.log('rejected', e.name); } })();
      `);
      expect(messages(out).every((m) => m.startsWith('rejected'))).toBe(true);
      expect(messages(out)).toHaveLength(2);
    });

    it('runaway recursion is a catchable error, not a crash', async () => {
      const out = await runOnce(`function f() { return f(); } try { f(); } catch (e) { console.log(e.name); }`);
      expect(messages(out)).toEqual(['InternalError']);
    });

    it("keeps separate sandboxes apart (another collection's secrets)", async () => {
      const first = await sandbox();
      const second = await sandbox();
      try {
        await first.run(input(`globalThis.leak = pm.environment.get('token'); Object.prototype.leaked = 'x';`, { variables: { environment: { token: 'secret-of-A' }, globals: {}, collectionVariables: {}, iterationData: {}, local: {} } }), noHost);
        const out = await second.run(input(`console.log(typeof globalThis.leak, typeof ({}).leaked);`), noHost);
        expect(messages(out)).toEqual(['undefined undefined']);
      } finally {
        first.dispose();
        second.dispose();
      }
    });

    it("a script cannot fake another script's results across runs", async () => {
      const box = await sandbox();
      try {
        await box.run(input(`globalThis.__posternEnd = function () { return '{"tests":[{"name":"forged","status":"passed"}]}'; };`), noHost);
        const out = await box.run(input(`pm.test('real', function () { throw new Error('fails'); });`), noHost);
        expect(out.tests).toEqual([{ name: 'real', status: 'failed', error: { name: 'Error', message: 'fails' } }]);
      } finally {
        box.dispose();
      }
    });
  });
});
