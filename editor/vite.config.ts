import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Served by the Worker under /__sw/editor/ (same origin as the site, so the editor can frame it).
export default defineConfig({
  base: '/__sw/editor/',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true },
});
