import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './connect.js';
import { attachCheckpointer, startCheckpointer, type CheckpointResult, type Checkpointer, type CheckpointerOptions } from './sqlite-checkpointer.js';

const ROWS = 400;
const PAYLOAD = 'x'.repeat(3000); // most of a 4 KiB page per row: hundreds of WAL frames

describe('SQLite checkpoint worker', () => {
  const dirs: string[] = [];
  const handles: BetterSqlite3.Database[] = [];
  const checkpointers: Checkpointer[] = [];
  afterEach(async () => {
    for (const checkpointer of checkpointers.splice(0)) await checkpointer.close();
    for (const handle of handles.splice(0)) if (handle.open) handle.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function tempFile(): string {
    const dir = mkdtempSync(join(tmpdir(), 'postern-checkpoint-'));
    dirs.push(dir);
    return join(dir, 'server.db');
  }
  /** A main connection set up the way the server's is, with checkpoints handed to a worker. */
  function openMain(file: string, options: CheckpointerOptions = { intervalMs: 60_000 }): { handle: BetterSqlite3.Database; checkpointer: Checkpointer } {
    const handle = new BetterSqlite3(file);
    handles.push(handle);
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.exec('create table t (id integer primary key, v text not null)');
    const checkpointer = attachCheckpointer(handle, file, options);
    if (checkpointer === null) throw new Error('the checkpoint worker could not be created');
    checkpointers.push(checkpointer);
    return { handle, checkpointer };
  }
  function writeRows(handle: BetterSqlite3.Database): void {
    const insert = handle.prepare('insert or replace into t (id, v) values (?, ?)');
    for (let i = 0; i < ROWS; i++) handle.transaction(() => insert.run(i, `${PAYLOAD}${i}`))();
  }
  const walSize = (file: string): number => statSync(`${file}-wal`).size;
  const autocheckpoint = (handle: BetterSqlite3.Database): unknown => handle.pragma('wal_autocheckpoint', { simple: true });

  it('turns off the automatic checkpoint and checkpoints on request, leaving nothing for the main connection', async () => {
    const file = tempFile();
    const { handle, checkpointer } = openMain(file);
    expect(autocheckpoint(handle)).toBe(0);
    expect(handle.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
    writeRows(handle);
    // Without an automatic checkpoint every frame is still only in the WAL; the database file holds none of it.
    expect(statSync(file).size).toBeLessThan(ROWS * PAYLOAD.length);

    const result = await checkpointer.checkpointNow();
    expect(result.busy).toBe(false);
    expect(result.walFrames).toBeGreaterThan(ROWS);
    expect(result.checkpointedFrames).toBe(result.walFrames);
    expect(statSync(file).size).toBeGreaterThan(ROWS * PAYLOAD.length);
    // Nothing left to copy, and a TRUNCATE (which only resets what is checkpointed) empties the WAL.
    expect(handle.pragma('wal_checkpoint(PASSIVE)')).toEqual([{ busy: 0, log: result.walFrames, checkpointed: result.walFrames }]);
    const before = walSize(file);
    handle.pragma('wal_checkpoint(TRUNCATE)');
    expect(walSize(file)).toBeLessThan(before);
    expect(walSize(file)).toBe(0);
  });

  it('checkpoints on its timer too', async () => {
    const file = tempFile();
    const { handle } = openMain(file, { intervalMs: 20 });
    writeRows(handle);
    // The writes ran synchronously, before the worker could even start: only its timer can have
    // copied them into the database file since.
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(ROWS * PAYLOAD.length), { timeout: 20_000, interval: 20 });
    expect(autocheckpoint(handle)).toBe(0);
  });

  it('reports when it cannot copy every frame of a large WAL (a reader holds an old snapshot)', async () => {
    const file = tempFile();
    const handle = new BetterSqlite3(file);
    handles.push(handle);
    handle.pragma('journal_mode = WAL');
    handle.exec('create table t (id integer primary key, v text not null)');
    const reader = new BetterSqlite3(file, { readonly: true });
    handles.push(reader);
    reader.exec('begin');
    reader.prepare('select count(*) from t').get(); // the reader's snapshot: before any row
    const checkpointer = attachCheckpointer(handle, file, { intervalMs: 10, behindFrames: 50 });
    if (checkpointer === null) throw new Error('the checkpoint worker could not be created');
    checkpointers.push(checkpointer);
    const behind = new Promise<CheckpointResult>((resolveBehind) => checkpointer.onBehind(resolveBehind));
    writeRows(handle);
    const result = await behind;
    expect(result.walFrames).toBeGreaterThan(ROWS);
    expect(result.checkpointedFrames).toBeLessThan(result.walFrames);
    reader.exec('commit');
  });

  it('keeps the WAL bounded while commits land during the worker’s checkpoints', async () => {
    const file = tempFile();
    const { handle, checkpointer } = openMain(file, { intervalMs: 5, behindFrames: 200 });
    await checkpointer.checkpointNow(); // the worker is up
    const rows = 12 * ROWS;
    const insert = handle.prepare('insert into t (v) values (?)');
    for (let i = 0; i < rows; i++) {
      handle.transaction(() => insert.run(`${PAYLOAD}${i}`))();
      if (i % 20 === 19) await new Promise((resolveTimer) => setTimeout(resolveTimer, 1));
    }
    // Each commit adds at least one page-sized frame: a WAL that never restarted would exceed this.
    expect(walSize(file)).toBeLessThan(rows * PAYLOAD.length);
    expect(statSync(file).size).toBeGreaterThan((rows / 2) * PAYLOAD.length); // most rows are in the database file
  });

  it('keeps the main connection’s data intact for a fresh connection after checkpoints', async () => {
    const file = tempFile();
    const { handle, checkpointer } = openMain(file);
    writeRows(handle);
    await checkpointer.checkpointNow();
    handle.prepare('update t set v = ? where id = 7').run('changed after the checkpoint');
    await checkpointer.checkpointNow();
    const fresh = new BetterSqlite3(file, { readonly: true });
    handles.push(fresh);
    expect(fresh.prepare('select count(*) as n from t').get()).toEqual({ n: ROWS });
    expect(fresh.prepare('select v from t where id = 7').get()).toEqual({ v: 'changed after the checkpoint' });
    expect(fresh.prepare('select v from t where id = 399').get()).toEqual({ v: `${PAYLOAD}399` });
    expect(fresh.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('gives the main connection its automatic checkpoint back when the worker cannot start', async () => {
    const file = tempFile();
    const handle = new BetterSqlite3(file);
    handles.push(handle);
    handle.pragma('journal_mode = WAL');
    const checkpointer = attachCheckpointer(handle, file, { driverPath: join(tmpdir(), 'no-such-driver', 'index.js') });
    expect(checkpointer).not.toBeNull();
    const failed = new Promise<Error>((resolveFailure) => checkpointer?.onFailure(resolveFailure));
    expect((await failed).message).toMatch(/^SQLite checkpoint worker for .*server\.db stopped: Cannot find module/);
    expect(checkpointer?.running).toBe(false);
    expect(autocheckpoint(handle)).toBe(1000);
    await expect(checkpointer?.checkpointNow()).rejects.toThrow(/stopped/);
  });

  it('fails (and so would fall back) when the database file does not exist', async () => {
    const checkpointer = startCheckpointer(tempFile());
    checkpointers.push(checkpointer);
    const failed = new Promise<Error>((resolveFailure) => checkpointer.onFailure(resolveFailure));
    expect((await failed).message).toMatch(/stopped: SQLITE_CANTOPEN$/);
    expect(checkpointer.running).toBe(false);
  });

  it('does not keep the process alive, and close() ends the worker and its connection', async () => {
    const ports = (): number => process.getActiveResourcesInfo().filter((name) => name === 'MessagePort').length;
    const portsBefore = ports();
    const file = tempFile();
    const { handle, checkpointer } = openMain(file);
    writeRows(handle);
    await checkpointer.checkpointNow(); // the worker is surely up
    expect(ports()).toBe(portsBefore); // unref()ed: a running worker is no active handle
    const answer = checkpointer.checkpointNow();
    expect(ports()).toBe(portsBefore + 1); // but one awaiting an answer is
    await answer;
    expect(ports()).toBe(portsBefore);

    await checkpointer.close();
    expect(checkpointer.running).toBe(false);
    await expect(checkpointer.checkpointNow()).rejects.toThrow(/closed/);
    await checkpointer.close(); // twice is fine
    // SQLite deletes the WAL only when the last connection to the file closes: the worker's is gone.
    handle.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('is what openDatabase uses for a SQLite file, and closing the database stops it', async () => {
    const file = tempFile();
    const database = await openDatabase({ sqliteFile: file });
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
    expect(rows).toEqual([{ wal_autocheckpoint: 0 }]);
    await sql`create table t (id integer primary key)`.execute(database.db);
    await database.close();
    expect(existsSync(`${file}-wal`)).toBe(false); // both connections closed
  });
});
