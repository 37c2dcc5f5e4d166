import { readFileSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { CookieJar } from 'tough-cookie';
import { z } from 'zod';
import { CookieStore } from '../../engine/index.js';
import { importPostmanCollection, importPostmanEnvironment, importPostmanGlobals, parseJsonText } from '../../formats/index.js';
import { PosternError, type ClientCertificate, type Collection, type Environment, type Globals, type Variable } from '../../model/index.js';
import { parseDataFile, type DataRow } from '../../runner/index.js';

/** Reads a file given on the command line; a missing or unreadable one is one line naming it. */
export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory, not a file' : 'cannot be read';
    throw new PosternError('FILE_UNREADABLE', `${what} ${why}`, { file });
  }
}

export function loadCollection(file: string): Collection {
  return importPostmanCollection(readText(file, 'collection file'), { file });
}

export function loadEnvironment(file: string | undefined, overrides: ReadonlyArray<readonly [string, string]>): Environment | undefined {
  if (file === undefined && overrides.length === 0) return undefined;
  const environment = file === undefined ? { id: 'environment', name: 'environment', values: [] } : importPostmanEnvironment(readText(file, 'environment file'), { file });
  return { ...environment, values: withOverrides(environment.values, overrides) };
}

export function loadGlobals(file: string | undefined, overrides: ReadonlyArray<readonly [string, string]>): Globals | undefined {
  if (file === undefined && overrides.length === 0) return undefined;
  const globals = file === undefined ? { id: 'globals', name: 'globals', values: [] } : importPostmanGlobals(readText(file, 'globals file'), { file });
  return { ...globals, values: withOverrides(globals.values, overrides) };
}

/** `--env-var name=value`: replaces the variable's value for this run, or adds it. */
function withOverrides(values: readonly Variable[], overrides: ReadonlyArray<readonly [string, string]>): Variable[] {
  const out = values.map((variable) => ({ ...variable }));
  for (const [key, value] of overrides) {
    const existing = out.filter((variable) => variable.key === key);
    if (existing.length === 0) out.push({ key, initialValue: value, type: 'default', enabled: true });
    for (const variable of existing) {
      variable.initialValue = value;
      delete variable.currentValue;
      variable.enabled = true;
    }
  }
  return out;
}

export function loadData(file: string | undefined): DataRow[] | undefined {
  return file === undefined ? undefined : parseDataFile(readText(file, 'iteration data file'), file);
}

/** A tough-cookie jar as JSON (what `--export-cookie-jar` and newman write). */
export function loadCookieJar(file: string | undefined): CookieStore | undefined {
  if (file === undefined) return undefined;
  const text = readText(file, 'cookie jar file');
  parseJsonText(text, file);
  try {
    return new CookieStore(CookieJar.deserializeSync(text));
  } catch (error) {
    throw new PosternError('INVALID_INPUT', `not a cookie jar export (tough-cookie JSON): ${error instanceof Error ? error.message : String(error)}`, { file }, { cause: error });
  }
}

const SourceIn = z.union([z.string(), z.object({ src: z.string() })]);
const CertificateEntryIn = z.object({
  name: z.string().optional(),
  matches: z.array(z.string()).min(1, 'needs at least one URL pattern, e.g. "https://api.example.com/*"'),
  cert: SourceIn.optional(),
  key: SourceIn.optional(),
  pfx: SourceIn.optional(),
  passphrase: z.string().optional(),
});

/**
 * newman's `--ssl-client-cert-list`: `[{ name, matches: ["https://host:port/*"], cert: {src}, key: {src},
 * pfx: {src}, passphrase }]`. Each pattern becomes a certificate for that host and port (443 unless
 * given; `*.` covers one label). A pattern for any host (`https://* /*`) is refused: certificates are
 * offered to named hosts only.
 */
export function loadCertificateList(file: string | undefined, workingDir: string): ClientCertificate[] {
  if (file === undefined) return [];
  const document = parseJsonText(readText(file, 'client certificate list'), file);
  const parsed = z.array(CertificateEntryIn).safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
    throw new PosternError('INVALID_INPUT', `not a client certificate list: ${issue?.message ?? 'invalid'}`, { file, ...(path ? { path } : {}) });
  }
  const source = (value: z.infer<typeof SourceIn> | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const path = typeof value === 'string' ? value : value.src;
    return isAbsolute(path) ? path : resolvePath(workingDir, path);
  };
  const out: ClientCertificate[] = [];
  parsed.data.forEach((entry, index) => {
    const files = entry.pfx !== undefined ? { pfx: source(entry.pfx) } : { cert: source(entry.cert), key: source(entry.key) };
    if (entry.pfx === undefined && (files.cert === undefined || files.key === undefined)) {
      throw new PosternError('INVALID_INPUT', 'a client certificate needs "cert" and "key", or "pfx"', { file, path: `[${index}]` });
    }
    for (const pattern of entry.matches) {
      const { host, port } = hostOfPattern(pattern, file, index);
      out.push({ host, port, enabled: true, ...files, ...(entry.passphrase === undefined ? {} : { passphrase: entry.passphrase }) });
    }
  });
  return out;
}

function hostOfPattern(pattern: string, file: string, index: number): { host: string; port: number } {
  const match = /^(?:(\*|https?):\/\/)?([^/:]+)(?::(\d+))?(?:\/.*)?$/.exec(pattern.trim());
  const host = match?.[2];
  if (!match || host === undefined || host === '*' || (host.includes('*') && !/^\*\.[^*]+$/.test(host))) {
    throw new PosternError('INVALID_INPUT', `URL pattern "${pattern}" must name a host (or *.domain), e.g. "https://api.example.com/*"`, { file, path: `[${index}].matches` });
  }
  const port = match[3] === undefined ? 443 : Number(match[3]);
  return { host, port };
}
