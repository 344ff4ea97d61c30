/** Browser entry: WebAssembly only, fetched next to this module unless ready({ wasmUrl }) says where. */
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

/** A wasmUrl as given (relative ones resolve against the page, as links do). */
function resolveUrl(url: string | URL): URL {
  if (url instanceof URL) return url;
  const base = typeof document !== 'undefined' && document.baseURI ? document.baseURI : globalThis.location?.href;
  try {
    return base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    throw new Error(`wasmUrl ${JSON.stringify(url)} is not a URL${base === undefined ? ' (and there is no page to resolve it against)' : ` relative to ${base}`}`);
  }
}

setPlatform({
  env: {},
  async wasmBytes(file, url) {
    const where = url === undefined ? DEFAULT_URLS[file]() : resolveUrl(url);
    let response: Response;
    try {
      response = await fetch(where);
    } catch (e) {
      throw new Error(`fetching ${where.href} failed: ${(e as Error).message}`);
    }
    if (!response.ok) throw new Error(`fetching ${where.href} gave HTTP ${response.status}`);
    return response.arrayBuffer();
  },
});

export * from './api';
