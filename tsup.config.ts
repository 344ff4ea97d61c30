import { defineConfig } from 'tsup';

// Node: ESM + CJS with types; browser: ESM only, no Node built-ins.
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
  },
  {
    entry: { browser: 'lib/browser.ts' },
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    dts: false,
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
  },
]);
