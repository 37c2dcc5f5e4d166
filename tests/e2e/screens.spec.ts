import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures.js';
import { themeInitScript } from './in-page.js';

/**
 * The README's screenshot (light theme, a request and its response). It is committed, so a normal run
 * writes it under tests/e2e/screenshots/; `POSTERN_UPDATE_SCREENSHOT=1` refreshes docs/screenshot.png.
 */
const README_SHOT = fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url));

function petStore(base: string): object {
  const request = (name: string, method: string, path: string, extra: object = {}): object => ({
    name,
    request: { method, header: [{ key: 'Accept', value: 'application/json' }], url: `{{base}}${path}`, ...extra },
  });
  return {
    info: { name: 'Pet Store', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'base', value: base }],
    item: [
      { name: 'Pets', item: [request('List pets', 'GET', '/v1/pets?limit=20&status=available'), request('Add a pet', 'POST', '/v1/pets', { body: { mode: 'raw', raw: '{"name": "Rex"}', options: { raw: { language: 'json' } } } }), request('Delete a pet', 'DELETE', '/v1/pets/42')] },
      { name: 'Orders', item: [request('Place an order', 'POST', '/v1/store/orders'), request('Inventory', 'GET', '/v1/store/inventory')] },
    ],
  };
}

test('screenshots of the main screens, and the README screenshot in the light theme', async ({ page, postern, shot, mode }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.addInitScript(themeInitScript('light'));
  const file = join(postern.dir, 'pet-store.postman_collection.json');
  writeFileSync(file, JSON.stringify(petStore(postern.target)));
  await page.goto(postern.url);

  await page.getByTestId('import-open').click();
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-outcome')).toContainText('Pet Store');
  await page.keyboard.press('Escape');

  // Open the collection and the folder unless they already are (a click on an open one closes it).
  const tree = page.getByTestId('sidebar-collection').filter({ hasText: 'Pet Store' });
  if ((await tree.getAttribute('aria-expanded')) !== 'true') await tree.locator(':scope > div').first().click();
  const folder = page.getByRole('treeitem', { name: 'Pets', exact: false }).filter({ hasNot: page.getByTestId('sidebar-collection') }).and(page.locator(':not([data-testid])'));
  if ((await folder.getAttribute('aria-expanded')) !== 'true') await page.getByTestId('sidebar-folder').filter({ hasText: 'Pets' }).click();
  await page.getByTestId('sidebar-request').filter({ hasText: 'List pets' }).click();
  await expect(page.getByTestId('url-input')).toHaveValue('{{base}}/v1/pets?limit=20&status=available');
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  await expect(page.getByTestId('response-body')).toContainText('"path": "/v1/pets?limit=20&status=available"');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: process.env['POSTERN_UPDATE_SCREENSHOT'] === '1' && mode === 'browser' ? README_SHOT : shot('readme') });

  await page.getByTestId('response-section-timings').click();
  await expect(page.getByTestId('response-timings')).toBeVisible();
  await page.screenshot({ path: shot('timings') });

  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('setting-tls.strictSSL')).toBeVisible();
  await page.screenshot({ path: shot('settings-general') });
  await page.keyboard.press('Escape');

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: shot('request-response-dark') });
});
