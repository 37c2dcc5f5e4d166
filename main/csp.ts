import { contentSecurityPolicy } from '../src/agent/index.js';
import { RENDERER_ORIGIN } from './renderer-origin.js';

/**
 * The renderer's Content-Security-Policy in the Electron app: browser mode's policy (src/agent), with
 * one change: `connect-src 'self'` only. In Electron the contract travels over IPC, so the page has no
 * reason to open a connection anywhere (browser mode's policy also names its WebSocket origin).
 */
export function rendererContentSecurityPolicy(): string {
  return contentSecurityPolicy(RENDERER_ORIGIN)
    .split('; ')
    .map((directive) => (directive.startsWith('connect-src ') ? "connect-src 'self'" : directive))
    .join('; ');
}

/** Headers every response the renderer gets carries (as browser mode's agent writes them). */
export function rendererSecurityHeaders(): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': rendererContentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/**
 * Response headers with our CSP put in, replacing any CSP already there (whatever its letter case),
 * for `session.webRequest.onHeadersReceived`.
 */
export function withRendererCsp(headers: Readonly<Record<string, string | string[]>> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [rendererContentSecurityPolicy()];
  return out;
}
