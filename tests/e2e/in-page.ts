/**
 * Code that runs inside the page, kept here as source text: the Node-side type check has no DOM
 * library, and these few lines need only plain browser APIs.
 */
import type { JSHandle, Page } from '@playwright/test';

/** Start recording every distinct text the element with this test id shows (read with `recordedTexts`). */
export async function recordTexts(page: Page, testId: string): Promise<void> {
  await page.evaluate(`(() => {
    const seen = [];
    window.__recordedTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="${testId}"]')?.textContent ?? '';
      if (text !== '' && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
}

export async function recordedTexts(page: Page): Promise<string[]> {
  return (await page.evaluate('window.__recordedTexts ?? []')) as string[];
}

export interface LongTasks {
  /** Milliseconds. */
  longest: number;
  count: number;
}

/** Start watching long tasks (main-thread work over 50 ms). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const stats = { longest: 0, count: 0 };
    window.__longTasks = stats;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        stats.count += 1;
        stats.longest = Math.max(stats.longest, entry.duration);
      }
    }).observe({ type: 'longtask' });
  })()`);
}

export async function longTasks(page: Page): Promise<LongTasks> {
  return (await page.evaluate('window.__longTasks')) as LongTasks;
}

/** A DataTransfer holding one file, as the OS hands a dropped file to the page. */
export async function fileTransfer(page: Page, fileName: string, text: string): Promise<JSHandle> {
  return page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(fileName)}, { type: 'application/json' }));
    return transfer;
  })()`);
}

/** Script for `page.addInitScript`: the app starts in this theme. */
export function themeInitScript(theme: 'light' | 'dark'): string {
  return `localStorage.setItem('postern.theme', '${theme}');`;
}
