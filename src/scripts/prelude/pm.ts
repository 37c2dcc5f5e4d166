/**
 * The `pm` object and the legacy globals, built afresh for each script from the JSON the host passes
 * in (`__posternBegin`), and the script's results handed back as JSON (`__posternEnd`).
 */
export const PM_PRELUDE = String.raw`
(function (global) {
  'use strict';
  var sdk = global.__posternSdk;
  var NOT_SET = {};
  var run = null;

  function errorInfo(e) {
    if (e && typeof e === 'object') return { name: String(e.name || 'Error'), message: String(e.message !== undefined ? e.message : e) };
    return { name: 'Error', message: String(e) };
  }

  function lookup(name) {
    var v = run.vars;
    var order = [v.local, v.iterationData, v.environment, v.collectionVariables, v.globals];
    for (var i = 0; i < order.length; i++) if (Object.prototype.hasOwnProperty.call(order[i], name)) return { found: true, value: order[i][name] };
    return { found: false };
  }

  function dynamicValue(name) {
    switch (name) {
      case '$guid': case '$randomUUID': return global.crypto.randomUUID();
      case '$timestamp': return String(Math.round(Date.now() / 1000));
      case '$isoTimestamp': return new Date().toISOString();
      case '$randomInt': return String(Math.floor(Math.random() * 1001));
      default: return undefined;
    }
  }

  // {{name}} substitution over a lookup, nested, with a depth limit.
  function replaceIn(template, find) {
    if (typeof template !== 'string') return template;
    var text = template;
    for (var depth = 0; depth < 10 && text.indexOf('{{') !== -1; depth++) {
      var changed = false;
      text = text.replace(/\{\{([^{}]+)\}\}/g, function (whole, name) {
        var hit = find(name);
        if (hit.found) { changed = true; return hit.value === null || hit.value === undefined ? '' : String(hit.value); }
        var dyn = name.charAt(0) === '$' ? dynamicValue(name) : undefined;
        if (dyn !== undefined) { changed = true; return dyn; }
        return whole;
      });
      if (!changed) break;
    }
    return text;
  }

  // Marks the run's variables as written, so they are sent back; returns them.
  function touch() {
    if (!run) throw new Error('pm is only available while a script runs');
    run.varsWritten = true;
    return run.vars;
  }

  // A variable scope whose store is looked up per run, so one object serves every script.
  function scope(storeOf, options) {
    var api = {
      get: function (key) { var store = storeOf(); return Object.prototype.hasOwnProperty.call(store, key) ? store[key] : undefined; },
      has: function (key) { return Object.prototype.hasOwnProperty.call(storeOf(), key); },
      toObject: function () { return Object.assign({}, storeOf()); },
      replaceIn: function (template) {
        var store = storeOf();
        return replaceIn(template, function (name) { return Object.prototype.hasOwnProperty.call(store, name) ? { found: true, value: store[name] } : { found: false }; });
      }
    };
    if (!options || !options.readOnly) {
      api.set = function (key, value) {
        if (typeof key !== 'string' || key === '') throw new TypeError('variable names are non-empty strings');
        touch();
        storeOf()[key] = value;
      };
      api.unset = function (key) { touch(); delete storeOf()[key]; };
      api.clear = function () { touch(); var store = storeOf(); Object.keys(store).forEach(function (k) { delete store[k]; }); };
    }
    return api;
  }

  function record(name, status, error) {
    var entry = { name: String(name), status: status };
    if (error) entry.error = error;
    run.tests.push(entry);
    return entry;
  }

  function fail(entry, e) {
    entry.status = 'failed';
    entry.error = errorInfo(e);
  }

  // Tests are listed in the order they finish, as newman does: a sync test at once, an async one
  // when its promise settles or done() is called; one still waiting at the end is listed as failed.
  function makeTest(pm) {
    function test(name, fn) {
      var r = current();
      if (typeof fn !== 'function') { record(name, 'passed'); return pm; }
      var entry = { name: String(name), status: 'passed' };
      var settle = function (error) {
        if (entry.done) return;
        entry.done = true;
        if (error) fail(entry, error);
        if (entry.async) r.waiting.splice(r.waiting.indexOf(entry), 1);
        r.tests.push(entry);
      };
      try {
        if (fn.length > 0) {
          entry.async = true;
          r.waiting.push(entry);
          fn(function done(err) { settle(err); });
        } else {
          var result = fn();
          if (result && typeof result.then === 'function') {
            entry.async = true;
            r.waiting.push(entry);
            result.then(function () { settle(); }, function (e) { settle(e || new Error('the test promise was rejected')); });
          } else {
            settle();
          }
        }
      } catch (e) {
        settle(e);
      }
      return pm;
    }
    test.skip = function (name) { record(name, 'skipped'); return pm; };
    test.index = function () { return current().tests.length; };
    return test;
  }

  function toScriptRequest(input) {
    if (typeof input === 'string') return { method: 'GET', url: input, headers: [], body: { mode: 'none' } };
    if (!input || typeof input !== 'object') throw new TypeError('pm.sendRequest needs a URL or a request object');
    var url = typeof input.url === 'string' ? input.url : input.url && typeof input.url === 'object' ? (input.url.raw || String(input.url)) : '';
    var header = input.header || input.headers || [];
    var headers = Array.isArray(header) ? header.map(function (h) { return { key: String(h.key), value: String(h.value), disabled: !!h.disabled }; })
      : Object.keys(header).map(function (k) { return { key: k, value: String(header[k]) }; });
    var body = { mode: 'none' };
    if (input.body && typeof input.body === 'object') {
      var b = input.body;
      if (b.mode === 'raw') body = { mode: 'raw', raw: typeof b.raw === 'string' ? b.raw : JSON.stringify(b.raw) };
      else if (b.mode === 'urlencoded') body = { mode: 'urlencoded', urlencoded: (b.urlencoded || []).map(function (r) { return { key: String(r.key), value: String(r.value), enabled: !r.disabled }; }) };
      else if (b.mode === 'formdata') body = { mode: 'formdata', formdata: (b.formdata || []).map(function (r) { return { type: r.type === 'file' ? 'file' : 'text', key: String(r.key), value: String(r.value || ''), src: r.src ? [].concat(r.src) : [], enabled: !r.disabled }; }) };
      else if (b.mode === 'graphql') body = { mode: 'graphql', graphql: b.graphql };
      else if (b.mode === 'file') body = { mode: 'file', file: b.file || { src: '' } };
    } else if (typeof input.body === 'string') {
      body = { mode: 'raw', raw: input.body };
    }
    return { method: String(input.method || 'GET').toUpperCase(), url: url, headers: headers, body: body };
  }

  function sendRequest(req, callback) {
    var payload = JSON.stringify(toScriptRequest(req));
    var promise = new Promise(function (resolve, reject) {
      var id = global.__posternExpectReply(function (data) { resolve(new sdk.Response(data)); }, function (err) {
        var error = new Error(err && err.message ? err.message : String(err));
        if (err && err.code) error.code = err.code;
        reject(error);
      });
      global.__posternSendRequest(id, payload);
    });
    if (typeof callback !== 'function') return promise;
    promise.then(function (res) { callback(null, res); }, function (err) { callback(err, null); }).then(undefined, function (e) {
      console.error('pm.sendRequest callback threw: ' + errorInfo(e).message);
    });
    return undefined;
  }

  // ---- pm: built once per context; every member reads the current run ------------------------
  function current() {
    if (!run) throw new Error('pm is only available while a script runs');
    return run;
  }
  function requestObject() { var r = current(); if (!r.request) r.request = new sdk.Request(r.input.request); return r.request; }
  // A test script after a failed request still gets a response, an empty one, as in newman: its
  // assertions then fail as assertions rather than as TypeErrors.
  var NO_RESPONSE = { code: undefined, status: '', headers: [], body: '', responseTime: 0, responseSize: 0 };
  function responseObject() {
    var r = current();
    if (r.response === undefined) r.response = r.input.response ? new sdk.Response(r.input.response) : r.input.event === 'test' ? new sdk.Response(NO_RESPONSE) : null;
    return r.response || undefined;
  }
  function cookieList() { var r = current(); return r.input.cookies || []; }

  global.__posternCookies = function () { return run ? run.input.cookies || [] : []; };

  var pm = {};
  pm.environment = scope(function () { return current().vars.environment; });
  Object.defineProperty(pm.environment, 'name', { enumerable: true, get: function () { return current().input.environmentName; } });
  pm.globals = scope(function () { return current().vars.globals; });
  pm.collectionVariables = scope(function () { return current().vars.collectionVariables; });
  pm.iterationData = scope(function () { return current().vars.iterationData; });
  pm.variables = {
    get: function (key) { var hit = lookup(key); return hit.found ? hit.value : undefined; },
    has: function (key) { return lookup(key).found; },
    set: function (key, value) {
      if (typeof key !== 'string' || key === '') throw new TypeError('variable names are non-empty strings');
      touch().local[key] = value;
    },
    unset: function (key) { delete touch().local[key]; },
    toObject: function () { var v = current().vars; return Object.assign({}, v.globals, v.collectionVariables, v.environment, v.iterationData, v.local); },
    replaceIn: function (template) { return replaceIn(template, lookup); }
  };
  Object.defineProperty(pm, 'info', { enumerable: true, get: function () { var r = current(); if (!r.info) r.info = Object.freeze(Object.assign({}, r.input.info)); return r.info; } });
  Object.defineProperty(pm, 'request', { enumerable: true, get: requestObject });
  Object.defineProperty(pm, 'response', { enumerable: true, get: responseObject });
  Object.defineProperty(pm, 'cookies', {
    enumerable: true,
    get: function () { return new sdk.PropertyList(cookieList().map(function (c) { return { key: c.name, value: c.value }; }), false); }
  });
  Object.defineProperty(pm, 'expect', { enumerable: true, get: function () { return global.require('chai').expect; } });
  pm.test = makeTest(pm);
  pm.sendRequest = sendRequest;
  pm.require = function (name) { return global.require(name); };
  pm.execution = {
    setNextRequest: function (name) { current().nextRequest = name === null ? null : String(name); },
    skipRequest: function () {
      var r = current();
      if (r.input.event !== 'prerequest') throw new Error('pm.execution.skipRequest() works only in pre-request scripts');
      r.skipRequest = true;
    }
  };
  Object.defineProperty(pm.execution, 'location', { enumerable: true, get: function () { return Object.freeze([current().input.info.requestName]); } });
  pm.visualizer = { set: function () {}, clear: function () {} };

  var postman = {
    setNextRequest: pm.execution.setNextRequest,
    setEnvironmentVariable: function (k, value) { touch().environment[k] = value; },
    getEnvironmentVariable: function (k) { return current().vars.environment[k]; },
    clearEnvironmentVariable: function (k) { delete touch().environment[k]; },
    clearEnvironmentVariables: function () { pm.environment.clear(); },
    setGlobalVariable: function (k, value) { touch().globals[k] = value; },
    getGlobalVariable: function (k) { return current().vars.globals[k]; },
    clearGlobalVariable: function (k) { delete touch().globals[k]; },
    clearGlobalVariables: function () { pm.globals.clear(); },
    getResponseHeader: function (k) { var res = responseObject(); return res ? res.headers.get(k) : undefined; },
    getResponseCookie: function (k) { var c = cookieList().filter(function (x) { return x.name === k; })[0]; return c ? { name: c.name, value: c.value } : undefined; }
  };

  // The legacy globals a script names are built; the others stay undefined (they cost time per run).
  var LEGACY = {
    responseBody: function (r) { var res = responseObject(); return res ? res.text() : undefined; },
    responseCode: function (r) { var res = responseObject(); return res ? { code: res.code, name: res.status, detail: res.status } : undefined; },
    responseHeaders: function (r) { var res = responseObject(); return res ? res.headers.toObject(false, true) : undefined; },
    responseTime: function (r) { return r.input.response ? r.input.response.responseTime : undefined; },
    responseCookies: function (r) { return cookieList().map(function (c) { return Object.assign({}, c); }); },
    environment: function (r) { return Object.assign({}, r.vars.environment); },
    globals: function (r) { return Object.assign({}, r.vars.globals); },
    data: function (r) { return Object.assign({}, r.vars.iterationData); },
    request: function (r) {
      var input = r.input.request;
      var body = input.body || { mode: 'none' };
      var data = {};
      if (body.mode === 'raw') data = body.raw;
      else if (body.mode === 'urlencoded') body.urlencoded.forEach(function (row) { if (row.enabled !== false) data[row.key] = row.value; });
      return { id: input.id, name: input.name, method: input.method, url: input.url, headers: requestObject().headers.toObject(false, false), data: data };
    },
    iteration: function (r) { return r.input.info.iteration; }
  };
  var LEGACY_ORDER = ['responseBody', 'responseCode', 'responseHeaders', 'responseTime', 'responseCookies', 'environment', 'globals', 'data', 'request', 'iteration'];

  global.__posternBegin = function (json, legacyNames) {
    var input = JSON.parse(json);
    run = { input: input, tests: [], waiting: [], vars: input.variables, nextRequest: NOT_SET, skipRequest: false, request: null, response: undefined, info: null };
    var tests = {};
    run.legacyTests = tests;
    var wanted = legacyNames ? String(legacyNames).split(',') : [];
    var args = [pm, postman, tests];
    for (var i = 0; i < LEGACY_ORDER.length; i++) {
      args.push(wanted.indexOf(LEGACY_ORDER[i]) === -1 ? undefined : LEGACY[LEGACY_ORDER[i]](run));
    }
    global.__posternArgs = args;
  };

  global.__posternInvoke = function (fn) { return fn.apply(undefined, global.__posternArgs); };

  global.__posternEnd = function () {
    var tests = run.tests.concat(run.waiting.map(function (t) {
      return { name: t.name, status: 'failed', error: { name: 'Error', message: 'the test did not finish: its promise or done() never settled' } };
    })).map(function (t) {
      var out = { name: t.name, status: t.status };
      if (t.error) out.error = t.error;
      return out;
    });
    Object.keys(run.legacyTests).forEach(function (name) {
      var passed = !!run.legacyTests[name];
      tests.push(passed ? { name: name, status: 'passed' } : { name: name, status: 'failed', error: { name: 'AssertionError', message: 'expected ' + JSON.stringify(name) + ' to be truthy' } });
    });
    // The request and variables go back only when the script touched them (the host keeps its copy).
    var out = { tests: tests, console: global.__posternTakeConsole(), skipRequest: run.skipRequest };
    if (run.request) {
      try { out.request = run.request.toJSON(); } catch (e) { out.request = run.input.request; }
    }
    if (run.varsWritten) out.variables = run.vars;
    if (run.nextRequest !== NOT_SET) out.nextRequest = run.nextRequest;
    run = null;
    global.__posternArgs = undefined;
    try {
      return JSON.stringify(out);
    } catch (e) {
      return JSON.stringify(out, function (_key, value) { return typeof value === 'bigint' ? String(value) : value; });
    }
  };

  // The host's entry points cannot be replaced by a script (to forge a later script's results).
  ['__posternBegin', '__posternEnd', '__posternInvoke', '__posternDeliver', '__posternExpectReply', '__posternSendRequest', '__posternTakeConsole', '__posternSdk', '__posternChaiPlugin'].forEach(function (name) {
    Object.defineProperty(global, name, { value: global[name], writable: false, configurable: false, enumerable: false });
  });
})(globalThis);
`;

/**
 * The wrapper a script runs in: its own function scope (top-level `var`s stay in the script), the
 * pm API and the legacy globals as parameters, sloppy mode as in Postman. It is all on the first line,
 * so the script's line numbers are its own.
 */
export const SCRIPT_PARAMETERS = 'pm, postman, tests, responseBody, responseCode, responseHeaders, responseTime, responseCookies, environment, globals, data, request, iteration';

const LEGACY_GLOBALS = ['responseBody', 'responseCode', 'responseHeaders', 'responseTime', 'responseCookies', 'environment', 'globals', 'data', 'request', 'iteration'];

/** The legacy globals a script names (not as a property, `pm.request`), which are worth building. */
export function legacyGlobalsUsed(source: string): string {
  return LEGACY_GLOBALS.filter((name) => new RegExp(`(?<![.\\w$])${name}(?![\\w$])`).test(source)).join(',');
}

export function wrapScript(source: string): string {
  return `(function (${SCRIPT_PARAMETERS}) {${source}\n})`;
}
