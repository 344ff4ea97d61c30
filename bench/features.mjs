#!/usr/bin/env node
// Hamming top-k benchmark (issue 19): top-10 over 1M 256-bit codes per query,
// beside the time to read the codes once.
//
//   node bench/features.mjs [--codes 1000000] [--bits 256] [--k 10] [--queries 1] [--reps 15] [--json out.json]
//
// Needs `npm run build:ts` (dist/), `npm run build:addon` and, for WASM,
// `bash wasm/build.sh`. Three measurements, each the minimum of --reps runs
// after a warm-up:
//   kernel    build/bench/hamming_kernels (C, linked from the addon's objects):
//             skm_hamming_topk on one thread beside a plain C sum over the same
//             uint32 array (the memory-bandwidth yardstick) and memcpy;
//   library   features.hamming.search through the public API, one process per
//             backend (native on 1 thread and on all threads, wasm-simd, wasm);
//   js-sum    the same plain sum in JavaScript, for scale;
//   rff       features.rff transform (10000 × 384 -> 1024, float32, native)
//             beside matmul at the same shape and scikit-learn's RBFSampler
//             (cos only, 1024 components; --no-rff skips);
//   positive  features.positive transform at the same shape (float32, native);
//   muvera    features.muvera encodeDocuments / encodeQueries throughput
//             (documents of 32 × 128, 20 repetitions, 5 bits, projectionDim
//             16: 10240 values), native; --no-muvera skips;
//   fastrp    features.fastRP on a random graph of 1M stored edges (100000
//             nodes, 500000 undirected edges; dim 128, 4 steps, f32), native
//             on 1 thread and on all threads, beside the same recurrence in
//             SciPy (csr @ dense); --no-fastrp skips.
// --no-hamming skips the Hamming measurements.
// JSON on stdout (or --json FILE); a table on stderr.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const codesN = Number(opt('codes', 1_000_000));
const bits = Number(opt('bits', 256));
const k = Number(opt('k', 10));
const Q = Number(opt('queries', 1));
const reps = Number(opt('reps', 15));
const log = (s) => process.stderr.write(s + '\n');

function data() {
  const words = bits / 32;
  const codes = new Uint32Array(codesN * words), queries = new Uint32Array(Q * words);
  let s = 0x9e3779b9;
  const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
  for (let i = 0; i < codes.length; i++) codes[i] = next();
  for (let i = 0; i < queries.length; i++) queries[i] = next();
  return { codes, queries };
}

function best(fn) {
  fn();
  let min = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

if (args[0] === '--rff') {
  // RFF transform beside the GEMM it runs (X·Ωᵀ at the same shape), native, default threads.
  const skm = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
  const N = 10000, d = 384, dim = 1024, m = dim / 2;
  const X = skm.random.gaussian(N, d, { seed: 1, dtype: 'float32' });
  const f = skm.features.rff({ dim, inputDim: d, gamma: 1, seed: 2, coupling: 'orthogonal' });
  const W = f.frequencies('float32');
  const flops = 2 * N * d * m;
  const gemmMs = best(() => skm.matmul(X, W, { transB: true }));
  const rffMs = best(() => f.transform(X));
  const info = skm.backendInfo();
  process.stdout.write(JSON.stringify({ backend: info.name, simd: info.simd, threads: info.threads, N, inputDim: d, dim, dtype: 'float32',
    gemmMs, gemmGflops: flops / gemmMs / 1e6, rffMs, rffGflops: flops / rffMs / 1e6, rffOverGemmRate: gemmMs / rffMs }));
  process.exit(0);
}

if (args[0] === '--positive') {
  // Positive features at the RFF shape: GEMM, then exp; beside the GEMM alone.
  const skm = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
  const N = 10000, d = 384, dim = 512;
  const X = skm.random.gaussian(N, d, { seed: 1, dtype: 'float32', scale: 1 / Math.sqrt(d) });
  const f = skm.features.positive({ dim, inputDim: d, seed: 2, coupling: 'simplex' });
  const W = f.frequencies('float32');
  const flops = 2 * N * d * dim;
  const gemmMs = best(() => skm.matmul(X, W, { transB: true }));
  const ms = best(() => f.transform(X, { stabilize: 'row' }));
  const info = skm.backendInfo();
  process.stdout.write(JSON.stringify({ backend: info.name, simd: info.simd, threads: info.threads, N, inputDim: d, dim, dtype: 'float32',
    gemmMs, gemmGflops: flops / gemmMs / 1e6, positiveMs: ms, positiveGflops: flops / ms / 1e6, positiveOverGemmRate: gemmMs / ms }));
  process.exit(0);
}

if (args[0] === '--muvera') {
  const skm = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
  const D = 2000, n = 32, dim = 128;
  const all = skm.random.gaussian(D * n, dim, { seed: 3, dtype: 'float32' });
  const docs = Array.from({ length: D }, (_, i) => new skm.Matrix(n, dim, all.data.subarray(i * n * dim, (i + 1) * n * dim)));
  const m = skm.features.muvera({ dim, repetitions: 20, simhashBits: 5, projectionDim: 16, seed: 1 });
  const docMs = best(() => m.encodeDocuments(docs));
  const queryMs = best(() => m.encodeQueries(docs));
  const oneMs = best(() => { for (let i = 0; i < 200; i++) m.encodeDocument(docs[i]); }) / 200;
  const info = skm.backendInfo();
  process.stdout.write(JSON.stringify({ backend: info.name, simd: info.simd, threads: info.threads, documents: D, vectorsPerDocument: n, dim,
    repetitions: 20, simhashBits: 5, projectionDim: 16, outputDim: m.outputDim, dtype: 'float32',
    encodeDocumentsMs: docMs, documentsPerSecond: D / docMs * 1e3, encodeQueriesMs: queryMs, queriesPerSecond: D / queryMs * 1e3,
    oneDocumentMs: oneMs, oneAtATimeDocumentsPerSecond: 1e3 / oneMs }));
  process.exit(0);
}

/** A random undirected graph as CSR (both directions stored), deterministic. */
function randomGraph(n, edges) {
  let s = 0x2545f491;
  const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
  const src = new Int32Array(edges), dst = new Int32Array(edges);
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < edges; e++) { src[e] = next() % n; dst[e] = next() % n; deg[src[e] + 1]++; deg[dst[e] + 1]++; }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const fill = deg.slice(0, n), indices = new Int32Array(2 * edges);
  for (let e = 0; e < edges; e++) { indices[fill[src[e]]++] = dst[e]; indices[fill[dst[e]]++] = src[e]; }
  return { indptr: deg, indices };
}

if (args[0] === '--fastrp') {
  const skm = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
  const n = 100000, edges = 500000;
  const { indptr, indices } = randomGraph(n, edges);
  const A = new skm.CsrMatrix(n, n, indptr, indices, new Float32Array(indices.length).fill(1));
  const o = { dim: 128, weights: [0, 1, 1, 1], normalizationStrength: -0.5, seed: 1 };
  const ms = best(() => skm.features.fastRP(A, o));
  const info = skm.backendInfo();
  process.stdout.write(JSON.stringify({ backend: info.name, simd: info.simd, threads: info.threads, nodes: n, storedEdges: indices.length,
    dim: 128, steps: 4, dtype: 'float32', ms }));
  process.exit(0);
}

if (args[0] === '--fastrp-graph') {
  // The graph for the SciPy side, as raw int32 arrays on stdout's file.
  const { indptr, indices } = randomGraph(100000, 500000);
  writeFileSync(args[1] + '.indptr', Buffer.from(indptr.buffer));
  writeFileSync(args[1] + '.indices', Buffer.from(indices.buffer));
  process.exit(0);
}

if (args[0] === '--child') {
  // One backend per process, chosen by SKETCHMAT_BACKEND / SKETCHMAT_THREADS.
  const skm = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
  const { codes, queries } = data();
  const info = skm.backendInfo();
  const ms = best(() => skm.features.hamming.search(codes, queries, k, { bits }));
  const r = skm.features.hamming.search(codes, queries, k, { bits });
  process.stdout.write(JSON.stringify({ backend: info.name, simd: info.simd, threads: info.threads, ms, msPerQuery: ms / Q, first: [r.indices[0], r.distances[0]] }));
  process.exit(0);
}

const out = {
  case: { codes: codesN, bits, k, queries: Q, reps, statistic: 'min' }, kernel: null, library: [], rff: null, sklearnRbfSamplerMs: null,
  positive: null, muvera: null, fastrp: [], scipyFastrpMs: null, jsSumMs: null,
};
const hamming = !args.includes('--no-hamming');

// Kernel-only, C.
const harness = join(root, 'build', 'bench', 'hamming_kernels');
if (hamming) try {
  if (!existsSync(harness)) execFileSync('bash', [join(root, 'bench', 'native', 'build-hamming.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  out.kernel = JSON.parse(execFileSync(harness, [String(codesN), String(bits), '1', String(k), String(Q)], { encoding: 'utf8' }));
  log(`kernel (C, 1 thread): top-${k} ${out.kernel.topk_ms_per_query.toFixed(3)} ms/query; C sum ${out.kernel.sum_ms.toFixed(3)} ms ` +
    `(${out.kernel.sum_gbps} GB/s), memcpy ${out.kernel.memcpy_ms.toFixed(3)} ms; ratio top-k/sum ${out.kernel.ratio_topk_per_query_to_sum}`);
} catch (e) {
  out.kernel = { error: String(e.message ?? e) };
  log(`kernel: skipped (${out.kernel.error})`);
}

// Through the library, one process per backend.
for (const [backend, threads] of hamming ? [['native', '1'], ['native', ''], ['wasm-simd', ''], ['wasm', '']] : []) {
  const env = { ...process.env, SKETCHMAT_BACKEND: backend };
  if (threads) env.SKETCHMAT_THREADS = threads;
  else delete env.SKETCHMAT_THREADS;
  const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', ...args], { env, encoding: 'utf8' });
  if (p.status !== 0) {
    out.library.push({ backend, threads: threads || 'default', error: (p.stderr || '').split('\n')[0] });
    log(`library ${backend}: failed (${(p.stderr || '').split('\n')[0]})`);
    continue;
  }
  const r = JSON.parse(p.stdout);
  if (out.kernel && out.kernel.sum_ms) r.ratioToCSum = +(r.msPerQuery / out.kernel.sum_ms).toFixed(3);
  out.library.push(r);
  log(`library ${r.backend}/${r.simd} threads=${r.threads}: ${r.msPerQuery.toFixed(3)} ms/query` + (r.ratioToCSum ? ` (${r.ratioToCSum}× the C sum)` : ''));
}

// RFF transform throughput beside its GEMM, and scikit-learn's RBFSampler.
if (!args.includes('--no-rff')) {
  const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--rff'], { env: { ...process.env, SKETCHMAT_BACKEND: 'native' }, encoding: 'utf8' });
  out.rff = p.status === 0 ? JSON.parse(p.stdout) : { error: (p.stderr || '').split('\n')[0] };
  if (out.rff.rffMs) {
    log(`rff 10000×384 -> 1024 (f32, native): transform ${out.rff.rffMs.toFixed(1)} ms (${out.rff.rffGflops.toFixed(1)} GFLOP/s), ` +
      `its GEMM ${out.rff.gemmMs.toFixed(1)} ms (${out.rff.gemmGflops.toFixed(1)} GFLOP/s): ${out.rff.rffOverGemmRate.toFixed(2)}× the GEMM's rate`);
  }
  const py = `
import time, numpy as np
from sklearn.kernel_approximation import RBFSampler
X = np.random.default_rng(1).standard_normal((10000, 384)).astype(np.float32)
s = RBFSampler(gamma=1.0, n_components=1024, random_state=2).fit(X)
s.transform(X); best = 1e9
for _ in range(${reps}):
    t = time.perf_counter(); s.transform(X); best = min(best, time.perf_counter() - t)
print(best * 1e3)
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' });
  out.sklearnRbfSamplerMs = r.status === 0 ? Number(r.stdout.trim()) : { error: (r.stderr || '').trim().split('\n').pop() };
  log(`sklearn RBFSampler 10000×384 -> 1024 (f32 in): ${typeof out.sklearnRbfSamplerMs === 'number' ? out.sklearnRbfSamplerMs.toFixed(1) + ' ms' : JSON.stringify(out.sklearnRbfSamplerMs)}`);
}

/** Runs this file with `mode` in a child process (native backend); its JSON, or { error }. */
function child(mode, threads) {
  const env = { ...process.env, SKETCHMAT_BACKEND: 'native' };
  if (threads) env.SKETCHMAT_THREADS = threads;
  const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), mode, ...args.filter((a) => a !== mode)], { env, encoding: 'utf8' });
  return p.status === 0 ? JSON.parse(p.stdout) : { error: (p.stderr || '').split('\n').find((l) => l.trim()) };
}

if (!args.includes('--no-rff')) {
  out.positive = child('--positive');
  if (out.positive.positiveMs) {
    log(`positive 10000×384 -> 512 (f32, native, simplex, stabilize row): ${out.positive.positiveMs.toFixed(1)} ms ` +
      `(${out.positive.positiveGflops.toFixed(1)} GFLOP/s), its GEMM ${out.positive.gemmMs.toFixed(1)} ms: ${out.positive.positiveOverGemmRate.toFixed(2)}× the GEMM's rate`);
  }
}

if (!args.includes('--no-muvera')) {
  out.muvera = child('--muvera');
  if (out.muvera.documentsPerSecond) {
    log(`muvera 2000 documents of 32×128 -> ${out.muvera.outputDim}: ${out.muvera.documentsPerSecond.toFixed(0)} documents/s batched ` +
      `(${out.muvera.queriesPerSecond.toFixed(0)} queries/s), ${out.muvera.oneAtATimeDocumentsPerSecond.toFixed(0)} documents/s one at a time`);
  }
}

if (!args.includes('--no-fastrp')) {
  for (const threads of ['1', '']) {
    const r = child('--fastrp', threads);
    out.fastrp.push(r);
    if (r.ms) log(`fastrp ${r.nodes} nodes, ${r.storedEdges} stored edges, dim 128, 4 steps (f32, native, ${r.threads} thread(s)): ${r.ms.toFixed(1)} ms`);
  }
  const base = join(root, 'build', 'bench-fastrp-graph');
  spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--fastrp-graph', base]);
  const py = `
import time, numpy as np, scipy.sparse as sp
n, dim, beta, weights = 100000, 128, -0.5, [0, 1, 1, 1]
indptr = np.fromfile('${base}.indptr', dtype=np.int32)
indices = np.fromfile('${base}.indices', dtype=np.int32)
A = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(n, n))
def fastrp():
    deg = np.asarray(A.sum(axis=1)).ravel().astype(np.float64)
    inv = np.where(deg > 0, 1 / np.maximum(deg, 1e-300), 0).astype(np.float32)
    P = sp.diags(inv) @ A
    L = np.where(deg > 0, (deg / deg.sum()) ** beta, 0).astype(np.float32)
    u = np.random.default_rng(1).random((n, dim))
    R = (np.sqrt(3) * ((u < 1/6).astype(np.float32) - (u >= 5/6).astype(np.float32))).astype(np.float32)
    N = L[:, None] * R
    out = np.zeros((n, dim), dtype=np.float32)
    for w in weights:
        N = P @ N
        out += w * N
    return out
fastrp(); best = 1e9
for _ in range(${Math.min(reps, 5)}):
    t = time.perf_counter(); fastrp(); best = min(best, time.perf_counter() - t)
print(best * 1e3)
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' });
  out.scipyFastrpMs = r.status === 0 ? Number(r.stdout.trim()) : { error: (r.stderr || '').trim().split('\n').pop() };
  log(`scipy fastrp (same recurrence, csr @ dense, f32): ${typeof out.scipyFastrpMs === 'number' ? out.scipyFastrpMs.toFixed(1) + ' ms' : JSON.stringify(out.scipyFastrpMs)}`);
}

// The same sum in JavaScript, for scale.
if (hamming) {
  const { codes } = data();
  let sink = 0;
  out.jsSumMs = best(() => {
    let acc = 0;
    for (let i = 0; i < codes.length; i++) acc = (acc + codes[i]) | 0;
    sink ^= acc;
  });
  log(`js sum: ${out.jsSumMs.toFixed(3)} ms${sink === 0.5 ? '' : ''}`);
}

const text = JSON.stringify(out, null, 2) + '\n';
const file = opt('json', null);
if (file) writeFileSync(file, text);
else process.stdout.write(text);
