import { findNodeAtLocation, parse as parseTolerant, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { PosternError } from '../model/index.js';
import type { ErrorCode } from '../model/index.js';

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** jsonc-parser's error names (`InvalidSymbol`) as words a person reads. */
const SYNTAX_WORDS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected ',' or '}'",
  CloseBracketExpected: "expected ',' or ']'",
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'control character inside a string',
};

/** Where JSON.parse would have failed, found with a tolerant parser that reports offsets. */
function firstSyntaxError(text: string): { offset: number; what: string } | undefined {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  const name = printParseErrorCode(first.error);
  return { offset: first.offset, what: SYNTAX_WORDS[name] ?? name };
}

/**
 * Parse JSON text; a syntax error becomes one line naming the line and column, e.g.
 * `invalid JSON at line 3, column 5: expected ','`.
 */
export function parseJsonText(text: string, file?: string, code: ErrorCode = 'INVALID_JSON'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (cause) {
    if (body.trim() === '') throw new PosternError(code, 'the file is empty, expected JSON', { file }, { cause });
    const found = firstSyntaxError(body);
    const offset = found?.offset ?? positionFromEngineMessage(cause) ?? body.length;
    const { line, column } = positionAt(body, offset);
    const what = found?.what ?? 'syntax error';
    throw new PosternError(code, `invalid JSON at line ${line}, column ${column}: ${what}`, { file, line }, { cause });
  }
}

function positionFromEngineMessage(cause: unknown): number | undefined {
  const match = cause instanceof Error ? /at position (\d+)/.exec(cause.message) : null;
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The 1-based line where the value at a JSON path starts in the text, when it can be found. */
export function lineOfJsonPath(text: string, path: readonly (string | number)[]): number | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const root = parseTree(body);
  if (!root) return undefined;
  // Walk up to the deepest node that exists: a missing key is reported where its parent starts.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(root, path.slice(0, depth));
    if (node) return positionAt(body, node.offset).line;
  }
  return undefined;
}
