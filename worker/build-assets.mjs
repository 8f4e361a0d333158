// Gathers what the Worker serves as static assets into dist/assets/__sw/:
// the SDK's script-tag build and the editor's Vite build.
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const out = new URL('./dist/assets/__sw/', import.meta.url);
rmSync(new URL('./dist/assets/', import.meta.url), { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of ['sw.js', 'sw-decide.js', 'sw-edit.js', 'sw-send.js']) cpSync(new URL(`packages/sdk/dist/${file}`, root), new URL(file, out));
cpSync(new URL('editor/dist/', root), new URL('editor/', out), { recursive: true });
console.log('worker: assets gathered in worker/dist/assets/__sw/');
