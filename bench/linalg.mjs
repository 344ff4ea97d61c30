#!/usr/bin/env node
// Dense factorizations and randomized SVD/PCA (issue 17), one thread each,
// beside NumPy/OpenBLAS and scikit-learn (bench/linalg_baselines.py):
//
//   npm run build:ts && node bench/linalg.mjs [--quick] [--json out.json]
//
// Runs the built package (dist/index.cjs) with SKETCHMAT_THREADS=1 on the
// backend SKETCHMAT_BACKEND names (default: native), then the Python
// baselines with OMP/OPENBLAS_NUM_THREADS=1. Each row: minimum of several
// runs after a warmup; ratio = baseline seconds / sketchmat seconds (> 1:
// sketchmat is faster). A table to stderr, JSON to stdout or --json FILE.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bestOf, bestOfAsync } from './common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const jsonAt = argv.indexOf('--json');
const RUNS = quick ? 2 : 5;

const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : null;
const ALL_CASES = [
  { name: 'qr', shape: [2000, 200], dtype: 'float64' },
  { name: 'svd', shape: [2000, 200], dtype: 'float64' },
  { name: 'svd', shape: [2000, 200], dtype: 'float32' },
  { name: 'eigh', shape: [500, 500], dtype: 'float64' },
  { name: 'cholesky', shape: [1000, 1000], dtype: 'float64' },
  { name: 'pca', shape: [20000, 200, 10], dtype: 'float64', runs: 3 },
  { name: 'rsvd', shape: quick ? [5000, 500, 50] : [20000, 2000, 50], dtype: 'float32', runs: 3 },
  // The async twins, beside the same baselines: what a service awaiting
  // them pays over the sync call (copies of A, trips to the worker thread).
  { name: 'rsvd-async', shape: quick ? [5000, 500, 50] : [20000, 2000, 50], dtype: 'float32', runs: 3 },
  { name: 'pca-async', shape: [20000, 200, 10], dtype: 'float64', runs: 3 },
  // ml-pca (npm; the issue's baseline: ~8-10 s) on the same 20000 × 200 PCA,
  // when installed: it is not a dependency. Run once (--only pca-mlpca);
  // resolve it from the project, or from SKETCHMAT_BENCH_MLPCA (a directory
  // holding node_modules/ml-pca).
  { name: 'pca-mlpca', shape: [20000, 200, 10], dtype: 'float64', runs: 1, js: true },
  // Frequent Directions, d = 784, ell = 64: update throughput over m rows fed
  // in batches of 100 (rows/s in the row), and merging 8 sketches of m/8 rows.
  { name: 'fd-update', shape: quick ? [4000, 784, 64] : [20000, 784, 64], dtype: 'float32', runs: 3 },
  { name: 'fd-update', shape: quick ? [4000, 784, 64] : [20000, 784, 64], dtype: 'float64', runs: 3 },
  { name: 'fd-merge8', shape: [8 * 512, 784, 64], dtype: 'float64', runs: 5 },
  // The range finder's skinny products (issue 17): A is m × k, the thin
  // operand has 60 columns. 'AB' = A·W, 'AtB' = Aᵀ·Y, 'QtA' = Yᵀ·A.
  ...['float32', 'float64'].flatMap((dtype) => ['AB', 'AtB', 'QtA'].map((op) =>
    ({ name: `gemm-${op}`, shape: quick ? [5000, 500, 60] : [20000, 2000, 60], dtype, runs: 5 }))),
];

const CASES = only ? ALL_CASES.filter((c) => only.some((o) => c.name === o || c.name.startsWith(`${o}-`))) : ALL_CASES;

if (process.env.SKETCHMAT_BENCH_CHILD !== '1') {
  const env = { ...process.env, SKETCHMAT_THREADS: '1', SKETCHMAT_BENCH_CHILD: '1' };
  const mine = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...argv], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  if (mine.status !== 0) process.exit(mine.status ?? 1);
  const py = process.env.SKETCHMAT_BENCH_PYTHON ?? '/usr/bin/python3';
  const penv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  // Let OpenBLAS pick its own kernel for this CPU (the baseline records which
  // one runs, via threadpoolctl): a forced core type or L2 size would handicap it.
  delete penv.OPENBLAS_CORETYPE;
  delete penv.OPENBLAS_L2_SIZE;
  const base = spawnSync(py, [join(root, 'bench', 'linalg_baselines.py'), JSON.stringify({ cases: CASES, runs: RUNS })], { env: penv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  const ours = JSON.parse(mine.stdout);
  const theirs = base.status === 0 ? JSON.parse(base.stdout) : [];
  const results = ours.results.map((r, i) => {
    const b = theirs.find((t) => t.name === r.name.replace(/-async$/, '') && JSON.stringify(t.shape) === JSON.stringify(r.shape) && t.dtype === r.dtype);
    return { ...r, baseline: b?.baseline ?? null, baselineSeconds: b?.seconds ?? null, ratio: b ? b.seconds / r.seconds : null, ...(b?.blas ? { blas: b.blas } : {}), ...(b?.relResidual !== undefined ? { baselineRelResidual: b.relResidual } : {}) };
  });
  // ml-pca runs in our process (it is JavaScript): its row becomes the pca row's second baseline.
  const ml = results.find((r) => r.name === 'pca-mlpca');
  const pcaRow = results.find((r) => r.name === 'pca');
  if (ml && pcaRow) Object.assign(pcaRow, { mlpcaSeconds: ml.seconds, mlpcaRatio: ml.seconds / pcaRow.seconds });
  for (const r of results) {
    if (r.name === 'pca' && r.mlpcaSeconds) process.stderr.write(`pca       ml-pca ${(r.mlpcaSeconds * 1e3).toFixed(1)} ms: sketchmat ${r.mlpcaRatio.toFixed(1)}x faster\n`);
    process.stderr.write(`${r.name.padEnd(9)} ${JSON.stringify(r.shape).padEnd(18)} ${r.dtype}  sketchmat ${(r.seconds * 1e3).toFixed(1).padStart(8)} ms` +
      `  ${r.baseline ?? '-'} ${r.baselineSeconds === null ? '-' : (r.baselineSeconds * 1e3).toFixed(1) + ' ms'}  ratio ${r.ratio?.toFixed(2) ?? '-'}` +
      `${r.rowsPerSecond ? `  ${Math.round(r.rowsPerSecond)} rows/s` : ''}${r.relResidual !== undefined ? `  rel.err ${r.relResidual.toPrecision(6)} vs ${r.baselineRelResidual?.toPrecision(6) ?? '-'}` : ''}\n`);
  }
  const doc = JSON.stringify({ header: ours.header, results }, null, 1);
  if (jsonAt >= 0) writeFileSync(argv[jsonAt + 1], doc);
  else process.stdout.write(doc + '\n');
} else {
  const sk = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
  await sk.ready?.();
  const { Matrix, linalg, random, backendInfo } = sk;
  const info = backendInfo();
  const best = bestOf;
  const results = [];
  for (const c of CASES) {
    const [m, n, k] = c.shape;
    const A = random.gaussian(m, n, { seed: 1, dtype: c.dtype });
    let f, flops, rowsPerRun;
    if (c.name === 'qr') f = () => linalg.qr(A);
    else if (c.name === 'svd') f = () => linalg.svd(A);
    else if (c.name === 'eigh') { const S = sk.matmul(A, A, { transB: true }); f = () => linalg.eigh(S); }
    else if (c.name === 'cholesky') {
      const S = sk.matmul(A, A, { transB: true });
      for (let i = 0; i < m; i++) S.data[i * m + i] += m;
      f = () => linalg.cholesky(S);
    } else if (c.name === 'rsvd') f = () => linalg.rsvd(A, k, { seed: 0, powerIters: 4, oversample: 10 });
    else if (c.name === 'rsvd-async') f = () => linalg.rsvdAsync(A, k, { seed: 0, powerIters: 4, oversample: 10 });
    else if (c.name === 'pca') f = () => linalg.pca(A, k, { seed: 0 });
    else if (c.name === 'pca-async') f = () => linalg.pcaAsync(A, k, { seed: 0 });
    else if (c.name === 'pca-mlpca') {
      let PCA;
      try {
        const from = process.env.SKETCHMAT_BENCH_MLPCA ? join(process.env.SKETCHMAT_BENCH_MLPCA, 'package.json') : import.meta.url;
        ({ PCA } = createRequire(from)('ml-pca'));
      } catch {
        process.stderr.write('  ml-pca is not installed: pca-mlpca skipped\n');
        continue;
      }
      const rows = Array.from({ length: m }, (_, i) => Array.from(A.data.subarray(i * n, (i + 1) * n)));
      f = () => new PCA(rows, { method: 'SVD', center: true, scale: false });
    } else if (c.name === 'fd-update') {
      f = () => {
        const fd = new linalg.FrequentDirections(n, k, { dtype: c.dtype });
        for (let i = 0; i < m; i += 100) fd.update(new Matrix(Math.min(100, m - i), n, A.data.subarray(i * n, Math.min(m, i + 100) * n)));
        return fd.sketch();
      };
      rowsPerRun = m;
    } else if (c.name === 'fd-merge8') {
      const parts = Array.from({ length: 8 }, (_, p) => new linalg.FrequentDirections(n, k, { dtype: c.dtype }).update(new Matrix(m / 8, n, A.data.subarray(p * (m / 8) * n, (p + 1) * (m / 8) * n))));
      f = () => {
        const into = linalg.FrequentDirections.deserialize(parts[0].serialize());
        for (let p = 1; p < 8; p++) into.merge(parts[p]);
        return into.sketch();
      };
    } else if (c.name.startsWith('gemm-')) {
      const op = c.name.slice(5);
      const thin = random.gaussian(op === 'AB' ? n : m, k, { seed: 2, dtype: c.dtype });
      if (op === 'AB') f = () => sk.matmul(A, thin);
      else if (op === 'AtB') f = () => sk.matmul(A, thin, { transA: true });
      else f = () => sk.matmul(thin, A, { transA: true });
      flops = 2 * m * n * k;
    }
    const seconds = c.name.endsWith('-async') ? await bestOfAsync(f, c.runs ?? RUNS) : best(f, c.runs ?? RUNS);
    // "Equal accuracy": ‖A − U·diag(s)·Vt‖_F / ‖A‖_F beside the baseline's.
    let relResidual;
    if (c.name === 'rsvd') {
      const r = f();
      const US = r.U.clone();
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) US.data[i * k + j] *= r.s[j];
      const R = sk.matmul(US, r.Vt);
      let num = 0, den = 0;
      for (let i = 0; i < m * n; i++) { const d = A.data[i] - R.data[i]; num += d * d; den += A.data[i] * A.data[i]; }
      relResidual = Math.sqrt(num / den);
    }
    results.push({ suite: 'linalg', name: c.name, shape: c.shape, dtype: c.dtype, backend: info.name, simd: info.simd, threads: 1, seconds, ...(flops ? { gflops: flops / seconds / 1e9 } : {}), ...(rowsPerRun ? { rowsPerSecond: rowsPerRun / seconds } : {}), ...(relResidual !== undefined ? { relResidual } : {}) });
    process.stderr.write(`  sketchmat ${info.name}/${info.simd} ${c.name} ${JSON.stringify(c.shape)} ${c.dtype}: ${(seconds * 1e3).toFixed(1)} ms\n`);
  }
  process.stdout.write(JSON.stringify({ header: { backend: info.name, simd: info.simd, threads: info.threads, node: process.version }, results }));
}
