import { describe, expect, it } from 'vitest';
import { ClientCertificateSchema, RequestSchema, type Request, type RequestInput } from '../model/index.js';
import { VariableResolver, resolveClientCertificate, resolveDeep, resolveRequest } from './index.js';

const resolver = new VariableResolver({
  local: { v: 'V', cycle: '{{cycle}}!' },
  environment: [{ key: 'host', initialValue: 'api.example.com', type: 'default', enabled: true }],
});

function request(input: Partial<RequestInput>): Request {
  return RequestSchema.parse({ url: 'https://{{host}}/x', ...input });
}

describe('resolveRequest', () => {
  it('resolves the URL, query, path variables and headers, keys and values', () => {
    const input = request({
      url: 'https://{{host}}/users/:id',
      query: [{ key: 'q-{{v}}', value: '{{v}}1' }],
      pathVariables: [{ key: 'id', value: '{{v}}-42' }],
      headers: [{ key: 'X-{{v}}', value: 'Bearer {{v}}' }],
    });
    const { request: out, unresolved } = resolveRequest(input, resolver);
    expect(out.url).toBe('https://api.example.com/users/:id');
    expect(out.query).toEqual([{ key: 'q-V', value: 'V1', enabled: true }]);
    expect(out.pathVariables).toEqual([{ key: 'id', value: 'V-42', enabled: true }]);
    expect(out.headers).toEqual([{ key: 'X-V', value: 'Bearer V', enabled: true }]);
    expect(unresolved).toEqual([]);
  });

  it('copies disabled rows untouched and does not report their references', () => {
    const input = request({
      headers: [{ key: 'X-{{v}}', value: '{{missing}}', enabled: false }],
      query: [{ key: '{{v}}', value: '{{missing}}', enabled: false }],
    });
    const { request: out, unresolved } = resolveRequest(input, resolver);
    expect(out.headers).toEqual(input.headers);
    expect(out.query).toEqual(input.query);
    expect(unresolved).toEqual([]);
  });

  it('resolves a raw body', () => {
    const out = resolveRequest(request({ body: { mode: 'raw', raw: '{"a":"{{v}}"}', language: 'json' } }), resolver);
    expect(out.request.body).toEqual({ mode: 'raw', raw: '{"a":"V"}', language: 'json' });
  });

  it('resolves urlencoded rows', () => {
    const out = resolveRequest(request({ body: { mode: 'urlencoded', urlencoded: [{ key: 'k{{v}}', value: '{{v}}' }] } }), resolver);
    expect(out.request.body).toEqual({ mode: 'urlencoded', urlencoded: [{ key: 'kV', value: 'V', enabled: true }] });
  });

  it('resolves form data text values, file paths and content types', () => {
    const out = resolveRequest(
      request({
        body: {
          mode: 'formdata',
          formdata: [
            { type: 'text', key: 't{{v}}', value: '{{v}}', contentType: 'text/{{v}}' },
            { type: 'file', key: 'f{{v}}', src: ['/data/{{v}}.bin', '/other/{{v}}'] },
            { type: 'text', key: 'off', value: '{{missing}}', enabled: false },
          ],
        },
      }),
      resolver,
    );
    expect(out.request.body).toEqual({
      mode: 'formdata',
      formdata: [
        { type: 'text', key: 'tV', value: 'V', contentType: 'text/V', enabled: true },
        { type: 'file', key: 'fV', src: ['/data/V.bin', '/other/V'], enabled: true },
        { type: 'text', key: 'off', value: '{{missing}}', enabled: false },
      ],
    });
    expect(out.unresolved).toEqual([]);
  });

  it('resolves a file body path', () => {
    const out = resolveRequest(request({ body: { mode: 'file', file: { src: '/tmp/{{v}}.json' } } }), resolver);
    expect(out.request.body).toEqual({ mode: 'file', file: { src: '/tmp/V.json' } });
  });

  it('resolves a GraphQL query, variables and operation name', () => {
    const out = resolveRequest(
      request({ body: { mode: 'graphql', graphql: { query: 'query {{v}} { a }', variables: '{"id":"{{v}}"}', operationName: '{{v}}' } } }),
      resolver,
    );
    expect(out.request.body).toEqual({
      mode: 'graphql',
      graphql: { query: 'query V { a }', variables: '{"id":"V"}', operationName: 'V' },
    });
  });

  it('resolves auth parameters, recursively inside JSON values, leaving non-strings alone', () => {
    const out = resolveRequest(
      request({
        auth: {
          type: 'oauth2',
          params: {
            accessToken: 't-{{v}}',
            addTokenTo: 'header',
            nested: { list: ['{{v}}', 3, true, null], inner: { secret: '{{v}}{{v}}' } },
            count: 2,
          },
        },
      }),
      resolver,
    );
    expect(out.request.auth).toEqual({
      type: 'oauth2',
      params: {
        accessToken: 't-V',
        addTokenTo: 'header',
        nested: { list: ['V', 3, true, null], inner: { secret: 'VV' } },
        count: 2,
      },
    });
  });

  it('keeps other fields, leaves the input unchanged and reports each unresolved name once', () => {
    const input = request({
      method: 'PURGE',
      description: 'about {{v}}',
      url: 'https://{{missing}}/{{cycle}}',
      headers: [{ key: 'X', value: '{{missing}}{{other}}' }],
      body: { mode: 'raw', raw: '{{other}}' },
    });
    const before = structuredClone(input);
    const out = resolveRequest(input, resolver);
    expect(input).toEqual(before);
    expect(out.request.method).toBe('PURGE');
    expect(out.request.description).toBe('about {{v}}');
    expect(out.request.auth).toBeUndefined();
    expect('auth' in out.request).toBe(false);
    expect(out.request.url).toBe('https://{{missing}}/{{cycle}}!');
    expect(out.unresolved).toEqual(['missing', 'cycle', 'other']);
    expect(out.circular).toEqual(['cycle']);
  });
});

describe('resolveClientCertificate', () => {
  it('resolves PEM paths and the passphrase, not the host', () => {
    const certificate = ClientCertificateSchema.parse({
      host: '{{host}}',
      port: 8443,
      cert: '/certs/{{v}}.crt',
      key: '/certs/{{v}}.key',
      passphrase: 'pass-{{v}}',
    });
    const { value, unresolved } = resolveClientCertificate(certificate, resolver);
    expect(value).toEqual({
      host: '{{host}}',
      port: 8443,
      cert: '/certs/V.crt',
      key: '/certs/V.key',
      passphrase: 'pass-V',
      enabled: true,
    });
    expect(unresolved).toEqual([]);
  });

  it('resolves a PFX path and reports what is missing', () => {
    const certificate = ClientCertificateSchema.parse({ host: 'h', pfx: '{{dir}}/{{v}}.p12' });
    const result = resolveClientCertificate(certificate, resolver);
    expect(result.value).toEqual({ host: 'h', pfx: '{{dir}}/V.p12', enabled: true });
    expect('cert' in result.value).toBe(false);
    expect(result.unresolved).toEqual(['dir']);
  });
});

describe('resolveDeep', () => {
  it('resolves strings at any depth and keeps object keys', () => {
    const result = resolveDeep({ '{{v}}': ['{{v}}', { x: '{{nope}}' }, 1] }, resolver);
    expect(result.value).toEqual({ '{{v}}': ['V', { x: '{{nope}}' }, 1] });
    expect(result.unresolved).toEqual(['nope']);
  });
});
