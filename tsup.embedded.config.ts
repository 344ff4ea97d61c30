import { defineConfig } from 'tsup';

// The browser entry with both .wasm files inlined (lib/browser-embedded.ts).
// Built after the WebAssembly modules (npm run build:embedded), which the
// main tsup config cannot wait for: it runs first.
export default defineConfig({
  entry: { 'browser-embedded': 'lib/browser-embedded.ts' },
  format: ['esm'],
  outExtension: () => ({ js: '.mjs' }),
  dts: false,
  platform: 'browser',
  target: 'es2022',
  clean: false,
  sourcemap: false,
  keepNames: true,
  loader: { '.wasm': 'binary' },
});
