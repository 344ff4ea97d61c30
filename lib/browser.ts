/** Browser entry: WebAssembly only, fetched next to this module unless ready({ wasmUrl }) says where. */
import { setPlatform } from './backend/select';

setPlatform({
  env: {},
  async wasmBytes(file, url) {
    const where = url ?? new URL(`../wasm/dist/${file}`, import.meta.url);
    const response = await fetch(where);
    if (!response.ok) throw new Error(`fetching ${String(where)} gave HTTP ${response.status}`);
    return response.arrayBuffer();
  },
});

export * from './api';
