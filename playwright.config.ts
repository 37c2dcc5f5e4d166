import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { electronUnavailable } from './tests/e2e/electron-app.js';
import type { AppMode } from './tests/e2e/fixtures.js';

const chromium = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

// Said once, by the runner (not by each worker), when the Electron project cannot run on this machine.
const electronSkipReason = electronUnavailable(fileURLToPath(new URL('./', import.meta.url)));
if (electronSkipReason !== undefined && process.env['TEST_WORKER_INDEX'] === undefined) {
  process.stdout.write(`e2e: the electron project is skipped: ${electronSkipReason}. The browser-mode project runs.\n`);
}

/**
 * End-to-end tests drive the real renderer (dist/renderer): in Debian's Chromium in browser mode (the
 * fixture starts the real agent and services from dist/, and local servers), and in the Electron app
 * itself where an Electron binary is present (ELECTRON_OVERRIDE_DIST_PATH or node_modules/electron/dist).
 * `npm run e2e` builds first; the Electron project also needs `npm run build:desktop` and a display.
 */
export default defineConfig<{ mode: AppMode }>({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'tests/e2e/.results',
  use: { headless: true, viewport: { width: 1400, height: 860 }, trace: 'off' },
  projects: [
    {
      name: 'browser-mode',
      use: { mode: 'browser', browserName: 'chromium', launchOptions: chromium },
    },
    {
      name: 'electron',
      use: { mode: 'electron', browserName: 'chromium', launchOptions: chromium },
    },
  ],
});
