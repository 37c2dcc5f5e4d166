import { PosternError, type KeyValue } from '../../model/index.js';

// Characters left as typed in a query key or value; everything else is percent-encoded. `&`, `=`
// and `#` are encoded because in a params table they are data, not structure.
const QUERY_SAFE = /[A-Za-z0-9\-._~!$'()*,;:@/?+]/;

/**
 * Builds the URL a request goes to: a scheme added when missing (as Postman does), `:name` path
 * segments filled from the path variables, and the enabled query params appended in order.
 */
export function buildUrl(raw: string, query: readonly KeyValue[], pathVariables: readonly KeyValue[] = []): URL {
  const text = raw.trim();
  if (text === '') throw new PosternError('INVALID_URL', 'the URL is empty', { path: 'url' });
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(withScheme)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw new PosternError('UNSUPPORTED_SCHEME', `unsupported URL scheme "${scheme}:" (use http:// or https://)`, { path: 'url' });
  }
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new PosternError('INVALID_URL', `malformed URL "${raw}"`, { path: 'url' });
  }
  if (url.hostname === '') throw new PosternError('INVALID_URL', `the URL "${raw}" has no host`, { path: 'url' });

  if (pathVariables.length > 0) {
    url.pathname = url.pathname
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment;
        const variable = pathVariables.find((v) => v.key === segment.slice(1));
        return variable ? encodeURIComponent(variable.value) : segment;
      })
      .join('/');
  }

  const params = query.filter((p) => p.enabled && (p.key !== '' || p.value !== ''));
  if (params.length > 0) {
    const added = params.map((p) => (p.value === '' && p.key !== '' ? encodeQueryPart(p.key) : `${encodeQueryPart(p.key)}=${encodeQueryPart(p.value)}`)).join('&');
    const existing = url.search.length > 1 ? url.search.slice(1) : '';
    url.search = existing ? `${existing}&${added}` : added;
  }
  return url;
}

export function encodeQueryPart(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) out += char;
    else if (QUERY_SAFE.test(char)) out += char;
    else {
      const code = text.codePointAt(i) as number;
      const whole = String.fromCodePoint(code);
      out += encodeURIComponent(whole);
      i += whole.length - 1;
    }
  }
  return out;
}
