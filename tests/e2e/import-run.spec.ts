import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { fileTransfer, recordedTexts, recordTexts } from './in-page.js';

/** A Postman v2.1 request item whose test script holds the given `pm.test` lines. */
function item(name: string, method: string, path: string, tests: string[]): object {
  return {
    name,
    request: { method, header: [], url: { raw: `{{base}}${path}`, host: ['{{base}}'], path: path.split('/').filter((p) => p !== '') } },
    event: [{ listen: 'test', script: { type: 'text/javascript', exec: tests } }],
  };
}

/** Three requests, five assertions: four pass and one (a wrong status) fails. The server waits 400 ms on each. */
function collection(base: string): object {
  return {
    info: { name: 'E2E run', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'base', value: base }],
    item: [
      item('List users', 'GET', '/delay/400/users', [
        "pm.test('status is 200', () => pm.response.to.have.status(200));",
        "pm.test('greets', () => pm.expect(pm.response.json().greeting).to.include('hello'));",
      ]),
      {
        name: 'Items',
        item: [
          item('Create item', 'POST', '/delay/400/items', [
            "pm.test('echoes the method', () => pm.expect(pm.response.json().method).to.equal('POST'));",
            "pm.test('status is 200', () => pm.response.to.have.status(200));",
          ]),
        ],
      },
      item('Missing page', 'GET', '/delay/400/missing', ["pm.test('status is 404', () => pm.response.to.have.status(404));"]),
    ],
  };
}

test('import a Postman collection from a file and run it: live progress, per-request and per-assertion results', async ({ page, postern, shot }) => {
  const file = join(postern.dir, 'e2e-run.postman_collection.json');
  writeFileSync(file, JSON.stringify(collection(postern.target), null, 2));
  await page.goto(postern.url);

  await page.getByTestId('import-open').click();
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-outcome')).toContainText('Imported collection “E2E run” (3 requests)');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sidebar-collection').filter({ hasText: 'E2E run' })).toBeVisible();

  await page.getByTestId('runner-open').click();
  await page.getByTestId('runner-collection').selectOption({ label: 'E2E run (3)' });
  // Record every progress text the panel shows, so the test sees the run advance, not only its end.
  await recordTexts(page, 'run-progress');
  await page.getByTestId('runner-start').click();

  await expect(page.getByTestId('run-progress')).toHaveText(/^[12] \/ 3 requests$/);
  await expect(page.getByTestId('run-done')).toContainText('Finished');
  await expect(page.getByTestId('run-progress')).toHaveText('3 / 3 requests');
  const seen = await recordedTexts(page);
  expect(seen).toEqual(expect.arrayContaining(['1 / 3 requests', '2 / 3 requests', '3 / 3 requests']));

  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('List users');
  await expect(rows.nth(0)).toContainText('200 OK');
  await expect(rows.nth(1)).toContainText('Create item');
  await expect(rows.nth(2)).toContainText('Missing page');
  await expect(rows.nth(2)).toHaveClass(/failed/);
  await expect(rows.nth(0)).not.toHaveClass(/failed/);

  const assertions = page.getByTestId('run-assertion');
  await expect(assertions).toHaveCount(5);
  await expect(assertions.filter({ hasText: 'status is 404' })).toHaveClass(/fail/);
  await expect(rows.nth(2).getByTestId('run-assertion')).toContainText('expected response to have status code 404 but got 200');
  await expect(page.locator('[data-testid="run-assertion"].pass')).toHaveCount(4);
  await expect(page.getByTestId('run-passed')).toHaveText('4 passed');
  await expect(page.getByTestId('run-failed')).toHaveText('1 failed');
  // The server saw each request once, with the method the collection gave it.
  expect(postern.received.filter((r) => r.url.startsWith('/delay/400/')).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /delay/400/users', 'POST /delay/400/items', 'GET /delay/400/missing']);
  await page.screenshot({ path: shot('runner') });
});

test('an import that fails names the file and the field, from the file picker and from a drop', async ({ page, postern, shot }) => {
  const broken = {
    info: { name: 'Broken', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [{ name: 'fine', request: { method: 'GET', url: 'http://127.0.0.1/' } }, { name: 'bad', request: { method: 'GET', url: 42 } }],
  };
  const file = join(postern.dir, 'broken.postman_collection.json');
  writeFileSync(file, JSON.stringify(broken, null, 2));
  await page.goto(postern.url);

  await page.getByTestId('import-open').click();
  await page.getByTestId('import-file').setInputFiles(file);
  const error = page.getByTestId('import-error');
  await expect(error).toContainText('broken.postman_collection.json');
  await expect(error).toContainText('item[1].request.url');
  await expect(page.getByTestId('import-outcome')).toHaveCount(0);
  await page.screenshot({ path: shot('import-error') });
  await page.keyboard.press('Escape');

  // The same file dropped on the window: the error toast says the same.
  const dataTransfer = await fileTransfer(page, 'dropped.postman_collection.json', JSON.stringify(broken));
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  const toast = page.getByTestId('toast').filter({ hasText: 'dropped.postman_collection.json' });
  await expect(toast).toContainText('item[1].request.url');
  await expect(page.getByTestId('sidebar-collection').filter({ hasText: 'Broken' })).toHaveCount(0);
});
