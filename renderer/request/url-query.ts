import type { KeyValue, Request } from '../../src/model/index.js';

/** The URL as the bar shows it: the stored URL with its enabled query parameters. */
export function displayUrl(request: Request): string {
  const enabled = request.query.filter((q) => q.enabled);
  if (enabled.length === 0) return request.url;
  return `${request.url}?${enabled.map((q) => (q.value === '' && !q.key.includes('=') ? q.key : `${q.key}=${q.value}`)).join('&')}`;
}

/**
 * What typing in the URL bar changes: the URL before `?`, and the enabled parameters after it
 * (disabled ones are kept, after them). Text is kept as typed; nothing is decoded.
 */
export function applyUrl(request: Request, text: string): Pick<Request, 'url' | 'query'> {
  const mark = text.indexOf('?');
  if (mark < 0) return { url: text, query: request.query.filter((q) => !q.enabled) };
  const url = text.slice(0, mark);
  const oldEnabled = request.query.filter((q) => q.enabled);
  const pairs = text
    .slice(mark + 1)
    .split('&')
    .filter((part, i, all) => part !== '' || i < all.length - 1 || all.length === 1);
  const query: KeyValue[] = pairs.map((part, i) => {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    const description = oldEnabled[i]?.description;
    return { key, value, enabled: true, ...(description === undefined ? {} : { description }) };
  });
  return { url, query: [...query, ...request.query.filter((q) => !q.enabled)] };
}
