import { describe, expect, it } from 'vitest';
import { RequestSchema } from '../../model/index.js';
import type { RequestInput } from '../../model/index.js';
import { exportCurl } from './export-curl.js';
import { importCurl } from './import-curl.js';

const request = (input: RequestInput) => RequestSchema.parse(input);

describe('exportCurl', () => {
  it('writes one option a line with single-quoted values', () => {
    const command = exportCurl(
      request({
        method: 'POST',
        url: 'https://api.example.com/v1/pets',
        query: [{ key: 'dry run', value: "it's" }, { key: 'off', value: '1', enabled: false }],
        headers: [{ key: 'Content-Type', value: 'application/json' }, { key: 'X-Off', value: '1', enabled: false }],
        body: { mode: 'raw', raw: '{\n  "name": "Rex"\n}', language: 'json' },
      }),
    );
    expect(command).toBe(
      [
        "curl --url 'https://api.example.com/v1/pets?dry%20run=it'\\''s'",
        "--header 'Content-Type: application/json'",
        `--data-raw '{\n  "name": "Rex"\n}'`,
      ].join(' \\\n  '),
    );
  });

  it('percent-encodes what cannot stand in a URL, and turns off curl URL patterns when needed', () => {
    const command = exportCurl(
      request({ url: 'https://e.example/caf\u00e9 menu', query: [{ key: 'q', value: 'a#b "c"' }, { key: 'user[name]', value: '{x}' }] }),
      {},
      { multiline: false },
    );
    expect(command).toBe("curl --globoff --url 'https://e.example/caf%C3%A9%20menu?q=a%23b%20%22c%22&user[name]={x}'");
  });

  it('says the method only when curl would not infer it, and uses --head for HEAD', () => {
    expect(exportCurl(request({ url: 'https://e.example' }), {}, { multiline: false })).toBe('curl --url https://e.example');
    expect(exportCurl(request({ method: 'DELETE', url: 'https://e.example' }), {}, { multiline: false })).toBe(
      'curl --request DELETE --url https://e.example',
    );
    expect(exportCurl(request({ method: 'HEAD', url: 'https://e.example' }), {}, { multiline: false })).toBe('curl --head --url https://e.example');
    expect(exportCurl(request({ method: 'GET', url: 'https://e.example', body: { mode: 'raw', raw: 'x' } }), {}, { multiline: false })).toContain(
      '--request GET',
    );
  });

  it('adds the content type Postman would send for raw and GraphQL bodies', () => {
    const raw = exportCurl(request({ method: 'POST', url: 'https://e.example', body: { mode: 'raw', raw: '<a/>', language: 'xml' } }));
    expect(raw).toContain("--header 'Content-Type: application/xml'");
    const graphql = exportCurl(
      request({ method: 'POST', url: 'https://e.example/gql', body: { mode: 'graphql', graphql: { query: '{ me { id } }', variables: '{"a": 1}' } } }),
    );
    expect(graphql).toContain("--header 'Content-Type: application/json'");
    expect(graphql).toContain(`--data-raw '{"query":"{ me { id } }","variables":{"a":1}}'`);
  });

  it('fills in path variables and writes auth as curl options or headers', () => {
    const command = exportCurl(
      request({
        url: 'https://e.example/users/:id/posts',
        pathVariables: [{ key: 'id', value: '42' }],
        auth: { type: 'apikey', params: { key: 'api_key', value: 'k1', in: 'query' } },
      }),
      {},
      { multiline: false },
    );
    expect(command).toBe("curl --url 'https://e.example/users/42/posts?api_key=k1'");
    expect(exportCurl(request({ url: 'https://e.example', auth: { type: 'basic', params: { username: 'u', password: 'p w' } } }))).toContain(
      "--user 'u:p w'",
    );
    expect(exportCurl(request({ url: 'https://e.example', auth: { type: 'bearer', params: { token: 't' } } }))).toContain('--oauth2-bearer t');
    expect(exportCurl(request({ url: 'https://e.example', auth: { type: 'oauth2', params: { accessToken: 'at', addTokenTo: 'header' } } }))).toContain(
      "--header 'Authorization: Bearer at'",
    );
    expect(
      exportCurl(request({ url: 'https://e.example', auth: { type: 'awsv4', params: { accessKey: 'AK', secretKey: 'SK', region: 'eu-west-1', service: 's3' } } })),
    ).toContain('--aws-sigv4 aws:amz:eu-west-1:s3');
    expect(exportCurl(request({ url: 'https://e.example', auth: { type: 'noauth', params: {} } }), {}, { multiline: false })).toBe('curl --url https://e.example');
  });

  it('writes client settings as curl options', () => {
    const command = exportCurl(request({ url: 'https://e.example' }), {
      followRedirects: true,
      maxRedirects: 4,
      insecure: true,
      compressed: true,
      timeoutMs: 1500,
      caCertificate: '/etc/ca.pem',
      clientCertificate: '/home/me/client.pem',
      clientKey: '/home/me/client.key',
    }, { multiline: false });
    expect(command).toBe(
      'curl --url https://e.example --location --max-redirs 4 --insecure --compressed --max-time 1.5 --cacert /etc/ca.pem --cert /home/me/client.pem --key /home/me/client.key',
    );
  });
});

describe('exportCurl then importCurl gives the same request back', () => {
  const cases: [string, RequestInput][] = [
    ['GET with query and headers', { url: 'https://e.example/a', query: [{ key: 'q', value: "it's" }, { key: 'flag', value: '' }, { key: 'ids[]', value: '1' }], headers: [{ key: 'Accept', value: '*/*' }, { key: 'X-Empty', value: '' }] }],
    ['POST JSON', { method: 'POST', url: 'https://e.example/a', headers: [{ key: 'Content-Type', value: 'application/json' }], body: { mode: 'raw', raw: `{"quote": "it's", "nl": "a\\nb"}\n`, language: 'json' } }],
    ['urlencoded with odd keys', { method: 'POST', url: 'https://e.example/a', body: { mode: 'urlencoded', urlencoded: [{ key: 'a', value: 'x&y=z' }, { key: 'b c', value: 'ü' }, { key: 'user[name]', value: 'Ana' }] } }],
    ['multipart', { method: 'POST', url: 'https://e.example/a', body: { mode: 'formdata', formdata: [
      { type: 'text', key: 't', value: 'plain' },
      { type: 'text', key: 'at', value: '@literal;x' },
      { type: 'text', key: 'j', value: '{"a":"b\\"c"}', contentType: 'application/json' },
      { type: 'file', key: 'f', src: ['/tmp/one.txt', '/tmp/two;2.txt'], contentType: 'text/plain' },
    ] } }],
    ['file body', { method: 'PUT', url: 'https://e.example/a', headers: [{ key: 'Content-Type', value: 'application/octet-stream' }], body: { mode: 'file', file: { src: "/tmp/it's.bin" } } }],
    ['custom method with basic auth', { method: 'PURGE', url: 'http://127.0.0.1:8080/cache', auth: { type: 'basic', params: { username: 'a', password: 'b:c' } } }],
    ['digest', { url: 'https://e.example/d', auth: { type: 'digest', params: { username: 'a', password: 'b' } } }],
  ];
  it.each(cases)('%s', (_name, input) => {
    const original = request(input);
    const settings = { insecure: true, followRedirects: true };
    expect(importCurl(exportCurl(original, settings))).toEqual({ request: original, settings });
    expect(importCurl(exportCurl(original, {}, { multiline: false })).request).toEqual(original);
  });
});
