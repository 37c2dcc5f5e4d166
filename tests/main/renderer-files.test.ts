import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererContentSecurityPolicy } from '../../main/csp.js';
import { NOT_BUILT_PAGE, rendererRelativePath, serveRendererFile } from '../../main/renderer-files.js';
import { makeTempDir, type TempDir } from '../support/index.js';

describe('serving dist/renderer on postern://app', () => {
  let dir: TempDir;
  let root: string;
  beforeAll(() => {
    dir = makeTempDir('postern-renderer-');
    root = join(dir.path, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir.path, 'secret.txt'), 'outside');
    symlinkSync(join(dir.path, 'secret.txt'), join(root, 'assets', 'link.txt'));
  });
  afterAll(() => dir.cleanup());

  it('maps URLs to paths below the root and refuses escapes', () => {
    expect(rendererRelativePath('postern://app/')).toBe('index.html');
    expect(rendererRelativePath('postern://app/assets/app.js?v=1')).toBe('assets/app.js');
    // The URL parser folds dot segments, encoded ones too, so `..` can never climb above the root.
    expect(rendererRelativePath('postern://app/%2e%2e/%2E%2E/secret.txt')).toBe('secret.txt');
    for (const url of ['postern://app/assets%2f..%2f..%2fsecret.txt', 'postern://app/a%5c..%5csecret', 'postern://app/.env', 'postern://app/x%00', 'postern://other/index.html', 'https://app/index.html', 'postern://app/%E0%A4%A']) {
      expect(rendererRelativePath(url), url).toBeUndefined();
    }
  });

  it('serves files with their type and the CSP, and nothing outside the build', async () => {
    const page = await serveRendererFile(root, { url: 'postern://app/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(rendererContentSecurityPolicy());
    expect(await page.text()).toContain('assets/app.js');
    const script = await serveRendererFile(root, { url: 'postern://app/assets/app.js', method: 'GET' });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await serveRendererFile(root, { url: 'postern://app/assets/link.txt', method: 'GET' })).status).toBe(404);
    expect((await serveRendererFile(root, { url: 'postern://app/%2e%2e/secret.txt', method: 'GET' })).status).toBe(404);
    expect((await serveRendererFile(root, { url: 'postern://app/missing.js', method: 'GET' })).status).toBe(404);
    expect((await serveRendererFile(root, { url: 'postern://app/index.html', method: 'POST' })).status).toBe(405);
  });

  it('says how to build the UI when it is not built', async () => {
    const response = await serveRendererFile(join(dir.path, 'nowhere'), { url: 'postern://app/', method: 'GET' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(NOT_BUILT_PAGE);
    expect(response.headers.get('content-security-policy')).toBe(rendererContentSecurityPolicy());
  });
});
