import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult, CommandRunner, EffectiveEntry, EffectivePolicy } from '../../src/policy/index.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function fixture(...parts: string[]): Promise<string> {
  return readFile(join(FIXTURES, ...parts), 'utf8');
}

export function entry(policy: EffectivePolicy, key: string): EffectiveEntry {
  const found = policy.entries.find((e) => e.key === key);
  if (!found) throw new Error(`no entry ${key}`);
  return found;
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'postern-policy-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** reg.exe's message for a missing key, in German: the reader must not depend on the English text. */
const NOT_FOUND: CommandResult = { code: 1, stdout: '', stderr: 'FEHLER: Der angegebene Registrierungsschlüssel bzw. Wert wurde nicht gefunden.\r\n' };
const LONG: Readonly<Record<string, string>> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };
const longName = (key: string): string => key.replace(/^(HKLM|HKCU)/, (hive) => LONG[hive] ?? hive);

/**
 * A fake `reg`: `reg query KEY /s` answers with captured output per key; `reg query PARENT` lists the
 * subkeys that exist (as reg.exe does), so a missing key can be told from a failing one. Records calls.
 */
export function fakeReg(outputs: Readonly<Record<string, string | CommandResult>>): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = async (file: string, args: readonly string[]): Promise<CommandResult> => {
    calls.push([file, ...args]);
    const key = args[1] ?? '';
    if (args.length === 2) {
      const children = Object.keys(outputs).filter((k) => k.toLowerCase().startsWith(`${key.toLowerCase()}\\`)).map(longName);
      return { code: 0, stdout: `\r\n${longName(key)}\r\n    (Default)    REG_SZ    (value not set)\r\n\r\n${children.map((c) => `${c}\r\n`).join('')}${longName(key)}\\Microsoft\r\n`, stderr: '' };
    }
    const out = outputs[key];
    if (out === undefined) return NOT_FOUND;
    return typeof out === 'string' ? { code: 0, stdout: out, stderr: '' } : out;
  };
  return Object.assign(run, { calls });
}
