import { describe, expect, it } from 'vitest';
import { PosternError } from '../model/index.js';
import { formatJsonPath } from './json-path.js';
import { lineOfJsonPath, parseJsonText, positionAt } from './json-text.js';

function message(text: string): string {
  try {
    parseJsonText(text, 'f.json');
  } catch (error) {
    if (error instanceof PosternError) return error.toLine();
  }
  return 'no error';
}

describe('parseJsonText', () => {
  it('parses JSON, with or without a byte order mark', () => {
    expect(parseJsonText('\ufeff{"a": [1, "x"]}')).toEqual({ a: [1, 'x'] });
  });

  it.each([
    ['{\n  "a": 1,\n}', 'f.json:3: invalid JSON at line 3, column 1: expected a property name in double quotes'],
    ['{\n  "a": tru\n}', 'f.json:2: invalid JSON at line 2, column 8: unexpected character'],
    ['[1, 2', "f.json:1: invalid JSON at line 1, column 6: expected ',' or ']'"],
    ['{"a": 1 "b": 2}', "f.json:1: invalid JSON at line 1, column 9: expected ','"],
    ['{"a": 1} 2', 'f.json:1: invalid JSON at line 1, column 10: unexpected text after the end of the JSON value'],
    ['{"a": 1} x', 'f.json:1: invalid JSON at line 1, column 10: unexpected character'],
    ['{"a": "x\ny"}', 'f.json:1: invalid JSON at line 1, column 7: unterminated string'],
    [String.raw`{"a": "\u12"}`, 'f.json:1: invalid JSON at line 1, column 7: invalid \\u escape'],
    ['// note\n{}', 'f.json:1: invalid JSON at line 1, column 1: comments are not allowed in JSON'],
    ['', 'f.json: the file is empty, expected JSON'],
  ])('names the line and column: %j', (text, line) => {
    expect(message(text)).toBe(line);
  });
});

describe('JSON paths and lines', () => {
  it('formats paths the way people write them', () => {
    expect(formatJsonPath(['item', 3, 'request', 'url'])).toBe('item[3].request.url');
    expect(formatJsonPath([2, 'key'])).toBe('[2].key');
    expect(formatJsonPath(['header', 'x-y', 'value'])).toBe('header["x-y"].value');
  });

  it('finds the line of a path, or of its nearest existing parent', () => {
    const text = '{\n  "item": [\n    {\n      "url": 5\n    }\n  ]\n}';
    expect(lineOfJsonPath(text, ['item', 0, 'url'])).toBe(4);
    expect(lineOfJsonPath(text, ['item', 0, 'missing'])).toBe(3);
    expect(positionAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
