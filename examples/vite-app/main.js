// A Vite app that imports sketchmat as any app would: no wasmUrl, no plugin;
// Vite finds the .wasm through the library's new URL(…, import.meta.url).
import * as s from 'sketchmat';
import { runPage } from '../shared/sketch-embeddings.js';

runPage(s, new URL('./minilm_778x384.npy', document.baseURI));
