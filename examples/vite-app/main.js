// A Vite app that imports sketchmat as any app would: no wasmUrl, no plugin;
// Vite finds the .wasm through the library's new URL(…, import.meta.url).
import * as s from 'sketchmat';
import { scatterSvg, sketchEmbeddings } from '../shared/sketch-embeddings.js';

const npyUrl = new URL('./minilm_778x384.npy', document.baseURI);

(async () => {
  try {
    await s.ready();
    const bytes = await (await fetch(npyUrl)).arrayBuffer();
    const result = await sketchEmbeddings(s, bytes);
    document.getElementById('out').textContent = JSON.stringify(result, null, 2);
    document.getElementById('plot').innerHTML = scatterSvg(s, bytes);
    window.__sketchmatResult = result;
  } catch (e) {
    window.__sketchmatResult = { error: `${e.name}: ${e.message}` };
    document.getElementById('out').textContent = window.__sketchmatResult.error;
  }
})();
