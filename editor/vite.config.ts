import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Served by the Worker under /__sw/editor/ (same origin as the site, so the editor can frame it).
// `npm run dev -w @slotwise/editor` serves it with hot reload and sends everything else (the
// site, the Admin API, the edit-mode script) on to the Worker that `npm start` runs, keeping
// this origin as the Host so the Admin API's same-origin check holds.
const worker = process.env.SW_WORKER ?? 'http://127.0.0.1:8787';

export default defineConfig({
  base: '/__sw/editor/',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    host: '127.0.0.1',
    proxy: { '^/(?!__sw/editor)': { target: worker, changeOrigin: false } },
  },
});
