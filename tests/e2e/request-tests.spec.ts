import { expect, test } from './fixtures.js';

test('a request with a test script shows its results, passed and failed, in the Tests tab', async ({ page, postern, shot }) => {
  await page.goto(postern.url);
  await page.getByTestId('new-request').click();
  await page.getByTestId('url-input').fill(`${postern.target}/tested`);
  await page.getByTestId('request-section-scripts').click();
  await page.getByRole('tab', { name: 'Tests' }).click();
  await page.locator('textarea[data-testid="script-test"]').fill(
    [
      "pm.test('status is 200', () => pm.response.to.have.status(200));",
      "pm.test('greets', () => pm.expect(pm.response.json().greeting).to.include('hello'));",
      "pm.test('is a teapot', () => pm.response.to.have.status(418));",
      "console.log('path was', pm.response.json().path);",
    ].join('\n'),
  );
  await page.getByTestId('send-button').click();

  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const testsTab = page.getByTestId('response-section-tests');
  await expect(testsTab).toHaveText('Tests2/3');
  await testsTab.click();
  const results = page.getByTestId('test-result');
  await expect(results).toHaveCount(3);
  await expect(results.nth(0)).toHaveAttribute('data-status', 'passed');
  await expect(results.nth(0)).toContainText('status is 200');
  await expect(results.nth(1)).toHaveAttribute('data-status', 'passed');
  await expect(results.nth(2)).toHaveAttribute('data-status', 'failed');
  await expect(results.nth(2)).toContainText('is a teapot');
  await expect(results.nth(2)).toContainText('418');
  await expect(page.getByTestId('tests-summary')).toContainText('2 passed');
  await expect(page.getByTestId('tests-summary')).toContainText('1 failed');
  await page.screenshot({ path: shot('request-tests') });

  await page.getByTestId('response-section-console').click();
  await expect(page.getByTestId('console-script-line')).toContainText('path was /tested');
});

test('a test script that throws is reported in the Tests tab with its line, and the response stays', async ({ page, postern }) => {
  await page.goto(postern.url);
  await page.getByTestId('new-request').click();
  await page.getByTestId('url-input').fill(`${postern.target}/throws`);
  await page.getByTestId('request-section-scripts').click();
  await page.getByRole('tab', { name: 'Tests' }).click();
  await page.locator('textarea[data-testid="script-test"]').fill("pm.test('ran first', () => {});\nundefinedThing();");
  await page.getByTestId('send-button').click();

  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  await page.getByTestId('response-section-tests').click();
  await expect(page.getByTestId('script-error')).toContainText('line 2');
  await expect(page.getByTestId('script-error')).toContainText('undefinedThing');
  await expect(page.getByTestId('test-result')).toHaveCount(1);
  await page.getByTestId('response-section-body').click();
  await expect(page.getByTestId('response-body')).toContainText('"path": "/throws"');
});

test('the Settings tab shows the inherited request timeout, and one set on the request cuts a slow response', async ({ page, postern }) => {
  await page.goto(postern.url);
  await page.getByTestId('new-request').click();
  await page.getByTestId('url-input').fill(`${postern.target}/delay/5000/slow`);
  await page.getByTestId('request-section-settings').click();
  const timeout = page.getByTestId('req-request-timeout');
  await expect(timeout).toHaveValue('0');
  await expect(page.getByTestId('req-request-timeout-text')).toHaveText('no timeout');
  const row = page.locator('.setting-row', { has: timeout });
  await expect(row).toContainText('Inherited from app settings');

  await timeout.fill('250');
  await expect(row).toContainText('Set on this request');
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('response-error-message')).toHaveText('no complete response within the request timeout (250 ms), set in this request');
});
