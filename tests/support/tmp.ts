/**
 * Throwaway directories for tests: made under the OS temp dir, removed by `cleanup()` (call it from
 * afterAll/afterEach). Removal is forceful and idempotent so a half-failed test still cleans up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempDir {
  /** Absolute path of the directory. */
  readonly path: string;
  /** Absolute path of `name` inside the directory (nothing is created). */
  file(name: string): string;
  /** Writes `data` to `name` inside the directory (parents made as needed); returns its absolute path. */
  write(name: string, data: string | Uint8Array): string;
  /** Deletes the directory and everything in it. Safe to call twice. */
  cleanup(): void;
}

export function makeTempDir(prefix = 'postern-test-'): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const inside = (name: string): string => {
    const full = path.resolve(dir, name);
    // Keep writes inside the temp dir so a stray '../' in a test cannot touch the repo.
    if (full !== dir && !full.startsWith(dir + path.sep)) {
      throw new Error(`temp file name escapes the temp dir: ${name}`);
    }
    return full;
  };
  return {
    path: dir,
    file: inside,
    write(name, data) {
      const full = inside(name);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, data);
      return full;
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
