import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `sketchmat` is this repository's browser build (dist/browser.mjs), as the
// package's "browser" export would give an installed app.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { alias: { sketchmat: fileURLToPath(new URL('../../dist/browser.mjs', import.meta.url)) } },
  build: { outDir: fileURLToPath(new URL('../../build-examples/vite-app', import.meta.url)), emptyOutDir: true },
  logLevel: 'warn',
});
