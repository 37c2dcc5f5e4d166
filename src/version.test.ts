import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POSTERN_VERSION } from './version.js';

describe('POSTERN_VERSION', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(POSTERN_VERSION).toBe(pkg.version);
  });
});
