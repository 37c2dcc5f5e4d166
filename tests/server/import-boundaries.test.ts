/**
 * The team server is a separate deployable: it shares src/model and src/formats with the desktop and
 * nothing else (ARCHITECTURE.md), and only the CLI's `server` command reaches into it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER = join(ROOT, 'src/server');
const SHARED = ['src/model/', 'src/formats/', 'src/version.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return found.map((spec) => relative(ROOT, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
}

describe('team server import boundaries', () => {
  it('src/server imports only itself, src/model, src/formats and the version', () => {
    const outside: string[] = [];
    for (const file of sourceFiles(SERVER)) {
      for (const target of relativeImports(file)) {
        if (target.startsWith('src/server/') || SHARED.some((shared) => target.startsWith(shared) || target === shared)) continue;
        outside.push(`${relative(ROOT, file)} → ${target}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('nothing of the desktop app imports src/server (only the CLI server command does)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const path = relative(ROOT, file);
      if (path.startsWith('src/server/') || path.startsWith('src/cli/server/')) continue;
      for (const target of relativeImports(file)) if (target.startsWith('src/server/')) offenders.push(`${path} → ${target}`);
    }
    expect(offenders).toEqual([]);
  });
});
