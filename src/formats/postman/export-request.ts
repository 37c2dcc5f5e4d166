import type { Auth, Body, FormDataField, JsonValue, KeyValue, Request } from '../../model/index.js';
import { joinUrl, urlParts } from '../url-parts.js';
import type {
  PostmanAuthAttributeV21,
  PostmanAuthV21,
  PostmanBodyV21,
  PostmanFormFieldV21,
  PostmanHeaderV21,
  PostmanKeyValueV21,
  PostmanQueryParamV21,
  PostmanRequestV21,
  PostmanUrlV21,
} from './output-types.js';

/** Maps model request pieces to Postman v2.1. Optional keys are left out rather than written empty. */

function optionalText<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}

export function exportKeyValue(row: KeyValue): PostmanKeyValueV21 {
  return {
    key: row.key,
    value: row.value,
    ...(row.enabled ? {} : { disabled: true }),
    ...optionalText('description', row.description),
  };
}

export function exportHeaders(headers: readonly KeyValue[]): PostmanHeaderV21[] {
  return headers.map((row) => ({ ...exportKeyValue(row), type: 'text' }));
}

function exportQueryParam(row: KeyValue): PostmanQueryParamV21 {
  return { ...exportKeyValue(row), value: row.value === '' ? null : row.value };
}

/**
 * Postman's app reads `raw`; newman and the Postman SDK rebuild the address from protocol, host, port and
 * path, ignoring `raw`. Both are written and agree.
 */
export function exportUrl(request: Pick<Request, 'url' | 'query' | 'pathVariables'>): PostmanUrlV21 {
  const raw = joinUrl(request.url, request.query);
  if (request.url === '' && request.query.length === 0) return { raw };
  const parts = urlParts(request.url);
  return {
    raw,
    ...optionalText('protocol', parts.protocol),
    host: parts.host,
    ...optionalText('port', parts.port),
    ...(parts.path.length > 0 ? { path: parts.path } : {}),
    ...(request.query.length > 0 ? { query: request.query.map(exportQueryParam) } : {}),
    ...(request.pathVariables.length > 0 ? { variable: request.pathVariables.map(exportKeyValue) } : {}),
  };
}

function attributeType(value: JsonValue): PostmanAuthAttributeV21['type'] {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  return 'any';
}

export function exportAuth(auth: Auth): PostmanAuthV21 {
  if (auth.type === 'noauth') return { type: 'noauth' };
  const attributes = Object.entries(auth.params).map(([key, value]) => ({ key, value, type: attributeType(value) }));
  return { type: auth.type, [auth.type]: attributes };
}

function exportFormField(field: FormDataField): PostmanFormFieldV21 {
  const common = {
    key: field.key,
    ...(field.enabled ? {} : { disabled: true }),
    ...optionalText('contentType', field.contentType),
    ...optionalText('description', field.description),
  };
  if (field.type === 'text') return { ...common, value: field.value, type: 'text' };
  // One file is written as a string, as Postman does; several (or none) as a list.
  return { ...common, type: 'file', src: field.src.length === 1 && field.src[0] !== undefined ? field.src[0] : [...field.src] };
}

export function exportBody(body: Body): PostmanBodyV21 | undefined {
  switch (body.mode) {
    case 'none':
      return undefined;
    case 'raw':
      return { mode: 'raw', raw: body.raw, ...(body.language ? { options: { raw: { language: body.language } } } : {}) };
    case 'urlencoded':
      return { mode: 'urlencoded', urlencoded: body.urlencoded.map((row) => ({ ...exportKeyValue(row), type: 'text' })) };
    case 'formdata':
      return { mode: 'formdata', formdata: body.formdata.map(exportFormField) };
    case 'file':
      return { mode: 'file', file: { src: body.file.src } };
    case 'graphql':
      return {
        mode: 'graphql',
        graphql: {
          query: body.graphql.query,
          variables: body.graphql.variables ?? '',
          ...optionalText('operationName', body.graphql.operationName),
        },
      };
  }
}

export function exportRequest(request: Request): PostmanRequestV21 {
  const body = exportBody(request.body);
  return {
    method: request.method,
    header: exportHeaders(request.headers),
    ...(body ? { body } : {}),
    url: exportUrl(request),
    ...(request.auth ? { auth: exportAuth(request.auth) } : {}),
    ...optionalText('description', request.description),
  };
}
