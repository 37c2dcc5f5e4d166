import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticPath } from './static-files.js';

describe('resolveStaticPath', () => {
  it('maps / to index.html and plain paths to files', () => {
    expect(resolveStaticPath('/')).toEqual({ kind: 'file', relative: 'index.html' });
    expect(resolveStaticPath('/assets/app.js?v=1')).toEqual({ kind: 'file', relative: 'assets/app.js' });
    expect(resolveStaticPath('/assets/a%20b.png')).toEqual({ kind: 'file', relative: 'assets/a b.png' });
  });

  it.each(['/..', '/../x', '/a/../../x', '/%2e%2e/x', '/a%2f..%2fx', '/a%5c..%5cx', '/a\\..\\x', '/a%00', '/%zz', 'x', '/c:/windows', '/./a'])('refuses %s', (path) => {
    expect(resolveStaticPath(path)).toEqual({ kind: 'refused' });
  });

  it.each(['/assets/', '/a//b', '/.env', '/.git/config', '/assets/.hidden'])('treats %s as missing (no listings, no dot-files)', (path) => {
    expect(resolveStaticPath(path)).toEqual({ kind: 'missing' });
  });
});

describe('contentTypeOf', () => {
  it('knows the renderer build types and falls back to octet-stream', () => {
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a.wasm')).toBe('application/wasm');
    expect(contentTypeOf('a.unknown')).toBe('application/octet-stream');
    expect(contentTypeOf('Makefile')).toBe('application/octet-stream');
  });
});
