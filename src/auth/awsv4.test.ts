import aws4 from 'aws4';
import { describe, expect, it } from 'vitest';
import type { PreparedRequest } from '../engine/index.js';
import { authorize } from './authorize.js';
import { amzDate } from './awsv4.js';
import type { AuthDeps } from './types.js';

// Vectors from AWS's Signature Version 4 test suite ("aws-sig-v4-test-suite", published with the AWS
// General Reference, "Signature Version 4 test suite"; the same data ships as suite.fixture in
// @aws-sdk/signature-v4). Credentials, date and scope are the suite's own.
const SUITE_DATE = new Date('2015-08-30T12:36:00Z');
const SUITE_AUTH = { accessKey: 'AKIDEXAMPLE', secretKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'service' };
const CREDENTIAL = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
const STS_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';
const HOST = 'https://example.amazonaws.com';

interface Vector {
  readonly name: string;
  readonly method: string;
  /** Path and query as they go on the wire. */
  readonly target: string;
  readonly headers?: Array<[string, string]>;
  readonly body?: string;
  readonly sessionToken?: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

const VECTORS: Vector[] = [
  { name: 'get-vanilla', method: 'GET', target: '/', signedHeaders: 'host;x-amz-date', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
  { name: 'get-vanilla-query-order-key-case', method: 'GET', target: '/?Param2=value2&Param1=value1', signedHeaders: 'host;x-amz-date', signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500' },
  {
    name: 'get-vanilla-query-unreserved',
    method: 'GET',
    target: '/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    signedHeaders: 'host;x-amz-date',
    signature: '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197',
  },
  { name: 'get-vanilla-utf8-query', method: 'GET', target: '/?%E1%88%B4=bar', signedHeaders: 'host;x-amz-date', signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04' },
  { name: 'get-unreserved', method: 'GET', target: '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', signedHeaders: 'host;x-amz-date', signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f' },
  {
    name: 'get-header-key-duplicate',
    method: 'GET',
    target: '/',
    headers: [['My-Header1', 'value2'], ['My-Header1', 'value2'], ['My-Header1', 'value1']],
    signedHeaders: 'host;my-header1;x-amz-date',
    signature: 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea',
  },
  {
    name: 'get-header-value-order',
    method: 'GET',
    target: '/',
    headers: [['My-Header1', 'value4'], ['My-Header1', 'value1'], ['My-Header1', 'value3'], ['My-Header1', 'value2']],
    signedHeaders: 'host;my-header1;x-amz-date',
    signature: '08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01',
  },
  {
    name: 'get-header-value-trim',
    method: 'GET',
    target: '/',
    headers: [['My-Header1', ' value1'], ['My-Header2', ' "a   b   c"']],
    signedHeaders: 'host;my-header1;my-header2;x-amz-date',
    signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  { name: 'post-vanilla', method: 'POST', target: '/', signedHeaders: 'host;x-amz-date', signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b' },
  { name: 'post-vanilla-query', method: 'POST', target: '/?Param1=value1', signedHeaders: 'host;x-amz-date', signature: '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11' },
  {
    name: 'post-vanilla-query-nonunreserved',
    method: 'POST',
    // The suite's raw query is `@#$%^&+=/,?><\`";:\|][{}`; here each character that cannot stand raw in a URL is escaped.
    target: '/?@%23$%25^&+=/,?%3E%3C%60%22;:%5C|][{}',
    signedHeaders: 'host;x-amz-date',
    signature: '66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e',
  },
  { name: 'post-header-key-sort', method: 'POST', target: '/', headers: [['My-Header1', 'value1']], signedHeaders: 'host;my-header1;x-amz-date', signature: 'c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c' },
  { name: 'post-header-value-case', method: 'POST', target: '/', headers: [['My-Header1', 'VALUE1']], signedHeaders: 'host;my-header1;x-amz-date', signature: 'cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d' },
  {
    name: 'post-x-www-form-urlencoded',
    method: 'POST',
    target: '/',
    headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    body: 'Param1=value1',
    signedHeaders: 'content-type;host;x-amz-date',
    signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
  {
    name: 'post-x-www-form-urlencoded-parameters',
    method: 'POST',
    target: '/',
    headers: [['Content-Type', 'application/x-www-form-urlencoded; charset=utf8']],
    body: 'Param1=value1',
    signedHeaders: 'content-type;host;x-amz-date',
    signature: '1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe',
  },
  {
    name: 'post-sts-header-before',
    method: 'POST',
    target: '/',
    sessionToken: STS_TOKEN,
    signedHeaders: 'host;x-amz-date;x-amz-security-token',
    signature: '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
  },
];

function prepared(method: string, url: string, headers: Array<[string, string]> = [], body?: string): PreparedRequest {
  return { method, url: new URL(url), headers, body: body === undefined ? { kind: 'none' } : { kind: 'bytes', bytes: Buffer.from(body) } };
}

const deps = (date: Date): AuthDeps => ({
  send: () => Promise.reject(new Error('awsv4 sends nothing')),
  now: () => date,
});

function header(request: PreparedRequest, name: string): string | undefined {
  return request.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

describe('AWS Signature v4 against the AWS test suite', () => {
  for (const vector of VECTORS) {
    it(vector.name, async () => {
      const request = prepared(vector.method, `${HOST}${vector.target}`, vector.headers, vector.body);
      const params = { ...SUITE_AUTH, ...(vector.sessionToken ? { sessionToken: vector.sessionToken } : {}) };
      const signed = await authorize(request, { type: 'awsv4', params }, deps(SUITE_DATE));
      expect(header(signed, 'Authorization')).toBe(`${CREDENTIAL}, SignedHeaders=${vector.signedHeaders}, Signature=${vector.signature}`);
      expect(header(signed, 'X-Amz-Date')).toBe('20150830T123600Z');
      if (vector.sessionToken) expect(header(signed, 'X-Amz-Security-Token')).toBe(vector.sessionToken);
      // Not S3 and the body is signed, so no X-Amz-Content-Sha256 is added (the suite has none).
      expect(header(signed, 'X-Amz-Content-Sha256')).toBeUndefined();
    });
  }
});

interface OracleCase {
  readonly name: string;
  readonly method: string;
  readonly url: string;
  readonly headers?: Array<[string, string]>;
  readonly body?: string;
  readonly service: string;
  readonly region: string;
  readonly sessionToken?: string;
}

const ORACLE_CASES: OracleCase[] = [
  { name: 'API Gateway GET with an encoded path and query', method: 'GET', url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items/a%20b/%C3%A9?q=hello%20world&tag=x&tag=a&empty=', service: 'execute-api', region: 'eu-west-1' },
  { name: 'POST JSON with a session token and custom headers', method: 'POST', url: 'https://dynamodb.us-west-2.amazonaws.com/', headers: [['Content-Type', 'application/x-amz-json-1.0'], ['X-Amz-Target', 'DynamoDB_20120810.ListTables'], ['X-Custom', '  spaced    out  ']], body: '{"Limit":10}', service: 'dynamodb', region: 'us-west-2', sessionToken: 'FwoGZXIvYXdzEXAMPLE//token+/=' },
  { name: 'S3 PUT signs the path once and sends X-Amz-Content-Sha256', method: 'PUT', url: 'https://bucket.s3.eu-central-1.amazonaws.com/folder/my%20file%21.txt?x-id=PutObject', headers: [['Content-Type', 'text/plain']], body: 'hello s3', service: 's3', region: 'eu-central-1' },
  { name: 'repeated slashes in the path collapse (not for S3)', method: 'GET', url: 'https://service.us-east-1.amazonaws.com//a//b///c/', service: 'service', region: 'us-east-1' },
  { name: 'a loopback host with a port', method: 'DELETE', url: 'http://127.0.0.1:8123/v1/things/42?force=true', service: 'execute-api', region: 'us-east-1' },
];

describe('AWS Signature v4 against the aws4 package as an oracle', () => {
  const date = new Date('2024-02-29T23:59:58Z');
  for (const c of ORACLE_CASES) {
    it(c.name, async () => {
      const credentials = { accessKeyId: 'AKIAORACLE', secretAccessKey: 'oracle/secret+key', ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
      const request = prepared(c.method, c.url, c.headers, c.body);
      const signed = await authorize(request, { type: 'awsv4', params: { accessKey: credentials.accessKeyId, secretKey: credentials.secretAccessKey, region: c.region, service: c.service, sessionToken: c.sessionToken ?? '' } }, deps(date));

      const url = new URL(c.url);
      const oracle = aws4.sign(
        {
          host: url.host,
          path: `${url.pathname}${url.search}`,
          method: c.method,
          service: c.service,
          region: c.region,
          headers: { ...Object.fromEntries(c.headers ?? []), 'X-Amz-Date': amzDate(date) },
          ...(c.body !== undefined ? { body: c.body } : {}),
          // The engine sets Content-Length itself, so Postern does not sign it.
          extraHeadersToIgnore: { 'content-length': true },
        } as aws4.Request,
        credentials,
      );
      const oracleHeaders = oracle.headers as Record<string, string>;
      expect(header(signed, 'Authorization')).toBe(oracleHeaders.Authorization);
      if (c.service === 's3') expect(header(signed, 'X-Amz-Content-Sha256')).toBe(oracleHeaders['X-Amz-Content-Sha256']);
    });
  }

  it('presigns a URL (addAuthDataToQuery) with the same signature as aws4', async () => {
    const url = 'https://bucket.s3.us-east-1.amazonaws.com/reports/q1.csv?versionId=3';
    const signed = await authorize(prepared('GET', url), { type: 'awsv4', params: { accessKey: 'AKIAORACLE', secretKey: 'oracle/secret+key', region: 'us-east-1', service: 's3', addAuthDataToQuery: true } }, deps(date));
    const parsed = new URL(url);
    const oracle = aws4.sign(
      { host: parsed.host, path: `${parsed.pathname}${parsed.search}`, method: 'GET', service: 's3', region: 'us-east-1', signQuery: true, headers: {} } as aws4.Request,
      { accessKeyId: 'AKIAORACLE', secretAccessKey: 'oracle/secret+key' },
    );
    // aws4 takes its clock from new Date(); compare with a query signed at that same moment instead.
    const oracleQuery = new URL(`https://x${oracle.path ?? ''}`).searchParams;
    const oracleDate = oracleQuery.get('X-Amz-Date') ?? '';
    const again = await authorize(prepared('GET', url), { type: 'awsv4', params: { accessKey: 'AKIAORACLE', secretKey: 'oracle/secret+key', region: 'us-east-1', service: 's3', addAuthDataToQuery: true } }, deps(parseAmzDate(oracleDate)));
    const ours = again.url.searchParams;
    for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'versionId']) {
      expect(ours.get(name), name).toBe(oracleQuery.get(name));
    }
    expect(header(signed, 'Authorization')).toBeUndefined();
    expect(signed.url.searchParams.get('X-Amz-Date')).toBe(amzDate(date));
  });
});

describe('AWS Signature v4 details', () => {
  it('replaces earlier auth headers and query parameters instead of signing them', async () => {
    const request = prepared('GET', `${HOST}/?X-Amz-Signature=old&Param1=value1`, [['authorization', 'old'], ['x-amz-date', '19990101T000000Z']]);
    const signed = await authorize(request, { type: 'awsv4', params: SUITE_AUTH }, deps(SUITE_DATE));
    expect(signed.url.search).toBe('?Param1=value1');
    expect(signed.headers.filter(([name]) => name.toLowerCase() === 'authorization')).toHaveLength(1);
    // Same request as the suite's post-vanilla-query, but GET.
    expect(header(signed, 'X-Amz-Date')).toBe('20150830T123600Z');
  });

  it('signs a multipart body as UNSIGNED-PAYLOAD and says so in X-Amz-Content-Sha256', async () => {
    const request: PreparedRequest = { method: 'POST', url: new URL(`${HOST}/upload`), headers: [], body: { kind: 'multipart', parts: [{ kind: 'field', name: 'a', value: 'b' }] } };
    const signed = await authorize(request, { type: 'awsv4', params: SUITE_AUTH }, deps(SUITE_DATE));
    expect(header(signed, 'X-Amz-Content-Sha256')).toBe('UNSIGNED-PAYLOAD');
    expect(header(signed, 'Authorization')).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date,');
  });

  it('names the missing field', async () => {
    await expect(authorize(prepared('GET', HOST), { type: 'awsv4', params: { accessKey: 'AK', secretKey: '' } }, deps(SUITE_DATE))).rejects.toThrow('auth (awsv4): secretKey is empty');
    await expect(authorize(prepared('GET', HOST), { type: 'awsv4', params: {} }, deps(SUITE_DATE))).rejects.toThrow('auth (awsv4): accessKey is empty');
  });
});

function parseAmzDate(text: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) throw new Error(`not an X-Amz-Date: ${text}`);
  const [, y, mo, d, h, mi, s] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}
