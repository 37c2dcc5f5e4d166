import { buildUrl, type PreparedRequest } from '../engine/index.js';

type Headers = ReadonlyArray<readonly [string, string]>;

/** The request without the named headers (any case). */
export function withoutHeaders(request: PreparedRequest, ...names: string[]): PreparedRequest {
  const drop = new Set(names.map((name) => name.toLowerCase()));
  return { ...request, headers: request.headers.filter(([name]) => !drop.has(name.toLowerCase())) };
}

/** Sets a header: earlier ones of that name (any case) go, the new one is appended. Auth wins over a
 * header the user typed, as in Postman. */
export function withHeader(request: PreparedRequest, name: string, value: string): PreparedRequest {
  const rest = withoutHeaders(request, name);
  return { ...rest, headers: [...rest.headers, [name, value]] };
}

/** Every value of a header, in order. */
export function headerValues(headers: Headers, name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([key]) => key.toLowerCase() === lower).map(([, value]) => value);
}

/** The last value of a header, if any. */
export function headerValue(headers: Headers, name: string): string | undefined {
  return headerValues(headers, name).at(-1);
}

/** RFC 3986 percent-encoding: everything but unreserved characters (what OAuth 1.0 and AWS require). */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Percent-decoding that leaves malformed escapes as they are instead of throwing. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The raw `name=value` pieces of the URL's query, as on the wire (not decoded). */
export function rawQueryPieces(url: URL): string[] {
  const search = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  return search === '' ? [] : search.split('&');
}

/** Splits `a=b` into its decoded name and value; `plusIsSpace` for form bodies. */
export function decodePair(piece: string, plusIsSpace: boolean): [string, string] {
  const at = piece.indexOf('=');
  const name = at === -1 ? piece : piece.slice(0, at);
  const value = at === -1 ? '' : piece.slice(at + 1);
  const decode = (text: string): string => safeDecode(plusIsSpace ? text.replace(/\+/g, ' ') : text);
  return [decode(name), decode(value)];
}

/** A copy of the URL without the query parameters whose decoded name matches. */
export function withoutQueryParams(url: URL, matches: (name: string) => boolean): URL {
  const copy = new URL(url.href);
  const kept = rawQueryPieces(url).filter((piece) => piece !== '' && !matches(decodePair(piece, false)[0]));
  copy.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return copy;
}

/** A copy of the URL with parameters appended, encoded as the engine encodes a params table. */
export function withQueryParams(url: URL, params: ReadonlyArray<readonly [string, string]>): URL {
  return buildUrl(url.href, params.map(([key, value]) => ({ key, value, enabled: true })));
}

/** A copy of the URL with `name=value` pieces appended exactly as given (already encoded). */
export function withRawQueryPieces(url: URL, pieces: readonly string[]): URL {
  const copy = new URL(url.href);
  const all = [...rawQueryPieces(url).filter((piece) => piece !== ''), ...pieces];
  copy.search = all.length > 0 ? `?${all.join('&')}` : '';
  return copy;
}
