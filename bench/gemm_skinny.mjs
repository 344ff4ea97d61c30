#!/usr/bin/env node
// The range finder's skinny products (issue 17) beside OpenBLAS, one thread
// each, *interleaved*: sketchmat and numpy take turns for several rounds and
// each side reports its minimum, so a load change on a shared machine hits
// both sides alike (bench/linalg.mjs runs all of ours, then all of theirs).
//
//   npm run build:ts && node bench/gemm_skinny.mjs [--rounds 3] [--json out.json]
//
// Shapes: A is 20000 × 2000, the thin operand 60 columns: AB = A·W,
// AtB = Aᵀ·Y, QtA = Yᵀ·A. ratio = OpenBLAS seconds / sketchmat seconds.
// The numpy child runs with OPENBLAS_NUM_THREADS=1 and without
// OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (its own kernel choice), and reports
// the kernel threadpoolctl sees.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const ROUNDS = Number(arg('--rounds', 3));
const SHAPE = [20000, 2000, 60];

const PY = `
import json, time, numpy as np
try:
    from threadpoolctl import threadpool_info
    blas = [f"{i['internal_api']} {i['version']} {i.get('architecture')} threads={i['num_threads']}" for i in threadpool_info() if i['user_api'] == 'blas']
except ImportError:
    blas = []
m, n, k = ${JSON.stringify(SHAPE)}
rng = np.random.default_rng(0)
out = {}
for dt in ['float32', 'float64']:
    A = rng.standard_normal((m, n)).astype(dt); Y = rng.standard_normal((m, k)).astype(dt); W = rng.standard_normal((n, k)).astype(dt)
    for name, f in [('AB', lambda: A @ W), ('AtB', lambda: A.T @ Y), ('QtA', lambda: Y.T @ A)]:
        f(); b = 1e9
        for _ in range(3):
            t = time.perf_counter(); f(); b = min(b, time.perf_counter() - t)
        out[dt + ' ' + name] = b
print(json.dumps({'blas': blas, 'seconds': out}))
`;

function ours() {
  const env = { ...process.env, SKETCHMAT_THREADS: '1', SKM_GEMM_SKINNY_CHILD: '1' };
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('sketchmat child failed');
  return JSON.parse(r.stdout);
}

function theirs() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const py = process.env.SKETCHMAT_BENCH_PYTHON ?? '/usr/bin/python3';
  const r = spawnSync(py, ['-c', PY], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('numpy child failed');
  return JSON.parse(r.stdout);
}

if (process.env.SKM_GEMM_SKINNY_CHILD === '1') {
  const sk = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
  await sk.ready?.();
  const { random, matmul, backendInfo } = sk;
  const [m, n, k] = SHAPE;
  const seconds = {};
  for (const dtype of ['float32', 'float64']) {
    const A = random.gaussian(m, n, { seed: 1, dtype }), Y = random.gaussian(m, k, { seed: 2, dtype }), W = random.gaussian(n, k, { seed: 3, dtype });
    for (const [name, f] of [['AB', () => matmul(A, W)], ['AtB', () => matmul(A, Y, { transA: true })], ['QtA', () => matmul(Y, A, { transA: true })]]) {
      f();
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const t = process.hrtime.bigint();
        f();
        best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
      }
      seconds[`${dtype} ${name}`] = best;
    }
  }
  const info = backendInfo();
  process.stdout.write(JSON.stringify({ backend: `${info.name}/${info.simd}`, seconds }));
} else {
  const mine = {}, base = {};
  let backend = '', blas = [];
  for (let round = 0; round < ROUNDS; round++) {
    const a = ours(), b = theirs();
    backend = a.backend;
    blas = b.blas;
    for (const [key, s] of Object.entries(a.seconds)) mine[key] = Math.min(mine[key] ?? Infinity, s);
    for (const [key, s] of Object.entries(b.seconds)) base[key] = Math.min(base[key] ?? Infinity, s);
    process.stderr.write(`  round ${round + 1}/${ROUNDS} done\n`);
  }
  const [m, n, k] = SHAPE;
  const results = Object.keys(mine).map((key) => {
    const [dtype, op] = key.split(' ');
    const flops = 2 * m * n * k;
    return { suite: 'gemm-skinny', op, dtype, shape: SHAPE, backend, threads: 1, seconds: mine[key], gflops: flops / mine[key] / 1e9, baseline: 'numpy/OpenBLAS', baselineSeconds: base[key], baselineGflops: flops / base[key] / 1e9, ratio: base[key] / mine[key] };
  });
  for (const r of results) {
    process.stderr.write(`${r.op.padEnd(4)} ${r.dtype}  sketchmat ${(r.seconds * 1e3).toFixed(1).padStart(7)} ms (${r.gflops.toFixed(1)} GF/s)` +
      `  OpenBLAS ${(r.baselineSeconds * 1e3).toFixed(1).padStart(7)} ms (${r.baselineGflops.toFixed(1)} GF/s)  ratio ${r.ratio.toFixed(2)}\n`);
  }
  const doc = JSON.stringify({ header: { backend, blas, rounds: ROUNDS, node: process.version }, results }, null, 1);
  const at = arg('--json', null);
  if (at) writeFileSync(at, doc);
  else process.stdout.write(doc + '\n');
}
