// Runs the local Slotwise stack: the demo store (origin) and the Worker in workerd via
// `wrangler dev`, with local KV persisted on disk and the demo config seeded on first run.
// Used by `npm start` and by the Playwright suite, so both see exactly the same thing.
import { spawn, execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDemoStore } from './demo-store/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const wranglerBin = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
const wranglerConfig = join(root, 'worker', 'wrangler.jsonc');
// Same keys as worker/src/config-keys.ts.
const LIVE_POINTER_KEY = 'live';
const snapshotKey = (version) => `config/${version}`;

// Offline-friendly wrangler: no telemetry, no cf.json download, no interactive prompts.
const wranglerEnv = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' };

function wrangler(args) {
  return promisify(execFile)(process.execPath, [wranglerBin, ...args, '--config', wranglerConfig], { env: wranglerEnv, cwd: root });
}

/** Seeds the demo config unless a config is already live (so edits survive a restart). */
export async function seedDemoConfig(persistTo, { log = () => {} } = {}) {
  const kv = ['--binding', 'CONFIG', '--local', '--persist-to', persistTo];
  const current = await wrangler(['kv', 'key', 'get', LIVE_POINTER_KEY, ...kv]).then((r) => r.stdout.trim(), () => '');
  if (/^\d+$/.test(current)) {
    log(`config v${current} is already live; not reseeding`);
    return Number(current);
  }
  const config = JSON.parse(readFileSync(join(here, 'demo-config.json'), 'utf8'));
  mkdirSync(persistTo, { recursive: true });
  const bulk = join(persistTo, 'seed.json');
  writeFileSync(bulk, JSON.stringify([
    { key: snapshotKey(config.version), value: JSON.stringify(config) },
    { key: LIVE_POINTER_KEY, value: String(config.version) },
  ]));
  await wrangler(['kv', 'bulk', 'put', bulk, ...kv]);
  log(`seeded the demo config v${config.version}`);
  return config.version;
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
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
  log = console.log,
  quiet = false,
} = {}) {
  const origin = await startDemoStore({ port: originPort });
  log(`demo store (origin) at ${origin.url}`);
  await seedDemoConfig(persistTo, { log });
  const child = spawn(process.execPath, [
    wranglerBin, 'dev', '--config', wranglerConfig,
    '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persistTo,
    '--var', `ORIGIN:${origin.url}`, '--var', 'DEV_OVERRIDES:true', '--var', `DEBUG_TOKEN:${debugToken}`,
    '--var', `ADMIN_PASSWORD:${adminPassword}`,
    '--show-interactive-dev-session=false',
  ], { env: wranglerEnv, cwd: root, stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    child.kill();
    await origin.close();
    throw error;
  }
  return {
    url,
    originUrl: origin.url,
    debugToken,
    adminPassword,
    async close() {
      child.kill();
      await origin.close();
    },
  };
}
