import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PosternError } from '../../model/errors.js';

/**
 * The libraries scripts may `require()`, bundled for QuickJS at build time by
 * tools/bundle-sandbox-libs.mjs (keep the two lists the same; a test checks). Nothing else can be read:
 * a name is a key into this list, never a path.
 */
export const SANDBOX_LIBRARIES: readonly string[] = Object.freeze([
  'lodash',
  'crypto-js',
  'uuid',
  'moment',
  'chai',
  'ajv',
  'cheerio',
  'xml2js',
  'tv4',
  'buffer',
]);

const ALLOWED = new Set<string>(SANDBOX_LIBRARIES);
const PACKAGE_NAME = 'postern';
const BUILD_HINT = 'run npm run build';

interface ManifestEntry {
  readonly file: string;
  readonly sha256: string;
}

const sources = new Map<string, string>();
let cachedManifest: ReadonlyMap<string, ManifestEntry> | undefined;
let cachedDirectory: string | undefined;

export function isSandboxLibrary(name: string): boolean {
  return ALLOWED.has(name);
}

/**
 * The bundled source of a library: one script that, evaluated in a fresh context, yields the library's
 * export. undefined for any name outside SANDBOX_LIBRARIES. Throws FILE_UNREADABLE when the bundles
 * are missing or do not match their manifest.
 */
export function librarySource(name: string): string | undefined {
  if (!ALLOWED.has(name)) return undefined;
  const cached = sources.get(name);
  if (cached !== undefined) return cached;
  const entry = readManifest().get(name);
  const file = path.join(sandboxLibraryDirectory(), `${name}.js`);
  if (entry === undefined || entry.file !== `${name}.js`) {
    throw new PosternError('FILE_UNREADABLE', `sandbox library "${name}" is not in the bundle manifest; ${BUILD_HINT}`, { file });
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PosternError('FILE_UNREADABLE', `sandbox library "${name}" is not built; ${BUILD_HINT}`, { file }, { cause: error });
  }
  if (createHash('sha256').update(source, 'utf8').digest('hex') !== entry.sha256) {
    throw new PosternError('FILE_UNREADABLE', `sandbox library "${name}" does not match its manifest; ${BUILD_HINT}`, { file });
  }
  sources.set(name, source);
  return source;
}

/** dist/sandbox-libs under the package root, found from this module whether it runs from src/ or dist/. */
export function sandboxLibraryDirectory(): string {
  cachedDirectory ??= path.join(findPackageRoot(path.dirname(fileURLToPath(import.meta.url))), 'dist', 'sandbox-libs');
  return cachedDirectory;
}

function findPackageRoot(start: string): string {
  for (let directory = start; ; directory = path.dirname(directory)) {
    if (isPosternPackage(path.join(directory, 'package.json'))) return directory;
    if (path.dirname(directory) === directory) {
      throw new PosternError('FILE_UNREADABLE', `cannot find the ${PACKAGE_NAME} package root above ${start}`, { file: start });
    }
  }
}

function isPosternPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

function readManifest(): ReadonlyMap<string, ManifestEntry> {
  if (cachedManifest !== undefined) return cachedManifest;
  const file = path.join(sandboxLibraryDirectory(), 'manifest.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PosternError('FILE_UNREADABLE', `sandbox libraries are not built (no readable manifest); ${BUILD_HINT}`, { file }, { cause: error });
  }
  const entries = new Map<string, ManifestEntry>();
  if (typeof parsed === 'object' && parsed !== null) {
    for (const [name, value] of Object.entries(parsed)) {
      if (!ALLOWED.has(name) || typeof value !== 'object' || value === null) continue;
      const { file: entryFile, sha256 } = value as { file?: unknown; sha256?: unknown };
      if (typeof entryFile === 'string' && typeof sha256 === 'string') entries.set(name, { file: entryFile, sha256 });
    }
  }
  cachedManifest = entries;
  return entries;
}
