/**
 * The open proxy of issue 16, against the real stack: a request path that names another host
 * (`curl --path-as-is 'http://127.0.0.1:8787//127.0.0.1:9999/x'`) must never make the Worker
 * fetch that host. A listener stands in for the attacker's server and counts what reaches it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

const port = Number(process.env.SW_E2E_PORT ?? 8797);

/** Sends `path` exactly as written (no normalization on the way) with a visitor's cookie. */
function rawGet(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, headers: { accept: 'text/html', cookie: 'session=secret' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
  });
}

test('paths naming another host are fetched from the origin, never from that host', async () => {
  const reached: string[] = [];
  const attacker = http.createServer((req, res) => {
    reached.push(`${req.url} cookie=${req.headers.cookie ?? ''}`);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<script>steal()</script>');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  try {
    for (const path of [`//${target}/x`, `///${target}/x`, `/\\${target}/x`, `/..//${target}/x`, `/%2f%2f${target}/x`, `//user@${target}/x`]) {
      expect(await rawGet(path), path).toBeGreaterThan(0);
    }
    expect(reached).toEqual([]);
  } finally {
    await new Promise((resolve) => attacker.close(resolve));
  }
});
