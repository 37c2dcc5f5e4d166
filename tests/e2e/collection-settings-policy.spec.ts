import { expect, test } from './fixtures.js';

// This file's app starts with a machine policy that forces SSL verification: a collection cannot turn it off either.
test.use({ policy: { ForceSslVerification: true } });

test('a policy-locked setting is read-only in collection settings and says "Managed by your organisation"', async ({ page, postern, shot }) => {
  await page.goto(postern.url);
  await page.getByTestId('collection-new').click();
  await page.getByTestId('new-collection-name').fill('Locked E2E');
  await page.getByTestId('new-collection-confirm').click();
  const tree = page.getByTestId('sidebar-collection').filter({ hasText: 'Locked E2E' });
  // The row's ⋯ menu shows on hover, as for a mouse user.
  await tree.locator('.collection-row').hover();
  await tree.getByTestId('collection-menu').click();
  await page.getByTestId('menu-edit').click();
  await page.getByTestId('level-section-settings').click();

  const strict = page.getByTestId('level-setting-strictSSL');
  await expect(strict).toHaveAttribute('data-locked', 'true');
  await expect(strict.getByTestId('locked-note')).toHaveText('Managed by your organisation');
  await expect(strict.getByTestId('locked-note')).toHaveAttribute('title', `Set by ${postern.policyFile ?? ''}`);
  await expect(page.getByTestId('level-strict-ssl')).toBeChecked();
  await expect(page.getByTestId('level-strict-ssl')).toBeDisabled();
  // Clicking the locked switch changes nothing, and leaves nothing to save.
  await strict.locator('label.toggle').click({ force: true });
  await expect(page.getByTestId('level-strict-ssl')).toBeChecked();
  await expect(page.getByTestId('level-dirty')).toHaveCount(0);
  // What policy leaves alone stays editable.
  await expect(page.getByTestId('level-setting-followRedirects')).toHaveAttribute('data-locked', 'false');
  await expect(page.getByTestId('level-follow-redirects')).toBeEnabled();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot('collection-settings-policy') });
});
