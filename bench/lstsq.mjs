#!/usr/bin/env node
// lstsq on a tall ill-conditioned problem (issue 17): 100000 × 200 f64,
// A = √m·U·diag(10^(−8j/199))·Vᵀ (cond 1e8), b with a large residual, beside
// NumPy's lstsq (gelsd) with one OpenBLAS thread:
//
//   npm run build:ts && node bench/lstsq.mjs [--quick] [--json out.json]
//
// bench/lstsq_baseline.py builds the problem (exact x by construction),
// times NumPy and writes A, b, x as .npy to a temporary directory; this
// script then times each method of linalg.lstsq (SKETCHMAT_THREADS=1, the
// backend SKETCHMAT_BACKEND names, default native) on the same data:
// minimum of several runs after a warmup, forward error ‖x̂ − x‖/‖x‖ beside
// the bound 10·eps·(κ + κ²‖r‖/(‖A‖‖x‖)). JSON to stdout or --json FILE,
// a table to stderr; speedup = NumPy seconds / ours.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const jsonAt = argv.indexOf('--json');
const RUNS = quick ? 1 : 3;
const PROBLEM = { m: quick ? 20000 : 100000, n: quick ? 100 : 200, logCond: 8, rho: 1e-6 };
// Each variant: a method and, optionally, the sketch rows per column of A (default: 12 for
// sketch-precondition, 4 for sketch-solve).
// SKETCHMAT_LSTSQ_SKIP_QR=1 leaves out 'qr' (Householder QR of the whole A: slow here, see the note).
const VARIANTS = [
  ...(process.env.SKETCHMAT_LSTSQ_SKIP_QR === '1' ? [] : [{ method: 'qr' }]),
  { method: 'sketch-solve' }, { method: 'sketch-precondition' }, { method: 'sketch-precondition', perCol: 4 },
  ...(process.env.SKETCHMAT_LSTSQ_MORE === '1' ? [{ method: 'sketch-precondition', perCol: 8 }, { method: 'sketch-precondition', perCol: 16 }] : []),
];

function readNpy(path) {
  const buf = readFileSync(path);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', start - headerLen, start);
  if (!/'descr':\s*'<f8'/.test(header) || !/'fortran_order':\s*False/.test(header)) throw new Error(`${path}: expected C-order <f8`);
  const copy = new Uint8Array(buf.length - start);
  copy.set(buf.subarray(start));
  return new Float64Array(copy.buffer);
}

if (process.env.SKETCHMAT_BENCH_CHILD !== '1') {
  const dir = mkdtempSync(join(tmpdir(), 'skm-lstsq-'));
  try {
    const py = process.env.SKETCHMAT_BENCH_PYTHON ?? '/usr/bin/python3';
    const penv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const base = spawnSync(py, [join(root, 'bench', 'lstsq_baseline.py'), JSON.stringify({ ...PROBLEM, dir, runs: RUNS })],
      { env: penv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
    if (base.status !== 0) process.exit(base.status ?? 1);
    const numpy = JSON.parse(base.stdout);
    const env = { ...process.env, SKETCHMAT_THREADS: '1', SKETCHMAT_BENCH_CHILD: '1', SKETCHMAT_BENCH_DIR: dir };
    const mine = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...argv], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
    if (mine.status !== 0) process.exit(mine.status ?? 1);
    const ours = JSON.parse(mine.stdout);
    const results = ours.results.map((r) => ({ ...r, speedup: numpy.seconds / r.seconds }));
    const row = (name, s, err, extra) => `${name.padEnd(22)} ${(s * 1e3).toFixed(0).padStart(8)} ms  fwd err ${err.toExponential(2)}  ${extra}\n`;
    process.stderr.write(`lstsq ${PROBLEM.m}×${PROBLEM.n} f64, cond 1e${PROBLEM.logCond}, ‖r‖/(‖A‖‖x‖) = ${PROBLEM.rho}; bound ${numpy.bound.toExponential(2)}\n`);
    process.stderr.write(row('numpy.linalg.lstsq', numpy.seconds, numpy.forwardError, ''));
    for (const r of results) process.stderr.write(row(`sketchmat ${r.method}`, r.seconds, r.forwardError, `speedup ${r.speedup.toFixed(2)}×  iters ${r.iterations}  rank ${r.rank}`));
    const doc = JSON.stringify({ header: ours.header, problem: PROBLEM, numpy, results }, null, 1);
    if (jsonAt >= 0) writeFileSync(argv[jsonAt + 1], doc);
    else process.stdout.write(doc + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  const sk = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
  await sk.ready?.();
  const { Matrix, linalg, backendInfo } = sk;
  const dir = process.env.SKETCHMAT_BENCH_DIR;
  const { m, n } = PROBLEM;
  const A = new Matrix(m, n, readNpy(join(dir, 'A.npy'))), b = readNpy(join(dir, 'b.npy')), x = readNpy(join(dir, 'x.npy'));
  const norm = (v) => Math.hypot(...v);
  const results = [];
  for (const { method, perCol } of VARIANTS) {
    let best = Infinity, res;
    const options = { method, seed: 1, ...(perCol ? { sketchRows: perCol * n } : {}) };
    for (let i = 0; i <= RUNS; i++) { // the first run warms up
      const t = performance.now();
      res = linalg.lstsq(A, b, options);
      const s = (performance.now() - t) / 1000;
      if (i > 0) best = Math.min(best, s);
    }
    const err = norm(Array.from(res.x, (v, i) => v - x[i])) / norm(x);
    results.push({ method: perCol ? `${method} (sketchRows ${perCol}n)` : method, seconds: best, forwardError: err, iterations: res.iterations, rank: res.rank, residualNorm: res.residualNorm });
  }
  process.stdout.write(JSON.stringify({ header: { backend: backendInfo(), node: process.version, threads: 1 }, results }));
}
