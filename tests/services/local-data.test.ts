import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Environment } from '../../src/model/index.js';
import { isPosternError } from '../../src/model/index.js';
import { DATABASE_FILE, PASSPHRASE_HEADER_KEY, VAULT_PROTECTION_KEY, openLocalData } from '../../src/services/index.js';
import type { LocalData } from '../../src/services/index.js';
import { keyVersionOf } from '../../src/vault/index.js';

const PASSPHRASE = 'correct horse battery';
const SECRET = 'sk-live-90ab1c';

function production(): Environment {
  return {
    id: 'env-prod',
    name: 'Production',
    values: [
      { key: 'apiKey', initialValue: '', currentValue: SECRET, type: 'secret', enabled: true },
      { key: 'baseUrl', initialValue: 'https://api.example', type: 'default', enabled: true },
    ],
  };
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isPosternError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a failure, but none was thrown');
}

/** The bytes of the database and of its WAL and shared-memory files, where they exist. */
function databaseFiles(directory: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
    const path = join(directory, name);
    if (existsSync(path)) files[name] = readFileSync(path).toString('hex');
  }
  return files;
}

describe('openLocalData with a passphrase', () => {
  let directory = '';
  let data: LocalData | undefined;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'postern-local-'));
  });
  afterEach(() => {
    data?.close();
    data = undefined;
    rmSync(directory, { recursive: true, force: true });
  });

  function create(): string {
    data = openLocalData({ directory, passphrase: PASSPHRASE });
    const workspaceId = data.store.workspaces.create('Team').id;
    data.store.environments.save(workspaceId, production());
    data.close();
    data = undefined;
    return workspaceId;
  }

  it('creates the database and its vault, and opens the secret again after a reopen', () => {
    create();
    const file = readFileSync(join(directory, DATABASE_FILE));
    expect(file.includes(Buffer.from(SECRET))).toBe(false);
    data = openLocalData({ directory, passphrase: PASSPHRASE });
    expect(data.vault.protection).toBe('passphrase');
    expect(data.store.meta.get(VAULT_PROTECTION_KEY)).toBe('passphrase');
    const header: unknown = JSON.parse(data.store.meta.get(PASSPHRASE_HEADER_KEY) ?? 'null');
    expect(header).toMatchObject({ kdf: 'scrypt', current: 1 });
    expect(data.store.environments.get('env-prod')).toEqual(production());
  });

  it('refuses a wrong passphrase without touching the database', () => {
    create();
    const before = databaseFiles(directory);
    expect(Object.keys(before)).toEqual([DATABASE_FILE]);
    expect(errorCode(() => openLocalData({ directory, passphrase: 'wrong horse battery' }))).toBe('VAULT_WRONG_PASSPHRASE');
    expect(databaseFiles(directory)).toEqual(before);
    // The database was closed on the way out: the right passphrase still opens it.
    data = openLocalData({ directory, passphrase: PASSPHRASE });
    expect(data.store.environments.get('env-prod').values[0]?.currentValue).toBe(SECRET);
  });

  it('rotates the key: values are resealed, and a reopen with the passphrase opens them', () => {
    const workspaceId = create();
    data = openLocalData({ directory, passphrase: PASSPHRASE });
    data.store.settings.save({ proxy: { enabled: true, url: 'http://127.0.0.1:3128', password: 'proxy-pw' } });
    const rotation = data.rotateKey();
    expect(rotation).toEqual({ keyVersion: 2, retiredVersions: [1], keptVersions: [], resealedValues: 2 });
    expect(data.vault.keyVersion).toBe(2);
    data.close();
    data = openLocalData({ directory, passphrase: PASSPHRASE });
    expect(data.vault.keyVersion).toBe(2);
    expect(data.store.environments.get('env-prod')).toEqual(production());
    expect(data.store.settings.get().proxy.password).toBe('proxy-pw');
    // New values are sealed under the new key too.
    data.store.environments.saveGlobals(workspaceId, { id: 'globals', name: 'Globals', values: [{ key: 'g', initialValue: '', currentValue: 'x', type: 'secret', enabled: true }] });
    expect(data.rotateKey()).toMatchObject({ keyVersion: 3, resealedValues: 3 });
    const versions: number[] = [];
    data.store.resealAll((sealed) => {
      versions.push(keyVersionOf(sealed));
      return sealed;
    });
    expect(versions).toEqual([3, 3, 3]);
  });

  it('refuses to open a passphrase database with the keychain, and the reverse mix of options', () => {
    create();
    expect(errorCode(() => openLocalData({ directory }))).toBe('VAULT_LOCKED');
    expect(errorCode(() => openLocalData({ directory, keychain: true, passphrase: PASSPHRASE }))).toBe('INVALID_INPUT');
    expect(errorCode(() => openLocalData({ directory, keychain: false }))).toBe('INVALID_INPUT');
  });

  it('names a missing data folder', () => {
    expect(errorCode(() => openLocalData({ directory: join(directory, 'nope'), passphrase: PASSPHRASE }))).toBe('FILE_UNWRITABLE');
  });
});
