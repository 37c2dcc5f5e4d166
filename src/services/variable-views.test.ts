import { describe, expect, it } from 'vitest';
import type { Variable } from '../model/index.js';
import { applyVariableEdits, secretValuesOf, variableView } from './variable-views.js';

const stored: Variable[] = [
  { key: 'token', type: 'secret', initialValue: 'init', currentValue: 'cur', enabled: true },
  { key: 'host', type: 'default', initialValue: 'a.test', enabled: true },
];

describe('variable views', () => {
  it('masks secrets and shows defaults', () => {
    expect(variableView(stored[0] as Variable)).toEqual({ key: 'token', type: 'secret', enabled: true, initialValue: { secret: true, set: true }, currentValue: { secret: true, set: true } });
    expect(variableView(stored[1] as Variable)).toEqual({ key: 'host', type: 'default', enabled: true, initialValue: 'a.test' });
  });

  it('keeps stored values for markers and takes new plaintext', () => {
    const edited = applyVariableEdits(stored, [
      { key: 'token', type: 'secret', initialValue: { secret: true, set: true }, currentValue: 'new', enabled: true },
      { key: 'host', type: 'default', initialValue: 'b.test', enabled: false },
      { key: 'fresh', type: 'secret', initialValue: { secret: true, set: true }, enabled: true },
    ]);
    expect(edited).toEqual([
      { key: 'token', type: 'secret', initialValue: 'init', currentValue: 'new', enabled: true },
      { key: 'host', type: 'default', initialValue: 'b.test', enabled: false },
      { key: 'fresh', type: 'secret', initialValue: '', enabled: true },
    ]);
  });

  it('collects secret values from every list', () => {
    expect(secretValuesOf(stored, undefined, [{ key: 'x', type: 'secret', initialValue: '', enabled: true }]).sort()).toEqual(['cur', 'init']);
  });
});
