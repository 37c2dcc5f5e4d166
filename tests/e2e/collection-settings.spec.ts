import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';

const NAME = 'Settings E2E';
const SECRET = 'coll-tok-9Vw3-e2e';

/** A collection with a `base` variable and one folder holding one request that inherits its auth. */
function collection(base: string): object {
  return {
    info: { name: NAME, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'base', value: base }],
    item: [
      {
        name: 'Admin',
        item: [{ name: 'Who am I', request: { method: 'GET', header: [], url: { raw: '{{base}}/whoami', host: ['{{base}}'], path: ['whoami'] } } }],
      },
    ],
  };
}

test('collection settings: bearer auth from a secret collection variable, saved with Ctrl+S, inherited by a folder and sent by its request', async ({ page, postern, shot }) => {
  const file = join(postern.dir, 'settings-e2e.postman_collection.json');
  writeFileSync(file, JSON.stringify(collection(postern.target)));
  await page.goto(postern.url);
  await page.getByTestId('import-open').click();
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-outcome')).toContainText(`Imported collection “${NAME}”`);
  await page.keyboard.press('Escape');

  // Open the collection's settings from its row menu: a tab beside the request tabs.
  const tree = page.getByTestId('sidebar-collection').filter({ hasText: NAME });
  // The row's ⋯ menu shows on hover, as for a mouse user.
  await tree.locator('.collection-row').hover();
  await tree.getByTestId('collection-menu').click();
  await page.getByTestId('menu-edit').click();
  const editor = page.getByTestId('level-editor');
  await expect(editor).toHaveAttribute('data-kind', 'collection');
  await expect(page.getByTestId('settings-tab').filter({ hasText: NAME })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('level-name')).toHaveValue(NAME);
  await page.getByTestId('level-description').fill('Admin API. Authenticate with a **bearer** token.');

  // Authorization: a bearer token that names a collection variable.
  await page.getByTestId('level-section-auth').click();
  await page.getByTestId('level-auth-type').selectOption('bearer');
  await page.getByTestId('level-auth-token').fill('{{token}}');

  // Variables: the token as a secret collection variable (masked while typed).
  await page.getByTestId('level-section-variables').click();
  await expect(page.getByTestId('env-row').first().getByTestId('env-key')).toHaveValue('base');
  await page.getByTestId('env-row-new').getByTestId('env-key').fill('token');
  const tokenRow = page.getByTestId('env-row').nth(1);
  await tokenRow.getByTestId('env-type').selectOption('secret');
  await tokenRow.getByTestId('env-initial').fill(SECRET);
  await expect(tokenRow.getByTestId('env-initial')).toHaveAttribute('type', 'password');

  // Settings: turn off following redirects for the whole collection.
  await page.getByTestId('level-section-settings').click();
  await expect(page.getByTestId('level-inherited-followRedirects')).toHaveText('Inherited from app settings');
  await page.getByTestId('level-setting-followRedirects').locator('label.toggle').click();
  await expect(page.getByTestId('level-follow-redirects')).not.toBeChecked();
  await expect(page.getByTestId('level-reset-followRedirects')).toBeVisible();

  // Unsaved changes are marked on the tab and in the editor; Ctrl+S saves like a request tab.
  await expect(page.getByTestId('settings-tab').getByLabel('Unsaved changes')).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('level-dirty')).toHaveCount(0);
  await expect(page.getByTestId('settings-tab').getByLabel('Unsaved changes')).toHaveCount(0);

  // Saved: the secret comes back as a marker only.
  await page.getByTestId('level-section-variables').click();
  await expect(tokenRow.getByTestId('env-initial')).toHaveValue('••••••••');
  expect(await page.content()).not.toContain(SECRET);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot('collection-settings-variables') });
  // Reveal asks the services for the collection secret, as in an environment; it is not an edit.
  await tokenRow.getByTestId('env-reveal').click();
  await expect(tokenRow.getByTestId('env-initial')).toHaveValue(SECRET);
  await expect(page.getByTestId('level-dirty')).toHaveCount(0);
  await page.getByTestId('level-section-auth').click();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot('collection-settings') });

  // The folder's settings show the collection's auth and redirect setting as inherited.
  const folderRow = page.getByTestId('sidebar-folder').filter({ hasText: 'Admin' });
  await folderRow.click();
  await folderRow.hover();
  await folderRow.getByTestId('item-menu').click();
  await page.getByTestId('menu-edit').click();
  await expect(editor).toHaveAttribute('data-kind', 'folder');
  await expect(page.getByTestId('settings-tab')).toHaveCount(2);
  await page.getByTestId('level-section-auth').click();
  await expect(page.getByTestId('level-auth-type')).toHaveValue('inherit');
  await expect(page.getByTestId('level-auth-inherited')).toHaveText(`Uses Bearer token from Collection “${NAME}”.`);
  await page.getByTestId('level-section-settings').click();
  await expect(page.getByTestId('level-inherited-followRedirects')).toHaveText(`Inherited from Collection “${NAME}”`);
  await expect(page.getByTestId('level-follow-redirects')).not.toBeChecked();
  await expect(page.getByTestId('level-inherited-strictSSL')).toHaveText('Inherited from app settings');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot('folder-settings') });

  // The request in the folder inherits the auth: its editor says so, and the server gets the header.
  await page.getByTestId('sidebar-request').filter({ hasText: 'Who am I' }).click();
  await expect(page.getByTestId('url-input')).toHaveValue('{{base}}/whoami');
  await page.getByTestId('request-section-auth').click();
  await expect(page.getByTestId('auth-inherited')).toContainText(`Bearer token from Collection “${NAME}”`);
  await page.getByTestId('request-section-settings').click();
  await expect(page.getByTestId('request-settings')).toContainText(`Inherited from Collection “${NAME}”`);
  const before = postern.received.length;
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const sent = postern.received.slice(before).find((r) => r.url === '/whoami');
  expect(sent?.headers.authorization).toBe(`Bearer ${SECRET}`);
  // The echoed token is masked in the response pane.
  await expect(page.getByTestId('response-body')).toContainText('"path": "/whoami"');
  await expect(page.getByTestId('response-body')).not.toContainText(SECRET);

  // Back on the collection tab, closing it leaves the request tabs.
  await page.getByTestId('settings-tab').filter({ hasText: NAME }).click();
  await expect(editor).toHaveAttribute('data-kind', 'collection');
  await page.getByTestId('settings-tab').filter({ hasText: NAME }).getByTestId('settings-tab-close').click();
  await expect(page.getByTestId('settings-tab')).toHaveCount(1);

  // Closing the last request tab hands the row to the settings tab still open, never to nothing.
  await page.getByTestId('request-tab').first().click();
  await expect(page.getByTestId('settings-tab')).toHaveAttribute('aria-selected', 'false');
  for (let left = await page.getByTestId('request-tab').count(); left > 0; left--) {
    await page.getByTestId('request-tab').first().getByTestId('request-tab-close').click();
  }
  await expect(page.getByTestId('request-tab')).toHaveCount(0);
  await expect(page.getByTestId('settings-tab')).toHaveAttribute('aria-selected', 'true');
  await expect(editor).toHaveAttribute('data-kind', 'folder');
});
