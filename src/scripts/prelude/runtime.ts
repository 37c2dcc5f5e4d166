/**
 * JavaScript evaluated once in each new sandbox context, before any user script: the few host
 * facilities a script may use (console, timers, require of bundled libraries, randomness, base64),
 * each backed by a narrow host function that takes and returns strings and numbers only.
 *
 * `__posternHost` is removed from the global object at once; the functions below keep it in a
 * closure, so user code can reach the host only through them.
 */
export const RUNTIME_PRELUDE = String.raw`
(function (global) {
  'use strict';
  var host = global.__posternHost;
  delete global.__posternHost;

  // ---- console, captured per script ----------------------------------------------------------
  var entries = [];
  function show(value, depth) {
    if (typeof value === 'string') return value;
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return '[Function' + (value.name ? ': ' + value.name : '') + ']';
    if (typeof value === 'symbol' || typeof value === 'bigint') return String(value);
    if (value instanceof Error) return (value.name || 'Error') + ': ' + value.message;
    if (value === null || typeof value !== 'object') return String(value);
    try {
      var seen = [];
      return JSON.stringify(value, function (_key, v) {
        if (typeof v === 'object' && v !== null) {
          if (seen.indexOf(v) !== -1) return '[Circular]';
          seen.push(v);
        }
        if (typeof v === 'function') return '[Function' + (v.name ? ': ' + v.name : '') + ']';
        if (typeof v === 'undefined') return 'undefined';
        return v;
      });
    } catch (e) {
      return Object.prototype.toString.call(value);
    }
  }
  function logger(level) {
    return function () {
      var parts = [];
      for (var i = 0; i < arguments.length; i++) parts.push(show(arguments[i], 0));
      if (entries.length < 1000) entries.push({ level: level, message: parts.join(' ').slice(0, 10000) });
    };
  }
  global.console = {
    log: logger('log'), info: logger('info'), warn: logger('warn'), error: logger('error'), debug: logger('debug'),
    trace: logger('debug'), dir: logger('log'), table: logger('log'),
    time: function () {}, timeEnd: function () {}, clear: function () {}
  };

  // ---- timers, run by the host's event loop ----------------------------------------------------
  var timers = new Map();
  var nextTimer = 1;
  function schedule(fn, ms, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('the callback must be a function');
    var id = nextTimer++;
    var delay = Math.max(0, Number(ms) || 0);
    timers.set(id, { fn: fn, args: args, repeat: repeat ? delay : -1 });
    host.setTimer(id, delay);
    return id;
  }
  global.setTimeout = function (fn, ms) { return schedule(fn, ms, Array.prototype.slice.call(arguments, 2), false); };
  global.setInterval = function (fn, ms) { return schedule(fn, ms, Array.prototype.slice.call(arguments, 2), true); };
  global.setImmediate = function (fn) { return schedule(fn, 0, Array.prototype.slice.call(arguments, 1), false); };
  global.clearTimeout = global.clearInterval = global.clearImmediate = function (id) {
    if (timers.delete(id)) host.clearTimer(id);
  };

  // ---- replies from the host: timers firing, pm.sendRequest results -------------------------
  var replies = new Map();
  var nextReply = 1;
  global.__posternExpectReply = function (resolve, reject) {
    var id = nextReply++;
    replies.set(id, { resolve: resolve, reject: reject });
    return id;
  };
  global.__posternDeliver = function (kind, id, payload) {
    if (kind === 'timer') {
      var timer = timers.get(id);
      if (!timer) return;
      if (timer.repeat >= 0) host.setTimer(id, timer.repeat); else timers.delete(id);
      timer.fn.apply(undefined, timer.args);
      return;
    }
    var reply = replies.get(id);
    if (!reply) return;
    replies.delete(id);
    if (kind === 'resolve') reply.resolve(JSON.parse(payload));
    else reply.reject(JSON.parse(payload));
  };
  global.__posternSendRequest = function (id, json) { host.sendRequest(id, json); };
  global.__posternTakeConsole = function () { var out = entries; entries = []; return out; };

  // ---- randomness and base64 -----------------------------------------------------------------
  global.crypto = {
    getRandomValues: function (array) {
      if (!array || typeof array.length !== 'number' || !array.buffer) throw new TypeError('getRandomValues needs a typed array');
      var bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      if (bytes.length > 65536) throw new Error('getRandomValues: at most 65536 bytes');
      var hex = host.randomBytes(bytes.length);
      for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
      return array;
    },
    randomUUID: function () {
      var b = new Uint8Array(16);
      global.crypto.getRandomValues(b);
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      var h = '';
      for (var i = 0; i < 16; i++) h += (b[i] < 16 ? '0' : '') + b[i].toString(16);
      return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
    }
  };
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  global.btoa = function (input) {
    var s = String(input), out = '';
    for (var i = 0; i < s.length; i += 3) {
      var a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
      if (a > 255 || b > 255 || c > 255) throw new Error('btoa: the string has characters outside Latin-1');
      var n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < s.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < s.length ? B64[n & 63] : '=');
    }
    return out;
  };
  global.atob = function (input) {
    var s = String(input).replace(/[\s=]+/g, ''), out = '', bits = 0, value = 0;
    for (var i = 0; i < s.length; i++) {
      var idx = B64.indexOf(s[i]);
      if (idx < 0) throw new Error('atob: not valid base64');
      value = (value << 6) | idx;
      bits += 6;
      if (bits >= 8) { bits -= 8; out += String.fromCharCode((value >> bits) & 255); }
    }
    return out;
  };

  // Postman's old sandbox carried Sugar.js; old snippets still call responseBody.has('text').
  Object.defineProperty(String.prototype, 'has', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function has(search) { return search instanceof RegExp ? search.test(this) : this.indexOf(String(search)) !== -1; }
  });

  // ---- require: only the libraries bundled with Postern -----------------------------------------
  var modules = Object.create(null);
  var loading = Object.create(null);
  var builtins = { atob: global.atob, btoa: global.btoa };
  global.require = function require(name) {
    if (typeof name !== 'string') throw new TypeError('require() needs a module name');
    if (Object.prototype.hasOwnProperty.call(builtins, name)) return builtins[name];
    if (modules[name] !== undefined) return modules[name];
    var source = host.loadLibrary(name);
    if (typeof source !== 'string') {
      var error = new Error("Cannot find module '" + name + "'; scripts can require " + host.libraryNames());
      error.code = 'MODULE_NOT_FOUND';
      throw error;
    }
    loading[name] = true;
    var exported;
    try {
      exported = (0, eval)(source);
    } finally {
      delete loading[name];
    }
    if (exported === undefined && global.__posternLib !== undefined) {
      exported = global.__posternLib;
      delete global.__posternLib;
    }
    modules[name] = exported;
    if (name === 'chai' && global.__posternChaiPlugin) exported.use(global.__posternChaiPlugin);
    return exported;
  };

  // Postman's sandbox offers some libraries as globals; they load on first use.
  // A library may look at its own global while it loads (lodash reads globalThis._ for noConflict):
  // it sees undefined then, not a recursive load.
  function lazyGlobal(name, library, load) {
    Object.defineProperty(global, name, {
      configurable: true,
      enumerable: false,
      get: function () {
        if (loading[library]) return undefined;
        var value = load();
        Object.defineProperty(global, name, { value: value, writable: true, configurable: true, enumerable: false });
        return value;
      },
      set: function (value) {
        Object.defineProperty(global, name, { value: value, writable: true, configurable: true, enumerable: false });
      }
    });
  }
  lazyGlobal('_', 'lodash', function () { return global.require('lodash'); });
  lazyGlobal('CryptoJS', 'crypto-js', function () { return global.require('crypto-js'); });
  lazyGlobal('tv4', 'tv4', function () { return global.require('tv4'); });
  lazyGlobal('cheerio', 'cheerio', function () { return global.require('cheerio'); });
  lazyGlobal('Buffer', 'buffer', function () { var b = global.require('buffer'); return b && b.Buffer ? b.Buffer : b; });
  global.xml2Json = function (xml) {
    var result, failure;
    global.require('xml2js').parseString(String(xml), { explicitArray: false, async: false }, function (error, value) {
      failure = error;
      result = value;
    });
    if (failure) throw failure;
    return result;
  };
})(globalThis);
`;
