import { defineConfig } from '@playwright/test';

const port = Number(process.env.SW_E2E_PORT ?? 8797);

// Debian's Chromium (never a downloaded browser); flags keep it off the closed network.
export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  workers: 1,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'node serve-for-tests.mjs',
    cwd: import.meta.dirname,
    url: `http://127.0.0.1:${port}/__sw/health`,
    timeout: 90_000,
    reuseExistingServer: false,
  },
});
