#!/usr/bin/env node
// Sketching benchmarks (issue 11), one JSON document on stdout.
//
//   project: X = rows × 1024 f32 -> 256 columns (X·Sᵀ), each operator
//   apply:   A = rows × 512 f32 -> 2048 rows (S·A), each operator
//   fwht:    GFLOP/s (n·log2 n add/subs) for n = 2^10 .. 2^16 in batches,
//            and the time of one n = 2^22 / 2^24 row beside a copy of it
// per backend (each in its own child process: SKETCHMAT_BACKEND), beside the
// time to stream the input once at the nominal 20 GB/s and a measured memcpy
// of it, and scikit-learn / SciPy when python3 can import them.
//
// Usage: node bench/sketch.mjs [--rows 100000] [--reps 3] [--backends native,wasm-simd]
// Threads: SKETCHMAT_THREADS (default here: 1, the issue's single-thread targets).
// Needs `npm run build` (dist/, prebuilds/, wasm/dist/).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const ROWS = Number(opt('rows', 100000));
const REPS = Number(opt('reps', 3));
const NOMINAL_BW = 20e9; // bytes/s per core, the issue's figure for this machine

function fillRandom(a, seed) {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < a.length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

function best(f, reps = REPS) {
  f(); // warm-up (page faults, dispatch, JIT)
  let t = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    f();
    t = Math.min(t, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return t;
}

async function child() {
  const require = createRequire(import.meta.url);
  const { ready, backendInfo, sketch, Matrix } = require(join(here, '..', 'dist', 'index.cjs'));
  await ready();
  const info = backendInfo();
  const out = { backend: info.name, simd: info.simd, threads: info.threads, project: {}, apply: {}, fwht: {} };

  const n = 1024, k = 256;
  const X = new Matrix(ROWS, n, fillRandom(new Float32Array(ROWS * n), 1));
  const xBytes = X.data.byteLength;
  const copy = new Float32Array(X.data.length);
  out.project.input = { rows: ROWS, cols: n, k, bytes: xBytes, nominalReadSeconds: xBytes / NOMINAL_BW,
    memcpySeconds: best(() => copy.set(X.data)) };
  const projectOps = {
    gaussian: sketch.gaussian({ k, n, seed: 1 }),
    rademacher: sketch.rademacher({ k, n, seed: 1 }),
    sparseSign: sketch.sparseSign({ k, n, nnz: 8, seed: 1 }),
    countSketch: sketch.countSketch({ k, n, seed: 1 }),
    verySparse: sketch.verySparse({ k, n, seed: 1 }),
    srht: sketch.srht({ k, n, seed: 1 }),
  };
  // seconds: a fresh result each call (allocating and page-faulting N×k);
  // reusedOut: into one preallocated result ({ out }), the kernel's own time.
  const Y = new Matrix(ROWS, k, new Float32Array(ROWS * k));
  for (const [name, S] of Object.entries(projectOps)) {
    const s = best(() => S.project(X));
    const r = best(() => S.project(X, { out: Y }));
    out.project[name] = { seconds: s, reusedOut: r, xBandwidth: r / out.project.input.nominalReadSeconds };
  }
  const Xt = new Matrix(Math.min(ROWS, 10000), n, X.data.subarray(0, Math.min(ROWS, 10000) * n));
  const ts = sketch.tensorSketch({ k, n, degree: 2, seed: 1 });
  out.project.tensorSketch = { rows: Xt.rows, seconds: best(() => ts.project(Xt), 1) };

  const d = 512, kA = 2048;
  const A = new Matrix(ROWS, d, X.data.subarray(0, ROWS * d));
  out.apply.input = { rows: ROWS, cols: d, k: kA, bytes: ROWS * d * 4, nominalReadSeconds: (ROWS * d * 4) / NOMINAL_BW };
  const applyOps = {
    countSketch: sketch.countSketch({ k: kA, n: ROWS, seed: 2 }),
    sparseSign: sketch.sparseSign({ k: kA, n: ROWS, nnz: 8, seed: 2 }),
    verySparse: sketch.verySparse({ k: kA, n: ROWS, seed: 2 }),
    srht: sketch.srht({ k: kA, n: ROWS, seed: 2 }),
    gaussian: sketch.gaussian({ k: kA, n: ROWS, seed: 2 }),
    rademacher: sketch.rademacher({ k: kA, n: ROWS, seed: 2 }),
  };
  for (const [name, S] of Object.entries(applyOps)) {
    const s = best(() => S.apply(A), name === 'gaussian' || name === 'rademacher' ? 1 : REPS);
    out.apply[name] = { seconds: s };
  }

  // GFLOP/s in cache (a 1 MB batch, the compute rate the target is about)
  // and streaming (a 64 MB batch, bound by memory). normalize keeps values
  // finite over the repetitions.
  for (let lg = 10; lg <= 16; lg += 2) {
    const m = 2 ** lg;
    for (const [label, total] of [['inCache', 2 ** 18], ['streaming', 2 ** 24]]) {
      const rows = Math.max(1, total / m);
      const M = new Matrix(rows, m, fillRandom(new Float32Array(rows * m), lg));
      const s = best(() => sketch.fwht(M, { normalize: true }), 10);
      (out.fwht[`2^${lg}`] ??= {})[label] = { rows, seconds: s, gflops: (rows * m * lg) / s / 1e9 };
    }
  }
  for (const lg of [22, 24]) {
    const m = 2 ** lg;
    const x = fillRandom(new Float32Array(m), lg), y = new Float32Array(m);
    const s = best(() => sketch.fwht(x, { normalize: true }));
    const copy = best(() => y.set(x));
    out.fwht[`2^${lg}`] = { rows: 1, seconds: s, gflops: (m * lg) / s / 1e9, copySeconds: copy, xCopy: s / copy };
  }
  process.stdout.write(JSON.stringify(out));
}

function python() {
  const code = `
import json, time, numpy as np
from sklearn.random_projection import GaussianRandomProjection, SparseRandomProjection
from scipy.linalg import clarkson_woodruff_transform
rows = ${ROWS}
X = np.random.default_rng(1).standard_normal((rows, 1024), dtype=np.float32)
A = X[:, :512].copy()
def best(f, reps=${REPS}):
    f(); t = 1e9
    for _ in range(reps):
        t0 = time.perf_counter(); f(); t = min(t, time.perf_counter() - t0)
    return t
g = GaussianRandomProjection(256, random_state=0).fit(X)
s = SparseRandomProjection(256, random_state=0).fit(X)
out = {"GaussianRandomProjection": best(lambda: g.transform(X)),
       "SparseRandomProjection": best(lambda: s.transform(X)),
       "clarkson_woodruff_transform": best(lambda: clarkson_woodruff_transform(A, 2048, seed=0))}
print(json.dumps(out))`;
  const r = spawnSync('python3', ['-c', code], {
    encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (r.status !== 0) {
    // The issue's figures for this machine (single thread, 100000 rows).
    return { unavailable: (r.stderr || '').trim().split('\n').pop(), issueStated: true,
      GaussianRandomProjection: 0.62 * ROWS / 1e5, SparseRandomProjection: 2.7 * ROWS / 1e5, clarkson_woodruff_transform: 0.14 * ROWS / 1e5 };
  }
  return JSON.parse(r.stdout);
}

if (args.includes('--child')) {
  await child();
} else {
  const backends = opt('backends', 'native,wasm-simd').split(',');
  const result = { benchmark: 'sketch', rows: ROWS, reps: REPS, nominalBandwidth: NOMINAL_BW, backends: {}, baselines: {} };
  for (const b of backends) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', ...args], {
      encoding: 'utf8', maxBuffer: 1 << 26,
      env: { SKETCHMAT_THREADS: '1', ...process.env, SKETCHMAT_BACKEND: b },
    });
    result.backends[b] = r.status === 0 ? JSON.parse(r.stdout) : { error: (r.stderr || '').trim().split('\n').slice(-3).join(' ') };
  }
  result.baselines.python = python();
  const nat = result.backends.native;
  if (nat && !nat.error) {
    const py = result.baselines.python;
    const bw = nat.project.input.nominalReadSeconds;
    result.targets = {
      'countSketch project (reused out) <= 2x bandwidth': nat.project.countSketch.reusedOut / bw,
      'sparseSign project (reused out) <= 2x bandwidth': nat.project.sparseSign.reusedOut / bw,
      'srht project (reused out) <= 2x bandwidth': nat.project.srht.reusedOut / bw,
      'fwht >= 45 GFLOP/s in cache (min over 2^10..2^16)': Math.min(...[10, 12, 14, 16].map((l) => nat.fwht[`2^${l}`].inCache.gflops)),
      'fwht 2^22 <= 1.3x copy': nat.fwht['2^22'].xCopy,
      'fwht 2^24 <= 1.3x copy': nat.fwht['2^24'].xCopy,
    };
    if (py) { // measured, or the issue's stated figures when python3-sklearn is missing
      Object.assign(result.targets, {
        'sparseSign speedup vs sklearn sparse (>= 20)': py.SparseRandomProjection / nat.project.sparseSign.seconds,
        'verySparse speedup vs sklearn sparse (>= 20)': py.SparseRandomProjection / nat.project.verySparse.seconds,
        'gaussian speed vs sklearn gaussian (>= 0.9)': py.GaussianRandomProjection / nat.project.gaussian.seconds,
        'countSketch apply speedup vs scipy CWT (>= 5)': py.clarkson_woodruff_transform / nat.apply.countSketch.seconds,
      });
    }
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
