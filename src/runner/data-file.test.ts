import { describe, expect, it } from 'vitest';
import { isPosternError, type PosternError } from '../model/index.js';
import { parseCsvData, parseDataFile, parseJsonData } from './data-file.js';

function failure(run: () => unknown): PosternError {
  try {
    run();
  } catch (error) {
    if (isPosternError(error)) return error;
    throw error;
  }
  throw new Error('expected a PosternError');
}

describe('CSV data', () => {
  it('drops a byte order mark and keeps quoted commas, quotes and line breaks', () => {
    const rows = parseCsvData('\ufeffname,note\n"Lovelace, Ada","said ""hi""\nthen left"\nBob,plain\n', 'd.csv');
    expect(rows).toEqual([
      { name: 'Lovelace, Ada', note: 'said "hi"\nthen left' },
      { name: 'Bob', note: 'plain' },
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual(['name', 'note']);
  });

  it('reads numbers that read back exactly, and keeps the rest as text', () => {
    const [row] = parseCsvData('a,b,c,d,e,f\n42,1.5,007,1.50,"12",-3\n', 'd.csv');
    expect(row).toEqual({ a: 42, b: 1.5, c: '007', d: '1.50', e: '12', f: -3 });
  });

  it('handles CRLF line ends, blank lines and short rows', () => {
    expect(parseCsvData('a,b\r\n1,x\r\n\r\n2\r\n', 'd.csv')).toEqual([{ a: 1, b: 'x' }, { a: 2 }]);
  });

  it('names the line where an unclosed quote opens', () => {
    const error = failure(() => parseCsvData('a,b\n1,2\n3,"never closed\n4,5\n6,7\n', 'data.csv'));
    expect(error.where).toMatchObject({ file: 'data.csv', line: 3 });
    expect(error.toLine()).toBe('data.csv:3: invalid CSV: a quoted value opened on this line is never closed');
  });

  it('names the line of text after a closing quote, and a repeated column', () => {
    expect(failure(() => parseCsvData('a,b\n1,2\n"x"y,3\n', 'd.csv')).where.line).toBe(3);
    const repeated = failure(() => parseCsvData('id,name,id\n1,2,3\n', 'd.csv'));
    expect(repeated.toLine()).toBe('d.csv:1: column "id" appears twice in the header');
  });
});

describe('JSON data', () => {
  it('takes an array of objects', () => {
    expect(parseJsonData('[{"a":1,"b":{"c":true}},{"a":"x"}]', 'd.json')).toEqual([{ a: 1, b: { c: true } }, { a: 'x' }]);
  });

  it('names the line of a syntax error, a row that is not an object, and a document that is not an array', () => {
    expect(failure(() => parseJsonData('[\n  {"a": 1},\n  {"a": 2,}\n]', 'd.json')).where).toMatchObject({ file: 'd.json', line: 3 });
    const row = failure(() => parseJsonData('[\n  {"a": 1},\n  "oops"\n]', 'd.json'));
    expect(row.toLine()).toBe('d.json:3: [1]: iteration data row 2 is not an object');
    expect(failure(() => parseJsonData('{"a": 1}', 'd.json')).message).toMatch(/must be a JSON array of objects/);
  });
});

describe('data file kind', () => {
  it('goes by the extension, else by the first character', () => {
    expect(parseDataFile('[{"a":1}]', 'rows.json')).toEqual([{ a: 1 }]);
    expect(parseDataFile('a\n[1]\n', 'rows.csv')).toEqual([{ a: '[1]' }]);
    expect(parseDataFile('\ufeff[{"a":2}]', 'rows.txt')).toEqual([{ a: 2 }]);
    expect(parseDataFile('a,b\n1,2\n', 'rows.txt')).toEqual([{ a: 1, b: 2 }]);
  });
});
