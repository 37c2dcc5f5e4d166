import { PosternError } from '../../model/index.js';
import type { PreparedBody, RedirectPolicy } from '../types.js';

export interface Hop {
  readonly method: string;
  readonly url: URL;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: PreparedBody;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location', 'transfer-encoding']);
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The next hop after a redirect response, or null when the response is final. Postman's rules: 303
 * (and 301/302 for anything but GET/HEAD) switch to GET and drop the body unless the original method is
 * kept; 307/308 keep method and body. Credentials do not cross origins unless the policy says so.
 */
export function nextHop(current: Hop, status: number, location: string | undefined, policy: RedirectPolicy, hopsSoFar: number): Hop | null {
  if (!policy.follow || !REDIRECT_STATUSES.has(status) || location === undefined || location === '') return null;
  if (hopsSoFar >= policy.max) {
    throw new PosternError('TOO_MANY_REDIRECTS', `stopped after ${policy.max} redirects (last to ${location}); raise the maximum or check for a loop`);
  }
  let url: URL;
  try {
    url = new URL(location, current.url);
  } catch {
    throw new PosternError('INVALID_URL', `the server redirected to an invalid URL: ${location}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PosternError('UNSUPPORTED_SCHEME', `the server redirected to an unsupported scheme: ${url.protocol}`);
  }
  url.hash = '';

  const method = current.method.toUpperCase();
  const toGet =
    !policy.followOriginalMethod &&
    ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method !== 'GET' && method !== 'HEAD'));
  const crossOrigin = url.origin !== current.url.origin;

  const headers: Array<readonly [string, string]> = [];
  for (const [name, value] of current.headers) {
    const lower = name.toLowerCase();
    if (lower === 'host') continue;
    if (toGet && BODY_HEADERS.has(lower)) continue;
    if (lower === 'referer') continue;
    if (crossOrigin && CREDENTIAL_HEADERS.has(lower) && !(lower === 'authorization' && policy.keepAuthorizationCrossOrigin)) continue;
    headers.push([name, value]);
  }
  const downgrade = current.url.protocol === 'https:' && url.protocol === 'http:';
  if (!policy.removeReferer && !downgrade) {
    const referer = new URL(current.url.href);
    referer.username = '';
    referer.password = '';
    referer.hash = '';
    headers.push(['Referer', referer.href]);
  }
  return { method: toGet ? 'GET' : current.method, url, headers, body: toGet ? { kind: 'none' } : current.body };
}
