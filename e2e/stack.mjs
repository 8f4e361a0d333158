// Runs the local Slotwise stack: the demo store (origin) and the Worker in workerd through
// Miniflare, listening on the stack's port itself (worker-runtime.mjs: not behind wrangler's dev
// proxy, which can leave a request unanswered after a response body fails mid-stream), with local
// KV, Durable Objects, queues and R2 persisted on disk and the demo config seeded on first run.
// Used by `npm start` and by the Playwright suite, so both see exactly the same thing.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDemoStore } from './demo-store/server.mjs';
import { startWorkerRuntime } from './worker-runtime.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const wranglerBin = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
const wranglerConfig = join(root, 'worker', 'wrangler.jsonc');
// Same keys as worker/src/config/keys.ts.
const LIVE_POINTER_KEY = 'live';
const snapshotKey = (version) => `config/${version}`;

/**
 * The snapshot signature the Worker checks before it uses a config: the format is defined in
 * worker/src/config/signature.ts (HMAC-SHA-256 over the stored value's UTF-8 bytes, keyed with
 * CONFIG_SIGNING_KEY, hex, in the KV metadata as `sig`). Computed here with node:crypto because
 * the seed is written with wrangler, outside the Worker; keep the two in step.
 */
export function signSnapshot(value, signingKey) {
  return `hmac-sha256:${createHmac('sha256', Buffer.from(signingKey, 'utf8')).update(Buffer.from(value, 'utf8')).digest('hex')}`;
}

/**
 * An id as ID lists hold it: core's listHash (packages/core/src/id-hash.ts) — HMAC-SHA-256 of
 * `slotwise-id-list:` + the id with ID_HASH_KEY, its first 16 bytes in base64url. Computed here
 * with node:crypto for the demo's list, seeded outside the Worker; keep the two in step.
 */
export function listHash(key, id) {
  return createHmac('sha256', key).update(`slotwise-id-list:${id.trim()}`).digest().subarray(0, 16).toString('base64url');
}

/** The demo's `vip-members` ID list, as a CRM would upload it (`PUT /__sw/admin/lists/vip-members`). */
export const DEMO_VIP_MEMBERS = ['cust-4711', 'cust-0042'];

// Offline-friendly wrangler: no telemetry, no cf.json download, no interactive prompts.
const wranglerEnv = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' };

function wrangler(args) {
  return promisify(execFile)(process.execPath, [wranglerBin, ...args, '--config', wranglerConfig], { env: wranglerEnv, cwd: root });
}

/**
 * Seeds the demo config, signed with `signingKey`, unless a config is already live (so edits
 * survive a restart). A live snapshot without a valid signature (seeded before configs were
 * signed, or under another key) is signed again: this is the developer's own local store.
 */
export async function seedDemoConfig(persistTo, { log = () => {}, signingKey, idHashKey, measurement } = {}) {
  if (!signingKey) throw new Error('seedDemoConfig: a signingKey is required (the Worker only uses signed configs)');
  const kv = ['--binding', 'CONFIG', '--local', '--persist-to', persistTo];
  const current = await wrangler(['kv', 'key', 'get', LIVE_POINTER_KEY, ...kv]).then(
    (r) => r.stdout.trim(),
    () => '',
  );
  if (/^\d+$/.test(current)) {
    await resignIfNeeded(Number(current), kv, persistTo, signingKey, log);
    log(`config v${current} is already live; not reseeding`);
    return Number(current);
  }
  const config = JSON.parse(readFileSync(join(here, 'demo-config.json'), 'utf8'));
  // The load test seeds the same store on other shard counts (docs/measurement.md).
  if (measurement) config.site.measurement = { ...config.site.measurement, ...measurement };
  // The ID list is hashed with this stack's key, so it cannot be a fixed part of demo-config.json.
  if (idHashKey) {
    config.savedGroups = { 'vip-members': DEMO_VIP_MEMBERS.map((id) => listHash(idHashKey, id)).sort() };
    config.savedGroupHashes = { 'vip-members': 'hmac-sha256-128' };
  }
  const value = JSON.stringify(config);
  mkdirSync(persistTo, { recursive: true });
  const bulk = join(persistTo, 'seed.json');
  writeFileSync(
    bulk,
    JSON.stringify([
      {
        key: snapshotKey(config.version),
        value,
        metadata: { publishedAt: new Date().toISOString(), note: 'demo seed', by: 'stack.mjs', campaigns: config.campaigns.length, sig: signSnapshot(value, signingKey) },
      },
      { key: LIVE_POINTER_KEY, value: String(config.version) },
    ]),
  );
  await wrangler(['kv', 'bulk', 'put', bulk, ...kv]);
  log(`seeded the demo config v${config.version}`);
  return config.version;
}

async function resignIfNeeded(version, kv, persistTo, signingKey, log) {
  const listed = await wrangler(['kv', 'key', 'list', '--prefix', snapshotKey(version), ...kv]).then(
    (r) => JSON.parse(r.stdout),
    () => [],
  );
  const entry = listed.find((k) => k.name === snapshotKey(version));
  const value = await wrangler(['kv', 'key', 'get', snapshotKey(version), ...kv]).then(
    (r) => r.stdout,
    () => null,
  );
  if (!entry || value === null || entry.metadata?.sig === signSnapshot(value, signingKey)) return;
  const file = join(persistTo, 'resign.json');
  writeFileSync(file, JSON.stringify([{ key: snapshotKey(version), value, metadata: { ...entry.metadata, sig: signSnapshot(value, signingKey) } }]));
  await wrangler(['kv', 'bulk', 'put', file, ...kv]);
  log(`signed the live config v${version} with this stack's CONFIG_SIGNING_KEY`);
}

/**
 * Loads the demo store's products into the catalog as a site owner would: the store's feed
 * (`/feeds/products.jsonl`, on the origin: the only host the Worker fetches) is set through the
 * Admin API and pulled once now (`?pull=1`), so recommendations work from the first page, offline;
 * the hourly Cron Trigger pulls it again. Without a catalog the store still works: "Picked for
 * you" keeps its default.
 */
export async function loadDemoCatalog(url, originUrl, adminPassword, log = () => {}) {
  try {
    const response = await fetch(`${url}/__sw/admin/catalog/feed?pull=1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminPassword}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${originUrl}/feeds/products.jsonl`, everyHours: 1 }),
    });
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
    const { pulled } = await response.json();
    if (pulled?.error || !pulled?.accepted) throw new Error(pulled?.error ?? 'the feed loaded no products');
    log(`loaded the demo catalog from the store's feed (${pulled.accepted} products${pulled.rejected ? `, ${pulled.rejected} rejected` : ''})`);
  } catch (error) {
    log(`the demo catalog was not loaded (recommendations show their default): ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/__sw/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the Worker did not answer at ${url} within ${timeoutMs} ms`);
}

export async function startStack({
  port = 8787,
  originPort = 8788,
  persistTo = join(root, '.wrangler', 'state'),
  debugToken = 'dev',
  adminPassword = 'slotwise',
  decideKey = 'dev-decide-key',
  // Local only, like the signing key: production sets them with `wrangler secret put` (docs/sdk.md,
  // docs/admin-api.md). The site's backend signs identify()'s id with identitySecret.
  identitySecret = 'dev-identity-secret',
  idHashKey = 'slotwise-local-id-hash-key',
  // Local only; production sets its own with `wrangler secret put CONFIG_SIGNING_KEY`.
  configSigningKey = 'slotwise-local-signing-key',
  log = console.log,
  quiet = false,
  // Rebuild and reload the Worker when its source changes (`npm start`).
  watch = false,
  inspect = process.env.SW_INSPECT === '1',
  // The seeded config's site.measurement, merged over the demo's (shards, retentionDays, export).
  measurement = undefined,
  // More vars for the Worker: EVENT_INGEST=direct (the single-object path), EVENT_FAULTS (pipeline/faults.ts).
  extraVars = {},
} = {}) {
  const origin = await startDemoStore({ port: originPort, identity: identitySecret });
  log(`demo store (origin) at ${origin.url}`);
  await seedDemoConfig(persistTo, { log, signingKey: configSigningKey, idHashKey, measurement });
  const vars = {
    ORIGIN: origin.url,
    DEV_OVERRIDES: 'true',
    DEBUG_TOKEN: debugToken,
    ADMIN_PASSWORD: adminPassword,
    CONFIG_SIGNING_KEY: configSigningKey,
    DECIDE_KEY: decideKey,
    IDENTITY_SECRET: identitySecret,
    ID_HASH_KEY: idHashKey,
    ...extraVars,
  };
  Object.assign(process.env, { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' });
  const url = `http://127.0.0.1:${port}`;
  let worker;
  try {
    worker = await startWorkerRuntime({
      wranglerConfig,
      host: '127.0.0.1',
      port,
      persistTo,
      vars,
      // No devtools inspector unless asked for (SW_INSPECT=1, workerd's inspector on port 9229):
      // with devtools attached and their Network panel on, as `wrangler dev` always attaches its
      // own, workerd crashes for good on an origin body whose Content-Encoding lies
      // (docs/security.md › Origin requests and streams).
      inspect,
      watch,
      quiet,
      log,
    });
    await waitForHealth(url, 60_000);
    await loadDemoCatalog(url, origin.url, adminPassword, log);
  } catch (error) {
    await worker?.close().catch(() => {});
    await origin.close();
    throw error;
  }
  return {
    url,
    originUrl: origin.url,
    debugToken,
    adminPassword,
    decideKey,
    identitySecret,
    async close() {
      await worker.close();
      await origin.close();
    },
  };
}
