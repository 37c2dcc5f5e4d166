import { expect, test } from './fixtures.js';

test('create a request, send it, and read the status and body in the response pane', async ({ page, postern, shot }) => {
  await page.goto(postern.url);

  await expect(page.getByTestId('no-tab')).toBeVisible();
  await page.getByTestId('new-request').click();
  await page.getByTestId('url-input').fill(`${postern.target}/users?limit=5`);
  await expect(page.getByTestId('params-row')).toHaveCount(2); // limit + the blank row to add one
  await page.getByTestId('send-button').click();

  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const body = page.getByTestId('response-body');
  await expect(body).toContainText('"greeting": "hello from the e2e server"');
  await expect(body).toContainText('"path": "/users?limit=5"');
  await expect(page.getByTestId('response-section-cookies')).toContainText('1');
  await page.screenshot({ path: shot('request-response') });
});

test('an unreachable host shows the reason in the response pane', async ({ page, postern, shot }) => {
  await page.goto(postern.url);
  await page.getByTestId('new-request').click();
  // Port 9 (discard) on loopback: nothing listens there in the test machine.
  await page.getByTestId('url-input').fill('http://127.0.0.1:9/');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('response-error')).toBeVisible();
  await expect(page.getByTestId('response-error-message')).not.toBeEmpty();
  await page.screenshot({ path: shot('unreachable') });
});

test('invalid JSON in the body is marked in place and not sent', async ({ page, postern }) => {
  await page.goto(postern.url);
  await page.getByTestId('new-request').click();
  await page.getByTestId('url-input').fill(`${postern.target}/items`);
  await page.getByTestId('request-section-body').click();
  await page.getByTestId('body-mode-json').check();
  await page.getByTestId('body-raw').fill('{"name": "x",\n "broken": }');
  await expect(page.getByTestId('body-json-error')).toContainText('line 2');
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('response-error-message')).toContainText('not valid');
  await expect(page.getByTestId('response-status')).toHaveCount(0);
});
