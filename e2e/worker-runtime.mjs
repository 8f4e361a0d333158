// Runs the Worker in local workerd through Miniflare (the runtime `wrangler dev` is built on) with
// the Worker itself listening on the stack's port: no wrangler dev proxy in front of it.
//
// Why not `unstable_startWorker` (what `wrangler dev` runs): its ProxyWorker forwards every request
// over pooled keep-alive connections to the Worker's own workerd. When a response body fails
// mid-stream (an origin whose gzip or br is corrupt, a connection dropped half-way), workerd closes
// that connection, and the next request sent on it fails at once ("Network connection lost").
// wrangler 4.86.0's ProxyWorker then takes that request for one caught in a reload (it compares the
// Worker's URL with the request's path to the bare origin, so the check never matches for a path
// other than `/`) and parks it in its retry queue, which only the next request or reload drains: a
// client that waits for its answer before sending anything else waits forever. The Worker answers
// such requests at once on its own port (e2e/tests/origin-faults.spec.ts).
//
// The Worker's bindings, compatibility settings and bundle options are read from wrangler.jsonc by
// wrangler's own `unstable_getMiniflareWorkerOptions` (what @cloudflare/vitest-pool-workers uses),
// so the stack and `wrangler deploy` read one description of the Worker.
import { mkdtempSync, rmSync, unwatchFile, watchFile } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context } from 'esbuild';
import { Log, LogLevel, Miniflare, NoOpLog } from 'miniflare';

/**
 * The Worker bundled from `wrangler.jsonc`'s `main` with the settings wrangler's own bundler uses
 * (ES modules, es2024, the `workerd`/`worker`/`browser` export conditions, `minify` as configured),
 * served on `host:port` with local state under `persistTo` (`v3/kv`, `v3/do`, … as `wrangler dev
 * --persist-to` and `wrangler kv --local --persist-to` lay it out). `vars` are added to the
 * config's. With `watch`, a change to the Worker's sources or to `wrangler.jsonc` rebuilds and
 * reloads it (a request sent during the reload gets a connection error: there is no proxy to hold it).
 * `entry` replaces `main` (the bench runs its own entry points with the Worker's bindings).
 */
export async function startWorkerRuntime({ wranglerConfig, entry, host, port, persistTo, vars, inspect, watch, quiet, log }) {
  const { unstable_getMiniflareWorkerOptions, unstable_readConfig } = await import('wrangler');
  const outdir = mkdtempSync(join(tmpdir(), 'slotwise-worker-'));
  const script = join(outdir, 'index.js');
  const mfLog = quiet ? new NoOpLog() : new Log(LogLevel.INFO, { prefix: 'worker' });

  const miniflareOptions = () => {
    const config = unstable_readConfig({ config: wranglerConfig });
    const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
    return {
      host,
      port,
      defaultPersistRoot: join(persistTo, 'v3'),
      // workerd's own inspector, only when asked for (see stack.mjs).
      ...(inspect ? { inspectorPort: 9229 } : {}),
      // As under `wrangler dev`: /cdn-cgi/handler/scheduled runs the Cron Trigger handler on demand.
      unsafeTriggerHandlers: true,
      liveReload: false,
      log: mfLog,
      ...(quiet ? { handleStructuredLogs: () => {} } : {}),
      workers: [
        {
          name: config.name,
          ...workerOptions,
          bindings: { ...workerOptions.bindings, ...vars },
          modulesRoot: outdir,
          modules: [{ type: 'ESModule', path: script }],
        },
      ],
    };
  };

  const config = unstable_readConfig({ config: wranglerConfig });
  let miniflare;
  let built;
  const firstBuild = new Promise((resolve, reject) => {
    built = { resolve, reject };
  });
  firstBuild.catch(() => {}); // awaited below; a failed first build also rejects rebuild() itself
  const reloadOnRebuild = {
    name: 'slotwise-reload',
    setup(build) {
      build.onEnd(async (result) => {
        if (!miniflare) {
          if (result.errors.length > 0) built.reject(new Error(`the Worker did not build: ${result.errors.map((e) => e.text).join('; ')}`));
          else built.resolve();
          return;
        }
        if (result.errors.length > 0) return log('the Worker did not build; still serving the last build');
        await miniflare.setOptions(miniflareOptions()).then(
          () => log('rebuilt and reloaded the Worker'),
          (error) => log(`the Worker did not reload: ${error instanceof Error ? error.message : String(error)}`),
        );
      });
    },
  };
  const esbuild = await context({
    entryPoints: [entry ?? config.main],
    outfile: script,
    bundle: true,
    format: 'esm',
    target: 'es2024',
    conditions: ['workerd', 'worker', 'browser'],
    external: ['cloudflare:*'],
    minify: config.minify ?? false,
    keepNames: config.keep_names ?? true,
    sourcemap: true,
    define: { 'process.env.NODE_ENV': '"development"', ...config.define },
    logLevel: quiet ? 'silent' : 'warning',
    plugins: [reloadOnRebuild],
  });
  const configChanged = () => void esbuild.rebuild().catch(() => {});
  try {
    if (watch) {
      await esbuild.watch();
      watchFile(wranglerConfig, { interval: 500 }, configChanged);
    } else {
      await esbuild.rebuild();
    }
    await firstBuild;
    miniflare = new Miniflare(miniflareOptions());
    await miniflare.ready;
  } catch (error) {
    await close();
    throw error;
  }

  async function close() {
    unwatchFile(wranglerConfig, configChanged);
    await esbuild.dispose();
    await miniflare?.dispose();
    rmSync(outdir, { recursive: true, force: true });
  }
  return { close };
}
