import { describe, expect, it } from 'vitest';
import { carryCurrentValues, hasCurrentValues, stripCurrentValues } from './current-values.js';

const environment = {
  name: 'Dev',
  values: [
    { key: 'token', value: 'shared', currentValue: 'mine-1', enabled: true },
    { key: 'host', value: 'h', current_value: 'mine-2', sessionValue: 'mine-3', session_value: 'mine-4' },
    { key: 'plain', value: 'p' },
  ],
};

const collection = {
  info: { name: 'C', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  variable: [{ key: 'top', value: 'v', currentValue: 'secret-top' }],
  item: [
    {
      name: 'Folder',
      variable: [{ key: 'f', value: 'fv', session_value: 'secret-folder' }],
      item: [{ name: 'Inner', variable: [{ key: 'g', value: 'gv', current_value: 'secret-inner' }], item: [] }],
    },
    { name: 'Request', request: { url: 'https://example.com', method: 'GET' } },
  ],
};

describe('stripping current values', () => {
  it('removes every current value key from environment values and keeps the rest', () => {
    const stripped = stripCurrentValues(environment);
    expect(stripped).toEqual({
      name: 'Dev',
      values: [{ key: 'token', value: 'shared', enabled: true }, { key: 'host', value: 'h' }, { key: 'plain', value: 'p' }],
    });
    expect(JSON.stringify(stripped)).not.toMatch(/mine-/);
    expect(hasCurrentValues(environment)).toBe(true);
    expect(hasCurrentValues(stripped)).toBe(false);
  });

  it('removes them from collection and nested folder variables', () => {
    const stripped = stripCurrentValues(collection);
    expect(JSON.stringify(stripped)).not.toMatch(/secret-/);
    expect(hasCurrentValues(stripped)).toBe(false);
    expect(stripped['item']).toEqual([
      { name: 'Folder', variable: [{ key: 'f', value: 'fv' }], item: [{ name: 'Inner', variable: [{ key: 'g', value: 'gv' }], item: [] }] },
      { name: 'Request', request: { url: 'https://example.com', method: 'GET' } },
    ]);
  });

  it('does not change its input', () => {
    const before = JSON.stringify(collection);
    stripCurrentValues(collection);
    expect(JSON.stringify(collection)).toBe(before);
  });
});

describe('carrying current values onto the server version', () => {
  it('puts this device\'s current values back on variables that still exist, by scope and key', () => {
    const incoming = stripCurrentValues(collection);
    const renamedInner = { ...incoming, variable: [{ key: 'top', value: 'changed by someone' }, { key: 'new', value: 'n' }] };
    const carried = carryCurrentValues(collection, renamedInner);
    expect(carried['variable']).toEqual([
      { key: 'top', value: 'changed by someone', currentValue: 'secret-top' },
      { key: 'new', value: 'n' },
    ]);
    const folder = (carried['item'] as Array<Record<string, unknown>>)[0];
    expect(folder?.['variable']).toEqual([{ key: 'f', value: 'fv', session_value: 'secret-folder' }]);
  });

  it('keeps the server version as it is when there is nothing local', () => {
    const incoming = stripCurrentValues(environment);
    expect(carryCurrentValues(null, incoming)).toBe(incoming);
    expect(carryCurrentValues({ name: 'Dev', values: [{ key: 'token', value: 'x' }] }, incoming)).toBe(incoming);
  });
});
