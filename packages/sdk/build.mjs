// Builds the script-tag bundle dist/sw.js (minified IIFE, no source maps shipped).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const outfile = new URL('./dist/sw.js', import.meta.url).pathname;
await build({
  entryPoints: [new URL('./src/tag.ts', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outfile,
  legalComments: 'none',
});
const bytes = readFileSync(outfile);
console.log(`sdk: dist/sw.js ${bytes.length} B raw, ${gzipSync(bytes, { level: 9 }).length} B gzip`);
