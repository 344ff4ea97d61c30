/**
 * Browser entry with both .wasm modules inside the JavaScript (`sketchmat/embedded`):
 * for bundlers and hosts that do not copy assets referenced by
 * `new URL('…', import.meta.url)` (esbuild without a file loader, Rollup
 * without a plugin, a CDN that serves one file). It costs ~1 MB of base64
 * in the bundle; `sketchmat` itself fetches the files instead.
 * `ready({ wasmUrl })` still fetches from that URL when given.
 */
import { fetchWasm, resolveUrl } from './backend/fetch-wasm';
import { setPlatform } from './backend/select';
import simd from '../wasm/dist/sketchmat-simd.wasm';
import scalar from '../wasm/dist/sketchmat-scalar.wasm';

const EMBEDDED: Record<string, Uint8Array<ArrayBuffer>> = { 'sketchmat-simd.wasm': simd, 'sketchmat-scalar.wasm': scalar };

setPlatform({
  env: {},
  wasmBytes(file, url) {
    return url === undefined ? EMBEDDED[file] : fetchWasm(resolveUrl(url));
  },
});

export * from './api';
