/**
 * The client and the server must agree on what a current value is: whatever the server refuses in a
 * push, the client strips before pushing — or every push of that element would be refused.
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_VALUE_KEYS } from '../../src/formats/postman/current-value-keys.js';
import { findCurrentValue } from '../../src/server/services/elements/current-values.js';
import { hasCurrentValues, stripCurrentValues, type ElementContent } from '../../src/sync/index.js';

function environmentWith(key: string): ElementContent {
  return { name: 'Env', values: [{ key: 'plain', value: 'a' }, { key: 'token', value: 'shared', [key]: 'mine' }] };
}

function collectionWith(key: string): ElementContent {
  return {
    info: { name: 'C', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [{ name: 'Folder', item: [{ name: 'Inner', variable: [{ key: 'deep', value: 'shared', [key]: 'mine' }], item: [] }] }],
  };
}

describe('current values: client stripping and server refusal agree', () => {
  it.each(CURRENT_VALUE_KEYS)('%s: the server finds it in a push, and not once the client stripped it', (key) => {
    const environment = environmentWith(key);
    const collection = collectionWith(key);
    expect(findCurrentValue('environment', environment)).toEqual(['values', 1, key]);
    expect(findCurrentValue('collection', collection)).toEqual(['item', 0, 'item', 0, 'variable', 0, key]);
    expect(hasCurrentValues(environment)).toBe(true);
    expect(hasCurrentValues(collection)).toBe(true);

    expect(findCurrentValue('environment', stripCurrentValues(environment))).toBeNull();
    expect(findCurrentValue('collection', stripCurrentValues(collection))).toBeNull();
    expect(stripCurrentValues(environment)).toEqual({ name: 'Env', values: [{ key: 'plain', value: 'a' }, { key: 'token', value: 'shared' }] });
  });
});
