import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type ScriptSandbox } from '../../src/scripts/index.js';
import { input, noHost, okResponse } from './sandbox-helpers.js';

let box: ScriptSandbox;
beforeAll(async () => {
  box = await createSandbox({ timeoutMs: 5000 });
});
afterAll(() => box.dispose());

async function tests(source: string, response = okResponse) {
  const out = await box.run(input(source, { response }), noHost);
  expect(out.error).toBeNull();
  return out.tests.map((t) => [t.name, t.status, t.error?.message ?? ''] as const);
}

describe('pm.expect and Postman response assertions', () => {
  it('runs chai BDD assertions', async () => {
    const results = await tests(`
      pm.test('equal', function () { pm.expect(1 + 1).to.equal(2); });
      pm.test('deep', function () { pm.expect({ a: [1] }).to.deep.equal({ a: [1] }); });
      pm.test('include', function () { pm.expect('hello world').to.include('world'); });
      pm.test('fails', function () { pm.expect(pm.response.code).to.equal(201); });
      pm.test('chai ok still works', function () { pm.expect(1).to.be.ok; pm.expect(0).to.not.be.ok; });
    `);
    expect(results).toEqual([
      ['equal', 'passed', ''],
      ['deep', 'passed', ''],
      ['include', 'passed', ''],
      ['fails', 'failed', 'expected 200 to equal 201'],
      ['chai ok still works', 'passed', ''],
    ]);
  });

  it('checks status, headers, body and JSON with pm.response.to', async () => {
    const results = await tests(`
      pm.test('status', function () { pm.response.to.have.status(200); });
      pm.test('status reason', function () { pm.response.to.have.status('OK'); });
      pm.test('ok', function () { pm.response.to.be.ok; pm.response.to.be.success; pm.response.to.not.be.error; });
      pm.test('json', function () { pm.response.to.be.json; pm.response.to.have.jsonBody('user.name', 'Ada'); pm.response.to.have.jsonBody('tags'); });
      pm.test('header', function () { pm.response.to.have.header('X-Trace'); pm.response.to.have.header('x-trace', 'abc'); });
      pm.test('body', function () { pm.response.to.have.body(/Ada/); pm.response.to.have.body(); });
      pm.test('schema', function () { pm.response.to.have.jsonSchema({ type: 'object', required: ['user'], properties: { user: { type: 'object' } } }); });
      pm.test('wrong status', function () { pm.response.to.have.status(404); });
      pm.test('wrong header', function () { pm.response.to.have.header('X-Missing'); });
      pm.test('bad schema', function () { pm.response.to.have.jsonSchema({ type: 'array' }); });
    `);
    expect(results.slice(0, 7).every(([, status]) => status === 'passed')).toBe(true);
    expect(results[7]).toEqual(['wrong status', 'failed', 'expected response to have status code 404 but got 200']);
    expect(results[8]).toEqual(['wrong header', 'failed', "expected response to have header with key 'X-Missing'"]);
    expect(results[9]?.[1]).toBe('failed');
  });

  it('classifies error responses', async () => {
    const results = await tests(
      `
      pm.test('client error', function () { pm.response.to.be.clientError; pm.response.to.be.notFound; pm.response.to.be.error; });
      pm.test('not ok', function () { pm.response.to.be.ok; });
      `,
      { ...okResponse, code: 404, status: 'Not Found' },
    );
    expect(results).toEqual([
      ['client error', 'passed', ''],
      ['not ok', 'failed', 'expected response code to be 200 but found 404'],
    ]);
  });
});

describe('bundled libraries from scripts', () => {
  it('requires lodash, crypto-js, uuid, moment, ajv, cheerio, xml2js, tv4 and offers the legacy globals', async () => {
    const results = await tests(`
      const _ = require('lodash');
      const CryptoJS = require('crypto-js');
      const uuid = require('uuid');
      const moment = require('moment');
      const Ajv = require('ajv');
      const cheerio = require('cheerio');
      pm.test('lodash', function () { pm.expect(_.chunk([1, 2, 3], 2)).to.eql([[1, 2], [3]]); });
      pm.test('crypto-js', function () { pm.expect(CryptoJS.HmacSHA256('data', 'key').toString()).to.equal('5031fe3d989c6d1537a013fa6e739da23463fdaec3b70137d828e36ace221bd0'); });
      pm.test('uuid', function () { pm.expect(uuid.v4()).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4/); });
      pm.test('moment', function () { pm.expect(moment.utc('2026-01-02T03:04:05Z').format('YYYY-MM-DD')).to.equal('2026-01-02'); });
      pm.test('ajv', function () { const v = new (Ajv.default || Ajv)().compile({ type: 'number' }); pm.expect(v(1)).to.be.true; pm.expect(v('x')).to.be.false; });
      pm.test('cheerio', function () { pm.expect(cheerio.load('<p class="a">hi</p>')('.a').text()).to.equal('hi'); });
      pm.test('xml2Json', function () { pm.expect(xml2Json('<a><b>1</b></a>')).to.eql({ a: { b: '1' } }); });
      pm.test('globals', function () { pm.expect(_.isArray([])).to.be.true; pm.expect(CryptoJS.MD5('a').toString()).to.have.length(32); pm.expect(tv4.validate(1, { type: 'number' })).to.be.true; });
      pm.test('base64', function () { pm.expect(btoa('hello')).to.equal('aGVsbG8='); pm.expect(atob('aGVsbG8=')).to.equal('hello'); pm.expect(Buffer.from('hi').toString('base64')).to.equal('aGk='); });
    `);
    expect(results.filter(([, status]) => status !== 'passed')).toEqual([]);
    expect(results).toHaveLength(9);
  });
});
