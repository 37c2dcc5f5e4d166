#!/usr/bin/env node
/**
 * Bundles the libraries that Postman scripts may `require()` into self-contained scripts for the QuickJS
 * sandbox, which has no Node APIs, no module loader and no file system.
 *
 * Each output file is one expression: `(function(){ ...; return <module.exports> })()`, so evaluating it
 * in a fresh QuickJS context yields the library's export. Writes dist/sandbox-libs/<name>.js and
 * dist/sandbox-libs/manifest.json ({ name: { file, sha256, bytes, version } }), then evaluates every bundle
 * in QuickJS once so a bundle that cannot even load fails the build here rather than in a user's run.
 *
 * The list of names must match SANDBOX_LIBRARIES in src/scripts/libraries/index.ts (a test checks it).
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'dist', 'sandbox-libs');
/** The name the IIFE assigns its export to; local to the wrapping function, never a real global. */
const EXPORT_NAME = '__posternLibExport';

/**
 * name: what scripts pass to require(); pkg: the npm package whose version is recorded;
 * entry: CommonJS source of the bundle's entry module (its module.exports is the library).
 */
const LIBRARIES = [
  { name: 'lodash', pkg: 'lodash', entry: "module.exports = require('lodash');" },
  { name: 'crypto-js', pkg: 'crypto-js', entry: "module.exports = require('crypto-js');" },
  {
    name: 'uuid',
    pkg: 'uuid',
    // Postman's `require('uuid')` is itself a v4 generator with a .v4 property; keep that call shape and
    // add the rest of the real uuid API (v1, v5, validate, …) beside it.
    entry: [
      "var uuid = require('uuid');",
      'function postmanUuid() { return uuid.v4.apply(undefined, arguments); }',
      'Object.keys(uuid).forEach(function (key) { postmanUuid[key] = uuid[key]; });',
      'module.exports = postmanUuid;',
    ].join('\n'),
  },
  { name: 'moment', pkg: 'moment', entry: "module.exports = require('moment');" },
  { name: 'chai', pkg: 'chai', entry: "module.exports = require('chai');" },
  { name: 'ajv', pkg: 'ajv', entry: "module.exports = require('ajv');" },
  // The htmlparser2-only build: Postman's cheerio (0.22) parses with htmlparser2 too, and parse5 would
  // more than double the bundle.
  { name: 'cheerio', pkg: 'cheerio', entry: "module.exports = require('cheerio/slim');" },
  { name: 'xml2js', pkg: 'xml2js', entry: "module.exports = require('xml2js');" },
  { name: 'tv4', pkg: 'tv4', entry: "module.exports = require('tv4');" },
  // The npm polyfill, so the sandbox can offer Postman's `Buffer` global; the trailing slash skips the
  // Node built-in of the same name.
  { name: 'buffer', pkg: 'buffer', entry: "module.exports = require('buffer/');" },
];

/**
 * Tiny stand-ins for Node built-ins that the libraries import but that have no npm polyfill worth its
 * weight. `events` and `buffer` resolve to their npm polyfills (pinned dependencies) instead.
 */
const SHIMS = {
  // xml2js takes setImmediate from 'timers' (only with `async: true`). Timers are looked up on the global
  // at call time, so whatever the sandbox offers later is used; without any, a microtask stands in.
  timers: `
    var g = globalThis;
    function microtask(fn, args) {
      var handle = { cancelled: false };
      Promise.resolve().then(function () { if (!handle.cancelled) fn.apply(undefined, args); });
      return handle;
    }
    function cancel(handle) { if (handle && typeof handle === 'object' && 'cancelled' in handle) handle.cancelled = true; }
    exports.setImmediate = function (fn) {
      var args = Array.prototype.slice.call(arguments, 1);
      if (typeof g.setImmediate === 'function') return g.setImmediate.apply(g, arguments);
      if (typeof g.setTimeout === 'function') return g.setTimeout.apply(g, [fn, 0].concat(args));
      return microtask(fn, args);
    };
    exports.clearImmediate = function (handle) {
      if (typeof g.clearImmediate === 'function') g.clearImmediate(handle);
      else if (typeof g.clearTimeout === 'function') g.clearTimeout(handle);
      cancel(handle);
    };
    exports.setTimeout = function () {
      if (typeof g.setTimeout !== 'function') throw new Error('setTimeout is not available in this sandbox');
      return g.setTimeout.apply(g, arguments);
    };
    exports.clearTimeout = function (handle) { if (typeof g.clearTimeout === 'function') g.clearTimeout(handle); };
  `,
  // sax wants require('stream').Stream only for its streaming API; it falls back to a bare constructor
  // when Stream is missing. Scripts parse strings, never streams.
  stream: 'module.exports = {};',
  // entities (under cheerio) decodes its tables with atob when it loads; QuickJS has none. Injected as a
  // module-local binding, so it never becomes a global of the sandbox.
  atob: `
    var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    var LOOKUP = new Int8Array(128).fill(-1);
    for (var k = 0; k < ALPHABET.length; k++) LOOKUP[ALPHABET.charCodeAt(k)] = k;
    export function atob(input) {
      if (typeof globalThis.atob === 'function') return globalThis.atob(input);
      var text = String(input).replace(/[\\t\\n\\f\\r =]/g, '');
      var out = new Uint8Array((text.length * 3) >> 2), length = 0, acc = 0, bits = 0;
      for (var i = 0; i < text.length; i++) {
        var code = text.charCodeAt(i), value = code < 128 ? LOOKUP[code] : -1;
        if (value < 0) throw new Error('atob: the string is not valid base64');
        acc = ((acc << 6) | value) & 0xffffff;
        bits += 6;
        if (bits >= 8) { bits -= 8; out[length++] = (acc >> bits) & 0xff; }
      }
      var binary = '';
      for (var j = 0; j < length; j += 8192) binary += String.fromCharCode.apply(null, out.subarray(j, Math.min(j + 8192, length)));
      return binary;
    }
  `,
};

/** Routes shimmed built-ins to SHIMS and strips `node:` so `node:events` finds the npm polyfill. */
const shimPlugin = {
  name: 'postern-sandbox-shims',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(node:)?(timers|stream)$/ }, (args) => ({
      path: args.path.replace(/^node:/, ''),
      namespace: 'postern-shim',
    }));
    pluginBuild.onResolve({ filter: /^postern-shim:/ }, (args) => ({
      path: args.path.slice('postern-shim:'.length),
      namespace: 'postern-shim',
    }));
    pluginBuild.onResolve({ filter: /^node:/ }, (args) =>
      pluginBuild.resolve(args.path.slice('node:'.length), { kind: args.kind, resolveDir: args.resolveDir }),
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'postern-shim' }, (args) => ({
      contents: SHIMS[args.path],
      loader: 'js',
    }));
  },
};

async function bundleOne(library) {
  const result = await build({
    stdin: { contents: library.entry, resolveDir: ROOT, sourcefile: `sandbox-lib-${library.name}.js`, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: EXPORT_NAME,
    target: 'es2020',
    platform: 'browser',
    minify: true,
    legalComments: 'eof',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    inject: ['postern-shim:atob'],
    plugins: [shimPlugin],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output');
  return `(function(){${output.text}\nreturn ${EXPORT_NAME}})()\n`;
}

async function packageVersion(pkg) {
  const manifest = JSON.parse(await readFile(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8'));
  return String(manifest.version);
}

function firstErrorLine(error) {
  if (error && Array.isArray(error.errors) && error.errors.length > 0) {
    const first = error.errors[0];
    const where = first.location ? ` (${first.location.file}:${first.location.line})` : '';
    return `${first.text}${where}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Evaluates each bundle in a fresh QuickJS context: it must load without Node and yield an export. */
async function checkInQuickJS(sources) {
  const { getQuickJS } = await import('quickjs-emscripten');
  const quickjs = await getQuickJS();
  const failures = [];
  for (const [name, source] of sources) {
    const vm = quickjs.newContext();
    try {
      // The sandbox core provides crypto.getRandomValues; crypto-js and uuid look for it.
      vm.unwrapResult(vm.evalCode('globalThis.crypto = { getRandomValues: function (a) { return a; } };')).dispose();
      const result = vm.evalCode(source, `${name}.js`);
      if (result.error) {
        const thrown = vm.dump(result.error);
        const reason = thrown && typeof thrown === 'object' ? `${thrown.name}: ${thrown.message}` : String(thrown);
        failures.push(`${name}: does not load in QuickJS (${reason})`);
        result.error.dispose();
        continue;
      }
      const kind = vm.typeof(result.value);
      result.value.dispose();
      if (kind !== 'object' && kind !== 'function') failures.push(`${name}: evaluates to ${kind}, not its export`);
    } finally {
      vm.dispose();
    }
  }
  return failures;
}

async function main() {
  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  const manifest = {};
  const sources = new Map();
  const failures = [];
  for (const library of LIBRARIES) {
    try {
      const source = await bundleOne(library);
      const file = `${library.name}.js`;
      await writeFile(path.join(OUT_DIR, file), source, 'utf8');
      manifest[library.name] = {
        file,
        sha256: createHash('sha256').update(source, 'utf8').digest('hex'),
        bytes: Buffer.byteLength(source, 'utf8'),
        version: await packageVersion(library.pkg),
      };
      sources.set(library.name, source);
    } catch (error) {
      failures.push(`${library.name}: ${firstErrorLine(error)}`);
    }
  }
  if (failures.length === 0) failures.push(...(await checkInQuickJS(sources)));
  if (failures.length > 0) {
    await rm(OUT_DIR, { recursive: true, force: true });
    process.stderr.write(
      `bundle-sandbox-libs: cannot bundle ${failures.length} sandbox librar${failures.length === 1 ? 'y' : 'ies'}:\n` +
        failures.map((line) => `  - ${line}\n`).join('') +
        'A missing package needs `npm ci`; a Node built-in the sandbox lacks needs a shim in this script.\n',
    );
    process.exitCode = 1;
    return;
  }
  await writeFile(path.join(OUT_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const total = Object.values(manifest).reduce((sum, entry) => sum + entry.bytes, 0);
  process.stdout.write(
    `bundle-sandbox-libs: ${LIBRARIES.length} libraries, ${(total / 1024).toFixed(0)} KiB in ${path.relative(ROOT, OUT_DIR)}\n`,
  );
}

await main();
