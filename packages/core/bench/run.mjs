// `npm run bench`: bundles a TypeScript benchmark with esbuild and runs it in this Node.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// `node run.mjs [decisions|recommend|air-traffic]`: which benchmark (decisions.ts by default).
const name = ['recommend', 'air-traffic'].includes(process.argv[2] ?? '') ? process.argv[2] : 'decisions';
const dir = mkdtempSync(join(tmpdir(), 'slotwise-bench-'));
const outfile = join(dir, `${name}.mjs`);
try {
  await build({ entryPoints: [new URL(`./${name}.ts`, import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
