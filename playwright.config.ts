import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real renderer (dist/renderer) in Debian's Chromium, in browser mode: the
 * fixture starts the real agent and services (from dist/) and a local HTTP server. `npm run e2e`
 * builds both first.
 */
export default defineConfig({
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
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
  ],
});
