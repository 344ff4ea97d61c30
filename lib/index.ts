/** Node entry: the addon when it loads, else WebAssembly read from the package. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import nodeGypBuild from 'node-gyp-build';
import { setPlatform } from './backend/select';
import { loadNativeBackend } from './backend/native';

// lib/ (sources, under jest) and dist/ (the built package) both sit one level
// below the package root. tsup shims __dirname in the ESM build.
const packageRoot = join(__dirname, '..');

setPlatform({
  env: process.env,
  loadNative: () => loadNativeBackend(nodeGypBuild, packageRoot, process.env, (file) => createRequire(__filename)(resolve(file))),
  wasmBytes: (file, url) => readFileSync(url ?? join(packageRoot, 'wasm', 'dist', file)),
});

export * from './api';
// Shadows api's io (an explicit export wins over `export *`): the same functions plus files on disk.
import * as io from './io/node';
export { io };
