// End-to-end tests drive the release build, served by serve.mjs under the /demo/ subpath,
// in Debian's Chromium (Playwright never downloads a browser here).
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4173);
export const base = '/demo/';
export const rootURL = `http://127.0.0.1:${port + 1}/`;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `node serve.mjs --dir ${process.env.E2E_DIST ?? '../target/e2e-dist'} --base ${base} --port ${port}`,
      url: `http://127.0.0.1:${port}${base}`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The same app built for a site root (tests/root.spec.js).
      command: `node serve.mjs --dir ${process.env.E2E_ROOT_DIST ?? '../target/root-dist'} --base / --port ${port + 1}`,
      url: `http://127.0.0.1:${port + 1}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
