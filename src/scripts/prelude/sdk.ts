/**
 * The small part of Postman's collection SDK that scripts touch: header and query lists, URLs, the
 * request and response objects. Evaluated once per sandbox context; defines `__posternSdk`.
 */
export const SDK_PRELUDE = String.raw`
(function (global) {
  'use strict';

  function copy(item) {
    var out = { key: String(item.key), value: item.value === undefined || item.value === null ? '' : String(item.value) };
    if (item.disabled) out.disabled = true;
    return out;
  }

  // A list of { key, value, disabled } rows: headers (case-insensitive) or query params.
  function PropertyList(items, caseInsensitive) {
    this._items = (items || []).map(copy);
    this._ci = !!caseInsensitive;
  }
  PropertyList.prototype._same = function (a, b) {
    return this._ci ? String(a).toLowerCase() === String(b).toLowerCase() : String(a) === String(b);
  };
  PropertyList.prototype._find = function (key) {
    for (var i = this._items.length - 1; i >= 0; i--) if (!this._items[i].disabled && this._same(this._items[i].key, key)) return this._items[i];
    return undefined;
  };
  PropertyList.prototype.get = function (key) { var item = this._find(key); return item ? item.value : undefined; };
  PropertyList.prototype.one = function (key) { var item = this._find(key); return item ? copy(item) : undefined; };
  PropertyList.prototype.has = function (key, value) {
    var item = typeof key === 'object' && key ? this._find(key.key) : this._find(key);
    if (!item) return false;
    return arguments.length > 1 ? item.value === String(value) : true;
  };
  PropertyList.prototype.add = function (item) {
    if (typeof item === 'string') {
      var i = item.indexOf(this._ci ? ':' : '=');
      item = i < 0 ? { key: item, value: '' } : { key: item.slice(0, i).trim(), value: item.slice(i + 1).trim() };
    }
    this._items.push(copy(item));
  };
  PropertyList.prototype.append = PropertyList.prototype.add;
  PropertyList.prototype.upsert = function (item) {
    for (var i = 0; i < this._items.length; i++) {
      if (this._same(this._items[i].key, item.key)) { this._items[i] = copy({ key: this._items[i].key, value: item.value, disabled: item.disabled }); return; }
    }
    this.add(item);
  };
  PropertyList.prototype.remove = function (predicate) {
    var self = this;
    this._items = this._items.filter(function (item) {
      if (typeof predicate === 'function') return !predicate(copy(item));
      if (typeof predicate === 'object' && predicate) return !self._same(item.key, predicate.key);
      return !self._same(item.key, predicate);
    });
  };
  PropertyList.prototype.clear = function () { this._items = []; };
  PropertyList.prototype.populate = function (items) { var self = this; (items || []).forEach(function (i) { self.add(i); }); };
  PropertyList.prototype.repopulate = function (items) { this.clear(); this.populate(items); };
  PropertyList.prototype.all = function () { return this._items.map(copy); };
  PropertyList.prototype.count = function () { return this._items.length; };
  PropertyList.prototype.idx = function (i) { return this._items[i] ? copy(this._items[i]) : undefined; };
  PropertyList.prototype.each = function (fn) { this._items.map(copy).forEach(fn); };
  PropertyList.prototype.forEach = PropertyList.prototype.each;
  PropertyList.prototype.map = function (fn) { return this._items.map(copy).map(fn); };
  PropertyList.prototype.filter = function (fn) { return this._items.map(copy).filter(fn); };
  PropertyList.prototype.find = function (fn) { return this._items.map(copy).find(fn); };
  PropertyList.prototype.toObject = function (excludeDisabled, caseSensitive) {
    var out = {};
    for (var i = 0; i < this._items.length; i++) {
      var item = this._items[i];
      if (excludeDisabled && item.disabled) continue;
      out[this._ci && !caseSensitive ? item.key.toLowerCase() : item.key] = item.value;
    }
    return out;
  };
  PropertyList.prototype.toJSON = function () { return this._items.map(copy); };
  PropertyList.prototype.toString = function () {
    var ci = this._ci;
    return this._items.filter(function (i) { return !i.disabled; }).map(function (i) {
      return ci ? i.key + ': ' + i.value : (i.value === '' ? i.key : i.key + '=' + i.value);
    }).join(ci ? '\n' : '&');
  };

  var URL_PARTS = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?(?:([^@\/?#]*)@)?([^\/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

  function parseQuery(text) {
    if (!text) return [];
    return text.split('&').filter(function (p) { return p !== ''; }).map(function (pair) {
      var i = pair.indexOf('=');
      return i < 0 ? { key: pair, value: '' } : { key: pair.slice(0, i), value: pair.slice(i + 1) };
    });
  }

  // A URL that may hold {{variables}} anywhere, so no WHATWG parsing.
  function Url(text) { this.update(text); }
  Url.prototype.update = function (text) {
    var m = URL_PARTS.exec(String(text === undefined ? '' : text).trim()) || [];
    this.protocol = m[1] || '';
    this.auth = m[2];
    var hostPort = m[3] || '';
    var portMatch = /^(.*?)(?::(\d+|\{\{[^}]+\}\}))?$/.exec(hostPort);
    this.host = portMatch[1] ? portMatch[1].split('.') : [];
    this.port = portMatch[2] || '';
    this.path = (m[4] || '').split('/').filter(function (s, i) { return i > 0 || s !== ''; });
    if (this.path[0] === '') this.path.shift();
    this.query = new PropertyList(parseQuery(m[5]), false);
    this.hash = m[6] || '';
  };
  Url.prototype.getHost = function () { return this.host.join('.'); };
  Url.prototype.getPath = function () { return '/' + this.path.join('/'); };
  Url.prototype.getQueryString = function () { return this.query.toString(); };
  Url.prototype.getPathWithQuery = function () { var q = this.getQueryString(); return this.getPath() + (q ? '?' + q : ''); };
  Url.prototype.getRemote = function () { return this.getHost() + (this.port ? ':' + this.port : ''); };
  Url.prototype.addQueryParams = function (params) { var q = this.query; (Array.isArray(params) ? params : parseQuery(String(params))).forEach(function (p) { q.add(p); }); };
  Url.prototype.removeQueryParams = function (params) { var q = this.query; [].concat(params).forEach(function (p) { q.remove(typeof p === 'object' ? p.key : p); }); };
  Url.prototype.toString = function () {
    var out = this.protocol ? this.protocol + '://' : '';
    if (this.auth) out += this.auth + '@';
    out += this.getHost();
    if (this.port) out += ':' + this.port;
    if (this.path.length) out += '/' + this.path.join('/');
    var q = this.getQueryString();
    if (q) out += '?' + q;
    if (this.hash) out += '#' + this.hash;
    return out;
  };
  Url.prototype.toJSON = function () { return this.toString(); };

  function RequestBody(body) { this.update(body); }
  RequestBody.prototype.update = function (body) {
    if (typeof body === 'string') body = { mode: 'raw', raw: body };
    body = body || { mode: 'none' };
    this.mode = body.mode || 'none';
    this.raw = body.raw;
    this.options = body.language ? { raw: { language: body.language } } : body.options;
    this.urlencoded = new PropertyList((body.urlencoded || []).map(function (r) { return { key: r.key, value: r.value, disabled: r.enabled === false || r.disabled }; }), false);
    this.formdata = new PropertyList((body.formdata || []).filter(function (f) { return f.type !== 'file'; }).map(function (r) { return { key: r.key, value: r.value, disabled: r.enabled === false || r.disabled }; }), false);
    this._files = (body.formdata || []).filter(function (f) { return f.type === 'file'; });
    this.file = body.file;
    this.graphql = body.graphql;
  };
  RequestBody.prototype.isEmpty = function () { return this.mode === 'none' || (this.mode === 'raw' && !this.raw); };
  RequestBody.prototype.toString = function () {
    if (this.mode === 'raw') return this.raw || '';
    if (this.mode === 'urlencoded') return this.urlencoded.toString();
    return '';
  };
  RequestBody.prototype.toJSON = function () {
    switch (this.mode) {
      case 'raw': return this.options && this.options.raw && this.options.raw.language ? { mode: 'raw', raw: String(this.raw || ''), language: this.options.raw.language } : { mode: 'raw', raw: String(this.raw || '') };
      case 'urlencoded': return { mode: 'urlencoded', urlencoded: this.urlencoded.all().map(function (r) { return { key: r.key, value: r.value, enabled: !r.disabled }; }) };
      case 'formdata': return { mode: 'formdata', formdata: this.formdata.all().map(function (r) { return { type: 'text', key: r.key, value: r.value, enabled: !r.disabled }; }).concat(this._files) };
      case 'file': return { mode: 'file', file: this.file || { src: '' } };
      case 'graphql': return { mode: 'graphql', graphql: this.graphql || { query: '' } };
      default: return { mode: 'none' };
    }
  };

  function Request(data) {
    var url = new Url(data.url);
    Object.defineProperty(this, 'url', {
      enumerable: true,
      get: function () { return url; },
      set: function (value) { url = value instanceof Url ? value : new Url(typeof value === 'object' && value && value.raw ? value.raw : String(value)); }
    });
    this.id = data.id;
    this.name = data.name;
    this.method = data.method;
    this.headers = new PropertyList(data.headers, true);
    this.body = new RequestBody(data.body);
    this.auth = data.auth;
  }
  Request.prototype.addHeader = function (h) { this.headers.add(h); };
  Request.prototype.upsertHeader = function (h) { this.headers.upsert(h); };
  Request.prototype.removeHeader = function (key) { this.headers.remove(typeof key === 'object' ? key.key : key); };
  Request.prototype.addQueryParams = function (p) { this.url.addQueryParams(p); };
  Request.prototype.removeQueryParams = function (p) { this.url.removeQueryParams(p); };
  Request.prototype.toJSON = function () {
    var out = { method: String(this.method || 'GET').toUpperCase(), url: this.url.toString(), headers: this.headers.all(), body: this.body.toJSON() };
    if (this.id !== undefined) out.id = this.id;
    if (this.name !== undefined) out.name = this.name;
    if (this.auth !== undefined) out.auth = this.auth;
    return out;
  };

  var REASONS = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

  function Response(data) {
    this.code = data.code;
    this.status = data.status || REASONS[data.code] || '';
    this.headers = new PropertyList(data.headers, true);
    this.responseTime = data.responseTime;
    this.responseSize = data.responseSize;
    this._body = data.body;
    Object.defineProperty(this, '__posternResponse', { value: true });
  }
  Response.prototype.text = function () { return this._body; };
  Response.prototype.json = function (reviver) {
    try {
      return JSON.parse(this._body, reviver);
    } catch (e) {
      var error = new SyntaxError('JSONError: the response body is not valid JSON (' + e.message + ')');
      error.name = 'JSONError';
      throw error;
    }
  };
  Response.prototype.reason = function () { return this.status; };
  Response.prototype.size = function () { return { body: this.responseSize, header: 0, total: this.responseSize }; };
  Response.prototype.contentInfo = function () {
    var type = this.headers.get('content-type') || '';
    return { contentType: type, mimeType: type.split(';')[0].trim(), charset: (/charset=([^;]+)/i.exec(type) || [])[1] };
  };
  Object.defineProperty(Response.prototype, 'stream', { get: function () { return this._body; } });
  Object.defineProperty(Response.prototype, 'to', { get: function () { return global.require('chai').expect(this).to; } });
  Response.prototype.toJSON = function () { return { code: this.code, status: this.status, headers: this.headers.all(), body: this._body, responseTime: this.responseTime, responseSize: this.responseSize }; };

  global.__posternSdk = { PropertyList: PropertyList, Url: Url, Request: Request, Response: Response, RequestBody: RequestBody };
})(globalThis);
`;
