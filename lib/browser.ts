/** Browser entry: WebAssembly only, fetched next to this module unless ready({ wasmUrl }) says where. */
import { fetchWasm, resolveUrl } from './backend/fetch-wasm';
import { setPlatform } from './backend/select';

/*
 * Each file's default URL is a literal `new URL('…', import.meta.url)`:
 * Vite, webpack 5, Parcel and esbuild's file loader recognise exactly that
 * form, copy the .wasm into the build and rewrite the URL, so a bundled app
 * finds it without configuration. Unbundled, it resolves against this file
 * (dist/browser.mjs), i.e. the package's wasm/dist/.
 */
const DEFAULT_URLS: Record<string, () => URL> = {
  'sketchmat-simd.wasm': () => new URL('../wasm/dist/sketchmat-simd.wasm', import.meta.url),
  'sketchmat-scalar.wasm': () => new URL('../wasm/dist/sketchmat-scalar.wasm', import.meta.url),
};

setPlatform({
  env: {},
  wasmBytes(file, url) {
    return fetchWasm(url === undefined ? DEFAULT_URLS[file]() : resolveUrl(url));
  },
});

export * from './api';
