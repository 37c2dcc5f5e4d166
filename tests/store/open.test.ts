import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PosternError } from '../../src/model/index.js';
import { SCHEMA_VERSION, openStore } from '../../src/store/index.js';
import { tempDir, thrown } from './support.js';

describe('opening the store', () => {
  it('creates the file, migrates it to the current version and turns on WAL and foreign keys', () => {
    const file = join(tempDir(), 'postern.db');
    const store = openStore(file);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    store.workspaces.create('Team');
    expect(existsSync(`${file}-wal`)).toBe(true);
    store.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = raw.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['workspaces', 'collections', 'items', 'environments', 'variables', 'history', 'cookie_jar', 'client_certificates', 'app_settings']));
    raw.close();
  });

  it('reopens a migrated file without running the migrations again and keeps its data', () => {
    const file = join(tempDir(), 'postern.db');
    const first = openStore(file);
    const workspace = first.workspaces.create('Kept');
    first.close();
    const second = openStore(file);
    expect(second.workspaces.list().map((w) => w.id)).toEqual([workspace.id]);
    second.close();
  });

  it('enforces foreign keys: a collection cannot point at a missing workspace', () => {
    const store = openStore(join(tempDir(), 'postern.db'));
    const error = thrown(() => store.collections.create('no-such-workspace', 'Orphan'));
    expect(error).toBeInstanceOf(PosternError);
    expect((error as PosternError).code).toBe('STORE_NOT_FOUND');
    store.close();
  });

  it('refuses a database from a newer Postern, naming the file and both versions, and leaves it untouched', () => {
    const file = join(tempDir(), 'future.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE from_the_future (x)');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();

    const error = thrown(() => openStore(file));
    expect(error).toBeInstanceOf(PosternError);
    const failure = error as PosternError;
    expect(failure.code).toBe('STORE_TOO_NEW');
    expect(failure.where.file).toBe(file);
    expect(failure.message).toContain(`schema version ${SCHEMA_VERSION + 5}`);
    expect(failure.message).toContain(`up to ${SCHEMA_VERSION}`);

    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'workspaces'").get()).toBeUndefined();
    after.close();
  });

  it('calls a file of garbage bytes corrupt and names it', () => {
    const file = join(tempDir(), 'garbage.db');
    writeFileSync(file, Buffer.from('this is not SQLite at all, just some bytes '.repeat(200)));
    const error = thrown(() => openStore(file));
    expect(error).toBeInstanceOf(PosternError);
    expect((error as PosternError).code).toBe('STORE_CORRUPT');
    expect((error as PosternError).where.file).toBe(file);
    expect((error as PosternError).toLine()).toContain('garbage.db');
  });

  it('says which folder is missing instead of failing obscurely', () => {
    const file = join(tempDir(), 'nope', 'postern.db');
    const error = thrown(() => openStore(file));
    expect((error as PosternError).code).toBe('FILE_UNWRITABLE');
    expect((error as PosternError).message).toContain('does not exist');
  });

  it('finds damage inside a valid header when asked for a full check', () => {
    const file = join(tempDir(), 'damaged.db');
    const store = openStore(file);
    const workspace = store.workspaces.create('W');
    for (let i = 0; i < 200; i++) store.collections.create(workspace.id, `Collection ${i} ${'x'.repeat(200)}`);
    store.close();
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    const pageSize = Number(raw.pragma('page_size', { simple: true }));
    raw.close();
    // Overwrite the third page onward (table and index b-trees) with noise, keeping page 1 (header, schema).
    const bytes = Buffer.from(readFileSync(file));
    bytes.fill(0x5a, pageSize * 2, pageSize * 6);
    writeFileSync(file, bytes);
    const error = thrown(() => openStore(file, { fullCheck: true }));
    expect((error as PosternError).code).toBe('STORE_CORRUPT');
    expect((error as PosternError).where.file).toBe(file);
  });
});

