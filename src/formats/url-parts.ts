import type { KeyValue } from '../model/index.js';

/**
 * URLs here are text a person typed, `{{variables}}` and all: nothing is decoded or encoded, so what
 * goes in comes back out character for character.
 */

export interface SplitUrl {
  /** The URL without its query and fragment. */
  readonly base: string;
  readonly query: KeyValue[];
  readonly hash?: string;
}

/** Query text (without `?`) into rows, in order; `a` and `a=` both give an empty value. */
export function parseQueryString(text: string): KeyValue[] {
  if (text === '') return [];
  return text
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0
        ? { key: pair, value: '', enabled: true }
        : { key: pair.slice(0, eq), value: pair.slice(eq + 1), enabled: true };
    });
}

/** Enabled rows as query text (without `?`); a row with no value is sent as a bare key (`?debug`). */
export function buildQueryString(query: readonly KeyValue[]): string {
  return query
    .filter((row) => row.enabled)
    .map((row) => (row.value === '' ? row.key : `${row.key}=${row.value}`))
    .join('&');
}

/** Split a URL as typed into the part before `?`, its query rows and its fragment. */
export function splitUrl(raw: string): SplitUrl {
  const hashAt = raw.indexOf('#');
  const beforeHash = hashAt < 0 ? raw : raw.slice(0, hashAt);
  const hash = hashAt < 0 ? undefined : raw.slice(hashAt + 1);
  const queryAt = beforeHash.indexOf('?');
  if (queryAt < 0) return { base: beforeHash, query: [], hash };
  return { base: beforeHash.slice(0, queryAt), query: parseQueryString(beforeHash.slice(queryAt + 1)), hash };
}

/** The URL as sent: base plus the enabled query rows. */
export function joinUrl(base: string, query: readonly KeyValue[]): string {
  const text = buildQueryString(query);
  return text === '' ? base : `${base}?${text}`;
}

/** The pieces of Postman's URL object (`protocol`, `host`, `port`, `path`). */
export interface UrlParts {
  readonly protocol?: string;
  readonly host: string[];
  readonly port?: string;
  readonly path: string[];
}

const PROTOCOL = /^([^:/?#\s]+):\/\//;
const PORT = /^(?:\d+|\{\{[^}]*\}\})$/;

/** Split a URL base (no query) the way Postman's URL object stores it. */
export function urlParts(base: string): UrlParts {
  const protocolMatch = PROTOCOL.exec(base);
  const protocol = protocolMatch?.[1];
  const rest = protocolMatch ? base.slice(protocolMatch[0].length) : base;
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const pathText = slash < 0 ? undefined : rest.slice(slash + 1);

  let hostText = authority;
  let port: string | undefined;
  const at = authority.lastIndexOf('@');
  const hostStart = at + 1;
  const hostPart = authority.slice(hostStart);
  if (!hostPart.startsWith('[')) {
    const colon = hostPart.lastIndexOf(':');
    const candidate = colon < 0 ? undefined : hostPart.slice(colon + 1);
    if (candidate !== undefined && PORT.test(candidate)) {
      port = candidate;
      hostText = authority.slice(0, hostStart + colon);
    }
  } else {
    const close = hostPart.indexOf(']');
    const after = close < 0 ? '' : hostPart.slice(close + 1);
    if (after.startsWith(':') && PORT.test(after.slice(1))) {
      port = after.slice(1);
      hostText = authority.slice(0, hostStart + close + 1);
    }
  }
  const host = hostText === '' ? [] : hostPart.startsWith('[') ? [hostText] : hostText.split('.');
  const path = pathText === undefined ? [] : pathText.split('/');
  return { protocol, host, port, path };
}

/** The base URL from Postman's URL object pieces. */
export function joinUrlParts(parts: UrlParts): string {
  let out = parts.protocol ? `${parts.protocol}://` : '';
  out += parts.host.join('.');
  if (parts.port !== undefined && parts.port !== '') out += `:${parts.port}`;
  if (parts.path.length > 0) out += `/${parts.path.join('/')}`;
  return out;
}
