/**
 * An origin that fails mid-body, through the real local stack (issue 16): a body whose
 * Content-Encoding lies (not gzip or br at all) or a connection that drops half-way must not take
 * the stack down. Before, one such answer crashed local workerd for good
 * (`Fatal uncaught kj::Exception: gzip decompression failed`) and every later request hung.
 */
import http from 'node:http';
import { expect, test } from '@playwright/test';

const port = Number(process.env.SW_E2E_PORT ?? 8797);

/**
 * GETs a path on a fresh connection and reads it whole; resolves with the status, or with how it
 * failed (any outcome of the broken answers is fine here: the point is what comes after).
 */
function get(path: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
      res.on('error', (error) => resolve(`failed: ${error.message}`));
    });
    req.on('error', (error) => resolve(`failed: ${error.message}`));
    req.setTimeout(5_000, () => req.destroy(new Error('no answer within 5 s')));
  });
}

/**
 * How many times the twelve broken answers are sent. Behind wrangler's dev proxy about one health
 * request in 50 after a broken answer was never answered (e2e/worker-runtime.mjs says why): one
 * round failed about one run in four, sixteen rounds (192 tries) fail nearly every run.
 */
const ROUNDS = 16;

test('corrupt gzip and br bodies and a dropped connection from the origin leave the stack serving', async ({ request }) => {
  test.setTimeout(120_000);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const path of ['/fixtures/corrupt-gzip', '/fixtures/corrupt-br', '/fixtures/reset']) {
      for (const query of ['?utm_source=newsletter', '?type=bin']) {
        // A client that accepts no encoding (curl's default) makes the stack decode what it passes on.
        for (const encoding of ['identity', 'gzip, deflate, br']) {
          await get(`${path}${query}`, { accept: 'text/html', 'accept-encoding': encoding });
          expect(await get('/__sw/health'), `health after ${path}${query} (${encoding}), round ${round}`).toBe('200');
        }
      }
    }
  }
  const home = await request.get('/?utm_source=newsletter', { headers: { accept: 'text/html' }, timeout: 5_000 });
  expect(await home.text()).toContain('data-sw-v="newsletter-welcome:welcome"');
});
