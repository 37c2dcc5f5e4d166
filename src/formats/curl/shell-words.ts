import { PosternError } from '../../model/index.js';
import { positionAt } from '../json-text.js';

/**
 * Splits a pasted shell command into words the way a POSIX shell (bash) would: single and double quotes,
 * backslash escapes, backslash-newline continuations, ANSI-C `$'…'` strings and `#` comments. It stops at
 * the first unquoted control operator (`|`, `;`, `&`, `<`, `>`): what follows is another command or a
 * redirection, never part of this one. Variables and globs are left as typed; nothing is expanded.
 */

export interface ShellWords {
  readonly words: string[];
  /** The text from the first unquoted control operator on, when there is one. */
  readonly rest?: string;
}

const SPACE = new Set([' ', '\t', '\n', '\r']);
const OPERATORS = new Set(['|', ';', '&', '<', '>']);
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

function unterminated(text: string, start: number, what: string): PosternError {
  const { line, column } = positionAt(text, start);
  return new PosternError('INVALID_CURL', `unterminated ${what} opened at line ${line}, column ${column}`, { line });
}

/** Reads `$'…'` from just after the opening quote; returns the decoded text and the index after the closing quote. */
function readAnsiC(text: string, from: number): { value: string; next: number } | undefined {
  let value = '';
  // \x and octal escapes are bytes; runs of them are decoded together as UTF-8.
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) value += new TextDecoder().decode(new Uint8Array(bytes));
    bytes = [];
  };
  let i = from;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (char === "'") {
      flush();
      return { value, next: i + 1 };
    }
    if (char !== '\\') {
      flush();
      value += char;
      i++;
      continue;
    }
    const code = text[i + 1] ?? '';
    const digits = (pattern: RegExp, max: number): string => {
      let out = '';
      while (out.length < max && pattern.test(text[i + 2 + out.length] ?? '')) out += text[i + 2 + out.length];
      return out;
    };
    if (code === 'x') {
      const hex = digits(/^[0-9a-fA-F]$/, 2);
      if (hex !== '') {
        bytes.push(parseInt(hex, 16));
        i += 2 + hex.length;
        continue;
      }
    } else if (/^[0-7]$/.test(code)) {
      let octal = code;
      while (octal.length < 3 && /^[0-7]$/.test(text[i + 1 + octal.length] ?? '')) octal += text[i + 1 + octal.length];
      bytes.push(parseInt(octal, 8) & 0xff);
      i += 1 + octal.length;
      continue;
    } else if (code === 'u' || code === 'U') {
      const hex = digits(/^[0-9a-fA-F]$/, code === 'u' ? 4 : 8);
      const point = hex === '' ? NaN : parseInt(hex, 16);
      if (!Number.isNaN(point) && point <= 0x10ffff) {
        flush();
        value += String.fromCodePoint(point);
        i += 2 + hex.length;
        continue;
      }
    } else if (code === 'c' && i + 2 < text.length) {
      flush();
      value += String.fromCharCode((text.charCodeAt(i + 2) & 0x1f) >>> 0);
      i += 3;
      continue;
    }
    flush();
    const simple = SIMPLE_ESCAPES[code];
    value += simple ?? `\\${code}`;
    i += 2;
  }
  return undefined;
}

export function splitShellWords(text: string): ShellWords {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  const append = (part: string): void => {
    word = (word ?? '') + part;
  };
  while (i < text.length) {
    const char = text[i] ?? '';
    const next = text[i + 1];
    if (SPACE.has(char)) {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (char === '\\') {
      // Backslash-newline is a line continuation (also with Windows line ends); otherwise it quotes one character.
      if (next === '\n') i += 2;
      else if (next === '\r' && text[i + 2] === '\n') i += 3;
      else if (next === undefined) i++;
      else {
        append(next);
        i += 2;
      }
    } else if (char === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw unterminated(text, i, 'single quote');
      append(text.slice(i + 1, close));
      i = close + 1;
    } else if (char === '$' && next === "'") {
      const read = readAnsiC(text, i + 2);
      if (!read) throw unterminated(text, i, "$'…' string");
      append(read.value);
      i = read.next;
    } else if (char === '"' || (char === '$' && next === '"')) {
      const start = i;
      i += char === '$' ? 2 : 1;
      let part = '';
      for (;;) {
        const inner = text[i];
        if (inner === undefined) throw unterminated(text, start, 'double quote');
        if (inner === '"') break;
        if (inner === '\\' && ['$', '`', '"', '\\', '\n'].includes(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') part += text[i + 1];
          i += 2;
        } else if (inner === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
          i += 3;
        } else {
          part += inner;
          i++;
        }
      }
      append(part);
      i++;
    } else if (char === '#' && word === null) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (OPERATORS.has(char)) {
      if (word !== null) words.push(word);
      return { words, rest: text.slice(i) };
    } else {
      append(char);
      i++;
    }
  }
  if (word !== null) words.push(word);
  return { words };
}

/** Quote a word for a POSIX shell: bare when it is plainly safe, otherwise in single quotes. */
export function quoteShellWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
