import { readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { contentTypeOf, resolveStaticPath } from '../src/agent/index.js';
import { rendererSecurityHeaders } from './csp.js';
import { RENDERER_HOST, RENDERER_SCHEME } from './renderer-origin.js';

/** Shown when dist/renderer has no index.html; no script or style, so the CSP holds. */
export const NOT_BUILT_PAGE =
  '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Postern</title></head>' +
  '<body><h1>The Postern UI is not built</h1><p>Run <code>npm run build:renderer</code> and start the app again.</p></body></html>\n';

/**
 * Map a request URL of our scheme to a file path below the renderer folder. `/` is index.html;
 * segments are percent-decoded and checked one by one, so `..`, encoded slashes, backslashes, NUL and
 * dot-files never get through. Undefined: refuse (404).
 */
export function rendererRelativePath(requestUrl: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${RENDERER_SCHEME}:` || parsed.host !== RENDERER_HOST) return undefined;
  // The URL parser has folded dot segments (`..`, `%2e%2e`) at the root; the agent's check does the rest.
  const resolved = resolveStaticPath(parsed.pathname === '' ? '/' : parsed.pathname);
  return resolved.kind === 'file' ? resolved.relative : undefined;
}

function textResponse(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Response {
  return new Response(body, { status, headers: { ...rendererSecurityHeaders(), 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
}

/**
 * Answer a request for `postern://app/…` from the built renderer folder (the handler given to
 * `protocol.handle`). Every answer carries the CSP and the other security headers.
 */
export async function serveRendererFile(rendererDir: string, request: { readonly url: string; readonly method: string }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed\n');
  const relative = rendererRelativePath(request.url);
  if (relative === undefined) return textResponse(404, 'not found\n');
  let root: string;
  try {
    root = await realpath(rendererDir);
    await stat(join(root, 'index.html'));
  } catch {
    return relative === 'index.html' ? textResponse(200, NOT_BUILT_PAGE, contentTypeOf('index.html')) : textResponse(404, 'not found\n');
  }
  try {
    // realpath: a symlink inside the build may not lead outside it.
    const file = await realpath(join(root, relative));
    if (!file.startsWith(root + sep) || !(await stat(file)).isFile()) return textResponse(404, 'not found\n');
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    const type = contentTypeOf(file);
    return new Response(body, { status: 200, headers: { ...rendererSecurityHeaders(), 'Content-Type': type, 'Cache-Control': 'no-cache' } });
  } catch {
    return textResponse(404, 'not found\n');
  }
}
