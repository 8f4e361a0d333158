// A bounded load test of /__sw/collect against the real Worker in workerd (127.0.0.1 only):
// 100,000 valid events from 2,000 visitors, sent by 32 concurrent clients in batches, with
// resent batches (duplicates), malformed requests and invalid events mixed in, and 429s retried
// as the SDK retries them. Afterwards every valid event must be stored exactly once and the
// campaign's results must count each exposed visitor and converter once. Prints events/s.
//   node e2e/load/collect-load.mjs [--events 100000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../stack.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg('events', 100_000);
const VISITORS = Math.max(1, Math.round(EVENTS / 50));
const CLIENTS = 32;
const BATCH = 100;
const ARMS = ['control', 'outdoor-sale', 'free-returns'];

// A fixed-seed generator, so every run sends the same traffic.
let seed = 42;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

/** The valid events, per visitor, and what the results must then show. */
function plan() {
  const now = Date.now();
  const visitors = [];
  const expected = { events: 0, exposedVisitors: 0, converters: 0, conversions: 0 };
  let made = 0;
  for (let v = 0; v < VISITORS; v++) {
    const id = `loadvisitor${String(v).padStart(10, '0')}`;
    const count = v === VISITORS - 1 ? EVENTS - made : Math.min(50, EVENTS - made);
    const arm = ARMS[Math.floor(rand() * ARMS.length)];
    const start = now - 3_600_000 + Math.floor(rand() * 1_800_000);
    const events = [{ id: `${id}-x`, type: 'exposure', ts: start, props: { campaign: 'promo-test', variant: arm, slot: 'promo' } }];
    let carts = 0;
    for (let i = 1; i < count; i++) {
      const type = rand() < 0.1 ? 'add_to_cart' : 'engaged_scroll';
      if (type === 'add_to_cart') carts++;
      events.push({ id: `${id}-${i}`, type, ts: start + i * 1000, ...(type === 'add_to_cart' ? { props: { sku: 'k1', price: 30 } } : {}) });
    }
    made += events.length;
    expected.events += events.length;
    expected.exposedVisitors += 1;
    if (carts > 0) expected.converters += 1;
    expected.conversions += carts;
    visitors.push({ id, ip: `10.${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}`, events });
  }
  return { visitors, expected };
}

/** Requests to send: each visitor's events in batches, some resent, some broken on purpose. */
function requests(visitors) {
  const out = [];
  for (const visitor of visitors) {
    for (let i = 0; i < visitor.events.length; i += BATCH) {
      const events = visitor.events.slice(i, i + BATCH);
      // Invalid events inside an otherwise valid batch are refused one by one; the rest is kept.
      const mixed = rand() < 0.05 ? [...events, { id: 'bad', type: 'Not-Snake', ts: -1 }] : events;
      out.push({ visitor, body: JSON.stringify({ events: mixed }), type: 'application/json' });
      if (rand() < 0.1) out.push({ visitor, body: JSON.stringify({ events }), type: 'application/json' });
    }
    if (rand() < 0.05) out.push({ visitor, body: '{"events": [', type: 'application/json', malformed: true });
    if (rand() < 0.02) out.push({ visitor, body: 'x'.repeat(70_000), type: 'application/json', malformed: true });
    if (rand() < 0.02) out.push({ visitor, body: '{}', type: 'application/xml', malformed: true });
  }
  // Shuffle, so visitors' batches interleave as real traffic does.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function send(url, request, tally) {
  for (let attempt = 0; attempt < 20; attempt++) {
    let response;
    try {
      response = await fetch(`${url}/__sw/collect`, {
        method: 'POST',
        body: request.body,
        headers: {
          'content-type': request.type,
          cookie: `sw_consent=granted; sw_id=${request.visitor.id}`,
          // Locally the Worker takes the client address from this header, as Cloudflare sets it.
          'cf-connecting-ip': request.visitor.ip,
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36',
        },
      });
    } catch {
      tally.networkErrors++;
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    tally.status[response.status] = (tally.status[response.status] ?? 0) + 1;
    if (response.status === 429 || response.status === 503) {
      await response.body?.cancel();
      await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? 1) * 1000));
      continue;
    }
    const json = await response.json().catch(() => ({}));
    if (response.status >= 500) tally.serverErrors++;
    if (request.malformed) {
      if (response.status < 400 || response.status >= 500) tally.unexpected++;
    } else if (response.status === 202) {
      tally.accepted += json.accepted ?? 0;
      tally.duplicates += json.duplicates ?? 0;
    } else tally.unexpected++;
    return;
  }
  tally.gaveUp++;
}

const persistTo = mkdtempSync(join(tmpdir(), 'slotwise-load-'));
const stack = await startStack({ port: 8850, originPort: 8851, persistTo, quiet: !process.env.SW_LOAD_VERBOSE, log: () => {} });
let failed = false;
try {
  const { visitors, expected } = plan();
  const queue = requests(visitors);
  const tally = { accepted: 0, duplicates: 0, unexpected: 0, serverErrors: 0, networkErrors: 0, gaveUp: 0, status: {} };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < queue.length) await send(stack.url, queue[next++], tally);
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  const admin = { authorization: `Bearer ${stack.adminPassword}` };
  const summary = await (await fetch(`${stack.url}/__sw/admin/events/summary`, { headers: admin })).json();
  const results = await (await fetch(`${stack.url}/__sw/admin/results/promo-test`, { headers: admin })).json();
  const exposed = results.arms.reduce((n, a) => n + a.exposed, 0);
  const converters = results.arms.reduce((n, a) => n + a.converted, 0);
  const conversions = results.arms.reduce((n, a) => n + a.conversions, 0);

  const checks = [
    ['valid events stored exactly once', summary.events, expected.events],
    // A batch stored just before a 503 (the store answered late) is retried and then reported as
    // duplicates: answers may under-report, never over-report, what was stored.
    ['events reported new, at most those stored', Math.min(tally.accepted, expected.events), tally.accepted],
    ['visitors exposed, in results', exposed, expected.exposedVisitors],
    ['visitors converted, in results', converters, expected.converters],
    ['conversions, in results', conversions, expected.conversions],
    ['5xx answers', tally.serverErrors, 0],
    ['requests that got an unexpected answer', tally.unexpected, 0],
    ['requests given up', tally.gaveUp + tally.networkErrors, 0],
  ];
  console.log(`collect load: ${queue.length} requests (${expected.events} valid events from ${VISITORS} visitors, ${CLIENTS} concurrent clients) in ${seconds.toFixed(1)} s`);
  console.log(
    `  sustained: ${Math.round(expected.events / seconds)} valid events/s, ${Math.round(queue.length / seconds)} requests/s; answers ${JSON.stringify(tally.status)}; duplicates recognised ${tally.duplicates}`,
  );
  for (const [what, got, want] of checks) {
    const ok = got === want;
    failed ||= !ok;
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}: ${got}${ok ? '' : ` (expected ${want})`}`);
  }
} finally {
  await stack.close();
  rmSync(persistTo, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
