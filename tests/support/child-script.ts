/**
 * Bundles a TypeScript entry (relative to the repo root) into one ESM file under node_modules/.cache,
 * so tests can run it in a child process with plain `node`. npm packages stay external (native modules
 * and lazily-required CommonJS ones), resolved from the repo's node_modules.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function bundleChildScript(entry: string, cacheName: string): Promise<string> {
  const outfile = join(REPO_ROOT, 'node_modules/.cache', cacheName, `${entry.split('/').pop()?.replace(/\.ts$/, '')}.mjs`);
  await build({
    entryPoints: [join(REPO_ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  return outfile;
}
