import type { RegistryKey, RegistryValue } from './registry.js';

/** Why a line of a .reg file could not be read, with its line number. */
export class RegFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses a Registry Editor export (`.reg`, "Windows Registry Editor Version 5.00"): UTF-16LE with a BOM
 * as regedit writes it, or UTF-8. Gives the same shape as `reg query` output, so one reader serves both.
 */
export function parseRegFile(bytes: Buffer): RegistryKey[] {
  const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8').replace(/^\uFEFF/, '');
  const physical = text.split(/\r?\n/);
  if (!/^(Windows Registry Editor Version 5\.00|REGEDIT4)\s*$/.test(physical[0] ?? '')) {
    throw new RegFileError(1, 'expected "Windows Registry Editor Version 5.00" on the first line');
  }
  const keys: RegistryKey[] = [];
  let current: RegistryKey | undefined;
  for (let i = 1; i < physical.length; i++) {
    const lineNo = i + 1;
    let line = physical[i] ?? '';
    // Long hex values continue on the next line after a trailing backslash.
    while (/,\\\s*$/.test(line) && i + 1 < physical.length) line = line.replace(/\\\s*$/, '') + (physical[++i] ?? '').trim();
    if (line.trim() === '' || line.trimStart().startsWith(';')) continue;
    const section = /^\[(-?)(.+)\]\s*$/.exec(line);
    if (section) {
      current = section[1] === '-' ? undefined : { path: section[2] ?? '', values: [] };
      if (current) keys.push(current);
      continue;
    }
    if (!current) throw new RegFileError(lineNo, 'a value before any [key] line');
    current.values.push(parseValueLine(line, lineNo));
  }
  return keys;
}

function parseValueLine(line: string, lineNo: number): RegistryValue {
  let name: string;
  let rest: string;
  if (line.startsWith('@=')) {
    name = '';
    rest = line.slice(2);
  } else {
    const quoted = readQuoted(line, 0, lineNo);
    name = quoted.value;
    if (line[quoted.end] !== '=') throw new RegFileError(lineNo, `expected = after "${name}"`);
    rest = line.slice(quoted.end + 1);
  }
  if (rest.startsWith('"')) {
    const quoted = readQuoted(rest, 0, lineNo);
    return { name, type: 'REG_SZ', data: quoted.value };
  }
  const dword = /^dword:([0-9a-fA-F]{1,8})\s*$/.exec(rest);
  if (dword) return { name, type: 'REG_DWORD', data: Number.parseInt(dword[1] ?? '0', 16) };
  const hex = /^hex(?:\(([0-9a-fA-F]+)\))?:([0-9a-fA-F,\s]*)$/.exec(rest);
  if (hex) {
    const bytes = Buffer.from((hex[2] ?? '').split(',').map((b) => b.trim()).filter((b) => b !== '').map((b) => Number.parseInt(b, 16)));
    const kind = hex[1] === undefined ? 3 : Number.parseInt(hex[1], 16);
    if (kind === 7) return { name, type: 'REG_MULTI_SZ', data: bytes.toString('utf16le').split('\0').filter((s) => s !== '') };
    if (kind === 2 || kind === 1) return { name, type: kind === 2 ? 'REG_EXPAND_SZ' : 'REG_SZ', data: bytes.toString('utf16le').replace(/\0+$/, '') };
    if (kind === 4 && bytes.length === 4) return { name, type: 'REG_DWORD', data: bytes.readUInt32LE(0) };
    return { name, type: 'REG_BINARY', data: new Uint8Array(bytes) };
  }
  if (rest === '-') throw new RegFileError(lineNo, `"${name}" deletes a value; a policy profile only sets values`);
  throw new RegFileError(lineNo, `cannot read the value of "${name}": expected "text", dword:XXXXXXXX or hex(N):…`);
}

function readQuoted(text: string, start: number, lineNo: number): { value: string; end: number } {
  if (text[start] !== '"') throw new RegFileError(lineNo, 'expected a quoted name');
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      value += text[i + 1] ?? '';
      i++;
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw new RegFileError(lineNo, 'a quoted string is not closed');
}
