import type { PreparedRequest } from '../engine/index.js';
import type { AuthParams } from './params.js';
import { withHeader, withQueryParams, withoutQueryParams } from './request-edit.js';

/** Basic: always sent, even with an empty user or password, as Postman does. */
export function applyBasic(request: PreparedRequest, params: AuthParams): PreparedRequest {
  const credentials = `${params.text('username')}:${params.text('password')}`;
  return withHeader(request, 'Authorization', `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`);
}

/** Bearer: nothing is added when the token is empty (Postman sends the request without auth then). */
export function applyBearer(request: PreparedRequest, params: AuthParams): PreparedRequest {
  const token = params.text('token').trim();
  if (token === '') return request;
  return withHeader(request, 'Authorization', `Bearer ${token}`);
}

/** API key as a header or a query parameter; replaces one of the same name the user set. */
export function applyApiKey(request: PreparedRequest, params: AuthParams): PreparedRequest {
  const key = params.text('key').trim();
  const value = params.text('value');
  if (key === '' && value === '') return request;
  if (key === '') throw params.error('key is empty (the value has nowhere to go)');
  const target = params.choice('in', ['header', 'query'] as const, 'header');
  if (target === 'header') {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) throw params.error(`key "${key}" is not a valid header name`);
    if (/[\r\n\0]/.test(value)) throw params.error('value contains a line break');
    return withHeader(request, key, value);
  }
  const url = withoutQueryParams(request.url, (name) => name === key);
  return { ...request, url: withQueryParams(url, [[key, value]]) };
}
