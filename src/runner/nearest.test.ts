import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from './nearest.js';

describe('nearest', () => {
  it('measures edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests a likely typo and nothing for something unrelated', () => {
    const flags = ['--iteration-count', '--iteration-data', '--environment', '--folder'];
    expect(nearest('--itteration-count', flags)).toBe('--iteration-count');
    expect(nearest('--enviroment', flags)).toBe('--environment');
    expect(nearest('--FOLDER', flags)).toBe('--folder');
    expect(nearest('--zzzzzzzz', flags)).toBeUndefined();
    expect(nearest('x', [])).toBeUndefined();
  });
});
