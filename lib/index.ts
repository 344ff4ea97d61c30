/** Node entry: the addon when it loads, else WebAssembly read from the package. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAddon } from './backend/find-addon';
import { setPlatform } from './backend/select';
import { loadNativeBackend } from './backend/native';

// lib/ (sources, under jest) and dist/ (the built package) both sit one level
// below the package root. tsup shims __dirname in the ESM build.
const packageRoot = join(__dirname, '..');

const requireFile = (file: string) => createRequire(__filename)(resolve(file));

/** A wasmUrl in Node: a file: URL or a path (relative to the working directory). */
function wasmPath(url: string | URL): string {
  const s = String(url);
  if (s.startsWith('file:')) return fileURLToPath(s);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) throw new Error(`Node reads .wasm files from disk; ${s} is not a file: URL or path`);
  return resolve(s);
}

setPlatform({
  env: process.env,
  loadNative: () => loadNativeBackend(() => findAddon(packageRoot, process.env, requireFile)),
  wasmBytes: (file, url) => {
    const where = url === undefined ? join(packageRoot, 'wasm', 'dist', file) : wasmPath(url);
    try {
      return readFileSync(where);
    } catch (e) {
      throw new Error(`could not read ${where}: ${(e as Error).message}`);
    }
  },
});

export * from './api';
// Shadows api's io (an explicit export wins over `export *`): the same functions plus files on disk.
import * as io from './io/node';
export { io };
