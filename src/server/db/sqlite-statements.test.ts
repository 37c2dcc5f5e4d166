import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedStatements } from './sqlite-statements.js';

describe('cached SQLite statements', () => {
  const handles: BetterSqlite3.Database[] = [];
  afterEach(() => {
    for (const handle of handles.splice(0)) if (handle.open) handle.close();
  });
  function open(): BetterSqlite3.Database {
    const handle = new BetterSqlite3(':memory:');
    handles.push(handle);
    handle.exec('create table t (id integer primary key, v text)');
    return handle;
  }

  it('hands out the same statement for the same SQL, with fresh parameters each time', () => {
    const db = cachedStatements(open());
    const insert = db.prepare('insert into t (v) values (?)');
    expect(db.prepare('insert into t (v) values (?)')).toBe(insert);
    insert.run(['a']);
    db.prepare('insert into t (v) values (?)').run(['b']);
    expect(db.prepare('select v from t order by id').all([])).toEqual([{ v: 'a' }, { v: 'b' }]);
  });

  it('gives a fresh statement while the cached one is busy being iterated', () => {
    const db = cachedStatements(open());
    db.prepare('insert into t (v) values (?)').run(['a']);
    db.prepare('insert into t (v) values (?)').run(['b']);
    const select = db.prepare('select v from t order by id');
    const seen: unknown[] = [];
    for (const row of select.iterate([])) {
      // The same SQL again mid-iteration must not reuse (and break) the busy statement.
      seen.push(row, db.prepare('select v from t order by id').all([]).length);
    }
    expect(seen).toEqual([{ v: 'a' }, 2, { v: 'b' }, 2]);
  });

  it('drops the least recently used statement past its size', () => {
    const db = cachedStatements(open(), 2);
    const first = db.prepare('select 1');
    const second = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(first); // now the most recent
    db.prepare('select 3'); // evicts "select 2"
    expect(db.prepare('select 1')).toBe(first);
    expect(db.prepare('select 2')).not.toBe(second);
  });

  it('closes the database', () => {
    const handle = open();
    cachedStatements(handle).close();
    expect(handle.open).toBe(false);
  });
});
