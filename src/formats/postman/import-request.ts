import { AUTH_TYPES, MethodSchema, RAW_LANGUAGES } from '../../model/index.js';
import type { Auth, AuthType, Body, FormDataField, JsonValue, KeyValue, Request } from '../../model/index.js';
import { problemAt, zodErrorToPosternError } from '../json-path.js';
import type { JsonPath, ValidationSource } from '../json-path.js';
import { joinUrlParts, splitUrl } from '../url-parts.js';
import { AuthParamsIn } from './input-schema.js';
import type { AuthIn, BodyIn, FormFieldIn, KeyValueIn, RequestIn, UrlObjectIn, VariableIn } from './input-schema.js';

/** Maps validated Postman request pieces (v2.0 or v2.1) to the model. */

/** Postman descriptions are a string or `{content, type}`; empty ones are dropped. */
export function importDescription(value: string | { content?: string | null } | null | undefined): string | undefined {
  const text = typeof value === 'string' ? value : (value?.content ?? undefined);
  return text === undefined || text === '' ? undefined : text;
}

export function scalarText(value: string | number | boolean | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Any JSON value as the text a variable holds: strings as they are, the rest as JSON. */
export function jsonText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function importKeyValue(row: KeyValueIn): KeyValue {
  const description = importDescription(row.description);
  return {
    key: row.key ?? '',
    value: scalarText(row.value),
    enabled: row.disabled !== true,
    ...(description === undefined ? {} : { description }),
  };
}

/** Headers as a list or as Postman's bulk-edit text: `Key: value` lines, `//` marking a disabled one. */
export function importHeaders(headers: string | KeyValueIn[] | null | undefined): KeyValue[] {
  if (headers === null || headers === undefined) return [];
  if (Array.isArray(headers)) return headers.map(importKeyValue);
  const rows: KeyValue[] = [];
  for (const rawLine of headers.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (line === '') continue;
    const enabled = !line.startsWith('//');
    if (!enabled) line = line.slice(2).trim();
    const colon = line.indexOf(':');
    rows.push(
      colon < 0
        ? { key: line, value: '', enabled }
        : { key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim(), enabled },
    );
  }
  return rows;
}

function pathVariables(variables: VariableIn[] | null | undefined): KeyValue[] {
  return (variables ?? []).map((variable) => {
    const description = importDescription(variable.description);
    return {
      key: variable.key ?? variable.id ?? '',
      value: jsonText(variable.value),
      enabled: variable.disabled !== true,
      ...(description === undefined ? {} : { description }),
    };
  });
}

function baseFromParts(url: UrlObjectIn): string {
  const host = typeof url.host === 'string' ? url.host.split('.') : (url.host ?? []);
  const path =
    typeof url.path === 'string'
      ? url.path.replace(/^\//, '').split('/')
      : (url.path ?? []).map((segment) => (typeof segment === 'string' ? segment : (segment.value ?? '')));
  return joinUrlParts({
    protocol: url.protocol ?? undefined,
    host,
    port: url.port === null || url.port === undefined ? undefined : String(url.port),
    path,
  });
}

type ImportedUrl = Pick<Request, 'url' | 'query' | 'pathVariables'>;

/**
 * Postman's app edits `raw`, so it is the truth for the address; the `query` list is the truth for the
 * parameters, since only it keeps disabled ones and descriptions.
 */
export function importUrl(url: string | UrlObjectIn | null | undefined): ImportedUrl {
  if (url === null || url === undefined) return { url: '', query: [], pathVariables: [] };
  if (typeof url === 'string') {
    const split = splitUrl(url);
    return { url: split.base, query: split.query, pathVariables: [] };
  }
  const split = url.raw === null || url.raw === undefined ? undefined : splitUrl(url.raw);
  const base = split?.base ?? baseFromParts(url);
  const query = url.query ? url.query.map(importKeyValue) : (split?.query ?? []);
  return { url: base, query, pathVariables: pathVariables(url.variable) };
}

function isAuthType(type: string): type is AuthType {
  return (AUTH_TYPES as readonly string[]).includes(type);
}

/** Auth at any level; `null`/absent means inherit (undefined), an unknown type is dropped rather than guessed. */
export function importAuth(auth: AuthIn | null | undefined, path: JsonPath, source: ValidationSource): Auth | undefined {
  if (auth === null || auth === undefined || !isAuthType(auth.type)) return undefined;
  if (auth.type === 'noauth') return { type: 'noauth', params: {} };
  const rawParams: unknown = (auth as Record<string, unknown>)[auth.type];
  if (rawParams === undefined || rawParams === null) return { type: auth.type, params: {} };
  const parsed = AuthParamsIn.safeParse(rawParams);
  if (!parsed.success) {
    throw zodErrorToPosternError(parsed.error, 'INVALID_COLLECTION', { ...source, basePath: [...path, auth.type] });
  }
  const params: Record<string, JsonValue> = {};
  if (Array.isArray(parsed.data)) {
    for (const attribute of parsed.data) if (attribute.value !== undefined) params[attribute.key] = attribute.value;
  } else {
    Object.assign(params, parsed.data);
  }
  return { type: auth.type, params };
}

function importFormField(field: FormFieldIn): FormDataField {
  const description = importDescription(field.description);
  const common = {
    key: field.key ?? '',
    enabled: field.disabled !== true,
    ...(field.contentType ? { contentType: field.contentType } : {}),
    ...(description === undefined ? {} : { description }),
  };
  if (field.type === 'file') {
    const src = field.src === null || field.src === undefined ? [] : Array.isArray(field.src) ? field.src : [field.src];
    return { type: 'file', ...common, src };
  }
  return { type: 'text', ...common, value: scalarText(field.value) };
}

function rawLanguage(language: string | null | undefined): (typeof RAW_LANGUAGES)[number] | undefined {
  return (RAW_LANGUAGES as readonly string[]).includes(language ?? '')
    ? (language as (typeof RAW_LANGUAGES)[number])
    : undefined;
}

/** Every body mode Postman writes; an unknown or missing mode is no body rather than an error. */
export function importBody(body: BodyIn | null | undefined): Body {
  switch (body?.mode) {
    case 'raw': {
      const language = rawLanguage(body.options?.raw?.language);
      return { mode: 'raw', raw: body.raw ?? '', ...(language ? { language } : {}) };
    }
    case 'urlencoded':
      return { mode: 'urlencoded', urlencoded: (body.urlencoded ?? []).map(importKeyValue) };
    case 'formdata':
      return { mode: 'formdata', formdata: (body.formdata ?? []).map(importFormField) };
    case 'file':
      return { mode: 'file', file: { src: body.file?.src ?? '' } };
    case 'graphql': {
      const graphql = body.graphql;
      const variables = graphql?.variables;
      const variablesText = typeof variables === 'string' ? variables : variables == null ? undefined : JSON.stringify(variables);
      return {
        mode: 'graphql',
        graphql: {
          query: graphql?.query ?? '',
          ...(variablesText === undefined || variablesText === '' ? {} : { variables: variablesText }),
          ...(graphql?.operationName ? { operationName: graphql.operationName } : {}),
        },
      };
    }
    default:
      return { mode: 'none' };
  }
}

/** A request as a URL string (v2 allows that: a GET) or an object. */
export function importRequest(request: RequestIn, path: JsonPath, source: ValidationSource): Request {
  if (typeof request === 'string') {
    return { method: 'GET', ...importUrl(request), headers: [], body: { mode: 'none' } };
  }
  const method = (request.method ?? 'GET').trim().toUpperCase() || 'GET';
  if (!MethodSchema.safeParse(method).success) {
    throw problemAt('INVALID_COLLECTION', `"${method}" is not an HTTP method`, [...path, 'method'], source);
  }
  const auth = importAuth(request.auth, [...path, 'auth'], source);
  const description = importDescription(request.description);
  return {
    method,
    ...importUrl(request.url),
    headers: importHeaders(request.header),
    body: importBody(request.body),
    ...(auth ? { auth } : {}),
    ...(description === undefined ? {} : { description }),
  };
}
