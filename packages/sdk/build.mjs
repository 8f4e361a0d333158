// Builds the script-tag bundles: dist/sw.js (every page; budget 4 KB gzip) and
// dist/sw-decide.js (loaded only for slots the edge did not decide, profile() and age()) and
// dist/sw-edit.js (edit mode, loaded only into pages the editor frames) and dist/sw-send.js
// (reporting: exposures and the outbox delivery, loaded only once there is something to report).
// esbuild bundles; terser minifies, since it packs this code ~4% smaller after gzip.
import { build } from 'esbuild';
import { minify } from 'terser';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const entries = { 'sw.js': 'tag.ts', 'sw-decide.js': 'decider-tag.ts', 'sw-edit.js': 'edit-tag.ts', 'sw-send.js': 'sender-tag.ts' };
mkdirSync(new URL('./dist/', import.meta.url), { recursive: true });
for (const [out, entry] of Object.entries(entries)) {
  const bundled = await build({
    entryPoints: [new URL(`./src/${entry}`, import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    legalComments: 'none',
  });
  const { code } = await minify(bundled.outputFiles[0].text, {
    ecma: 2022,
    // Arrow functions where `this` is unused, and a third pass: about 20 B less gzip for sw.js.
    compress: { passes: 3, unsafe_arrows: true, inline: 1 },
    mangle: { toplevel: true },
    format: { comments: false },
  });
  const bytes = Buffer.from(code);
  writeFileSync(new URL(`./dist/${out}`, import.meta.url), bytes);
  console.log(`sdk: dist/${out} ${bytes.length} B raw, ${gzipSync(bytes, { level: 9 }).length} B gzip, ${brotliCompressSync(bytes).length} B brotli`);
}
