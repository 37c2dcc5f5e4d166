import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { sendText } from './http-io.js';
import { UI_NOT_BUILT_PAGE } from './not-built-page.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The renderer's files, or the "not built" page when there are none. */
export interface StaticSite {
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** False when the page saying how to build the UI is served instead. */
  readonly built: boolean;
}

/** Resolve the folder once; a folder without index.html counts as not built. */
export async function openStaticSite(staticDir: string | undefined): Promise<StaticSite> {
  const root = staticDir === undefined ? undefined : await builtRoot(staticDir);
  if (root === undefined) return { built: false, serve: serveNotBuilt };
  return { built: true, serve: (request, response) => serveFrom(root, request, response) };
}

async function builtRoot(staticDir: string): Promise<string | undefined> {
  try {
    const root = await realpath(staticDir);
    return (await stat(join(root, 'index.html'))).isFile() ? root : undefined;
  } catch {
    return undefined;
  }
}

type Resolved = { readonly kind: 'file'; readonly relative: string } | { readonly kind: 'refused' } | { readonly kind: 'missing' };

/**
 * Map a URL path to a file below the root: `/` is index.html, segments are percent-decoded and
 * checked one by one, so `..`, encoded slashes, backslashes, NUL and dot-files never get through.
 */
export function resolveStaticPath(urlPath: string): Resolved {
  const pathname = urlPath.split('?')[0] ?? '';
  if (!pathname.startsWith('/')) return { kind: 'refused' };
  if (pathname === '/') return { kind: 'file', relative: 'index.html' };
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'refused' };
    }
    if (segment === '..' || segment === '.' || /[/\\\0:]/.test(segment)) return { kind: 'refused' };
    if (segment === '' || segment.startsWith('.')) return { kind: 'missing' };
    segments.push(segment);
  }
  return { kind: 'file', relative: segments.join('/') };
}

async function serveFrom(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    sendText(response, 405, 'method not allowed\n');
    return;
  }
  const resolved = resolveStaticPath(request.url ?? '/');
  if (resolved.kind === 'refused') return sendText(response, 403, 'forbidden\n');
  if (resolved.kind === 'missing') return sendText(response, 404, 'not found\n');
  let file: string;
  let size: number;
  try {
    // realpath: a symlink inside the build may not lead outside it.
    file = await realpath(join(root, resolved.relative));
    const info = await stat(file);
    if (!file.startsWith(root + sep) || !info.isFile()) return sendText(response, 404, 'not found\n');
    size = info.size;
  } catch {
    return sendText(response, 404, 'not found\n');
  }
  response.statusCode = 200;
  response.setHeader('Content-Type', contentTypeOf(file));
  response.setHeader('Content-Length', size);
  // The token never appears in these files; revalidating keeps a rebuilt UI from mixing with an old one.
  response.setHeader('Cache-Control', 'no-cache');
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.once('error', () => {
      response.destroy();
      resolve();
    });
    response.once('close', resolve);
    stream.pipe(response);
  });
}

async function serveNotBuilt(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== '/' && path !== '/index.html') return sendText(response, 404, 'not found\n');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return sendText(response, 405, 'method not allowed\n');
  }
  response.statusCode = 200;
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Length', Buffer.byteLength(UI_NOT_BUILT_PAGE));
  response.end(request.method === 'HEAD' ? undefined : UI_NOT_BUILT_PAGE);
}
