import { describe, expect, it } from 'vitest';
import { resolveString } from '../variables/index.js';
import { RunVariables, StoredScope } from './variable-state.js';

describe('StoredScope', () => {
  it('writes script changes as current values and leaves initial values alone', () => {
    const scope = new StoredScope([
      { key: 'host', initialValue: 'a.test', type: 'default', enabled: true },
      { key: 'off', initialValue: 'x', type: 'default', enabled: false },
    ]);
    const before = scope.toScript();
    expect(before).toEqual({ host: 'a.test' });
    scope.apply(before, { host: 'b.test', count: 5, obj: { a: 1 } });
    expect(scope.list()).toEqual([
      { key: 'host', initialValue: 'a.test', currentValue: 'b.test', type: 'default', enabled: true },
      { key: 'off', initialValue: 'x', type: 'default', enabled: false },
      { key: 'count', initialValue: '', currentValue: '5', type: 'default', enabled: true },
      { key: 'obj', initialValue: '', currentValue: '{"a":1}', type: 'default', enabled: true },
    ]);
    // Later scripts get the value back with its JSON type.
    expect(scope.toScript()).toEqual({ host: 'b.test', count: 5, obj: { a: 1 } });
  });

  it('removes what a script unset and ignores what it left unchanged', () => {
    const scope = new StoredScope([
      { key: 'a', initialValue: '1', type: 'default', enabled: true },
      { key: 'b', initialValue: '2', type: 'secret', enabled: true },
    ]);
    const before = scope.toScript();
    scope.apply(before, { b: '2' });
    expect(scope.list()).toEqual([{ key: 'b', initialValue: '2', type: 'secret', enabled: true }]);
  });
});

describe('RunVariables', () => {
  it('resolves with Postman precedence: local, data, environment, collection (folders last), globals', () => {
    const run = new RunVariables({
      environment: [{ key: 'who', initialValue: 'env', type: 'default', enabled: true }],
      globals: [{ key: 'who', initialValue: 'global', type: 'default', enabled: true }, { key: 'g', initialValue: 'G', type: 'default', enabled: true }],
      collection: [{ key: 'c', initialValue: 'collection', type: 'default', enabled: true }],
    });
    const folder = [{ key: 'c', initialValue: 'folder', type: 'default' as const, enabled: true }];
    expect(resolveString('{{who}} {{c}} {{g}}', run.resolver(folder)).value).toBe('env folder G');
    run.data = { who: 'data' };
    expect(resolveString('{{who}}', run.resolver([])).value).toBe('data');
    run.local = { who: 'local' };
    expect(resolveString('{{who}} {{c}}', run.resolver([])).value).toBe('local collection');
  });

  it('keeps iteration data read-only and local variables as the script left them', () => {
    const run = new RunVariables({ environment: [], globals: [], collection: [] });
    run.data = { row: 1 };
    const before = run.toScript();
    run.apply(before, { ...before, iterationData: { row: 99 }, local: { token: 't' }, environment: { e: 'x' } });
    expect(run.data).toEqual({ row: 1 });
    expect(run.local).toEqual({ token: 't' });
    expect(run.environment.list()).toEqual([{ key: 'e', initialValue: '', currentValue: 'x', type: 'default', enabled: true }]);
  });
});
