// The measurement pipeline under load, through the queue (docs/measurement.md): valid events from
// many visitors, sent by concurrent clients in batches to /__sw/collect of the real Worker in
// workerd (`wrangler dev`'s engine, 127.0.0.1 only), with resent batches (duplicates), malformed
// requests and invalid events mixed in, one of the 4 shards refusing writes for a while, and the
// consumer dying before it acknowledges every `crashEvery`-th batch (a restart mid-batch: the
// queue delivers the batch again). Then: every valid event stored exactly once, the results API's
// per-arm totals exact, nothing dead-lettered, and the R2 export read back with DuckDB giving the
// same per-arm totals. The same traffic also goes through the single-object path (collect writing
// to one store itself, no queue) in the same run, for the events/s figure beside it.
//
// Used by e2e/tests/load-queue.spec.ts (reduced, in `npm test`) and e2e/load/run-queue-load.mjs (full).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { startStack } from '../stack.mjs';

const CAMPAIGN = 'promo-test';
const GOAL = 'add_to_cart';
const ARMS = ['control', 'outdoor-sale', 'free-returns'];
const BATCH = 100;
const ATTRIBUTION_WINDOW_MS = 30 * 86_400_000;

/** The valid events, per visitor, and what the results must then show. A fixed seed: every run sends the same traffic. */
export function plan(events, visitors) {
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const now = Date.now();
  const out = [];
  const arms = Object.fromEntries(ARMS.map((a) => [a, { exposed: 0, converted: 0, conversions: 0 }]));
  const perVisitor = Math.floor(events / visitors);
  let made = 0;
  for (let v = 0; v < visitors; v++) {
    const id = `loadvisitor${String(v).padStart(10, '0')}`;
    const count = v === visitors - 1 ? events - made : perVisitor;
    const arm = ARMS[Math.floor(rand() * ARMS.length)];
    const start = now - 3_600_000 + Math.floor(rand() * 1_800_000);
    const list = [{ id: `${id}-x`, type: 'exposure', ts: start, props: { campaign: CAMPAIGN, variant: arm, slot: 'promo' } }];
    let carts = 0;
    for (let i = 1; i < count; i++) {
      const cart = rand() < 0.1;
      carts += cart ? 1 : 0;
      list.push({ id: `${id}-${i}`, type: cart ? GOAL : 'engaged_scroll', ts: start + i * 1000, ...(cart ? { props: { sku: 'k1', value: 30 } } : {}) });
    }
    made += list.length;
    arms[arm].exposed += 1;
    arms[arm].converted += carts > 0 ? 1 : 0;
    arms[arm].conversions += carts;
    out.push({ id, ip: `10.${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}`, events: list });
  }
  return { visitors: out, expected: { events: made, visitors, arms } };
}

/** Requests to send: each visitor's events in batches, some resent, some broken on purpose, shuffled. */
export function requests(visitors) {
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out = [];
  for (const visitor of visitors) {
    for (let i = 0; i < visitor.events.length; i += BATCH) {
      const events = visitor.events.slice(i, i + BATCH);
      const mixed = rand() < 0.05 ? [...events, { id: 'bad', type: 'Not-Snake', ts: -1 }] : events;
      out.push({ visitor, body: JSON.stringify({ events: mixed }), type: 'application/json' });
      if (rand() < 0.1) out.push({ visitor, body: JSON.stringify({ events }), type: 'application/json' });
    }
    if (rand() < 0.05) out.push({ visitor, body: '{"events": [', type: 'application/json', malformed: true });
    if (rand() < 0.02) out.push({ visitor, body: 'x'.repeat(70_000), type: 'application/json', malformed: true });
    if (rand() < 0.02) out.push({ visitor, body: '{}', type: 'application/xml', malformed: true });
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function send(url, request, tally) {
  for (let attempt = 0; attempt < 30; attempt++) {
    let response;
    try {
      response = await fetch(`${url}/__sw/collect`, {
        method: 'POST',
        body: request.body,
        headers: {
          'content-type': request.type,
          cookie: `sw_consent=granted; sw_id=${request.visitor.id}`,
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
    await response.body?.cancel();
    if (response.status >= 500) tally.serverErrors++;
    if (request.malformed ? response.status < 400 || response.status >= 500 : response.status !== 202) tally.unexpected++;
    return;
  }
  tally.gaveUp++;
}

/** Sends every request with `clients` concurrent senders; returns the tally and the seconds it took. */
async function blast(url, queue, clients) {
  const tally = { unexpected: 0, serverErrors: 0, networkErrors: 0, gaveUp: 0, status: {} };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < queue.length) await send(url, queue[next++], tally);
    }),
  );
  return { tally, seconds: (performance.now() - started) / 1000 };
}

const admin = (stack) => ({ authorization: `Bearer ${stack.adminPassword}` });
const getJson = async (stack, path, init = {}) => (await fetch(`${stack.url}${path}`, { ...init, headers: admin(stack) })).json();

/** Waits until the stores hold `events` (the queue has drained), or `limitMs` passed; returns what they hold. */
async function drained(stack, events, limitMs) {
  const deadline = Date.now() + limitMs;
  let summary = await getJson(stack, '/__sw/admin/events/summary');
  while (summary.events < events && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    summary = await getJson(stack, '/__sw/admin/events/summary');
  }
  return summary;
}

/** Per-arm totals as JSON with the arms in name order, to compare. */
const byArm = (arms) => JSON.stringify(Object.fromEntries(Object.entries(arms).sort(([a], [b]) => (a < b ? -1 : 1))));

function armTotals(results) {
  return Object.fromEntries(results.arms.map((a) => [a.id, { exposed: a.exposed, converted: a.converted, conversions: a.conversions }]));
}

/** Exports every stored event to R2, downloads the files and reads the campaign's per-arm totals with DuckDB. */
async function exportedTotals(stack, dir) {
  const files = [];
  for (let run = 0; run < 200; run++) {
    const done = await getJson(stack, '/__sw/admin/exports/run', { method: 'POST' });
    if (done.rows === 0 && !done.more) break;
  }
  let cursor;
  do {
    const listed = await getJson(stack, `/__sw/admin/exports${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
    files.push(...listed.files.map((f) => f.key));
    cursor = listed.cursor;
  } while (cursor);
  for (const key of files) {
    const body = Buffer.from(await (await fetch(`${stack.url}/__sw/admin/exports/file?key=${encodeURIComponent(key)}`, { headers: admin(stack) })).arrayBuffer());
    const path = join(dir, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
  }
  const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'true' });
  const sql = await db.connect();
  // docs/measurement.md, "Reading the export": one row per (visitor, source, id); a visitor's arm
  // is their first exposure's (by ts, then id); a conversion counts when it is at or after that
  // exposure and within the 30-day attribution window.
  const query = `
    WITH events AS (
      SELECT DISTINCT ON (visitor, source, id) visitor, source, id, type, ts, props
      FROM read_json('${join(dir, 'events')}/**/*.jsonl.gz', format = 'newline_delimited', hive_partitioning = true,
        columns = {id: 'VARCHAR', visitor: 'VARCHAR', source: 'VARCHAR', type: 'VARCHAR', ts: 'BIGINT', time: 'VARCHAR', props: 'JSON', received: 'BIGINT'})
    ),
    exposures AS (
      SELECT visitor, json_extract_string(props, '$.variant') AS arm, ts,
        row_number() OVER (PARTITION BY visitor ORDER BY ts, id) AS nth
      FROM events WHERE type = 'exposure' AND json_extract_string(props, '$.campaign') = '${CAMPAIGN}'
    ),
    firsts AS (SELECT visitor, arm, ts FROM exposures WHERE nth = 1),
    goals AS (
      SELECT f.visitor, f.arm, count(e.id) AS conversions
      FROM firsts f LEFT JOIN events e ON e.visitor = f.visitor AND e.type = '${GOAL}' AND e.ts >= f.ts AND e.ts <= f.ts + ${ATTRIBUTION_WINDOW_MS}
      GROUP BY f.visitor, f.arm
    )
    SELECT arm, count(*) AS exposed, count(*) FILTER (WHERE conversions > 0) AS converted, sum(conversions) AS conversions
    FROM goals GROUP BY arm ORDER BY arm`;
  const rows = (await sql.runAndReadAll(query)).getRowObjects();
  sql.closeSync?.();
  return {
    files: files.length,
    arms: Object.fromEntries(rows.map((r) => [r.arm, { exposed: Number(r.exposed), converted: Number(r.converted), conversions: Number(r.conversions) }])),
  };
}

/**
 * Runs the whole test; returns the checks ([what, got, want]) and the figures. Ports: the queue
 * path's stack on `port`/`port + 1`, then the single-object path's on the same ports.
 */
export async function runQueueLoad({ events = 200_000, visitors = 5_000, clients = 32, port = 8850, downMs = 20_000, crashEvery = 25, log = console.log, drainMs = 300_000 } = {}) {
  const { visitors: people, expected } = plan(events, visitors);
  const queue = requests(people);
  const checks = [];
  const figures = {};

  // The single-object path: collect stores into the site's one EventStore itself.
  {
    const persistTo = mkdtempSync(join(tmpdir(), 'slotwise-load-single-'));
    const stack = await startStack({
      port,
      originPort: port + 1,
      persistTo,
      quiet: true,
      log: () => {},
      measurement: { shards: 1, export: false },
      extraVars: { EVENT_INGEST: 'direct' },
    });
    try {
      const { seconds } = await blast(stack.url, queue, clients);
      const summary = await getJson(stack, '/__sw/admin/events/summary');
      figures.single = { seconds, eventsPerSecond: Math.round(expected.events / seconds) };
      log(`  single-object path measured: ${figures.single.eventsPerSecond} valid events/s stored (${seconds.toFixed(1)} s)`);
      checks.push(['single-object path: valid events stored exactly once', summary.events, expected.events]);
    } finally {
      await stack.close();
      rmSync(persistTo, { recursive: true, force: true });
    }
  }

  // The queue path on 4 shards, with a shard down for a while and consumer restarts.
  const persistTo = mkdtempSync(join(tmpdir(), 'slotwise-load-queue-'));
  const exportDir = mkdtempSync(join(tmpdir(), 'slotwise-load-export-'));
  const stack = await startStack({
    port,
    originPort: port + 1,
    persistTo,
    quiet: !process.env.SW_LOAD_VERBOSE,
    log: () => {},
    measurement: { shards: 4, export: true },
    extraVars: { EVENT_FAULTS: JSON.stringify({ downShard: 1, downMs, crashEvery }) },
  });
  try {
    const started = performance.now();
    const { tally, seconds } = await blast(stack.url, queue, clients);
    const summary = await drained(stack, expected.events, drainMs);
    const stored = (performance.now() - started) / 1000;
    figures.queue = {
      acceptSeconds: seconds,
      acceptedPerSecond: Math.round(expected.events / seconds),
      storedSeconds: stored,
      eventsPerSecond: Math.round(expected.events / stored),
    };
    const results = await getJson(stack, `/__sw/admin/results/${CAMPAIGN}`);
    const exported = await exportedTotals(stack, exportDir);
    figures.exportFiles = exported.files;
    figures.bytesPerEvent = Math.round(summary.bytes / summary.events);
    checks.push(
      ['valid events stored exactly once', summary.events, expected.events],
      ['visitors stored (each in one shard)', summary.visitors, expected.visitors],
      ['shards read', summary.shards, 4],
      ['dead letters', summary.deadLetters.events, 0],
      ['per-arm totals in results', byArm(armTotals(results)), byArm(expected.arms)],
      ['per-arm totals in the export, read by DuckDB', byArm(exported.arms), byArm(armTotals(results))],
      ['5xx answers', tally.serverErrors, 0],
      ['requests that got an unexpected answer', tally.unexpected, 0],
      ['requests given up (after 30 tries)', tally.gaveUp, 0],
    );
    figures.status = { ...tally.status, ...(tally.networkErrors ? { 'network errors, retried': tally.networkErrors } : {}) };
  } finally {
    await stack.close();
    rmSync(persistTo, { recursive: true, force: true });
    rmSync(exportDir, { recursive: true, force: true });
  }

  log(`queue load: ${queue.length} requests (${expected.events} valid events from ${expected.visitors} visitors, ${clients} concurrent clients)`);
  log(`  single-object path (one EventStore, no queue): ${figures.single.eventsPerSecond} valid events/s stored (${figures.single.seconds.toFixed(1)} s)`);
  log(
    `  queue path (4 shards, shard 1 down ${downMs / 1000} s, consumer dies every ${crashEvery}th batch): ${figures.queue.acceptedPerSecond} valid events/s accepted by collect, ${figures.queue.eventsPerSecond} valid events/s stored end to end (${figures.queue.storedSeconds.toFixed(1)} s); ${figures.exportFiles} export files; ${figures.bytesPerEvent} bytes of SQLite per stored event; answers ${JSON.stringify(figures.status)}`,
  );
  let ok = true;
  for (const [what, got, want] of checks) {
    const pass = got === want;
    ok &&= pass;
    log(`  ${pass ? 'ok  ' : 'FAIL'} ${what}: ${got}${pass ? '' : ` (expected ${want})`}`);
  }
  return { ok, checks, figures };
}
