import { describe, expect, it } from 'vitest';
import { ServerError } from '../../errors.js';
import { canonicalise, contentField } from './content.js';
import { findCurrentValue } from './current-values.js';

const V21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

describe('canonicalise', () => {
  it('gives the same canonical JSON for the same input, deriving the ids a document lacks', () => {
    const raw = { info: { name: 'API', schema: V21 }, item: [{ name: 'Folder', item: [{ name: 'Ping', request: 'https://x/ping' }] }] };
    const copy = structuredClone(raw);
    const first = canonicalise(0, 'api', 'collection', raw);
    const second = canonicalise(0, 'api', 'collection', copy);
    expect(first.json).toBe(second.json);
    expect(raw).toEqual(copy);
    expect(first.name).toBe('API');
    const info = first.content['info'] as { _postman_id: string };
    expect(info._postman_id).toBe('api');
    const folder = (first.content['item'] as { id: string; item: { id: string }[] }[])[0];
    expect(folder?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(folder?.item[0]?.id).not.toBe(folder?.id);
    // Another element with the same document gets other ids.
    expect(canonicalise(0, 'other', 'collection', raw).json).not.toBe(first.json);
  });

  it('names the JSON path of a problem inside the push', () => {
    let error: unknown;
    try {
      canonicalise(4, 'e', 'environment', { name: 'E', values: [{ key: 'a', value: 'b' }, { key: 7 }] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'changes[4].content.values[1].key' });
  });

  it('exports environments and globals in their scope, without an export time', () => {
    const env = canonicalise(0, 'env-1', 'environment', { name: 'Staging', values: [{ key: 'host', value: 'x' }] });
    expect(env.content).toEqual({ id: 'env-1', name: 'Staging', values: [{ key: 'host', value: 'x', type: 'default', enabled: true }], _postman_variable_scope: 'environment', _postman_exported_using: 'Postern' });
    const globals = canonicalise(0, 'globals', 'globals', { values: [] });
    expect(globals.content).toMatchObject({ id: 'globals', name: 'Globals', _postman_variable_scope: 'globals' });
  });
});

describe('contentField', () => {
  it('joins paths, bracketed ones without a dot', () => {
    expect(contentField(2, undefined)).toBe('changes[2].content');
    expect(contentField(2, 'item[0].request.url')).toBe('changes[2].content.item[0].request.url');
    expect(contentField(2, '["odd key"]')).toBe('changes[2].content["odd key"]');
  });
});

describe('findCurrentValue', () => {
  it('finds current values where variables live, and nowhere else', () => {
    expect(findCurrentValue('environment', { values: [{ key: 'a' }, { key: 'b', current_value: 'x' }] })).toEqual(['values', 1, 'current_value']);
    expect(findCurrentValue('collection', { item: [{ item: [{ variable: [{ key: 'v', currentValue: 'x' }] }] }] })).toEqual(['item', 0, 'item', 0, 'variable', 0, 'currentValue']);
    expect(findCurrentValue('collection', { item: [{ request: { currentValue: 'not a variable' } }] })).toBeNull();
    expect(findCurrentValue('globals', { values: [{ key: 'a', value: 'b' }] })).toBeNull();
  });
});
