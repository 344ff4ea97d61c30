import { defineConfig } from 'tsup';

// Node: CJS with types for both (dist/index.mjs is then rewritten by
// scripts/esm-wrapper.mjs as an ESM face of the CJS build: one copy per
// process); browser: ESM only, no Node built-ins. keepNames: messages say
// "a Matrix", never esbuild's "_Matrix".
export default defineConfig([
  {
    entry: { index: 'lib/index.ts' },
    format: ['esm', 'cjs'],
    outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
    dts: true,
    shims: true,
    platform: 'node',
    target: 'node18',
    clean: false,
    sourcemap: true,
    keepNames: true,
  },
  {
    // The `sketchmat` executable: one CommonJS file with its own copy of the library.
    entry: { cli: 'lib/cli/cli.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.js' }),
    dts: false,
    platform: 'node',
    target: 'node18',
    clean: false,
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
    keepNames: true,
  },
  {
    entry: { browser: 'lib/browser.ts' },
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    dts: false,
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    keepNames: true,
  },
]);
