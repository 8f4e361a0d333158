// Builds the script-tag bundles: dist/sw.js (every page; budget 4 KB gzip) and
// dist/sw-decide.mjs (loaded only for slots the edge did not decide, profile() and age(); it loads
// dist/sw-re2.mjs, the regex engine, only for a config that uses $regex) and
// dist/sw-edit.js (edit mode, loaded only into pages the editor frames) and
// dist/sw-vitals.js (LCP/CLS/INP, added by the Worker only to pages of campaigns that measure them) and
// dist/sw-fold.mjs (the collection chunk: profile folding, the cookie encoder and the reporting code,
// exposures and the outbox delivery; loaded when collection starts) and dist/sw-send.mjs (the
// reporting code alone, which a sw.js cached from before the collection chunk imports).
// sw.js imports sw-decide.mjs, sw-send.mjs and sw-fold.mjs, so those are ES modules; the others are classic
// scripts. esbuild bundles (and simplifies syntax: 21 B less gzip for sw.js); terser minifies,
// since it packs this code ~4% smaller after gzip.
import { build } from 'esbuild';
import { minify } from 'terser';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const modules = new Set(['sw-decide.mjs', 'sw-send.mjs', 'sw-fold.mjs']);
/**
 * Files nearly all of whose functions run on a consenting visitor's page load: marked for V8's
 * explicit compile hints (Chrome 136+; a comment to other engines), which compiles every function
 * as the script is loaded, on a background thread, instead of pre-parsing it there and compiling
 * it on the main thread at its first call. Measured on a consenting first visit to the demo home
 * page, three runs each alternating: the main thread's CPU in sw.js's own tasks 14.5–15.4 →
 * 11.3–12.2 ms (issue 23, item 6; docs/performance.md). +20 B gzip. Not the chunks only some
 * pages use, whose functions mostly never run.
 */
const calledOnLoad = new Set(['sw.js', 'sw-fold.mjs']);
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
// sw-decide.mjs imports the regex engine (re2js, ~45 KB gzip) only for configs that use $regex:
// split off as sw-re2.mjs, the one chunk that build may make (a second one fails the build).
const splitChunks = { 'sw-decide.mjs': 'sw-re2' };
const entries = {
  'sw.js': 'tag.ts',
  'sw-decide.mjs': 'decider-tag.ts',
  'sw-edit.js': 'edit-tag.ts',
  'sw-send.mjs': 'sender-tag.ts',
  'sw-vitals.js': 'vitals-tag.ts',
  'sw-fold.mjs': 'folding-tag.ts',
};
const dist = new URL('./dist/', import.meta.url);
mkdirSync(dist, { recursive: true });
for (const [out, entry] of Object.entries(entries)) {
  const chunk = splitChunks[out];
  const bundled = await build({
    entryPoints: { [out.replace(/\.m?js$/, '')]: new URL(`./src/${entry}`, import.meta.url).pathname },
    bundle: true,
    format: modules.has(out) ? 'esm' : 'iife',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    minifySyntax: true,
    outdir: dist.pathname,
    outExtension: { '.js': out.endsWith('.mjs') ? '.mjs' : '.js' },
    ...(chunk ? { splitting: true, chunkNames: chunk } : {}),
  });
  for (const file of bundled.outputFiles) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    const { code } = await minify(file.text, {
      ecma: 2022,
      module: modules.has(out),
      // Arrow functions where `this` is unused, and four passes: about 23 B less gzip for sw.js.
      compress: { passes: 4, unsafe_arrows: true, inline: 1 },
      mangle: { toplevel: true },
      format: { comments: false },
    });
    // The hint must be the file's first line.
    const bytes = Buffer.from(calledOnLoad.has(name) ? COMPILE_HINT + code : code);
    writeFileSync(new URL(name, dist), bytes);
    console.log(`sdk: dist/${name} ${bytes.length} B raw, ${gzipSync(bytes, { level: 9 }).length} B gzip, ${brotliCompressSync(bytes).length} B brotli`);
  }
}
