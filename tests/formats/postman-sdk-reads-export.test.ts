import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { exportPostmanCollection, importPostmanCollection } from '../../src/formats/index.js';
import type { PostmanItemV21, PostmanRequestItemV21, PostmanUrlV21 } from '../../src/formats/index.js';
import { COLLECTION_FIXTURES, readFixture } from './fixtures.js';

/**
 * Postman's own SDK (postman-collection, what newman and the Postman app run on) reads our export: an
 * independent check that the v2.1 we write means what we think it means. Only the parts used are typed.
 */
interface SdkList<T> {
  all(): T[];
  count(): number;
}
interface SdkAuth {
  type: string;
  parameters(): { get(key: string): unknown };
}
interface SdkUrl {
  toString(): string;
}
interface SdkItem {
  id: string;
  name: string;
  request: {
    method: string;
    url: SdkUrl;
    body?: { mode: string; raw?: string; options?: { raw?: { language?: string } }; formdata?: SdkList<{ key: string; type: string; src?: unknown; value?: string; disabled?: boolean }> };
    headers: SdkList<{ key: string; value: string; disabled?: boolean }>;
  };
  responses: SdkList<{ code: number; status: string; originalRequest?: { url: SdkUrl } }>;
  events: { listenersOwn(name: string): { script: { toSource(): string } }[]; listeners(name: string): { script: { toSource(): string } }[] };
  getAuth(): SdkAuth | undefined;
  getProtocolProfileBehaviorResolved(): Record<string, unknown>;
}
interface SdkCollection {
  id: string;
  name: string;
  variables: { get(key: string): unknown };
  forEachItem(callback: (item: SdkItem) => void): void;
}
interface PostmanSdk {
  Collection: new (definition: unknown) => SdkCollection;
  Url: new (definition: unknown) => SdkUrl;
}

const require = createRequire(import.meta.url);
const sdk = require('postman-collection') as PostmanSdk;

function requests(items: readonly PostmanItemV21[]): PostmanRequestItemV21[] {
  return items.flatMap((item) => ('item' in item ? requests(item.item) : [item]));
}

function sdkItems(collection: SdkCollection): Map<string, SdkItem> {
  const byName = new Map<string, SdkItem>();
  collection.forEachItem((item) => byName.set(item.name, item));
  return byName;
}

describe("Postman's SDK reads our v2.1 export", () => {
  for (const name of COLLECTION_FIXTURES) {
    it(`rebuilds each URL of ${name} from host, port and path exactly as raw says`, () => {
      const exported = exportPostmanCollection(importPostmanCollection(readFixture(name)));
      const all = requests(exported.item);
      expect(all.length).toBeGreaterThan(4);
      for (const item of all) {
        // Without the path variables, so `:name` segments stay as typed and the comparison is exact.
        const { variable: _variables, ...url }: PostmanUrlV21 = item.request.url;
        expect(new sdk.Url(url).toString(), item.name).toBe(item.request.url.raw);
      }
    });
  }

  const exported = exportPostmanCollection(importPostmanCollection(readFixture('petstore.postman_collection.json')));
  const collection = new sdk.Collection(exported);
  const items = sdkItems(collection);
  const item = (name: string): SdkItem => {
    const found = items.get(name);
    if (!found) throw new Error(`the SDK has no item ${name}`);
    return found;
  };

  it('sees the collection id, name, variables and every request', () => {
    expect(collection.id).toBe('8f1c2d3e-4b5a-4c6d-9e7f-0a1b2c3d4e5f');
    expect(collection.name).toBe('Petstore API');
    expect(collection.variables.get('baseUrl')).toBe('https://petstore.example.com/v2');
    expect(items.size).toBe(12);
  });

  it('resolves auth inheritance as the model means it: folder apikey, noauth, request basic', () => {
    const listAuth = item('List pets').getAuth();
    expect(listAuth?.type).toBe('apikey');
    expect(listAuth?.parameters().get('key')).toBe('X-API-Key');
    expect(item('Get pet').getAuth()?.type).toBe('noauth');
    expect(item('Login').getAuth()?.parameters().get('username')).toBe('{{username}}');
    expect(item('Digest protected').getAuth()?.parameters().get('disableRetryRequest')).toBe(true);
    expect(item('GraphQL pets').getAuth()?.parameters().get('token')).toBe('{{token}}');
  });

  it('reads scripts, bodies, headers, protocol profiles and saved examples', () => {
    const list = item('List pets');
    expect(list.events.listenersOwn('test')[0]?.script.toSource()).toContain('pm.test("Status code is 200", function () {');
    // Collection scripts run first, then the request's.
    expect(list.events.listeners('test').map((event) => event.script.toSource().slice(0, 24))).toEqual([
      "pm.test('responds in tim",
      'pm.test("Status code is ',
    ]);
    expect(list.request.headers.all().map((header) => [header.key, header.disabled === true])).toEqual([
      ['Accept', false],
      ['X-Debug', true],
    ]);
    expect(list.responses.count()).toBe(1);
    expect(list.responses.all()[0]?.code).toBe(200);
    expect(list.responses.all()[0]?.originalRequest?.url.toString()).toBe('{{baseUrl}}/pets?limit=2');

    const create = item('Create pet').request.body;
    expect(create?.mode).toBe('raw');
    expect(create?.options?.raw?.language).toBe('json');
    const form = item('Upload photo').request.body?.formdata?.all() ?? [];
    expect(form.map((field) => [field.key, field.type])).toEqual([
      ['caption', 'text'],
      ['meta', 'text'],
      ['photo', 'file'],
      ['extra', 'file'],
      ['thumbnail', 'file'],
    ]);
    expect(form[2]?.src).toBe('/Users/ana/Pictures/rex.jpg');

    expect(item('Digest protected').getProtocolProfileBehaviorResolved()).toMatchObject({
      strictSSL: false,
      tlsDisabledProtocols: ['TLSv1', 'TLSv1_1', 'TLSv1_3'],
      maxRedirects: 5,
    });
    // Inherited from the folder and the collection.
    expect(list.getProtocolProfileBehaviorResolved()).toMatchObject({
      disableBodyPruning: true,
      followRedirects: false,
      tlsCipherSelection: ['TLS_AES_256_GCM_SHA384', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
    });
  });
});
