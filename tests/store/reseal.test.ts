import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/model/index.js';
import { isPosternError } from '../../src/model/index.js';
import { SEALED_COLUMNS, openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { keyVersionOf, openVault } from '../../src/vault/index.js';
import type { PassphraseHeader, Vault } from '../../src/vault/index.js';
import { tempDir, thrown } from './support.js';

const PASSPHRASE = 'correct horse battery';
const HEADER_KEY = 'vault.passphrase-header';

function staging(): Environment {
  return {
    id: 'env-staging',
    name: 'Staging',
    values: [
      { key: 'apiKey', initialValue: '', currentValue: 'sk-live-1', type: 'secret', enabled: true },
      { key: 'baseUrl', initialValue: 'https://staging.example', currentValue: 'http://127.0.0.1:8080', type: 'default', enabled: true },
      { key: 'token', initialValue: '', currentValue: 'tok-2', type: 'secret', enabled: true },
    ],
  };
}

const SETTINGS = {
  clientCertificates: [
    { host: 'mtls.test', pfx: '/certs/client.p12', passphrase: 'pfx-pass-1' },
    { host: 'other.test', pfx: '/certs/other.p12', passphrase: 'pfx-pass-2' },
  ],
  proxy: { enabled: true, url: 'http://127.0.0.1:3128', password: 'proxy-pw' },
};

/** Every sealed blob in the file, keyed by table, column and rowid. */
function sealedBlobs(file: string): Map<string, Buffer> {
  const raw = new Database(file, { readonly: true });
  try {
    const blobs = new Map<string, Buffer>();
    for (const { table, column } of SEALED_COLUMNS) {
      const rows = raw.prepare<[], { rowid: number; blob: Buffer }>(`SELECT rowid AS rowid, ${column} AS blob FROM ${table} WHERE ${column} IS NOT NULL`).all();
      for (const row of rows) blobs.set(`${table}.${column}:${row.rowid}`, row.blob);
    }
    return blobs;
  } finally {
    raw.close();
  }
}

function savedHeader(store: Store): PassphraseHeader {
  const text = store.meta.get(HEADER_KEY);
  if (text === undefined) throw new Error('no vault header saved');
  return JSON.parse(text) as PassphraseHeader;
}

describe('store.resealAll with a real passphrase vault', () => {
  let file: string;
  let store: Store;
  let vault: Vault;
  let workspaceId: string;

  beforeEach(() => {
    file = join(tempDir(), 'postern.db');
    // The store exists before the vault, so the header is saved in its meta table (in whichever
    // store is open when the vault calls back: rotation saves it again).
    store = openStore(file);
    vault = openVault({ passphrase: PASSPHRASE, header: null, saveHeader: (header) => store.meta.set(HEADER_KEY, JSON.stringify(header)) });
    store.close();
    store = openStore(file, { sealer: vault });
    workspaceId = store.workspaces.create('Team').id;
    store.environments.save(workspaceId, staging());
    store.environments.saveGlobals(workspaceId, { id: 'globals', name: 'Globals', values: [{ key: 'g', initialValue: '', currentValue: 'global-secret', type: 'secret', enabled: true }] });
    store.settings.save(SETTINGS);
  });
  afterEach(() => {
    store.close();
    vault.close();
  });

  it('keeps metadata by key across a reopen', () => {
    expect(store.meta.get('missing')).toBeUndefined();
    store.meta.set('a', 'one');
    store.meta.set('a', 'two');
    store.meta.set('b', '{"x":1}');
    store.close();
    store = openStore(file, { sealer: vault });
    expect(store.meta.get('a')).toBe('two');
    expect(store.meta.get('b')).toBe('{"x":1}');
    store.meta.delete('a');
    expect(store.meta.get('a')).toBeUndefined();
  });

  it('rotates the key and reseals every value; a vault unlocked from the saved header opens them all', () => {
    const before = sealedBlobs(file);
    expect(before.size).toBe(6);
    for (const blob of before.values()) expect(keyVersionOf(blob)).toBe(1);

    let resealed = 0;
    const result = vault.rotate((reseal) => {
      resealed = store.resealAll(reseal);
    });
    expect(resealed).toBe(6);
    expect(result).toEqual({ keyVersion: 2, retiredVersions: [1], keptVersions: [] });

    store.close();
    vault.close();
    const after = sealedBlobs(file);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [where, blob] of after) {
      expect(keyVersionOf(blob), where).toBe(2);
      expect(blob.equals(before.get(where) ?? Buffer.alloc(0)), where).toBe(false);
    }

    const bare = openStore(file);
    const header = savedHeader(bare);
    bare.close();
    expect(header.current).toBe(2);
    expect(header.keys.map((entry) => entry.version)).toEqual([2]);
    vault = openVault({ passphrase: PASSPHRASE, header, saveHeader: () => undefined });
    expect(vault.keyVersion).toBe(2);
    store = openStore(file, { sealer: vault });
    expect(store.environments.get('env-staging')).toEqual(staging());
    expect(store.environments.getGlobals(workspaceId).values[0]?.currentValue).toBe('global-secret');
    const settings = store.settings.get();
    expect(settings.proxy.password).toBe('proxy-pw');
    expect(settings.clientCertificates.map((c) => c.passphrase)).toEqual(['pfx-pass-1', 'pfx-pass-2']);
  });

  it('writes nothing when a reseal throws half-way, and the old key stays current', () => {
    const before = sealedBlobs(file);
    let calls = 0;
    const failure = thrown(() =>
      vault.rotate((reseal) => {
        store.resealAll((sealed, aad) => {
          calls += 1;
          if (calls === 4) throw new Error('disk on fire');
          return reseal(sealed, aad);
        });
      }),
    );
    expect(calls).toBe(4);
    expect(isPosternError(failure) && failure.code).toBe('STORE_FAILURE');
    expect(String((failure as Error).message)).toContain('disk on fire');
    expect(vault.keyVersion).toBe(1);

    const after = sealedBlobs(file);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [where, blob] of after) expect(blob.equals(before.get(where) ?? Buffer.alloc(0)), where).toBe(true);
    // The saved header went back to the old key alone, so a fresh unlock still opens every value.
    expect(savedHeader(store).current).toBe(1);
    expect(savedHeader(store).keys.map((entry) => entry.version)).toEqual([1]);
    const header = savedHeader(store);
    store.close();
    vault.close();
    vault = openVault({ passphrase: PASSPHRASE, header, saveHeader: () => undefined });
    store = openStore(file, { sealer: vault });
    expect(store.environments.get('env-staging')).toEqual(staging());
    expect(store.settings.get().proxy.password).toBe('proxy-pw');
  });

  it('passes a vault failure through and writes nothing when a blob does not open', () => {
    const raw = new Database(file);
    // Move one certificate's blob onto the other row: its aad no longer matches.
    raw.exec(`UPDATE client_certificates SET passphrase_sealed = (SELECT passphrase_sealed FROM client_certificates WHERE host = 'mtls.test') WHERE host = 'other.test'`);
    raw.close();
    const before = sealedBlobs(file);
    const failure = thrown(() => vault.rotate((reseal) => store.resealAll(reseal)));
    expect(isPosternError(failure) && failure.code).toBe('VAULT_TAMPERED');
    const after = sealedBlobs(file);
    for (const [where, blob] of after) expect(blob.equals(before.get(where) ?? Buffer.alloc(0)), where).toBe(true);
    expect(vault.keyVersion).toBe(1);
  });
});
