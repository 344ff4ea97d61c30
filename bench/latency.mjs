#!/usr/bin/env node
// Small calls, one at a time: what a service pays per request (one
// embedding projected, one sample through a structured layer), where the
// work is a few microseconds and anything regenerated or rebuilt per call
// dominates. Per backend (native one thread, wasm-simd, wasm), beside
// scikit-learn's transform of one row (the Python baseline a service would
// otherwise run) and a dense product of the same shape.
//
//   npm run build && node bench/latency.mjs [--json out.json]
//
// Each case: calls in a loop for ~0.2 s, best per-call time of 5 such loops
// (µs). A table to stderr, JSON ({ header, results }) to stdout or --json FILE.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const jsonAt = argv.indexOf('--json');
const D = 384, K = 64; // MiniLM embeddings down to 64

function perCall(f) {
  for (let i = 0; i < 200; i++) f();
  let reps = 1;
  for (let t = 0; t < 0.02;) {
    reps *= 2;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) f();
    t = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  reps *= 10;
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / reps);
  }
  return best;
}

async function child() {
  const sk = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
  await sk.ready();
  const { random, sketch, structured, matmul } = sk;
  const dt = 'float32';
  const x = random.gaussian(1, D, { seed: 2, dtype: dt });
  const out = [];
  const add = (name, f) => out.push({ case: name, us: perCall(f) });
  for (const [name, S] of [
    ['gaussian', sketch.gaussian({ k: K, n: D, seed: 1 })],
    ['sparseSign', sketch.sparseSign({ k: K, n: D, seed: 1 })],
    ['countSketch', sketch.countSketch({ k: K, n: D, seed: 1 })],
    ['srht', sketch.srht({ k: K, n: D, seed: 1 })],
  ]) add(`project 1×${D}→${K} ${name}`, () => S.project(x));
  const W = random.gaussian(K, D, { seed: 3, dtype: dt });
  add(`dense 1×${D}·${D}×${K} (matmul)`, () => matmul(x, W, { transB: true }));
  // A 512 × 512 layer at batch 1 and 64, as the demo fits it.
  const W512 = random.gaussian(512, 512, { seed: 4, dtype: dt });
  const ops = {
    dense: structured.dense(W512),
    'kronecker 16²⊗32²': structured.kronecker(random.gaussian(16, 16, { seed: 5, dtype: dt }), random.gaussian(32, 32, { seed: 6, dtype: dt })),
    toeplitz: structured.toeplitz(random.gaussian(1, 512, { seed: 7, dtype: dt }).data, random.gaussian(1, 512, { seed: 8, dtype: dt }).data),
  };
  for (const b of [1, 64]) {
    const X = random.gaussian(b, 512, { seed: 9, dtype: dt });
    for (const [name, op] of Object.entries(ops)) add(`linear ${b}×512 ${name}`, () => op.linear(X));
  }
  process.stdout.write(JSON.stringify({ backend: sk.backendInfo().name, simd: sk.backendInfo().simd, results: out }));
}

function python() {
  const py = process.env.SKETCHMAT_BENCH_PYTHON ?? '/usr/bin/python3';
  const code = `
import json, time, numpy as np
from sklearn.random_projection import GaussianRandomProjection, SparseRandomProjection
D, K = ${D}, ${K}
rng = np.random.default_rng(0)
X = rng.standard_normal((1000, D)).astype(np.float32)
x = X[:1]
def per_call(f):
    for _ in range(200): f()
    reps = 1
    while True:
        reps *= 2
        t0 = time.perf_counter()
        for _ in range(reps): f()
        if time.perf_counter() - t0 > 0.02: break
    reps *= 10
    best = float('inf')
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps): f()
        best = min(best, (time.perf_counter() - t0) / reps * 1e6)
    return best
g = GaussianRandomProjection(n_components=K, random_state=0).fit(X)
s = SparseRandomProjection(n_components=K, random_state=0).fit(X)
W = rng.standard_normal((K, D)).astype(np.float32)
print(json.dumps({"backend": "python", "results": [
  {"case": "project 1×%d→%d gaussian" % (D, K), "us": per_call(lambda: g.transform(x))},
  {"case": "project 1×%d→%d sparseSign" % (D, K), "us": per_call(lambda: s.transform(x))},
  {"case": "dense 1×%d·%d×%d (matmul)" % (D, D, K), "us": per_call(lambda: x @ W.T)},
]}))
`;
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  const r = spawnSync(py, ['-c', code], { env, encoding: 'utf8' });
  if (r.status !== 0) return { backend: 'python', skipped: (r.stderr || '').trim().split('\n').pop() };
  return JSON.parse(r.stdout);
}

if (process.env.SKETCHMAT_LATENCY_CHILD) {
  await child();
} else {
  const runs = [];
  for (const b of ['native', 'wasm-simd', 'wasm']) {
    const env = { ...process.env, SKETCHMAT_LATENCY_CHILD: '1', SKETCHMAT_BACKEND: b, SKETCHMAT_THREADS: '1' };
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`bench/latency: the ${b} run failed`);
    runs.push(JSON.parse(r.stdout));
  }
  runs.push(python());
  const header = { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, loadavg: os.loadavg() };
  const cases = [...new Set(runs.flatMap((r) => (r.results ?? []).map((x) => x.case)))];
  const cols = runs.map((r) => r.backend);
  const rows = cases.map((c) => [c, ...runs.map((r) => r.results?.find((x) => x.case === c)?.us)]);
  const w = Math.max(...cases.map((c) => c.length));
  process.stderr.write(`${'µs per call (best of 5 loops)'.padEnd(w)}  ${cols.map((c) => c.padStart(10)).join('  ')}\n`);
  for (const [c, ...v] of rows) process.stderr.write(`${c.padEnd(w)}  ${v.map((x) => (x === undefined ? '—' : x.toFixed(2)).padStart(10)).join('  ')}\n`);
  for (const r of runs) if (r.skipped) process.stderr.write(`skipped ${r.backend}: ${r.skipped}\n`);
  const doc = JSON.stringify({ header, results: runs }, null, 2) + '\n';
  if (jsonAt >= 0) writeFileSync(argv[jsonAt + 1], doc);
  else process.stdout.write(doc);
}
