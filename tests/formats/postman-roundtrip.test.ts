import { describe, expect, it } from 'vitest';
import {
  POSTMAN_V21_SCHEMA,
  exportPostmanCollection,
  importPostmanCollection,
  stringifyPostmanCollection,
} from '../../src/formats/index.js';
import type { PostmanFolderV21, PostmanItemV21, PostmanRequestItemV21 } from '../../src/formats/index.js';
import { CollectionSchema } from '../../src/model/index.js';
import type { Collection } from '../../src/model/index.js';
import { COLLECTION_FIXTURES, readFixture, requestAt } from './fixtures.js';

function exportedItem(items: readonly PostmanItemV21[], names: readonly string[]): PostmanItemV21 {
  const [first, ...rest] = names;
  const item = items.find((candidate) => candidate.name === first);
  if (!item) throw new Error(`no item named ${String(first)}`);
  if (rest.length === 0) return item;
  if (!('item' in item)) throw new Error(`${item.name} is not a folder`);
  return exportedItem(item.item, rest);
}

function exportedRequest(items: readonly PostmanItemV21[], names: readonly string[]): PostmanRequestItemV21 {
  const item = exportedItem(items, names);
  if (!('request' in item)) throw new Error(`${item.name} is not a request`);
  return item;
}

function exportedFolder(items: readonly PostmanItemV21[], names: readonly string[]): PostmanFolderV21 {
  const item = exportedItem(items, names);
  if (!('item' in item)) throw new Error(`${item.name} is not a folder`);
  return item;
}

describe('Postman round trip: import → export → import', () => {
  for (const name of COLLECTION_FIXTURES) {
    it(`keeps everything of ${name}`, () => {
      const first = importPostmanCollection(readFixture(name), { file: name });
      const text = stringifyPostmanCollection(first);
      const second = importPostmanCollection(text, { file: 'exported.json' });
      expect(second).toEqual(first);
      // And once more from the object, without text in between.
      expect(importPostmanCollection(exportPostmanCollection(second))).toEqual(first);
    });
  }

  it('keeps a collection built in the app, with every optional field set', () => {
    const built: Collection = CollectionSchema.parse({
      id: 'c-1',
      name: 'Built here',
      description: 'made in Postern',
      version: '2.0.0',
      auth: { type: 'oauth1', params: { consumerKey: 'k', addParamsToHeader: true, realm: '' } },
      scripts: { prerequest: 'console.log(1)\n// two', test: 'pm.test("t", () => {})' },
      variables: [
        { key: 'a', initialValue: '1' },
        { key: 's', initialValue: 'shh', type: 'secret', enabled: false, description: 'secret thing' },
      ],
      protocolProfileBehavior: { strictSSL: false, tlsDisabledProtocols: ['TLSv1'], someFutureKey: { nested: [1, 2] } },
      items: [
        {
          kind: 'folder',
          id: 'f-1',
          name: 'Folder',
          description: 'folder doc',
          auth: { type: 'noauth', params: {} },
          scripts: { test: 'pm.test("folder", () => {})' },
          variables: [{ key: 'fv', initialValue: 'x' }],
          protocolProfileBehavior: { followRedirects: false, maxRedirects: 3, requestTimeout: 2500 },
          items: [
            {
              kind: 'request',
              id: 'r-1',
              name: 'Everything',
              description: 'item doc',
              protocolProfileBehavior: { disableUrlEncoding: true, requestTimeout: 0 },
              scripts: { prerequest: 'pm.variables.set("n", 1)' },
              request: {
                method: 'PATCH',
                url: 'https://[::1]:8443/a/:id/b/',
                query: [
                  { key: 'q', value: 'v', description: 'd' },
                  { key: 'flag', value: '' },
                  { key: 'off', value: '1', enabled: false },
                ],
                pathVariables: [{ key: 'id', value: '7', description: 'the id' }],
                headers: [{ key: 'X-A', value: 'a' }, { key: 'X-B', value: 'b', enabled: false, description: 'off' }],
                body: {
                  mode: 'formdata',
                  formdata: [
                    { type: 'text', key: 't', value: 'v', contentType: 'text/plain', description: 'text field' },
                    { type: 'file', key: 'f', src: ['/a', '/b'], enabled: false },
                    { type: 'file', key: 'one', src: ['/c'] },
                    { type: 'file', key: 'none', src: [] },
                  ],
                },
                auth: { type: 'apikey', params: { key: 'k', value: 'v', in: 'query' } },
                description: 'request doc',
              },
              responses: [
                {
                  id: 'e-1',
                  name: 'Example',
                  code: 201,
                  status: 'Created',
                  headers: [{ key: 'Location', value: '/a/7' }],
                  body: '{}',
                  previewLanguage: 'json',
                  responseTime: 12,
                  originalRequest: { method: 'PATCH', url: 'https://[::1]:8443/a/7/b/' },
                },
              ],
            },
          ],
        },
        { kind: 'request', id: 'r-2', name: 'Empty URL', request: { url: '' } },
        { kind: 'request', id: 'r-3', name: 'GraphQL', request: { method: 'POST', url: '{{gql}}', body: { mode: 'graphql', graphql: { query: '{ a }', variables: '{"x":1}', operationName: 'A' } } } },
        { kind: 'request', id: 'r-4', name: 'Raw', request: { method: 'POST', url: 'http://127.0.0.1/x', body: { mode: 'raw', raw: 'line 1\r\nline 2', language: 'text' } } },
        { kind: 'request', id: 'r-5', name: 'Form', request: { method: 'POST', url: 'http://127.0.0.1/x', body: { mode: 'urlencoded', urlencoded: [{ key: 'a b', value: 'c&d', enabled: false }] } } },
        { kind: 'request', id: 'r-6', name: 'File', request: { method: 'PUT', url: 'http://127.0.0.1/x', body: { mode: 'file', file: { src: '/tmp/f' } } } },
      ],
    });
    expect(importPostmanCollection(stringifyPostmanCollection(built))).toEqual(built);
  });
});

describe('Postern keys in protocolProfileBehavior', () => {
  it('writes a request timeout where Postman keeps unknown keys, and reads it back', () => {
    const postman = {
      info: { name: 'Timeouts', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [{ name: 'Slow', protocolProfileBehavior: { requestTimeout: 1500, futureKey: 'kept' }, item: [{ name: 'Wait', request: { method: 'GET', url: 'http://127.0.0.1/wait' } }] }],
    };
    const imported = importPostmanCollection(JSON.stringify(postman));
    const folder = imported.items[0];
    expect(folder?.protocolProfileBehavior).toEqual({ requestTimeout: 1500, futureKey: 'kept' });
    const text = stringifyPostmanCollection(imported);
    expect(JSON.parse(text).item[0].protocolProfileBehavior).toEqual({ requestTimeout: 1500, futureKey: 'kept' });
  });
});

describe('exportPostmanCollection: the v2.1 document', () => {
  const collection = importPostmanCollection(readFixture('petstore.postman_collection.json'));
  const exported = exportPostmanCollection(collection);

  it('declares the v2.1 schema and the collection id', () => {
    expect(exported.info).toEqual({
      _postman_id: '8f1c2d3e-4b5a-4c6d-9e7f-0a1b2c3d4e5f',
      name: 'Petstore API',
      description: collection.description,
      schema: POSTMAN_V21_SCHEMA,
    });
    expect(POSTMAN_V21_SCHEMA).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
  });

  it('writes auth as v2.1 attribute lists with types, noauth as is, and nothing where auth is inherited', () => {
    expect(exported.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] });
    const digest = exportedRequest(exported.item, ['Auth flows', 'Digest protected']);
    expect(digest.request.auth?.digest).toContainEqual({ key: 'disableRetryRequest', value: true, type: 'boolean' });
    expect(exportedRequest(exported.item, ['Pets', 'Get pet']).request.auth).toEqual({ type: 'noauth' });
    expect('auth' in exportedRequest(exported.item, ['Pets', 'List pets']).request).toBe(false);
    const oauth2 = exportedRequest(exported.item, ['Auth flows', 'OAuth 2 profile']).request.auth?.oauth2;
    expect(oauth2?.find((attribute) => attribute.key === 'tokenRequestParams')?.type).toBe('any');
  });

  it('writes URLs as objects whose parts rebuild raw', () => {
    expect(exportedRequest(exported.item, ['Pets', 'List pets']).request.url).toEqual({
      raw: '{{baseUrl}}/pets?limit=10&status=available',
      host: ['{{baseUrl}}'],
      path: ['pets'],
      query: [
        { key: 'limit', value: '10', description: 'How many items to return at one time (max 100)' },
        { key: 'status', value: 'available' },
        { key: 'tags', value: 'dog', disabled: true },
      ],
    });
    expect(exportedRequest(exported.item, ['Pets', 'Uploads', 'Upload binary']).request.url).toEqual({
      raw: 'https://uploads.example.com:8443/v1/blobs/backup.bin',
      protocol: 'https',
      host: ['uploads', 'example', 'com'],
      port: '8443',
      path: ['v1', 'blobs', 'backup.bin'],
    });
    expect(exportedRequest(exported.item, ['Pets', 'Get pet']).request.url.variable).toEqual([
      { key: 'petId', value: '{{firstPetId}}', description: 'The id of the pet to retrieve' },
    ]);
    expect(exportedRequest(exported.item, ['PURGE cache']).request.url).toMatchObject({
      raw: '{{baseUrl}}/cache?flush',
      query: [{ key: 'flush', value: null }],
    });
  });

  it('writes scripts as events with exec lines, and variables with types', () => {
    const list = exportedRequest(exported.item, ['Pets', 'List pets']);
    const lines = requestAt(collection.items, ['Pets', 'List pets']).scripts.test?.split('\n');
    expect(list.event).toEqual([{ listen: 'test', script: { type: 'text/javascript', exec: lines } }]);
    expect(list.event?.[0]?.script.exec).toHaveLength(6);
    expect(list.event?.[0]?.script.exec[0]).toBe('pm.test("Status code is 200", function () {');
    expect(exported.event?.map((event) => event.listen)).toEqual(['prerequest', 'test']);
    expect(exported.variable).toContainEqual({ key: 'apiKey', value: 'dev-key-123', type: 'secret' });
    expect(exported.variable).toContainEqual({ key: 'legacyHost', value: 'old.example.com', type: 'string', disabled: true, description: 'Kept for the migration' });
    const pets = exportedFolder(exported.item, ['Pets']);
    expect(pets.event).toHaveLength(1);
    expect(pets.variable).toEqual([{ key: 'petsPath', value: 'pets', type: 'string' }]);
  });

  it('writes bodies, protocol profiles and saved examples the way Postman does', () => {
    const photo = exportedRequest(exported.item, ['Pets', 'Uploads', 'Upload photo']);
    expect(photo.request.body).toEqual({
      mode: 'formdata',
      formdata: [
        { key: 'caption', value: 'At the beach', type: 'text' },
        { key: 'meta', value: '{"iso": 200}', type: 'text', contentType: 'application/json', description: 'Camera settings' },
        { key: 'photo', type: 'file', src: '/Users/ana/Pictures/rex.jpg' },
        { key: 'extra', type: 'file', src: ['/Users/ana/Pictures/a.png', '/Users/ana/Pictures/b.png'] },
        { key: 'thumbnail', type: 'file', src: [], disabled: true },
      ],
    });
    expect(exportedRequest(exported.item, ['Pets', 'Create pet']).request.body).toEqual({
      mode: 'raw',
      raw: '{\n    "name": "{{$randomFirstName}}",\n    "tag": "dog"\n}',
      options: { raw: { language: 'json' } },
    });
    expect('body' in exportedRequest(exported.item, ['Pets', 'Get pet']).request).toBe(false);
    expect(exportedRequest(exported.item, ['Auth flows', 'Digest protected']).protocolProfileBehavior).toMatchObject({
      tlsDisabledProtocols: ['TLSv1', 'TLSv1_1', 'TLSv1_3'],
      tlsCipherSelection: ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'],
    });
    expect(exported.protocolProfileBehavior?.tlsDisabledProtocols).toEqual(['TLSv1', 'TLSv1_1']);
    const [example] = exportedRequest(exported.item, ['Pets', 'List pets']).response;
    expect(example).toMatchObject({ name: 'Two pets', status: 'OK', code: 200, _postman_previewlanguage: 'json', cookie: [] });
    expect(example?.header[0]).toEqual({ key: 'Content-Type', value: 'application/json; charset=utf-8', type: 'text' });
    expect(example?.originalRequest?.url.raw).toBe('{{baseUrl}}/pets?limit=2');
  });

  it('gives every item an id and stringifies with 2-space indentation', () => {
    const text = stringifyPostmanCollection(collection);
    expect(text.startsWith('{\n  "info": {\n    "_postman_id": ')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    const ids = exported.item.map((item) => item.id);
    expect(ids.every((id) => id.length > 0)).toBe(true);
    expect(JSON.parse(text)).toEqual(exported);
  });
});
