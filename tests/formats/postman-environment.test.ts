import { describe, expect, it } from 'vitest';
import {
  exportPostmanEnvironment,
  exportPostmanGlobals,
  importPostmanEnvironment,
  importPostmanGlobals,
} from '../../src/formats/index.js';
import { EnvironmentSchema, GlobalsSchema, PosternError } from '../../src/model/index.js';
import type { Environment } from '../../src/model/index.js';
import { readFixture } from './fixtures.js';

function failure(run: () => unknown): PosternError {
  try {
    run();
  } catch (error) {
    if (error instanceof PosternError) return error;
    throw error;
  }
  throw new Error('expected the import to fail');
}

describe('importPostmanEnvironment', () => {
  it('reads a current export: value becomes the initial value, secret and disabled kept', () => {
    const env = importPostmanEnvironment(readFixture('staging.postman_environment.json'), { file: 'staging.json' });
    expect(EnvironmentSchema.parse(env)).toEqual(env);
    expect(env).toEqual({
      id: '3c8e1f2a-9b7d-4e6f-a5c4-d3b2a1908f7e',
      name: 'Staging',
      values: [
        { key: 'baseUrl', initialValue: 'https://staging.petstore.example.com/v2', type: 'default', enabled: true },
        { key: 'token', initialValue: 'stg-7f3a9c', type: 'secret', enabled: true },
        { key: 'username', initialValue: 'qa@example.com', type: 'default', enabled: true },
        { key: 'oldEndpoint', initialValue: 'https://old.example.com', type: 'default', enabled: false },
      ],
    });
  });

  it('reads an old export: type "text" and "any" are default, numbers become text', () => {
    const env = importPostmanEnvironment(readFixture('old-dev.postman_environment.json'));
    expect(env.name).toBe('Dev (2018)');
    expect(env.values).toEqual([
      { key: 'host', initialValue: 'localhost:8080', type: 'default', enabled: true },
      { key: 'timeoutMs', initialValue: '5000', type: 'default', enabled: true },
      { key: 'debug', initialValue: 'true', type: 'default', enabled: false },
      { key: 'apiSecret', initialValue: '', type: 'default', enabled: true },
    ]);
  });

  it('names the file, path and line of a bad value', () => {
    const text = JSON.stringify({ id: 'e', name: 'E', values: [{ key: 'a', value: '1' }, { value: '2' }] }, null, '\t');
    const error = failure(() => importPostmanEnvironment(text, { file: 'env.json' }));
    // The key is missing, so the line is where its object starts.
    expect(error.code).toBe('INVALID_ENVIRONMENT');
    expect(error.toLine()).toBe('env.json:9: values[1].key: expected the variable name as a string');
    expect(failure(() => importPostmanEnvironment('{"values": [}', { file: 'env.json' })).toLine()).toBe(
      'env.json:1: invalid JSON at line 1, column 13: expected a value',
    );
    expect(failure(() => importPostmanEnvironment(readFixture('petstore.postman_collection.json'))).message).toBe(
      'this is a Postman collection, not an environment export',
    );
  });
});

describe('importPostmanGlobals', () => {
  it('reads a globals export', () => {
    const globals = importPostmanGlobals(readFixture('workspace.postman_globals.json'));
    expect(GlobalsSchema.parse(globals)).toEqual(globals);
    expect(globals.id).toBe('9a8b7c6d-5e4f-4321-8765-0fedcba98765');
    expect(globals.values.map((value) => [value.key, value.type])).toEqual([
      ['tenant', 'default'],
      ['adminPassword', 'secret'],
    ]);
  });

  it('reads the oldest globals export, a bare list, and names paths in it', () => {
    const globals = importPostmanGlobals(readFixture('legacy.postman_globals.json'));
    expect(globals).toEqual({
      id: 'globals',
      name: 'Globals',
      values: [
        { key: 'region', initialValue: 'eu', type: 'default', enabled: true },
        { key: 'retries', initialValue: '2', type: 'default', enabled: false },
      ],
    });
    expect(failure(() => importPostmanGlobals([{ key: 'a' }, { key: 7 }])).where.path).toBe('[1].key');
  });
});

describe('exportPostmanEnvironment and exportPostmanGlobals', () => {
  const env: Environment = EnvironmentSchema.parse({
    id: 'env-1',
    name: 'Mine',
    values: [
      { key: 'url', initialValue: 'https://shared', currentValue: 'http://127.0.0.1:3000' },
      { key: 'token', initialValue: '', currentValue: 'my-own-secret', type: 'secret' },
      { key: 'off', initialValue: 'x', enabled: false, description: 'not used' },
    ],
  });

  it('writes initial values only, by default', () => {
    expect(exportPostmanEnvironment(env)).toEqual({
      id: 'env-1',
      name: 'Mine',
      values: [
        { key: 'url', value: 'https://shared', type: 'default', enabled: true },
        { key: 'token', value: '', type: 'secret', enabled: true },
        { key: 'off', value: 'x', type: 'default', enabled: false, description: 'not used' },
      ],
      _postman_variable_scope: 'environment',
      _postman_exported_using: 'Postern',
    });
  });

  it('writes current values when asked, and secret current values only when asked for them too', () => {
    const withCurrent = exportPostmanEnvironment(env, { includeCurrentValues: true });
    expect(withCurrent.values.map((value) => value.value)).toEqual(['http://127.0.0.1:3000', '', 'x']);
    const withSecrets = exportPostmanEnvironment(env, { includeCurrentValues: true, includeSecretCurrentValues: true });
    expect(withSecrets.values.map((value) => value.value)).toEqual(['http://127.0.0.1:3000', 'my-own-secret', 'x']);
    expect(exportPostmanEnvironment(env, { includeSecretCurrentValues: true }).values[1]?.value).toBe('');
  });

  it('stamps the export time only when given one', () => {
    const at = new Date('2025-01-02T03:04:05.000Z');
    expect(exportPostmanEnvironment(env, { exportedAt: at })._postman_exported_at).toBe('2025-01-02T03:04:05.000Z');
  });

  it('round-trips environments and globals (initial values)', () => {
    const back = importPostmanEnvironment(JSON.stringify(exportPostmanEnvironment(env)));
    expect(back).toEqual({ ...env, values: env.values.map(({ currentValue: _current, ...rest }) => rest) });
    for (const name of ['staging.postman_environment.json', 'old-dev.postman_environment.json']) {
      const first = importPostmanEnvironment(readFixture(name));
      expect(importPostmanEnvironment(exportPostmanEnvironment(first))).toEqual(first);
    }
    const globals = importPostmanGlobals(readFixture('workspace.postman_globals.json'));
    const exported = exportPostmanGlobals(globals);
    expect(exported._postman_variable_scope).toBe('globals');
    expect(importPostmanGlobals(exported)).toEqual(globals);
  });
});
