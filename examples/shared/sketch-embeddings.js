// What both example pages do, and what scripts/browser-e2e.mjs checks: read
// the MiniLM embeddings (.npy), sketch them to 64 dimensions with an SRHT and
// a CountSketch, and report the distortion of pairwise distances plus a
// checksum of the exact bits (the same bits as Node on the same backend).

/** A float32 C-order .npy (version 1 header), as the example data is. */
export function readNpy(buffer) {
  const bytes = new Uint8Array(buffer);
  const headerLength = bytes[8] | (bytes[9] << 8);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  if (!header.includes("'descr': '<f4'") || !header.includes("'fortran_order': False")) throw new Error(`unexpected .npy header ${header}`);
  const [rows, cols] = header.match(/'shape': \((\d+), (\d+)\)/).slice(1).map(Number);
  const data = new Float32Array(buffer.slice(10 + headerLength, 10 + headerLength + rows * cols * 4));
  return { rows, cols, data };
}

/** FNV-1a over the bytes of a typed array: equal only for equal bits. */
export function checksum(a) {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function distortion(X, Y, pairs) {
  let worst = 0, sum = 0;
  for (let p = 0; p < pairs; p++) {
    const i = (p * 7919) % X.rows, j = (p * 104729 + 1) % X.rows;
    if (i === j) continue;
    let dx = 0, dy = 0;
    for (let c = 0; c < X.cols; c++) dx += (X.data[i * X.cols + c] - X.data[j * X.cols + c]) ** 2;
    for (let c = 0; c < Y.cols; c++) dy += (Y.data[i * Y.cols + c] - Y.data[j * Y.cols + c]) ** 2;
    const r = Math.abs(Math.sqrt(dy / dx) - 1);
    worst = Math.max(worst, r);
    sum += r;
  }
  return { mean: sum / pairs, max: worst };
}

export async function sketchEmbeddings(s, npyBuffer) {
  const E = readNpy(npyBuffer);
  const X = new s.Matrix(E.rows, E.cols, E.data);
  const out = { backend: s.backendInfo().name, rows: E.rows, cols: E.cols, results: [] };
  for (const [name, S] of [
    ['srht', s.sketch.srht({ k: 64, n: E.cols, seed: 42 })],
    ['countSketch', s.sketch.countSketch({ k: 64, n: E.cols, seed: 42 })],
  ]) {
    const Y = S.project(X);
    out.results.push({ name, checksum: checksum(Y.data), distortion: distortion(X, Y, 2000), first: [Y.data[0], Y.data[1]] });
  }
  return out;
}

/** A scatter plot of the first two sketched coordinates, as inline SVG. */
export function scatterSvg(s, npyBuffer) {
  const E = readNpy(npyBuffer);
  const Y = s.sketch.srht({ k: 64, n: E.cols, seed: 42 }).project(new s.Matrix(E.rows, E.cols, E.data));
  const pts = [];
  for (let i = 0; i < E.rows; i++) pts.push([Y.data[i * 64], Y.data[i * 64 + 1]]);
  const lo = Math.min(...pts.flat()), hi = Math.max(...pts.flat());
  const at = (v) => (10 + ((v - lo) / (hi - lo)) * 380).toFixed(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">${pts.map(([x, y]) => `<circle cx="${at(x)}" cy="${at(y)}" r="2" fill="#36c"/>`).join('')}</svg>`;
}

/** What each example page runs: results into #out, the plot into #plot, and window.__sketchmatResult for the e2e check. */
export async function runPage(s, npyUrl) {
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
}
