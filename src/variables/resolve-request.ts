import type {
  Auth,
  Body,
  ClientCertificate,
  FormDataField,
  JsonValue,
  KeyValue,
  Request,
} from '../model/index.js';
import { Resolution } from './resolve-string.js';
import type { VariableResolver } from './variable-resolver.js';

/** A copy of the request with its texts resolved, and the names that could not be. */
export interface ResolvedRequest {
  readonly request: Request;
  readonly unresolved: readonly string[];
  /** Defined names left as written because of a cycle or the depth limit (also in `unresolved`). */
  readonly circular: readonly string[];
}

/** A copy of the input with its texts resolved, and the names that could not be. */
export interface ResolvedValue<T> {
  readonly value: T;
  readonly unresolved: readonly string[];
  readonly circular: readonly string[];
}

/**
 * Resolves every text a request sends: URL, query and path variables, headers, body (raw, urlencoded,
 * form data values and file paths, file path, GraphQL) and auth parameters. Disabled rows are copied
 * untouched, since they are not sent; names and descriptions are not resolved. The input is not changed.
 */
export function resolveRequest(request: Request, resolver: VariableResolver): ResolvedRequest {
  const resolution = new Resolution(resolver);
  const resolved: Request = {
    ...request,
    url: resolution.text(request.url),
    query: resolveRows(request.query, resolution),
    pathVariables: resolveRows(request.pathVariables, resolution),
    headers: resolveRows(request.headers, resolution),
    body: resolveBody(request.body, resolution),
  };
  if (request.auth !== undefined) resolved.auth = resolveAuth(request.auth, resolution);
  return { request: resolved, unresolved: resolution.unresolved, circular: resolution.circular };
}

/** Resolves the certificate, key and PFX paths and the passphrase; host and port are matched as written. */
export function resolveClientCertificate(
  certificate: ClientCertificate,
  resolver: VariableResolver,
): ResolvedValue<ClientCertificate> {
  const resolution = new Resolution(resolver);
  const resolved: ClientCertificate = { ...certificate };
  if (certificate.cert !== undefined) resolved.cert = resolution.text(certificate.cert);
  if (certificate.key !== undefined) resolved.key = resolution.text(certificate.key);
  if (certificate.pfx !== undefined) resolved.pfx = resolution.text(certificate.pfx);
  if (certificate.passphrase !== undefined) resolved.passphrase = resolution.text(certificate.passphrase);
  return { value: resolved, unresolved: resolution.unresolved, circular: resolution.circular };
}

/** Resolves every string inside a JSON value (object keys are kept as written). */
export function resolveDeep(value: JsonValue, resolver: VariableResolver): ResolvedValue<JsonValue> {
  const resolution = new Resolution(resolver);
  const resolved = resolveJson(value, resolution);
  return { value: resolved, unresolved: resolution.unresolved, circular: resolution.circular };
}

export function resolveAuth(auth: Auth, resolution: Resolution): Auth {
  const params: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(auth.params)) params[name] = resolveJson(value, resolution);
  return { ...auth, params };
}

function resolveJson(value: JsonValue, resolution: Resolution): JsonValue {
  if (typeof value === 'string') return resolution.text(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((element) => resolveJson(element, resolution));
  const resolved: Record<string, JsonValue> = {};
  for (const [key, element] of Object.entries(value)) resolved[key] = resolveJson(element, resolution);
  return resolved;
}

function resolveRows(rows: readonly KeyValue[], resolution: Resolution): KeyValue[] {
  return rows.map((row) =>
    row.enabled ? { ...row, key: resolution.text(row.key), value: resolution.text(row.value) } : row,
  );
}

function resolveBody(body: Body, resolution: Resolution): Body {
  switch (body.mode) {
    case 'none':
      return body;
    case 'raw':
      return { ...body, raw: resolution.text(body.raw) };
    case 'urlencoded':
      return { ...body, urlencoded: resolveRows(body.urlencoded, resolution) };
    case 'formdata':
      return { ...body, formdata: body.formdata.map((field) => resolveFormField(field, resolution)) };
    case 'file':
      return { ...body, file: { ...body.file, src: resolution.text(body.file.src) } };
    case 'graphql': {
      const graphql = { ...body.graphql, query: resolution.text(body.graphql.query) };
      if (body.graphql.variables !== undefined) graphql.variables = resolution.text(body.graphql.variables);
      if (body.graphql.operationName !== undefined) graphql.operationName = resolution.text(body.graphql.operationName);
      return { ...body, graphql };
    }
  }
}

function resolveFormField(field: FormDataField, resolution: Resolution): FormDataField {
  if (!field.enabled) return field;
  const contentType = field.contentType === undefined ? {} : { contentType: resolution.text(field.contentType) };
  if (field.type === 'text') {
    return { ...field, key: resolution.text(field.key), value: resolution.text(field.value), ...contentType };
  }
  return { ...field, key: resolution.text(field.key), src: field.src.map((path) => resolution.text(path)), ...contentType };
}
