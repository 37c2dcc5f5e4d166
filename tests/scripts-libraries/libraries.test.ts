import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getQuickJS, type QuickJSContext, type QuickJSWASMModule } from 'quickjs-emscripten';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_LIBRARIES, isSandboxLibrary, librarySource, sandboxLibraryDirectory } from '../../src/scripts/libraries/index.js';

/**
 * Every bundled library is evaluated in a fresh QuickJS context that has nothing but the language, plus
 * the two things the sandbox core provides: crypto.getRandomValues (host randomness) and console.
 */
const HARNESS = `
  globalThis.console = {
    log: function () { __hostLog(Array.prototype.join.call(arguments, ' ')); },
  };
  console.warn = console.error = console.info = console.debug = console.log;
  globalThis.crypto = {
    getRandomValues: function (array) {
      var hex = __hostRandomHex(array.length * array.BYTES_PER_ELEMENT);
      var bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
      return array;
    },
  };
`;

let quickjs: QuickJSWASMModule;
const logs: string[] = [];
const timings: { name: string; kib: string; evalMs: string }[] = [];

beforeAll(async () => {
  quickjs = await getQuickJS();
});

afterAll(() => {
  if (timings.length > 0) console.log(`sandbox library bundles in QuickJS (fresh context each):\n${formatTable(timings)}`);
});

function newContext(): QuickJSContext {
  const vm = quickjs.newContext();
  const log = vm.newFunction('__hostLog', (text) => {
    logs.push(vm.getString(text));
  });
  const random = vm.newFunction('__hostRandomHex', (count) => vm.newString(randomBytes(vm.getNumber(count)).toString('hex')));
  vm.setProp(vm.global, '__hostLog', log);
  vm.setProp(vm.global, '__hostRandomHex', random);
  log.dispose();
  random.dispose();
  vm.unwrapResult(vm.evalCode(HARNESS, 'harness.js')).dispose();
  return vm;
}

function bundle(name: string): string {
  const source = librarySource(name);
  if (source === undefined) throw new Error(`no bundle for ${name}`);
  return source;
}

/** Loads `name` as the global `lib`, runs `body` as a function body and returns its JSON result. */
function withLibrary(name: string, body: string, settle?: (vm: QuickJSContext) => void): unknown {
  const vm = newContext();
  try {
    const exported = vm.unwrapResult(vm.evalCode(bundle(name), `${name}.js`));
    vm.setProp(vm.global, 'lib', exported);
    exported.dispose();
    vm.unwrapResult(vm.evalCode(`globalThis.__result = (function () { ${body} })();`, 'test.js')).dispose();
    settle?.(vm);
    const json = vm.unwrapResult(vm.evalCode('JSON.stringify(globalThis.__result)', 'result.js'));
    const text = vm.getString(json);
    json.dispose();
    return text === undefined ? undefined : JSON.parse(text);
  } finally {
    vm.dispose();
  }
}

function runPendingJobs(vm: QuickJSContext): void {
  vm.runtime.executePendingJobs().unwrap();
}

describe('sandbox libraries inside QuickJS', () => {
  it('lodash: _.chunk and _.get', () => {
    expect(withLibrary('lodash', 'return [lib.chunk([1, 2, 3, 4, 5], 2), lib.get({ a: { b: [7] } }, "a.b[0]")];')).toEqual([
      [[1, 2], [3, 4], [5]],
      7,
    ]);
  });

  it('crypto-js: HmacSHA256 equals Node, SHA1 and Base64 work, AES round-trips with sandbox randomness', () => {
    const expected = createHmac('sha256', 'secret-key').update('The quick brown fox').digest('hex');
    const result = withLibrary(
      'crypto-js',
      `var encrypted = lib.AES.encrypt('payload', 'passphrase').toString();
       return {
         hmac: lib.HmacSHA256('The quick brown fox', 'secret-key').toString(lib.enc.Hex),
         sha1: lib.SHA1('abc').toString(),
         base64: lib.enc.Base64.stringify(lib.enc.Utf8.parse('hi')),
         random: lib.lib.WordArray.random(16).toString().length,
         aes: lib.AES.decrypt(encrypted, 'passphrase').toString(lib.enc.Utf8),
       };`,
    );
    expect(result).toEqual({ hmac: expected, sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d', base64: 'aGk=', random: 32, aes: 'payload' });
  });

  it('uuid: v4 format, v5 deterministic, and callable as Postman offers it', () => {
    const result = withLibrary(
      'uuid',
      `return { v4: lib.v4(), again: lib.v4(), postman: lib(), v5: lib.v5('python.org', lib.v5.DNS), valid: lib.validate(lib.v4()) };`,
    ) as Record<string, unknown>;
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(result.v4).toMatch(v4);
    expect(result.postman).toMatch(v4);
    expect(result.again).not.toBe(result.v4);
    // The value Python's uuid.uuid5(NAMESPACE_DNS, 'python.org') gives, an independent implementation.
    expect(result.v5).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(result.valid).toBe(true);
  });

  it('moment: formats and shifts a fixed UTC date', () => {
    const result = withLibrary(
      'moment',
      `var m = lib.utc('2024-02-29T13:45:30Z');
       return [m.format('dddd, MMMM Do YYYY, HH:mm:ss'), m.clone().add(1, 'year').toISOString(), m.diff(lib.utc('2024-01-01'), 'days'), lib.isMoment(m)];`,
    );
    expect(result).toEqual(['Thursday, February 29th 2024, 13:45:30', '2025-02-28T13:45:30.000Z', 59, true]);
  });

  it('chai: a passing expect passes, a failing one throws AssertionError with its message', () => {
    const result = withLibrary(
      'chai',
      `lib.expect(1).to.equal(1);
       lib.expect({ a: [1, 2] }).to.deep.equal({ a: [1, 2] });
       try { lib.expect(1).to.equal(2); return 'no throw'; }
       catch (error) { return { name: error.name, message: error.message, isAssertionError: error instanceof lib.AssertionError }; }`,
    );
    expect(result).toEqual({ name: 'AssertionError', message: 'expected 1 to equal 2', isAssertionError: true });
  });

  it('ajv: compiles a schema (generated code through new Function) and validates and rejects', () => {
    const result = withLibrary(
      'ajv',
      `var ajv = new lib({ allErrors: true });
       var validate = ajv.compile({ type: 'object', required: ['id'], properties: { id: { type: 'integer' }, name: { type: 'string' } } });
       var good = validate({ id: 1, name: 'x' });
       var bad = validate({ name: 5 });
       return { good: good, bad: bad, errors: validate.errors.map(function (e) { return e.message; }), quick: ajv.validate({ type: 'string' }, 'ok') };`,
    );
    expect(result).toEqual({ good: true, bad: false, errors: ["should have required property 'id'", 'should be string'], quick: true });
  });

  it('cheerio: loads HTML, selects text and attributes, renders', () => {
    const result = withLibrary(
      'cheerio',
      `var $ = lib.load('<html><head><title>Orders</title></head><body><ul id="list"><li class="a" data-id="7">One</li><li>Two &amp; more</li></ul></body></html>');
       return [$('title').text(), $('li.a').attr('data-id'), $('#list li').map(function (i, el) { return $(el).text(); }).get(), $('li').length, $.html($('li.a'))];`,
    );
    expect(result).toEqual(['Orders', '7', ['One', 'Two & more'], 2, '<li class="a" data-id="7">One</li>']);
  });

  it('xml2js: parseString calls back synchronously by default', () => {
    const result = withLibrary(
      'xml2js',
      `var out = { called: false };
       lib.parseString('<root><item id="1">first</item><item>second</item></root>', function (error, value) {
         out.called = true; out.error = error; out.value = value;
       });
       return out;`,
    );
    expect(result).toEqual({ called: true, error: null, value: { root: { item: [{ _: 'first', $: { id: '1' } }, 'second'] } } });
  });

  it('xml2js: async parsing runs through the timers shim once pending jobs run; errors reach the callback', () => {
    const result = withLibrary(
      'xml2js',
      `var out = { calledAtOnce: false };
       new lib.Parser({ async: true, explicitArray: false }).parseString('<a><b>1</b></a>', function (error, value) {
         out.error = error; out.value = value;
       });
       out.calledAtOnce = 'value' in out;
       lib.parseString('<a><b></a>', function (error) { out.malformed = error ? error.message.split('\\n')[0] : 'no error'; });
       out.built = new lib.Builder({ headless: true }).buildObject({ root: { x: 'y' } });
       return out;`,
      (vm) => {
        runPendingJobs(vm);
      },
    );
    expect(result).toEqual({
      calledAtOnce: false,
      error: null,
      value: { a: { b: '1' } },
      malformed: 'Unexpected close tag',
      built: '<root>\n  <x>y</x>\n</root>',
    });
  });

  it('tv4: validates and reports the first error', () => {
    const result = withLibrary(
      'tv4',
      `var schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
       var good = lib.validate({ a: 'x' }, schema);
       var bad = lib.validate({ a: 1 }, schema);
       return { good: good, bad: bad, message: lib.error.message, path: lib.error.dataPath };`,
    );
    expect(result).toEqual({ good: true, bad: false, message: 'Invalid type: number (expected string)', path: '/a' });
  });

  it('buffer: Buffer.from and toString in several encodings', () => {
    const result = withLibrary(
      'buffer',
      `var B = lib.Buffer;
       return [B.from('hi').toString('base64'), B.from('aGk=', 'base64').toString('utf8'), B.from('héllo').toString('hex'), B.isBuffer(B.alloc(2))];`,
    );
    expect(result).toEqual(['aGk=', 'hi', Buffer.from('héllo').toString('hex'), true]);
  });

  it('each bundle is one expression yielding its export, and leaves no global behind', () => {
    for (const name of SANDBOX_LIBRARIES) {
      const vm = newContext();
      try {
        const globals = (): string => vm.getString(vm.unwrapResult(vm.evalCode('Object.getOwnPropertyNames(globalThis).sort().join()')));
        const before = globals();
        const exported = vm.unwrapResult(vm.evalCode(bundle(name), `${name}.js`));
        expect({ name, kind: vm.typeof(exported) }).toEqual({ name, kind: expect.stringMatching(/^(object|function)$/) });
        exported.dispose();
        expect({ name, globals: globals() }).toEqual({ name, globals: before });
      } finally {
        vm.dispose();
      }
    }
  });

  it('measures each bundle: size and evaluation time in a fresh context', () => {
    for (const name of SANDBOX_LIBRARIES) {
      const source = bundle(name);
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const vm = newContext();
        try {
          const started = performance.now();
          const exported = vm.unwrapResult(vm.evalCode(source, `${name}.js`));
          runs.push(performance.now() - started);
          expect(['object', 'function']).toContain(vm.typeof(exported));
          exported.dispose();
        } finally {
          vm.dispose();
        }
      }
      timings.push({ name, kib: (Buffer.byteLength(source) / 1024).toFixed(1), evalMs: Math.min(...runs).toFixed(2) });
    }
    expect(timings).toHaveLength(SANDBOX_LIBRARIES.length);
  });
});

describe('librarySource', () => {
  it('reads nothing outside the allow-list', () => {
    for (const name of ['fs', '../../etc/passwd', '/etc/passwd', 'lodash/../../package.json', 'lodash.js', '__proto__', 'constructor', 'toString', 'manifest', '']) {
      expect(librarySource(name)).toBeUndefined();
      expect(isSandboxLibrary(name)).toBe(false);
    }
  });

  it('serves the same cached string each time', () => {
    expect(librarySource('lodash')).toBe(librarySource('lodash'));
  });

  it('the build made exactly the allow-listed bundles, and the manifest hashes match', () => {
    const directory = sandboxLibraryDirectory();
    expect(directory.endsWith(path.join('dist', 'sandbox-libs'))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(directory, 'manifest.json'), 'utf8')) as Record<string, { file: string; version: string }>;
    expect(Object.keys(manifest).sort()).toEqual([...SANDBOX_LIBRARIES].sort());
    for (const name of SANDBOX_LIBRARIES) {
      expect(manifest[name]?.file).toBe(`${name}.js`);
      expect(manifest[name]?.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(librarySource(name)?.startsWith('(function(){')).toBe(true);
    }
  });
});

function formatTable(rows: readonly { name: string; kib: string; evalMs: string }[]): string {
  const lines = rows.map((row) => `  ${row.name.padEnd(10)} ${row.kib.padStart(7)} KiB  ${row.evalMs.padStart(7)} ms`);
  return [`  ${'library'.padEnd(10)} ${'size'.padStart(11)}  ${'eval'.padStart(10)}`, ...lines].join('\n');
}
