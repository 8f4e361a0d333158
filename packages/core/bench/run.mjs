// `npm run bench`: bundles a TypeScript benchmark (decisions.ts, or the file named as the first
// argument) with esbuild and runs it in this Node.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'slotwise-bench-'));
const outfile = join(dir, 'decisions.mjs');
try {
  await build({
    entryPoints: [new URL(`./${process.argv[2] ?? 'decisions.ts'}`, import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  });
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
