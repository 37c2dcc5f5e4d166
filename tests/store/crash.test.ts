import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { aesSealer, tempDir } from './support.js';
import { bundleChildScript } from '../support/child-script.js';

// Bundled under node_modules so it resolves its packages (better-sqlite3 is native; none are bundled).
let child = '';

beforeAll(async () => {
  child = await bundleChildScript('tests/store/crash-child.ts', 'postern-store');
});

describe('a crash half-way through an import', () => {
  it('leaves the previous collection whole when the process is killed inside the transaction', () => {
    const file = join(tempDir(), 'postern.db');
    const key = randomBytes(32);
    const store = openStore(file, { sealer: aesSealer(key) });
    const workspaceId = store.workspaces.create('Team').id;
    const collectionId = store.collections.put(workspaceId, {
      id: 'crash-me',
      name: 'Original',
      items: [{ kind: 'request', id: 'r1', name: 'Only', request: { method: 'GET', url: 'http://127.0.0.1/', query: [], pathVariables: [], headers: [], body: { mode: 'none' } }, responses: [], scripts: {} }],
      scripts: {},
      variables: [{ key: 'token', initialValue: '', currentValue: 'before', type: 'secret', enabled: true }],
    });
    const before = store.collections.get(collectionId);
    store.close();

    const run = spawnSync(process.execPath, [child, file, workspaceId, collectionId, key.toString('hex')], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('in-transaction\n');
    expect(run.signal).toBe('SIGKILL');

    const reopened = openStore(file, { sealer: aesSealer(key), fullCheck: true });
    expect(reopened.collections.get(collectionId)).toEqual(before);
    reopened.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM items').get()).toEqual({ n: 1 });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });
});
