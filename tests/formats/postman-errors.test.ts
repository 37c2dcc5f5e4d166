import { describe, expect, it } from 'vitest';
import { importPostmanCollection } from '../../src/formats/index.js';
import { PosternError } from '../../src/model/index.js';

const V21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

function failure(run: () => unknown): PosternError {
  try {
    run();
  } catch (error) {
    if (error instanceof PosternError) return error;
    throw error;
  }
  throw new Error('expected the import to fail');
}

/** Pretty-printed like a real export, so errors can name lines. */
function file(document: unknown): string {
  return JSON.stringify(document, null, '\t');
}

describe('importPostmanCollection: bad input gives one line naming the file, JSON path and line', () => {
  it('names the path of a URL that is neither a string nor a URL object', () => {
    const text = file({
      info: { name: 'x', schema: V21 },
      item: [
        { name: 'a', request: { url: 'https://a.example' } },
        { name: 'b', request: { url: 'https://b.example' } },
        { name: 'folder', item: [{ name: 'bad', request: { method: 'GET', url: 42 } }] },
      ],
    });
    const error = failure(() => importPostmanCollection(text, { file: 'collection.json' }));
    expect(error.code).toBe('INVALID_COLLECTION');
    expect(error.where).toEqual({ file: 'collection.json', path: 'item[2].item[0].request.url', line: text.split('\n').findIndex((line) => line.includes('"url": 42')) + 1 });
    expect(error.toLine()).toMatch(/^collection\.json:\d+: item\[2\]\.item\[0\]\.request\.url: expected a string or URL object$/);
  });

  it('goes inside a URL object to the field that is wrong', () => {
    const error = failure(() =>
      importPostmanCollection({ info: { name: 'x' }, item: [{ name: 'a', request: { url: { raw: 'https://a', query: [{ key: 5 }] } } }] }, { file: 'c.json' }),
    );
    expect(error.where.path).toBe('item[0].request.url.query[0].key');
    expect(error.message).toBe('expected string, received number');
    expect(error.where.line).toBeUndefined();
    expect(error.toLine()).toBe('c.json: item[0].request.url.query[0].key: expected string, received number');
  });

  it('needs the collection name', () => {
    const error = failure(() => importPostmanCollection(file({ info: { schema: V21 }, item: [] }), { file: 'c.json' }));
    expect(error.where.path).toBe('info.name');
    expect(error.message).toBe('expected the collection name as a string');
    expect(error.where.line).toBe(2);
  });

  it('names an item that is neither a request nor a folder', () => {
    const error = failure(() => importPostmanCollection({ info: { name: 'x' }, item: [{ name: 'ok', request: 'https://a' }, { name: 'empty' }] }));
    expect(error.toLine()).toBe('item[1]: expected a request, or an item list for a folder');
  });

  it('names a method that is not an HTTP token', () => {
    const error = failure(() => importPostmanCollection({ info: { name: 'x' }, item: [{ request: { method: 'GET POST', url: 'https://a' } }] }));
    expect(error.toLine()).toBe('item[0].request.method: "GET POST" is not an HTTP method');
  });

  it('names bad auth parameters at any level', () => {
    const inRequest = failure(() =>
      importPostmanCollection({ info: { name: 'x' }, item: [{ request: { url: 'https://a', auth: { type: 'basic', basic: [{ value: 'u' }] } } }] }),
    );
    expect(inRequest.where.path).toBe('item[0].request.auth.basic[0].key');
    const inFolder = failure(() =>
      importPostmanCollection({ info: { name: 'x' }, item: [{ item: [], auth: { type: 'bearer', bearer: 'token' } }] }),
    );
    expect(inFolder.toLine()).toBe('item[0].auth.bearer: expected auth parameters as a [{key, value}] list or an object');
    const noType = failure(() => importPostmanCollection({ info: { name: 'x' }, auth: { basic: [] } }));
    expect(noType.toLine()).toBe('auth.type: expected the auth type as a string');
  });

  it('names a protocol profile value it cannot use', () => {
    const error = failure(() =>
      importPostmanCollection({ info: { name: 'x' }, item: [{ request: 'https://a', protocolProfileBehavior: { tlsDisabledProtocols: ['SSLv2'] } }] }),
    );
    expect(error.where.path).toBe('item[0].protocolProfileBehavior.tlsDisabledProtocols[0]');
  });

  it('names the path inside the Postman API wrapper', () => {
    const error = failure(() => importPostmanCollection({ collection: { info: { name: 'x' }, item: [{ request: { url: [] } }] } }));
    expect(error.where.path).toBe('collection.item[0].request.url');
  });

  it('names line and column of a JSON syntax error', () => {
    const text = '{\n  "info": {\n    "name": "x",\n  },\n  "item": []\n}';
    const error = failure(() => importPostmanCollection(text, { file: 'collection.json' }));
    expect(error.code).toBe('INVALID_JSON');
    expect(error.toLine()).toBe('collection.json:4: invalid JSON at line 4, column 3: expected a property name in double quotes');
    const cut = failure(() => importPostmanCollection('{"info": {"name": "x"}, "item": [', { file: 'c.json' }));
    expect(cut.message).toMatch(/^invalid JSON at line 1, column 34: /);
    expect(failure(() => importPostmanCollection('   ', { file: 'c.json' })).toLine()).toBe('c.json: the file is empty, expected JSON');
  });

  it('says what a document is when it is not a v2 collection', () => {
    expect(failure(() => importPostmanCollection('[1, 2]')).toLine()).toBe(
      'expected a Postman collection: a JSON object with "info" and "item"',
    );
    expect(failure(() => importPostmanCollection({ id: 'x', name: 'old', order: [], folders: [], requests: [] })).message).toBe(
      'Postman collection v1 is not supported; export it again from Postman as v2.1',
    );
    expect(
      failure(() => importPostmanCollection({ info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v1.0.0/collection.json' } }))
        .where.path,
    ).toBe('info.schema');
    expect(failure(() => importPostmanCollection({ id: 'e', name: 'Env', values: [], _postman_variable_scope: 'environment' })).message).toBe(
      'this is a Postman environment or globals export, not a collection',
    );
  });
});
