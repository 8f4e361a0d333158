// Builds the script-tag bundles: dist/sw.js (every page; budget 4 KB gzip) and
// dist/sw-decide.js (loaded only for slots the edge did not decide).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const entries = { 'sw.js': 'tag.ts', 'sw-decide.js': 'decider-tag.ts' };
for (const [out, entry] of Object.entries(entries)) {
  const outfile = new URL(`./dist/${out}`, import.meta.url).pathname;
  await build({
    entryPoints: [new URL(`./src/${entry}`, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    outfile,
    legalComments: 'none',
  });
  const bytes = readFileSync(outfile);
  console.log(`sdk: dist/${out} ${bytes.length} B raw, ${gzipSync(bytes, { level: 9 }).length} B gzip`);
}
