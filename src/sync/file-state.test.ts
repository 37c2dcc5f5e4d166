import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PosternError } from '../model/errors.js';
import { fileSyncState } from './file-state.js';
import { emptySyncState, memorySyncState, type SyncStateData } from './state.js';

function stateWith(lastSeq: number): SyncStateData {
  return {
    ...emptySyncState('ws_1'),
    lastSeq,
    elements: { env1: { id: 'env1', type: 'environment', revision: 2, seq: lastSeq, deleted: false, name: 'Dev', content: { name: 'Dev', values: [{ key: 'k', value: 'v', currentValue: 'local' }] } } },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'postern-sync-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file sync state', () => {
  it('answers null before anything was saved, then reads back what was saved', async () => {
    const store = fileSyncState(join(dir, 'nested', 'state.json'));
    expect(await store.load()).toBeNull();
    await store.save(stateWith(5));
    expect(await store.load()).toEqual(stateWith(5));
  });

  it('writes the file readable by its owner only and leaves no temp file behind', async () => {
    const file = join(dir, 'state.json');
    await fileSyncState(file).save(stateWith(1));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('replaces the file whole: a reader during many saves always sees a complete state, and the last save stays', async () => {
    const file = join(dir, 'state.json');
    const store = fileSyncState(file);
    await store.save(stateWith(0));
    const saves = Array.from({ length: 40 }, (_, i) => store.save(stateWith(i + 1)));
    const seen: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      seen.push((JSON.parse(readFileSync(file, 'utf8')) as SyncStateData).lastSeq);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(saves);
    expect(seen.every((seq) => Number.isInteger(seq))).toBe(true);
    expect((await store.load())?.lastSeq).toBe(40);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('ignores a temp file left by a crash mid-write', async () => {
    const file = join(dir, 'state.json');
    const store = fileSyncState(file);
    await store.save(stateWith(3));
    writeFileSync(`${file}.999.deadbeef.tmp`, '{"version":1,"workspa');
    expect((await store.load())?.lastSeq).toBe(3);
  });

  it('refuses a corrupt file with one line naming it', async () => {
    const file = join(dir, 'state.json');
    writeFileSync(file, '{"version":1,"workspa');
    const error = await fileSyncState(file).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosternError);
    expect((error as PosternError).code).toBe('STORE_CORRUPT');
    expect((error as PosternError).message).toContain(file);
    expect((error as PosternError).message).not.toContain('\n');

    writeFileSync(file, JSON.stringify({ ...stateWith(1), lastSeq: 'seven' }));
    const wrongShape = await fileSyncState(file).load().catch((e: unknown) => e);
    expect((wrongShape as PosternError).message).toMatch(new RegExp(`${file}.*lastSeq`));
  });

  it('says which file it cannot write', async () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const error = await fileSyncState(join(blocker, 'state.json')).save(stateWith(1)).catch((e: unknown) => e);
    expect((error as PosternError).code).toBe('FILE_UNWRITABLE');
    expect((error as PosternError).message).toContain(blocker);
  });
});

describe('memory sync state', () => {
  it('keeps detached copies', async () => {
    const store = memorySyncState();
    const state = stateWith(2);
    await store.save(state);
    (state as { lastSeq: number }).lastSeq = 99;
    const loaded = await store.load();
    expect(loaded?.lastSeq).toBe(2);
  });
});
