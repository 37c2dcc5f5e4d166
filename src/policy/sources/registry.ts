import { execFile } from 'node:child_process';
import type { PolicyDocument, PolicyLevel } from '../types.js';

export const WINDOWS_POLICY_KEYS: ReadonlyArray<{ readonly key: string; readonly level: PolicyLevel }> = [
  { key: 'HKLM\\SOFTWARE\\Policies\\Postern', level: 'machine' },
  { key: 'HKCU\\SOFTWARE\\Policies\\Postern', level: 'user' },
];

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
/** Runs a program without a shell; tests pass a fake that returns captured output. */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<CommandResult>;

export const execRunner: CommandRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { windowsHide: true, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: error && !stderr ? error.message : String(stderr) });
    });
  });

export interface RegistryValue {
  readonly name: string;
  readonly type: string;
  readonly data: string | number | readonly string[] | Uint8Array;
}
export interface RegistryKey {
  readonly path: string;
  readonly values: RegistryValue[];
}

const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z_0-9]+)(?: {4}(.*))?$/;

/** Parses the text `reg query KEY /s` prints: key lines, then indented `name    TYPE    data` lines. */
export function parseRegQuery(text: string): RegistryKey[] {
  const keys: RegistryKey[] = [];
  let current: RegistryKey | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (/^HKEY_/.test(line)) {
      current = { path: line.trim(), values: [] };
      keys.push(current);
      continue;
    }
    const m = VALUE_LINE.exec(line);
    if (!m || !current) continue;
    const [, name = '', type = '', data = ''] = m;
    current.values.push({ name: name === '(Default)' ? '' : name, type, data: decode(type, data) });
  }
  return keys;
}

function decode(type: string, data: string): RegistryValue['data'] {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
      return Number.parseInt(data, 16);
    case 'REG_BINARY':
      return Buffer.from(data, 'hex');
    case 'REG_MULTI_SZ':
      return data === '' ? [] : data.split('\\0').filter((part, i, all) => !(part === '' && i === all.length - 1));
    default:
      return data;
  }
}

/**
 * Policy values from a parsed registry tree: values of the root key, and a subkey per list whose
 * values named 1, 2, 3… are its items in order (what ADMX `<list>` writes).
 */
export function registryToValues(root: string, keys: readonly RegistryKey[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const rootKey = keys.find((k) => k.path.toLowerCase() === root.toLowerCase());
  for (const v of rootKey?.values ?? []) if (v.name !== '') values[v.name] = v.data;
  const prefix = `${root.toLowerCase()}\\`;
  for (const key of keys) {
    if (!key.path.toLowerCase().startsWith(prefix)) continue;
    const name = key.path.slice(prefix.length);
    if (name.includes('\\')) continue;
    const items = key.values
      .filter((v) => v.name !== '')
      .sort((a, b) => Number(a.name) - Number(b.name) || a.name.localeCompare(b.name))
      .map((v) => v.data);
    values[name] = items;
  }
  return values;
}

const LONG_ROOT: Readonly<Record<string, string>> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };

/** Reads both policy keys with `reg query /s`. A key that does not exist holds no policy. */
export async function readRegistryPolicies(run: CommandRunner = execRunner): Promise<PolicyDocument[]> {
  const docs: PolicyDocument[] = [];
  for (const { key, level } of WINDOWS_POLICY_KEYS) {
    const [hive = '', ...rest] = key.split('\\');
    const longKey = [LONG_ROOT[hive] ?? hive, ...rest].join('\\');
    const result = await run('reg', ['query', key, '/s']);
    if (result.code !== 0) {
      if (await keyIsAbsent(run, key, longKey)) continue;
      docs.push({ level, origin: longKey, format: 'registry', error: `reg query failed (exit ${result.code}): ${firstLine(result.stderr || result.stdout)}` });
      continue;
    }
    docs.push({ level, origin: longKey, format: 'registry', values: registryToValues(longKey, parseRegQuery(result.stdout)) });
  }
  return docs;
}

/**
 * reg.exe's "unable to find" message is translated, so a failed query is told apart from a missing
 * key by listing the parent (`SOFTWARE\Policies` always exists): absent there means no policy.
 */
async function keyIsAbsent(run: CommandRunner, key: string, longKey: string): Promise<boolean> {
  const parent = key.slice(0, key.lastIndexOf('\\'));
  const listing = await run('reg', ['query', parent]);
  if (listing.code !== 0) return false;
  return !parseRegQuery(listing.stdout).some((k) => k.path.toLowerCase() === longKey.toLowerCase());
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0] ?? '';
}
