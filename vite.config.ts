/**
 * Root Vitest config: `npm test` runs every unit suite through these projects.
 * - core:    packages/core in Node.
 * - sdk:     checks on the SDK's build output (size budget) in Node.
 * - editor:  the editor's store (state transitions against a fake Admin API) in Node.
 * - workerd: the Worker's suite and core's suites again, inside workerd, so the conformance
 *            vectors and the engine are proven in the runtime that serves pages.
 */
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Property tests run thousands of cases: on a busy 2-core machine one took 6 s against the
// default 5 s limit. The limit is only a backstop for a hang; no test asserts a duration.
const testTimeout = 30_000;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          testTimeout,
          environment: 'node',
          include: ['packages/core/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'sdk',
          testTimeout,
          environment: 'node',
          include: ['packages/sdk/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'editor',
          environment: 'node',
          include: ['editor/src/**/*.test.ts'],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './worker/wrangler.jsonc' },
            miniflare: {
              bindings: {
                ORIGIN: 'http://origin.test',
                DEBUG_TOKEN: 'test-debug-token',
                ADMIN_PASSWORD: 'test-admin-password',
                CONFIG_SIGNING_KEY: 'test-config-signing-key',
                DECIDE_KEY: 'test-decide-key',
                IDENTITY_SECRET: 'test-identity-secret',
                ID_HASH_KEY: 'test-id-hash-key',
                DEV_OVERRIDES: 'true',
                // The suite reads what it just sent, so collect stores directly; the queue path's
                // own tests (worker/test/pipeline) pass EVENT_INGEST=queue and drive the consumer.
                EVENT_INGEST: 'direct',
                // The suites publish by writing KV directly (harness.ts), which the publisher
                // object does not see; config/live-version.test.ts turns the check on.
                CONFIG_LIVE_CHECK_MS: '0',
              },
            },
          }),
        ],
        test: {
          name: 'workerd',
          testTimeout,
          // A real, misbehaving origin for the tests that need workerd's own network stack.
          globalSetup: ['./worker/test/hostile-origin.setup.mjs'],
          // sanitize-html (and postcss inside it) is CommonJS: bundle it to ESM for workerd, as
          // wrangler's esbuild does for the real Worker.
          deps: { optimizer: { ssr: { enabled: true, include: ['sanitize-html'] } } },
          include: ['worker/test/**/*.test.ts', 'packages/core/src/**/*.test.ts'],
        },
      },
    ],
  },
});
