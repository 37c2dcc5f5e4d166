import { PosternError } from '../../model/index.js';
import type { Body, FormDataField, KeyValue } from '../../model/index.js';
import type { CurlParseState } from './curl-options.js';

/** Builds the model body (or, with -G, query rows) from curl's data options (-d, --data-raw, --json, …) and -F. */

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

function curlError(message: string, option?: string): PosternError {
  return new PosternError('INVALID_CURL', message, option ? { path: option } : {});
}

/** curl's URL encoding (RFC 3986 unreserved characters stay, the rest is percent-encoded). */
export function curlUrlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One --data-urlencode argument as the text curl sends: `content`, `=content` or `name=content`. */
function urlencodePart(value: string, option: string): string {
  const split = /[=@]/.exec(value);
  if (split?.[0] === '@') throw curlError(`${option} ${value} reads a file, which a pasted command cannot bring along`, option);
  if (!split) return curlUrlEncode(value);
  const name = value.slice(0, split.index);
  const content = curlUrlEncode(value.slice(split.index + 1));
  return name === '' ? content : `${name}=${content}`;
}

/** The text curl sends for the data options, joined with `&` as curl joins them (--json parts are concatenated). */
function dataText(state: CurlParseState): string {
  let text = '';
  state.data.forEach((part, index) => {
    const piece = part.kind === 'urlencode' ? urlencodePart(part.value, part.option) : part.value;
    text += index === 0 || part.kind === 'json' ? piece : `&${piece}`;
  });
  return text;
}

/** The file a lone `-d @file` / `--data-binary @file` / `--json @file` sends, if that is what was given. */
function dataFile(state: CurlParseState): string | undefined {
  const withFile = state.data.filter((part) => part.kind !== 'raw' && part.kind !== 'urlencode' && part.value.startsWith('@'));
  if (withFile.length === 0) return undefined;
  const first = withFile[0];
  if (first && first.value === '@-') throw curlError(`${first.option} @- reads the body from standard input, which a pasted command cannot bring along`, first.option);
  if (state.data.length > 1 && first) {
    throw curlError(`${first.option} ${first.value} mixed with other data options cannot be imported; send the file alone`, first.option);
  }
  return first?.value.slice(1);
}

function decodeForm(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** `a=1&b=two%20words` as rows, when the text really is form data; undefined when it is not. */
function formRows(text: string): KeyValue[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || /^[[{<]/.test(trimmed) || /[\r\n]/.test(text)) return undefined;
  const rows: KeyValue[] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    const key = decodeForm(pair.slice(0, eq));
    const value = decodeForm(pair.slice(eq + 1));
    if (key === undefined || value === undefined) return undefined;
    rows.push({ key, value, enabled: true });
  }
  return rows.length > 0 ? rows : undefined;
}

export function languageOf(contentType: string | undefined): 'json' | 'xml' | 'html' | 'javascript' | 'text' {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) return 'json';
  if (type.includes('xml')) return 'xml';
  if (type.includes('html')) return 'html';
  if (type.includes('javascript')) return 'javascript';
  return 'text';
}

/** Reads a -F value's `"quoted"` start, with `\"` and `\\` escapes; returns it and what follows. */
function readQuoted(text: string): { value: string; rest: string } {
  let value = '';
  let i = 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
    value += text[i];
    i++;
  }
  return { value, rest: text.slice(i + 1) };
}

/** `;type=text/plain;filename=x` → the content type (the file name in the post is not kept by the model). */
function typeParam(params: string): string | undefined {
  const match = /(?:^|;)\s*type=([^;]+)/.exec(params);
  return match?.[1]?.trim();
}

function formField(entry: CurlParseState['form'][number]): FormDataField {
  const eq = entry.value.indexOf('=');
  if (eq <= 0) throw curlError(`${entry.option} "${entry.value}" is not name=content`, entry.option);
  const key = entry.value.slice(0, eq);
  const content = entry.value.slice(eq + 1);
  if (entry.literal) return { type: 'text', key, value: content, enabled: true };
  if (content.startsWith('@') || content.startsWith('<')) {
    // `<file` sends the file's text as a plain field; the nearest the model has is a file field.
    const after = content.slice(1);
    const semicolon = after.indexOf(';');
    const { value: path, rest } = after.startsWith('"')
      ? readQuoted(after)
      : { value: semicolon < 0 ? after : after.slice(0, semicolon), rest: semicolon < 0 ? '' : after.slice(semicolon) };
    const contentType = typeParam(rest);
    return { type: 'file', key, src: path === '' ? [] : [path], enabled: true, ...(contentType ? { contentType } : {}) };
  }
  if (content.startsWith('"')) {
    const { value, rest } = readQuoted(content);
    const contentType = typeParam(rest);
    return { type: 'text', key, value, enabled: true, ...(contentType ? { contentType } : {}) };
  }
  const typed = /^(.*?);\s*type=([^;]+)$/.exec(content);
  return typed?.[1] !== undefined && typed[2] !== undefined
    ? { type: 'text', key, value: typed[1], enabled: true, contentType: typed[2].trim() }
    : { type: 'text', key, value: content, enabled: true };
}

/** `-F f=@a -F f=@b` sends two parts named f: in the model, one file field with both paths. */
function mergeFileFields(fields: FormDataField[]): FormDataField[] {
  const merged: FormDataField[] = [];
  for (const field of fields) {
    const last = merged[merged.length - 1];
    if (field.type === 'file' && last?.type === 'file' && last.key === field.key && last.contentType === field.contentType) {
      last.src.push(...field.src);
    } else {
      merged.push(field);
    }
  }
  return merged;
}

export interface CurlBody {
  readonly body: Body;
  /** Set when curl would send `Content-Type: application/x-www-form-urlencoded` that the body mode does not imply. */
  readonly impliedContentType?: string;
  /** With -G: the data goes into the URL instead. */
  readonly query: KeyValue[];
}

export function buildCurlBody(state: CurlParseState, contentType: string | undefined): CurlBody {
  if (state.form.length > 0 && state.data.length > 0) {
    throw curlError('-F and -d cannot be used together: curl sends either a multipart form or data');
  }
  if (state.form.length > 0) return { body: { mode: 'formdata', formdata: mergeFileFields(state.form.map(formField)) }, query: [] };
  if (state.data.length === 0) return { body: { mode: 'none' }, query: [] };

  if (state.get) {
    const text = dataText(state);
    const query = text.split('&').filter((pair) => pair !== '').map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? { key: pair, value: '', enabled: true } : { key: pair.slice(0, eq), value: pair.slice(eq + 1), enabled: true };
    });
    return { body: { mode: 'none' }, query };
  }
  const implied = contentType === undefined ? FORM_CONTENT_TYPE : undefined;
  const file = dataFile(state);
  if (file !== undefined) return { body: { mode: 'file', file: { src: file } }, impliedContentType: implied, query: [] };

  const text = dataText(state);
  const isForm = contentType === undefined || contentType.toLowerCase().startsWith(FORM_CONTENT_TYPE);
  const rows = isForm ? formRows(text) : undefined;
  if (rows) return { body: { mode: 'urlencoded', urlencoded: rows }, query: [] };
  const language = contentType === undefined && /^\s*[[{]/.test(text) ? 'json' : languageOf(contentType);
  return { body: { mode: 'raw', raw: text, language }, impliedContentType: implied, query: [] };
}
