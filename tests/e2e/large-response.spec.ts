import { BIG_JSON_BYTES, expect, test } from './fixtures.js';
import { longTasks, watchLongTasks } from './in-page.js';

test('a 50 MB JSON response opens in a virtualised body view and the window stays responsive', async ({ page, postern, shot }) => {
  test.setTimeout(120_000);
  await page.goto(postern.url);
  // Long tasks (main-thread work over 50 ms) from here on: the figure is reported, not asserted.
  await watchLongTasks(page);

  await page.getByTestId('new-request').click();
  await page.getByTestId('url-input').fill(`${postern.target}/big.json`);
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK', { timeout: 30_000 });
  await expect(page.getByTestId('response-size')).toContainText('MB');

  // While the body loads and formats off the UI thread, the window answers clicks.
  await page.getByTestId('response-section-headers').click();
  await expect(page.getByTestId('response-headers')).toContainText(String(BIG_JSON_BYTES));
  await page.getByTestId('response-section-body').click();

  const body = page.getByTestId('response-body');
  await expect(body).toBeVisible({ timeout: 60_000 });
  await expect(body.locator('.vline').first()).toContainText('[');
  const lines = body.locator('.vline');
  const atTop = await lines.count();
  expect(atTop).toBeGreaterThan(10);
  expect(atTop).toBeLessThan(200); // the view and its margin, not the hundreds of thousands of lines

  // Scroll to the very end: the last line is the array's closing bracket, numbered past 1,000,000.
  await body.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  const last = lines.filter({ hasText: /^\d+\]$/ });
  await expect(last).toHaveCount(1);
  const lastNumber = Number(await last.locator('.vline-no').textContent());
  expect(lastNumber).toBeGreaterThan(1_000_000);
  await expect(body.locator('.vline').filter({ hasText: '"name": "item ' }).first()).toBeVisible();
  expect(await lines.count()).toBeLessThan(200);

  // Still responsive after all of it: another tab opens and the body search answers.
  await page.getByTestId('body-search').fill('item 4242"');
  await expect(page.getByTestId('body-search-count')).toHaveText('1 / 1 lines', { timeout: 30_000 });
  await page.getByTestId('response-section-timings').click();
  await expect(page.getByTestId('response-timings')).toBeVisible();
  // Back on Body the view is rebuilt (the document is paged in and formatted again, off the UI thread).
  await page.getByTestId('response-section-body').click();
  await expect(page.getByTestId('response-body')).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: shot('large-response') });

  const tasks = await longTasks(page);
  const line = `50 MB response: longest main-thread task ${Math.round(tasks.longest)} ms (${tasks.count} tasks over 50 ms)`;
  console.log(line);
  test.info().annotations.push({ type: 'longest task', description: line });
});
