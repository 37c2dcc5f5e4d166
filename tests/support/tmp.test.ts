import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from './tmp.js';

describe('makeTempDir', () => {
  it('makes a fresh directory under the OS temp dir and removes it on cleanup', () => {
    const temp = makeTempDir('postern-tmp-test-');
    expect(path.dirname(temp.path)).toBe(os.tmpdir());
    expect(path.basename(temp.path)).toMatch(/^postern-tmp-test-/);
    expect(fs.statSync(temp.path).isDirectory()).toBe(true);

    const file = temp.write('nested/dir/a.txt', 'hello');
    expect(file).toBe(path.join(temp.path, 'nested', 'dir', 'a.txt'));
    expect(fs.readFileSync(file, 'utf8')).toBe('hello');
    expect(temp.file('b.bin')).toBe(path.join(temp.path, 'b.bin'));
    expect(fs.existsSync(temp.file('b.bin'))).toBe(false);

    temp.cleanup();
    expect(fs.existsSync(temp.path)).toBe(false);
    expect(() => temp.cleanup()).not.toThrow();
  });

  it('gives each call its own directory', () => {
    const a = makeTempDir();
    const b = makeTempDir();
    try {
      expect(a.path).not.toBe(b.path);
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });

  it('refuses names that escape the directory', () => {
    const temp = makeTempDir();
    try {
      expect(() => temp.write('../escaped.txt', 'x')).toThrow(/escapes/);
      expect(() => temp.file('/etc/passwd')).toThrow(/escapes/);
      expect(fs.existsSync(path.join(path.dirname(temp.path), 'escaped.txt'))).toBe(false);
    } finally {
      temp.cleanup();
    }
  });
});
