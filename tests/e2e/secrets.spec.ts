import { expect, test } from './fixtures.js';

const SECRET = 'tok-7Q2x-live-e2e';

test('a secret environment variable is masked in the editor, the URL hover, the response and history, and sent for real', async ({ page, postern, shot }) => {
  await page.goto(postern.url);

  // A new environment with one secret variable.
  await page.getByTestId('sidebar-environments').click();
  await page.getByTestId('environment-new').click();
  const editor = page.getByTestId('env-editor');
  await expect(editor).toBeVisible();
  await page.getByTestId('env-name').fill('Staging');
  await page.getByTestId('env-row-new').getByTestId('env-key').fill('apiKey');
  const row = page.getByTestId('env-row').first();
  await row.getByTestId('env-type').selectOption('secret');
  await row.getByTestId('env-initial').fill(SECRET);
  await expect(row.getByTestId('env-initial')).toHaveAttribute('type', 'password');
  await page.getByTestId('env-save').click();
  await expect(page.getByTestId('sidebar-environment').filter({ hasText: 'Staging' })).toBeVisible();

  // After saving, the page holds only the marker: neither the inputs nor the DOM carry the plaintext.
  await page.reload();
  await page.getByTestId('sidebar-environments').click();
  await page.getByTestId('sidebar-environment').filter({ hasText: 'Staging' }).click();
  const saved = page.getByTestId('env-row').first();
  await expect(saved.getByTestId('env-key')).toHaveValue('apiKey');
  await expect(saved.getByTestId('env-initial')).toHaveValue('••••••••');
  await expect(saved.getByTestId('env-initial')).toHaveAttribute('type', 'password');
  expect(await page.content()).not.toContain(SECRET);
  await page.screenshot({ path: shot('environment-editor') });

  // Reveal asks the services for the value and shows it in clear.
  await saved.getByTestId('env-reveal').first().click();
  await expect(saved.getByTestId('env-initial')).toHaveValue(SECRET);
  await expect(saved.getByTestId('env-initial')).toHaveAttribute('type', 'text');

  // Use it in a request: the hover shows it masked; the server gets the real value.
  await page.getByTestId('environment-select').selectOption({ label: 'Staging' });
  await page.keyboard.press('Control+t'); // new request tab, from any view
  await page.getByTestId('url-input').fill(`${postern.target}/secure?key={{apiKey}}`);
  await page.getByTestId('var-known').first().hover();
  const tooltip = page.getByTestId('var-tooltip');
  await expect(tooltip).toContainText('•••••• (secret)');
  await expect(tooltip).not.toContainText(SECRET);

  const before = postern.received.length;
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const sent = postern.received.slice(before).find((r) => r.url.startsWith('/secure'));
  expect(sent?.url).toBe(`/secure?key=${SECRET}`);

  // The server echoed the value back: the response pane shows it masked.
  const body = page.getByTestId('response-body');
  await expect(body).toContainText('"path": "/secure?key=');
  await expect(body).not.toContainText(SECRET);
  await page.getByTestId('response-section-headers').click();
  await expect(page.getByTestId('response-headers')).not.toContainText(SECRET);

  // History keeps the request with the secret masked, also when opened again.
  await page.getByTestId('sidebar-history').click();
  const entry = page.getByTestId('history-entry').filter({ hasText: '/secure' }).first();
  await expect(entry).toContainText('/secure');
  await expect(entry).not.toContainText(SECRET);
  await entry.click();
  const reopened = page.getByTestId('url-input');
  await expect(reopened).toHaveValue(`${postern.target}/secure?key=••••••`);
  expect(await page.content()).not.toContain(SECRET);
  await page.screenshot({ path: shot('secret-history') });
});
