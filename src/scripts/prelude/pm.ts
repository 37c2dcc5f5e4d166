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

  function scope(store, options) {
    var api = {
      get: function (key) { return Object.prototype.hasOwnProperty.call(store, key) ? store[key] : undefined; },
      has: function (key) { return Object.prototype.hasOwnProperty.call(store, key); },
      toObject: function () { return Object.assign({}, store); },
      replaceIn: function (template) {
        return replaceIn(template, function (name) { return Object.prototype.hasOwnProperty.call(store, name) ? { found: true, value: store[name] } : { found: false }; });
      }
    };
    if (!options || !options.readOnly) {
      api.set = function (key, value) {
        if (typeof key !== 'string' || key === '') throw new TypeError('variable names are non-empty strings');
        store[key] = value;
      };
      api.unset = function (key) { delete store[key]; };
      api.clear = function () { Object.keys(store).forEach(function (k) { delete store[k]; }); };
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

  function makeTest(pm) {
    function test(name, fn) {
      if (typeof fn !== 'function') { record(name, 'skipped'); return pm; }
      var entry = record(name, 'passed');
      try {
        if (fn.length > 0) {
          run.pending++;
          var finished = false;
          fn(function done(err) {
            if (finished) return;
            finished = true;
            run.pending--;
            if (err) fail(entry, err);
          });
          entry.waiting = function () { return !finished; };
        } else {
          var result = fn();
          if (result && typeof result.then === 'function') {
            run.pending++;
            var settled = false;
            entry.waiting = function () { return !settled; };
            result.then(function () { settled = true; run.pending--; }, function (e) { settled = true; run.pending--; fail(entry, e); });
          }
        }
      } catch (e) {
        fail(entry, e);
      }
      return pm;
    }
    test.skip = function (name) { record(name, 'skipped'); return pm; };
    test.index = function () { return run.tests.length; };
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

  global.__posternBegin = function (json) {
    var input = JSON.parse(json);
    run = { input: input, tests: [], pending: 0, vars: input.variables, nextRequest: NOT_SET, skipRequest: false };
    run.request = new sdk.Request(input.request);
    var response = input.response ? new sdk.Response(input.response) : undefined;
    var cookies = input.cookies || [];
    global.__posternCookies = function () { return cookies; };
    var v = run.vars;

    var pm = {};
    pm.info = Object.freeze({
      eventName: input.info.eventName, iteration: input.info.iteration, iterationCount: input.info.iterationCount,
      requestName: input.info.requestName, requestId: input.info.requestId
    });
    pm.environment = scope(v.environment);
    pm.environment.name = input.environmentName;
    pm.globals = scope(v.globals);
    pm.collectionVariables = scope(v.collectionVariables);
    pm.iterationData = scope(v.iterationData);
    pm.variables = {
      get: function (key) { var hit = lookup(key); return hit.found ? hit.value : undefined; },
      has: function (key) { return lookup(key).found; },
      set: function (key, value) {
        if (typeof key !== 'string' || key === '') throw new TypeError('variable names are non-empty strings');
        v.local[key] = value;
      },
      unset: function (key) { delete v.local[key]; },
      toObject: function () { return Object.assign({}, v.globals, v.collectionVariables, v.environment, v.iterationData, v.local); },
      replaceIn: function (template) { return replaceIn(template, lookup); }
    };
    pm.request = run.request;
    pm.response = response;
    pm.cookies = new sdk.PropertyList(cookies.map(function (c) { return { key: c.name, value: c.value }; }), false);
    pm.test = makeTest(pm);
    Object.defineProperty(pm, 'expect', { enumerable: true, get: function () { return global.require('chai').expect; } });
    pm.sendRequest = sendRequest;
    pm.require = function (name) { return global.require(name); };
    pm.execution = {
      setNextRequest: function (name) { run.nextRequest = name === null ? null : String(name); },
      skipRequest: function () {
        if (input.event !== 'prerequest') throw new Error('pm.execution.skipRequest() works only in pre-request scripts');
        run.skipRequest = true;
      },
      location: Object.freeze([input.info.requestName])
    };
    pm.visualizer = { set: function () {}, clear: function () {} };

    var postman = {
      setNextRequest: pm.execution.setNextRequest,
      setEnvironmentVariable: function (k, value) { v.environment[k] = value; },
      getEnvironmentVariable: function (k) { return v.environment[k]; },
      clearEnvironmentVariable: function (k) { delete v.environment[k]; },
      clearEnvironmentVariables: function () { pm.environment.clear(); },
      setGlobalVariable: function (k, value) { v.globals[k] = value; },
      getGlobalVariable: function (k) { return v.globals[k]; },
      clearGlobalVariable: function (k) { delete v.globals[k]; },
      clearGlobalVariables: function () { pm.globals.clear(); },
      getResponseHeader: function (k) { return response ? response.headers.get(k) : undefined; },
      getResponseCookie: function (k) { var c = cookies.filter(function (x) { return x.name === k; })[0]; return c ? { name: c.name, value: c.value } : undefined; }
    };

    var tests = {};
    run.legacyTests = tests;
    var request = {
      id: input.request.id, name: input.request.name, method: input.request.method, url: input.request.url,
      headers: run.request.headers.toObject(false, true),
      data: input.request.body && input.request.body.mode === 'raw' ? input.request.body.raw
        : input.request.body && input.request.body.mode === 'urlencoded' ? (function () { var o = {}; input.request.body.urlencoded.forEach(function (r) { if (r.enabled !== false) o[r.key] = r.value; }); return o; })() : {}
    };
    global.__posternArgs = [
      pm, postman, tests,
      response ? response.text() : undefined,
      response ? { code: response.code, name: response.status, detail: response.status } : undefined,
      response ? response.headers.toObject(false, true) : undefined,
      response ? response.responseTime : undefined,
      cookies.map(function (c) { return Object.assign({}, c); }),
      Object.assign({}, v.environment), Object.assign({}, v.globals), Object.assign({}, v.iterationData),
      request, input.info.iteration
    ];
  };

  global.__posternPending = function () { return run ? run.pending : 0; };

  global.__posternEnd = function () {
    var tests = run.tests.map(function (t) {
      var out = { name: t.name, status: t.status };
      if (t.waiting && t.waiting()) { out.status = 'failed'; out.error = { name: 'Error', message: 'the test did not finish: its promise or done() never settled' }; }
      else if (t.error) out.error = t.error;
      return out;
    });
    Object.keys(run.legacyTests).forEach(function (name) {
      var passed = !!run.legacyTests[name];
      tests.push(passed ? { name: name, status: 'passed' } : { name: name, status: 'failed', error: { name: 'AssertionError', message: 'expected ' + JSON.stringify(name) + ' to be truthy' } });
    });
    var request;
    try { request = run.request.toJSON(); } catch (e) { request = run.input.request; }
    var out = {
      tests: tests,
      console: global.__posternTakeConsole(),
      request: request,
      variables: run.vars,
      skipRequest: run.skipRequest
    };
    if (run.nextRequest !== NOT_SET) out.nextRequest = run.nextRequest;
    run = null;
    global.__posternArgs = undefined;
    return JSON.stringify(out, function (_key, value) { return typeof value === 'bigint' ? String(value) : value; });
  };

  // The host's entry points cannot be replaced by a script (to forge a later script's results).
  ['__posternBegin', '__posternEnd', '__posternDeliver', '__posternPending', '__posternExpectReply', '__posternSendRequest', '__posternTakeConsole', '__posternSdk', '__posternChaiPlugin'].forEach(function (name) {
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

export function wrapScript(source: string): string {
  return `(function (${SCRIPT_PARAMETERS}) {${source}\n}).apply(undefined, globalThis.__posternArgs);`;
}
