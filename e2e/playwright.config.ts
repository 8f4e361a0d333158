import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';

const port = Number(process.env.SW_E2E_PORT ?? 8797);

// A Chromium already on the machine (chromium.mjs says which, and how to get one when none is).
export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  workers: 1,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
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
