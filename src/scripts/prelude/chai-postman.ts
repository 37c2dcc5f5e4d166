/**
 * Postman's response assertions (`pm.response.to.have.status(200)`, `.to.be.ok`, `.to.have.jsonBody`…)
 * as a chai plugin, installed when a script first loads chai. For anything but a response the
 * overridden chai words behave as chai's own.
 */
export const CHAI_POSTMAN_PRELUDE = String.raw`
(function (global) {
  'use strict';
  global.__posternChaiPlugin = function (chai, utils) {
    var Assertion = chai.Assertion;
    function isResponse(obj) { return obj !== null && typeof obj === 'object' && obj.__posternResponse === true; }

    var CLASSES = {
      info: [100, 199], success: [200, 299], redirection: [300, 399], clientError: [400, 499], serverError: [500, 599],
      error: [400, 599]
    };
    var CODES = {
      accepted: 202, withoutContent: 204, badRequest: 400, unauthorized: 401, unauthorised: 401, forbidden: 403,
      notFound: 404, notAcceptable: 406, rateLimited: 429
    };

    function statusProperty(name, test, describe) {
      var check = function () {
        var code = this._obj.code;
        this.assert(test(code), 'expected response code to be ' + describe + ' but found ' + code, 'expected response code not to be ' + describe + ' but found ' + code);
      };
      if (name in Assertion.prototype) {
        Assertion.overwriteProperty(name, function (_super) {
          return function () { if (isResponse(this._obj)) check.call(this); else _super.call(this); };
        });
      } else {
        Assertion.addProperty(name, function () {
          if (!isResponse(this._obj)) throw new TypeError('.' + name + ' applies to pm.response');
          check.call(this);
        });
      }
    }
    statusProperty('ok', function (c) { return c === 200; }, '200');
    Object.keys(CLASSES).forEach(function (name) {
      var range = CLASSES[name];
      statusProperty(name, function (c) { return c >= range[0] && c <= range[1]; }, range[0] + '–' + range[1]);
    });
    Object.keys(CODES).forEach(function (name) {
      statusProperty(name, function (c) { return c === CODES[name]; }, String(CODES[name]));
    });

    function mime(obj) { return String(obj.headers.get('content-type') || '').split(';')[0].trim().toLowerCase(); }
    function typeProperty(name, pattern) {
      var check = function () {
        var type = mime(this._obj);
        this.assert(pattern.test(type), 'expected response to have content type ' + name + ' but got ' + (type || 'none'), 'expected response not to have content type ' + name);
        if (name === 'json') {
          var parsed = true;
          try { JSON.parse(this._obj.text()); } catch (e) { parsed = false; }
          this.assert(parsed, 'expected response body to be valid JSON', 'expected response body not to be valid JSON');
        }
      };
      if (name in Assertion.prototype) {
        Assertion.overwriteProperty(name, function (_super) {
          return function () { if (isResponse(this._obj)) check.call(this); else _super.call(this); };
        });
      } else {
        Assertion.addProperty(name, function () { check.call(this); });
      }
    }
    typeProperty('json', /(^|\+|\/)json$/);
    typeProperty('html', /html/);
    typeProperty('xml', /xml/);
    typeProperty('withBody', /.*/);

    function overwriteMethod(name, check) {
      if (name in Assertion.prototype) {
        Assertion.overwriteMethod(name, function (_super) {
          return function () { if (isResponse(this._obj)) return check.apply(this, arguments); return _super.apply(this, arguments); };
        });
      } else {
        Assertion.addMethod(name, check);
      }
    }

    overwriteMethod('status', function (expected) {
      var r = this._obj;
      if (typeof expected === 'number') {
        this.assert(r.code === expected, 'expected response to have status code ' + expected + ' but got ' + r.code, 'expected response to not have status code ' + expected);
      } else {
        this.assert(r.status === expected, 'expected response to have status reason ' + expected + ' but got ' + r.status, 'expected response to not have status reason ' + expected);
      }
    });
    overwriteMethod('header', function (key, value) {
      var r = this._obj;
      var present = r.headers.has(key);
      if (arguments.length < 2) {
        this.assert(present, "expected response to have header with key '" + key + "'", "expected response to not have header with key '" + key + "'");
        return;
      }
      var actual = r.headers.get(key);
      this.assert(present && actual === String(value), "expected '" + key + "' response header to be '" + value + "' but got '" + actual + "'", "expected '" + key + "' response header to not be '" + value + "'");
    });
    overwriteMethod('body', function (expected) {
      var text = this._obj.text();
      if (arguments.length === 0) {
        this.assert(text !== undefined && text !== '', 'expected response to have content in body', 'expected response to not have content in body');
      } else if (expected instanceof RegExp) {
        this.assert(expected.test(text), 'expected response body text to match ' + expected, 'expected response body text to not match ' + expected);
      } else if (typeof expected === 'string') {
        this.assert(text === expected, "expected response body to equal '" + expected + "'", "expected response body to not equal '" + expected + "'");
      } else {
        var parsed;
        try { parsed = JSON.parse(text); } catch (e) { parsed = undefined; }
        this.assert(utils.eql(parsed, expected), 'expected response body json to equal ' + JSON.stringify(expected), 'expected response body json to not equal ' + JSON.stringify(expected));
      }
    });
    overwriteMethod('jsonBody', function (path, value) {
      var parsed, ok = true;
      try { parsed = JSON.parse(this._obj.text()); } catch (e) { ok = false; }
      this.assert(ok, 'expected response body to be a valid json', 'expected response body to not be a valid json');
      if (arguments.length === 0) return;
      if (typeof path === 'object' && path !== null) {
        this.assert(utils.eql(parsed, path), 'expected response body json to equal ' + JSON.stringify(path), 'expected response body json to not equal ' + JSON.stringify(path));
        return;
      }
      var found = global.require('lodash').get(parsed, path);
      var has = global.require('lodash').has(parsed, path);
      if (arguments.length === 1) {
        this.assert(has, "expected response body json to have path '" + path + "'", "expected response body json to not have path '" + path + "'");
      } else {
        this.assert(has && utils.eql(found, value), "expected response body json at '" + path + "' to contain " + JSON.stringify(value) + ' but got ' + JSON.stringify(found), "expected response body json at '" + path + "' to not contain " + JSON.stringify(value));
      }
    });
    overwriteMethod('jsonSchema', function (schema, options) {
      var Ajv = global.require('ajv');
      var AjvClass = Ajv.default || Ajv;
      var validate = new AjvClass(Object.assign({ allErrors: true, strict: false }, options || {})).compile(schema);
      var subject = isResponse(this._obj) ? JSON.parse(this._obj.text()) : this._obj;
      var valid = validate(subject);
      var why = valid ? '' : (validate.errors || []).map(function (e) { return (e.instancePath || 'data') + ' ' + e.message; }).join(', ');
      this.assert(valid, 'expected data to satisfy schema but found following errors: \n' + why, 'expected data to not satisfy schema');
    });
    Assertion.addMethod('cookie', function (name, value) {
      var cookies = global.__posternCookies ? global.__posternCookies() : [];
      var found = cookies.filter(function (c) { return c.name === name; })[0];
      if (arguments.length < 2) this.assert(!!found, "expected response to have cookie '" + name + "'", "expected response to not have cookie '" + name + "'");
      else this.assert(!!found && found.value === String(value), "expected cookie '" + name + "' to have value '" + value + "'", "expected cookie '" + name + "' to not have value '" + value + "'");
    });
  };
})(globalThis);
`;
