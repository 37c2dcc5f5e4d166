import { expect, test } from './fixtures.js';

test('a cookie a response sets shows in the Cookies dialog, and deleting it there stops it being sent', async ({ page, postern, shot }) => {
  await page.goto(postern.url);
  await page.getByTestId('new-request').click();
  // The target server answers every request with `Set-Cookie: session=e2e; Path=/; HttpOnly`.
  await page.getByTestId('url-input').fill(`${postern.target}/cookies/first`);
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');

  await page.getByTestId('cookies-open').click();
  const dialog = page.getByTestId('cookies-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('cookie-domain').filter({ hasText: '127.0.0.1' })).toBeVisible();
  const row = dialog.getByTestId('cookie-row').filter({ hasText: 'session' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('e2e');
  await expect(row).toContainText('Session'); // no Expires or Max-Age
  await expect(row).toContainText('HttpOnly');
  await page.screenshot({ path: shot('cookies-dialog') });

  await row.getByTestId('cookie-delete').click();
  await expect(dialog.getByTestId('cookie-row').filter({ hasText: 'session' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // Sent again: the deleted cookie is not in the request (the response sets it anew).
  const before = postern.received.length;
  await page.getByTestId('url-input').fill(`${postern.target}/cookies/second`);
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const sent = postern.received.slice(before).find((r) => r.url === '/cookies/second');
  expect(sent?.headers.cookie ?? '').not.toContain('session=e2e');
});
