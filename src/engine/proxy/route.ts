import { PosternError, type ProxySettings } from '../../model/index.js';
import { bypassesProxy } from './bypass.js';

export interface ProxyRoute {
  readonly proxy: URL;
  /** `Basic …` for Proxy-Authorization, from the URL's credentials or the settings. */
  readonly authorization?: string | undefined;
}

/** The proxy a request to `url` goes through, or null for a direct connection. */
export function proxyRouteFor(url: URL, settings: ProxySettings | undefined): ProxyRoute | null {
  if (!settings?.enabled || !settings.url) return null;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  if (!settings.protocols.includes(scheme)) return null;
  const port = Number(url.port) || (scheme === 'https' ? 443 : 80);
  if (bypassesProxy(settings.bypass, url.hostname, port)) return null;

  const proxy = parseProxyUrl(settings.url);
  const username = settings.username ?? decodeURIComponent(proxy.username);
  const password = settings.password ?? decodeURIComponent(proxy.password);
  proxy.username = '';
  proxy.password = '';
  const authorization = username ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined;
  return { proxy, authorization };
}

export function parseProxyUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new PosternError('INVALID_URL', `proxy URL "${text}" is not a valid URL`, { path: 'proxy.url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PosternError('UNSUPPORTED_SCHEME', `proxy URL must start with http:// or https://, not ${url.protocol}//`, { path: 'proxy.url' });
  }
  return url;
}
