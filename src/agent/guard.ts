import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Who may talk to the agent. A web page the user happens to visit can reach 127.0.0.1 too, so every
 * request is checked for:
 * - Host: only `127.0.0.1:PORT` or `localhost:PORT`. A DNS-rebinding page reaches us under its own
 *   name (`evil.example:PORT`), and is refused before anything else.
 * - Origin: when a browser sends one, it must be the agent's own origin as this request addressed it
 *   (`http://` + the Host). `null` (sandboxed frames, file: pages) and every other origin are refused.
 *   API calls must carry an Origin: browsers always send one on POST and on WebSocket handshakes.
 * No CORS header is ever written, so a cross-origin page can neither read a response nor pass a preflight.
 */
export type GuardVerdict = { readonly ok: true; readonly origin: string } | { readonly ok: false; readonly message: string };

/** The Host values the agent answers to. */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Check Host and Origin; `originRequired` for the API, where only a browser page of ours may call. */
export function checkRequestSource(request: IncomingMessage, port: number, originRequired: boolean): GuardVerdict {
  const host = (single(request.headers.host) ?? '').toLowerCase();
  if (!allowedHosts(port).includes(host)) {
    return { ok: false, message: `Host ${JSON.stringify(host.slice(0, 100))} is not this agent; use http://127.0.0.1:${port}` };
  }
  const own = `http://${host}`;
  const origin = single(request.headers.origin);
  if (origin === undefined) {
    return originRequired ? { ok: false, message: 'Origin header missing: only the Postern page served by this agent may call it' } : { ok: true, origin: own };
  }
  if (origin.toLowerCase() !== own) {
    return { ok: false, message: `Origin ${JSON.stringify(origin.slice(0, 100))} may not call this agent` };
  }
  // A browser that says the request is cross-site is believed even when Origin looked right.
  const site = single(request.headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, message: `a ${site} request may not call this agent` };
  }
  return { ok: true, origin: own };
}

/**
 * The page's policy: only our own files and our own API. No inline script or style, no framing, no
 * plugins, no form posts elsewhere. `connect-src` names the WebSocket origin explicitly because older
 * browsers do not let 'self' cover ws:.
 */
export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http:/, 'ws:');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Written on every response, refusals included. */
export function setSecurityHeaders(response: ServerResponse, origin: string): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy(origin));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // Other sites may not even embed our scripts or images (no-cors loads).
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=(), payment=()');
}
