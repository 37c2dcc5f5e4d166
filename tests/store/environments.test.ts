import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import type { SecretSealer, Store } from '../../src/store/index.js';
import { readFixture } from '../formats/fixtures.js';
import { aesSealer, rawBytes, tempDir, thrown } from './support.js';

const SECRET = 'sk-live-4f9c2a7e1b3d8f60';

function staging(): Environment {
  return {
    id: 'env-staging',
    name: 'Staging',
    values: [
      { key: 'baseUrl', initialValue: 'https://staging.example', currentValue: 'http://127.0.0.1:8080', type: 'default', enabled: true },
      { key: 'apiKey', initialValue: '', currentValue: SECRET, type: 'secret', enabled: true, description: 'the key' },
      { key: 'off', initialValue: 'x', type: 'default', enabled: false },
    ],
  };
}

describe('environments and globals', () => {
  let file: string;
  let sealer: SecretSealer;
  let store: Store;
  let workspaceId: string;

  beforeEach(() => {
    file = join(tempDir(), 'postern.db');
    sealer = aesSealer();
    store = openStore(file, { sealer });
    workspaceId = store.workspaces.create('Team').id;
  });
  afterEach(() => store.close());

  it('keeps initial and current values apart and in order, across a reopen', () => {
    store.environments.save(workspaceId, staging());
    store.close();
    store = openStore(file, { sealer });
    expect(store.environments.list(workspaceId)).toEqual([{ id: 'env-staging', name: 'Staging' }]);
    expect(store.environments.get('env-staging')).toEqual(staging());
  });

  it('never writes a secret current value in plaintext, and a sealed value only opens in its own row', () => {
    store.environments.save(workspaceId, staging());
    store.settings.save({ clientCertificates: [{ host: 'mtls.test', pfx: '/certs/client.p12', passphrase: 'pfx-pass-93be' }], proxy: { enabled: true, url: 'http://127.0.0.1:3128', password: 'proxy-pw-77ad' } });
    store.close();
    const bytes = rawBytes(file);
    expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
    expect(bytes.includes(Buffer.from('pfx-pass-93be'))).toBe(false);
    expect(bytes.includes(Buffer.from('proxy-pw-77ad'))).toBe(false);
    // The non-secret current value is stored as it is (it is not a secret).
    expect(bytes.includes(Buffer.from('http://127.0.0.1:8080'))).toBe(true);

    // Copy the sealed blob onto another variable's row: the aad no longer matches, so it must not open.
    const raw = new Database(file);
    raw.exec(`UPDATE variables SET current_value = NULL, type = 'secret', current_sealed = (SELECT current_sealed FROM variables WHERE key = 'apiKey') WHERE key = 'baseUrl'`);
    raw.close();
    store = openStore(file, { sealer });
    const error = thrown(() => store.environments.get('env-staging'));
    expect(error).toMatchObject({ code: 'STORE_CORRUPT', where: { file } });
  });

  it('opens secrets only with the right key, and says so when no sealer is given', () => {
    store.environments.save(workspaceId, staging());
    store.close();
    store = openStore(file, { sealer: aesSealer() });
    expect(thrown(() => store.environments.get('env-staging'))).toMatchObject({ code: 'STORE_CORRUPT' });
    store.close();
    store = openStore(file);
    expect(thrown(() => store.environments.get('env-staging'))).toMatchObject({ code: 'STORE_SECRETS_LOCKED' });
    expect(thrown(() => store.environments.save(workspaceId, { ...staging(), id: 'env-2' }))).toMatchObject({ code: 'STORE_SECRETS_LOCKED' });
    // The failed save wrote nothing.
    expect(store.environments.list(workspaceId).map((e) => e.id)).toEqual(['env-staging']);
  });

  it('exports without secret current values unless asked', () => {
    store.environments.save(workspaceId, staging());
    const plain = store.environments.export('env-staging', { includeCurrentValues: true });
    expect(plain.values.find((v) => v.key === 'apiKey')?.value).toBe('');
    expect(plain.values.find((v) => v.key === 'baseUrl')?.value).toBe('http://127.0.0.1:8080');
    const withSecrets = store.environments.export('env-staging', { includeCurrentValues: true, includeSecretCurrentValues: true });
    expect(withSecrets.values.find((v) => v.key === 'apiKey')?.value).toBe(SECRET);
    const initialOnly = store.environments.export('env-staging');
    expect(initialOnly.values.map((v) => v.value)).toEqual(['https://staging.example', '', 'x']);
  });

  it('imports Postman environment and globals exports through src/formats', () => {
    const env = store.environments.import(workspaceId, readFixture('staging.postman_environment.json'));
    expect(store.environments.get(env.id)).toEqual(env);
    const globals = store.environments.importGlobals(workspaceId, readFixture('workspace.postman_globals.json'));
    expect(store.environments.getGlobals(workspaceId).values).toEqual(globals.values);

    const other = store.workspaces.create('Other').id;
    expect(store.environments.getGlobals(other).values).toEqual([]);
    // The same export imported into a second workspace gets its own id.
    const copy = store.environments.import(other, readFixture('staging.postman_environment.json'));
    expect(copy.id).not.toBe(env.id);
    expect(store.environments.list(other)).toEqual([{ id: copy.id, name: env.name }]);
  });

  it('replaces every variable in one save and deletes an environment with its variables', () => {
    store.environments.save(workspaceId, staging());
    store.environments.save(workspaceId, { ...staging(), name: 'Renamed', values: [{ key: 'only', initialValue: '1', type: 'default', enabled: true }] });
    expect(store.environments.get('env-staging')).toEqual({ id: 'env-staging', name: 'Renamed', values: [{ key: 'only', initialValue: '1', type: 'default', enabled: true }] });
    store.environments.delete('env-staging');
    expect(thrown(() => store.environments.get('env-staging'))).toMatchObject({ code: 'STORE_NOT_FOUND' });
    store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM variables').get()).toEqual({ n: 0 });
    raw.close();
    store = openStore(file, { sealer });
  });

  it('keeps secret current values of collection variables sealed too', () => {
    const id = store.collections.put(workspaceId, {
      id: 'c',
      name: 'C',
      items: [],
      scripts: {},
      variables: [{ key: 'token', initialValue: '', currentValue: SECRET, type: 'secret', enabled: true }],
    });
    expect(store.collections.get(id).variables[0]?.currentValue).toBe(SECRET);
    store.close();
    expect(rawBytes(file).includes(Buffer.from(SECRET))).toBe(false);
    store = openStore(file, { sealer });
  });
});
