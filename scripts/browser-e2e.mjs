#!/usr/bin/env node
// End-to-end in headless Chromium: the Vite example app (examples/vite-app,
// built with Vite, importing `sketchmat` with no configuration) and a plain
// <script type="module"> page (examples/plain), and a page on the embedded
// entry (examples/embedded, served with every .wasm request refused) sketch the MiniLM embeddings;
// their checksums must equal Node's on the same backend (wasm-simd), bit for
// bit. Needs `npm run build` first and Chromium (Debian: apt-get install
// chromium; CHROMIUM_PATH overrides /usr/bin/chromium).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const data = join(root, '..', 'shared', 'data', 'embeddings', 'minilm_778x384.npy');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const fail = (msg) => { console.error(`browser-e2e: ${msg}`); process.exit(1); };
for (const f of ['browser.mjs', 'browser-embedded.mjs']) if (!existsSync(join(root, 'dist', f))) fail(`dist/${f} is missing: run npm run build first`);
if (!existsSync(data)) fail(`${data} is missing (../shared/data)`);
if (!existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);

// The pages fetch the data next to themselves (not committed: see examples/README.md).
for (const dir of ['examples/vite-app/public', 'examples/plain']) {
  mkdirSync(join(root, dir), { recursive: true });
  copyFileSync(data, join(root, dir, 'minilm_778x384.npy'));
}

const { build } = await import('vite');
await build({ configFile: join(root, 'examples', 'vite-app', 'vite.config.js') });
const viteOut = join(root, 'build-examples', 'vite-app');
const wasmInBundle = (await import('node:fs')).readdirSync(join(viteOut, 'assets')).filter((f) => f.endsWith('.wasm'));
if (wasmInBundle.length !== 2) fail(`the Vite build should hold both .wasm files, has ${JSON.stringify(wasmInBundle)}`);

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.npy': 'application/octet-stream', '.map': 'application/json' };
function serve(dir, { wasm = true } = {}) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? path + 'index.html' : path);
    if (!wasm && file.endsWith('.wasm')) { res.writeHead(404).end(); return; }
    if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const [plainServer, viteServer, noWasmServer] = await Promise.all([serve(root), serve(viteOut), serve(root, { wasm: false })]);
const url = (server, path) => `http://127.0.0.1:${server.address().port}${path}`;

// Node, on the backend the pages run: the same module, the same bits.
const s = await import(join(root, 'dist', 'index.mjs'));
const { sketchEmbeddings } = await import(join(root, 'examples', 'shared', 'sketch-embeddings.js'));
await s.ready({ backend: 'wasm-simd' });
const node = await sketchEmbeddings(s, readFileSync(data).buffer.slice(0));
// Native, for the record (the kernels promise the same bits there too).
const nativeLoaded = await s.ready({ backend: 'native' }).then(() => true, () => false);
const nodeNative = nativeLoaded ? await sketchEmbeddings(s, readFileSync(data).buffer.slice(0)) : { backend: 'native (did not load)' };

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
const pages = {};
try {
  for (const [name, address] of [
    ['vite', url(viteServer, '/')], ['plain', url(plainServer, '/examples/plain/index.html')],
    ['embedded (no .wasm served)', url(noWasmServer, '/examples/embedded/index.html')],
  ]) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(address);
    await page.waitForFunction(() => window.__sketchmatResult !== undefined, null, { timeout: 60_000 });
    pages[name] = { ...(await page.evaluate(() => window.__sketchmatResult)), errors, svg: await page.evaluate(() => document.querySelectorAll('#plot circle').length) };
  }
} finally {
  await browser.close();
  plainServer.close();
  viteServer.close();
  noWasmServer.close();
}

const sums = (r) => r.results?.map((x) => `${x.name}:${x.checksum}`).join(' ');
const report = { node: { backend: node.backend, checksums: sums(node) }, native: { backend: nodeNative.backend, checksums: sums(nodeNative) } };
let ok = true;
for (const [name, r] of Object.entries(pages)) {
  report[name] = { backend: r.backend, checksums: sums(r), error: r.error, errors: r.errors, points: r.svg };
  if (r.error || r.errors.length || sums(r) !== sums(node) || r.svg !== node.rows) ok = false;
}
console.log(JSON.stringify(report, null, 2));
if (!ok) fail('a page failed or its checksums differ from Node\'s');
console.log('browser-e2e: every page matches Node bit for bit');
