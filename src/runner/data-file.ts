import { parse as parseCsv, type InfoField } from 'csv-parse/sync';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { parseJsonText, positionAt } from '../formats/index.js';
import { PosternError, type JsonValue } from '../model/index.js';
import type { DataRow } from './types.js';

/**
 * Iteration data files, as newman reads them: a JSON array of objects, or CSV whose first line names the
 * columns. Problems are reported before a run starts, naming the file and line.
 */
export function parseDataFile(text: string, file: string): DataRow[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lower = file.toLowerCase();
  const looksJson = lower.endsWith('.json') || (!lower.endsWith('.csv') && /^\s*[[{]/.test(body));
  return looksJson ? parseJsonData(body, file) : parseCsvData(body, file);
}

/** A JSON array of objects; each object is one iteration's variables. */
export function parseJsonData(text: string, file: string): DataRow[] {
  const document = parseJsonText(text, file);
  if (!Array.isArray(document)) {
    throw new PosternError('INVALID_INPUT', 'iteration data must be a JSON array of objects, one per iteration', { file, line: lineOf(text, []) });
  }
  document.forEach((row: unknown, index) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new PosternError('INVALID_INPUT', `iteration data row ${index + 1} is not an object`, { file, path: `[${index}]`, line: lineOf(text, [index]) });
    }
  });
  return document as DataRow[];
}

function lineOf(text: string, path: readonly number[]): number | undefined {
  const root = parseTree(text);
  const node = root ? findNodeAtLocation(root, [...path]) : undefined;
  return node ? positionAt(text, node.offset).line : undefined;
}

/**
 * CSV with a header line: quoted values may hold commas, quotes (`""`) and line breaks; a byte order mark
 * is dropped; blank lines are skipped; rows may be shorter or longer than the header. An unquoted value
 * that reads back exactly as a number becomes a number (`42`, `1.5`; not `007` or `1.50`), as newman does
 * for numbers.
 */
export function parseCsvData(text: string, file: string): DataRow[] {
  try {
    return parseCsv<DataRow>(text, {
      bom: true,
      columns: (header: string[]) => checkHeader(header, file),
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      cast: castValue,
    });
  } catch (error) {
    if (error instanceof PosternError) throw error;
    throw csvError(error, text, file);
  }
}

function checkHeader(header: string[], file: string): string[] {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new PosternError('INVALID_INPUT', `column "${name}" appears twice in the header`, { file, line: 1 });
    seen.add(name);
  }
  return header;
}

function castValue(value: string, context: InfoField): JsonValue {
  if (context.quoting || context.header || value === '' || !/^-?\d/.test(value)) return value;
  const number = Number(value);
  return Number.isFinite(number) && String(number) === value ? number : value;
}

function csvError(error: unknown, text: string, file: string): PosternError {
  const err: Error & { code?: unknown; lines?: unknown } = error instanceof Error ? error : new Error(String(error));
  const code = typeof err.code === 'string' ? err.code : '';
  const reported = typeof err.lines === 'number' ? err.lines : undefined;
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    const line = unclosedQuoteLine(text) ?? reported;
    return new PosternError('INVALID_INPUT', 'invalid CSV: a quoted value opened on this line is never closed', { file, line }, { cause: error });
  }
  if (code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' || code === 'CSV_INVALID_CLOSING_QUOTE') {
    return new PosternError('INVALID_INPUT', 'invalid CSV: text after a closing quote (write a quote inside a quoted value as "")', { file, line: reported }, { cause: error });
  }
  const message = err.message.replace(/\s+at line \d+\.?$/, '').replace(/^[A-Z][A-Za-z ]+: /, '');
  return new PosternError('INVALID_INPUT', `invalid CSV: ${message}`, { file, line: reported }, { cause: error });
}

/** The line where the quoted value that never closes begins (csv-parse names the end of the file). */
function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let inQuotes = false;
  let openedOn = 0;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inQuotes) {
      if (char === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      } else if (char === '\n') line++;
      continue;
    }
    if (char === '"' && fieldStart) {
      inQuotes = true;
      openedOn = line;
    } else if (char === '\n') {
      line++;
      fieldStart = true;
      continue;
    }
    if (char === ',') fieldStart = true;
    else if (char !== ' ' && char !== '\t' && char !== '\r') fieldStart = false;
  }
  return inQuotes ? openedOn : undefined;
}
