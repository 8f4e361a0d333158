// Builds the script-tag bundles: dist/sw.js (every page; budget 4 KB gzip) and
// dist/sw-decide.js (loaded only for slots the edge did not decide, profile() and age()).
// esbuild bundles; terser minifies, since it packs this code ~4% smaller after gzip.
import { build } from 'esbuild';
import { minify } from 'terser';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const entries = { 'sw.js': 'tag.ts', 'sw-decide.js': 'decider-tag.ts' };
mkdirSync(new URL('./dist/', import.meta.url), { recursive: true });
for (const [out, entry] of Object.entries(entries)) {
  const bundled = await build({
    entryPoints: [new URL(`./src/${entry}`, import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    legalComments: 'none',
  });
  const { code } = await minify(bundled.outputFiles[0].text, {
    ecma: 2020,
    compress: { passes: 2 },
    mangle: { toplevel: true },
    format: { comments: false },
  });
  const bytes = Buffer.from(code);
  writeFileSync(new URL(`./dist/${out}`, import.meta.url), bytes);
  console.log(`sdk: dist/${out} ${bytes.length} B raw, ${gzipSync(bytes, { level: 9 }).length} B gzip, ${brotliCompressSync(bytes).length} B brotli`);
}
