import { PosternError, type Body, type Request } from '../../model/index.js';
import type { MultipartPart, PreparedBody, PreparedRequest } from '../types.js';
import { buildUrl } from './url.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const RAW_CONTENT_TYPES: Readonly<Record<string, string>> = {
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  javascript: 'application/javascript',
  text: 'text/plain',
};

/**
 * Turns a request whose variables are already resolved into what goes on the wire: URL with params,
 * enabled headers (checked), and the body for its mode.
 */
export function prepareRequest(request: Request): PreparedRequest {
  const method = request.method.trim() || 'GET';
  if (!TOKEN.test(method)) throw new PosternError('INVALID_INPUT', `"${method}" is not a valid HTTP method`, { path: 'method' });
  const url = buildUrl(request.url, request.query, request.pathVariables);
  const headers: Array<readonly [string, string]> = [];
  request.headers.forEach((header, index) => {
    if (!header.enabled || header.key.trim() === '') return;
    const name = header.key.trim();
    if (!TOKEN.test(name)) throw new PosternError('INVALID_INPUT', `header name "${name}" has characters a header name cannot have`, { path: `headers[${index}].key` });
    if (/[\r\n\0]/.test(header.value)) throw new PosternError('INVALID_INPUT', `the value of header ${name} contains a line break`, { path: `headers[${index}].value` });
    headers.push([name, header.value]);
  });
  // Methods are case-sensitive tokens; custom ones are sent as typed.
  return { method, url, headers, body: prepareBody(request.body) };
}

export function prepareBody(body: Body): PreparedBody {
  switch (body.mode) {
    case 'none':
      return { kind: 'none' };
    case 'raw':
      return { kind: 'bytes', bytes: Buffer.from(body.raw, 'utf8'), contentType: RAW_CONTENT_TYPES[body.language ?? 'text'] };
    case 'urlencoded': {
      const form = new URLSearchParams();
      for (const field of body.urlencoded) if (field.enabled && field.key !== '') form.append(field.key, field.value);
      return { kind: 'bytes', bytes: Buffer.from(form.toString()), contentType: 'application/x-www-form-urlencoded' };
    }
    case 'formdata': {
      const parts: MultipartPart[] = [];
      for (const field of body.formdata) {
        if (!field.enabled || field.key === '') continue;
        if (field.type === 'text') parts.push({ kind: 'field', name: field.key, value: field.value, contentType: field.contentType });
        else for (const path of field.src) parts.push({ kind: 'file', name: field.key, path, contentType: field.contentType });
      }
      return { kind: 'multipart', parts };
    }
    case 'file':
      if (body.file.src === '') throw new PosternError('INVALID_INPUT', 'no file chosen for the body', { path: 'body.file.src' });
      return { kind: 'file', path: body.file.src };
    case 'graphql': {
      let variables: unknown = undefined;
      const text = body.graphql.variables?.trim();
      if (text) {
        try {
          variables = JSON.parse(text);
        } catch (error) {
          throw new PosternError('INVALID_JSON', `GraphQL variables are not valid JSON: ${(error as Error).message}`, { path: 'body.graphql.variables' });
        }
      }
      const payload = { query: body.graphql.query, ...(variables !== undefined ? { variables } : {}), ...(body.graphql.operationName ? { operationName: body.graphql.operationName } : {}) };
      return { kind: 'bytes', bytes: Buffer.from(JSON.stringify(payload)), contentType: 'application/json' };
    }
  }
}
