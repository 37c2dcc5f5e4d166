import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../src/agent/index.js';
import { rawRequest, startTestAgent } from './harness.js';

let dir: string;
let agent: RunningAgent;
const INDEX = '<!doctype html><title>Postern</title><script type="module" src="/assets/app-1a2b.js"></script>';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'postern-agent-static-'));
  const site = join(dir, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), INDEX);
  writeFileSync(join(site, 'assets', 'app-1a2b.js'), 'export const app = 1;\n');
  writeFileSync(join(site, 'assets', 'app-1a2b.css'), 'body { margin: 0 }\n');
  writeFileSync(join(site, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(site, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(site, '.env'), 'SECRET=1');
  writeFileSync(join(dir, 'outside.txt'), 'outside the site');
  symlinkSync(join(dir, 'outside.txt'), join(site, 'assets', 'escape.txt'));
  ({ agent } = await startTestAgent({ staticDir: site }));
});
afterAll(async () => {
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => rawRequest({ port: agent.port, path, headers });

describe('the renderer files', () => {
  it('serves index.html at / with its content type and the security headers', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.body).toBe(INDEX);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(agent.uiBuilt).toBe(true);
  });

  it.each([
    ['/assets/app-1a2b.js', 'text/javascript; charset=utf-8'],
    ['/assets/app-1a2b.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/font.woff2', 'font/woff2'],
    ['/index.html?v=2', 'text/html; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(type);
  });

  it('answers HEAD without a body', async () => {
    const response = await rawRequest({ port: agent.port, method: 'HEAD', path: '/assets/app-1a2b.js' });
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String('export const app = 1;\n'.length));
    expect(response.body).toBe('');
  });

  it.each(['/../outside.txt', '/assets/../../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/assets/%2e%2e%5c%2e%2e%5coutside.txt', '/..\\outside.txt', '/assets/%00.js', '/%zz'])(
    'refuses the traversal %s',
    async (path) => {
      const response = await get(path);
      expect([403, 404]).toContain(response.status);
      expect(response.body).not.toContain('outside the site');
    },
  );

  it('does not follow a symlink out of the build', async () => {
    const response = await get('/assets/escape.txt');
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('outside the site');
  });

  it('lists no directories and serves no dot-files', async () => {
    for (const path of ['/assets', '/assets/', '/.env', '/assets//app-1a2b.js']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
    }
  });

  it('answers unknown paths with 404', async () => {
    expect((await get('/nope.html')).status).toBe(404);
    expect((await get('/assets/nope.js')).status).toBe(404);
  });

  it('refuses a page request carrying a foreign Origin', async () => {
    const response = await get('/', { Origin: 'http://evil.example' });
    expect(response.status).toBe(403);
  });

  it('serves only GET and HEAD', async () => {
    const response = await rawRequest({ port: agent.port, method: 'PUT', path: '/index.html', body: 'x' });
    expect(response.status).toBe(405);
  });
});

describe('without a renderer build', () => {
  it('serves a page saying how to build the UI, with no script', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'postern-agent-empty-'));
    const { agent: bare } = await startTestAgent({ staticDir: empty });
    try {
      expect(bare.uiBuilt).toBe(false);
      const page = await rawRequest({ port: bare.port, path: '/' });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('The Postern UI is not built');
      expect(page.body).not.toContain('<script');
      expect(page.body).not.toContain('style=');
      expect((await rawRequest({ port: bare.port, path: '/assets/app.js' })).status).toBe(404);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
