import { expect, test } from './fixtures.js';

// This file's app starts with a machine policy file that forces SSL verification and a TLS floor.
test.use({ policy: { ForceSslVerification: true, MinimumTlsVersion: 'TLSv1_2' } });

test('a setting locked by policy is read-only in Settings and says "Managed by your organisation"', async ({ page, postern, shot }) => {
  await page.goto(postern.url);
  await page.getByTestId('settings-open').click();

  const strict = page.getByTestId('setting-tls.strictSSL');
  await expect(strict).toHaveAttribute('data-locked', 'true');
  await expect(strict.getByTestId('locked-note')).toHaveText('Managed by your organisation');
  await expect(strict.getByTestId('locked-note')).toHaveAttribute('title', `Set by ${postern.policyFile ?? ''}`);
  await expect(page.getByTestId('settings-strict-ssl')).toBeChecked();
  await expect(page.getByTestId('settings-strict-ssl')).toBeDisabled();
  // Clicking the locked switch changes nothing.
  await strict.locator('label.toggle').click({ force: true });
  await expect(page.getByTestId('settings-strict-ssl')).toBeChecked();

  // The TLS floor: 1.0 and 1.1 are disabled and cannot be enabled; the protocols above stay free.
  const protocols = page.getByTestId('setting-tls.disabledProtocols');
  await expect(protocols.getByTestId('locked-note')).toBeVisible();
  for (const p of ['TLSv1', 'TLSv1_1']) {
    await expect(page.getByTestId(`settings-disable-${p}`)).toBeChecked();
    await expect(page.getByTestId(`settings-disable-${p}`)).toBeDisabled();
  }

  // A key the policy does not set stays editable and carries no note.
  const timeout = page.getByTestId('setting-timeouts.requestMs');
  await expect(timeout).toHaveAttribute('data-locked', 'false');
  await expect(timeout.getByTestId('locked-note')).toHaveCount(0);
  await expect(page.getByTestId('settings-request-timeout')).toBeEnabled();
  await page.screenshot({ path: shot('settings-policy') });
});
