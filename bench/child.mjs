// One benchmark process: `node bench/child.mjs <mode> '<json options>'`.
//
// Modes:
//   sketchmat  the BUILT package (dist/index.cjs, prebuilds/, wasm/dist/),
//              backend chosen by SKETCHMAT_BACKEND / _THREADS / _SIMD, which
//              the parent sets: one backend per process, as users run it.
//   js         plain JavaScript baselines: a naive triple-loop GEMM and the
//              memory-bandwidth proxies (a Float32Array sum, TypedArray.set).
//   tfjs       @tensorflow/tfjs-backend-wasm, one thread, SIMD or not.
// Prints one JSON document {info, results, skipped} on stdout; progress on stderr.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APPLY_OPS, DENSE_OPS, NAIVE_MAX, PROJECT_OPS, PROTOCOL, fillRandom, gemmCaseName, gemmCases,
  log, newArray, sketchShapes, timeIt,
} from './common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const [mode, optsJson] = process.argv.slice(2);
const opts = JSON.parse(optsJson ?? '{}');
const protocol = opts.quick ? PROTOCOL.quick : PROTOCOL.full;
const label = opts.label ?? mode;
const results = [];
const skipped = [];
let info = {};

function record(r) {
  results.push({ backend: label, ...r });
  const rate = r.gflops !== undefined ? `${r.gflops.toFixed(2)} GFLOP/s` : `${r.gbps.toFixed(2)} GB/s`;
  log(`  ${(r.backend ?? label).padEnd(26)} ${r.suite}/${r.case} ${r.dtype}: ${r.seconds.toExponential(3)} s  ${rate}`);
}

function skip(suite, kase, reason, extra = {}) {
  skipped.push({ suite, case: kase, backend: label, reason, ...extra });
  log(`  ${label.padEnd(26)} ${suite}/${kase}: skipped (${reason})`);
}

/** Checks a few entries of C = A·B against plain dot products, so a wrong kernel cannot post a good number. */
function checkGemm(A, B, C, m, k, n) {
  for (let t = 0; t < 8; t++) {
    const i = Math.floor(((t * 2654435761) >>> 0) / 2 ** 32 * m);
    const j = Math.floor(((t * 40503 + 7) % 65536) / 65536 * n);
    let s = 0, mag = 0;
    for (let p = 0; p < k; p++) {
      s += A[i * k + p] * B[p * n + j];
      mag += Math.abs(A[i * k + p] * B[p * n + j]);
    }
    const tol = (C instanceof Float32Array ? 1e-5 : 1e-12) * (mag + 1) * Math.sqrt(k);
    if (!(Math.abs(C[i * n + j] - s) <= tol)) return `C[${i},${j}] = ${C[i * n + j]}, expected ${s}`;
  }
  return 'ok';
}

function gemmData(dtype, [m, k, n]) {
  return {
    A: fillRandom(newArray(dtype, m * k), 1),
    B: fillRandom(newArray(dtype, k * n), 2),
    C: newArray(dtype, m * n),
  };
}

// ---------------------------------------------------------------- sketchmat

function loadSketchmat() {
  const skm = require(join(root, 'dist', 'index.cjs'));
  const bi = skm.backendInfo();
  info = { backendInfo: bi, env: pickEnv() };
  return skm;
}

function pickEnv() {
  const e = {};
  for (const k of ['SKETCHMAT_BACKEND', 'SKETCHMAT_THREADS', 'SKETCHMAT_SIMD']) if (process.env[k]) e[k] = process.env[k];
  return e;
}

function sketchmatGemm(skm) {
  const bi = skm.backendInfo();
  for (const { dtype, shape } of gemmCases(opts.quick)) {
    const [m, k, n] = shape;
    const kase = gemmCaseName(shape);
    if (opts.skipLarge && m * k * n > opts.skipLarge) {
      skip('gemm', kase, opts.skipLargeReason, { dtype, shape });
      continue;
    }
    const { A, B, C } = gemmData(dtype, shape);
    const MA = new skm.Matrix(m, k, A), MB = new skm.Matrix(k, n, B), MC = new skm.Matrix(m, n, C);
    const t = timeIt(() => skm.matmul(MA, MB, { out: MC }), protocol);
    record({
      suite: 'gemm', case: kase, dtype, shape, threads: bi.threads, simd: bi.simd,
      ...t, gflops: (2 * m * n * k) / t.seconds / 1e9, check: checkGemm(A, B, C, m, k, n),
    });
  }
}

/** Options for each operator: nnz 8 for sparseSign (the example), degree 2 for tensorSketch. */
function makeOperator(skm, op, k, n) {
  const f = skm.sketch[op];
  if (typeof f !== 'function') return { missing: `sketch.${op} is not exported` };
  const params = { k, n, seed: 42 };
  if (op === 'sparseSign') params.nnz = 8;
  if (op === 'tensorSketch') params.degree = 2;
  return { S: f.call(skm.sketch, params), params };
}

function sketchmatSketch(skm) {
  const bi = skm.backendInfo();
  const sh = sketchShapes(opts.quick);
  const common = { threads: bi.threads, simd: bi.simd, dtype: 'float32' };
  if (!skm.sketch || typeof skm.sketch !== 'object') {
    skip('sketch', '*', 'sketchmat does not export `sketch` yet (issue 11 not merged into this build)');
    return;
  }
  const slowWasm = bi.name === 'wasm' && !opts.all;

  // project: X (rows × n) -> rows × k
  {
    const { rows, n, k } = sh.project;
    const X = new skm.Matrix(rows, n, fillRandom(new Float32Array(rows * n), 3));
    for (const op of PROJECT_OPS) {
      const kase = `project/${op}`;
      if (DENSE_OPS.has(op) && slowWasm) {
        skip('sketch', kase, 'dense operator on scalar wasm: ~20 s per run; pass --all to run it', { shape: [rows, n, k] });
        continue;
      }
      try {
        const { S, missing, params } = makeOperator(skm, op, k, n);
        if (missing) { skip('sketch', kase, missing); continue; }
        let Y;
        const t = timeIt(() => { Y = S.project(X); }, protocol);
        const ok = Y && Y.rows === rows && Y.cols === k && Number.isFinite(Y.data[0]) ? 'ok' : 'bad output shape or values';
        record({ suite: 'sketch', case: kase, op, mode: 'project', shape: [rows, n, k], params, ...common, ...t,
          gbps: (rows * n * 4) / t.seconds / 1e9, check: ok });
        // project(X, { out }) writes into a caller's matrix: the kernel without
        // allocating and page-faulting a fresh N×k result on every call.
        {
          const out = new skm.Matrix(rows, k, new Float32Array(rows * k));
          let supported = true;
          try { S.project(X, { out }); } catch (e) { supported = false; skip('sketch', `project-out/${op}`, `project(X, { out }) threw ${e?.name}: ${e?.message}`); }
          if (supported) {
            const to = timeIt(() => S.project(X, { out }), protocol);
            record({ suite: 'sketch', case: `project-out/${op}`, op, mode: 'project', shape: [rows, n, k], params, ...common, ...to,
              gbps: (rows * n * 4) / to.seconds / 1e9, check: Number.isFinite(out.data[0]) ? 'ok' : 'bad output values' });
          }
        }
      } catch (e) {
        skip('sketch', kase, `threw ${e?.name}: ${e?.message}`);
      }
    }
  }

  // apply: S (k × n) · A (n × d) -> k × d
  {
    const { n, d, k } = sh.apply;
    const A = new skm.Matrix(n, d, fillRandom(new Float32Array(n * d), 4));
    for (const op of APPLY_OPS) {
      const kase = `apply/${op}`;
      if (op === 'tensorSketch') continue;
      if (DENSE_OPS.has(op) && !opts.all && !(opts.denseApply && bi.name === 'native')) {
        skip('sketch', kase, `dense operator: S·A is ${((2 * k * n * d) / 1e9).toFixed(0)} GFLOP (GEMM-bound, see the gemm suite); pass --all to run it`, { shape: [k, n, d] });
        continue;
      }
      try {
        const { S, missing, params } = makeOperator(skm, op, k, n);
        if (missing) { skip('sketch', kase, missing); continue; }
        let Y;
        const t = timeIt(() => { Y = S.apply(A); }, protocol);
        const ok = Y && Y.rows === k && Y.cols === d && Number.isFinite(Y.data[0]) ? 'ok' : 'bad output shape or values';
        record({ suite: 'sketch', case: kase, op, mode: 'apply', shape: [k, n, d], params, ...common, ...t,
          gbps: (n * d * 4) / t.seconds / 1e9, check: ok });
      } catch (e) {
        skip('sketch', kase, `threw ${e?.name}: ${e?.message}`);
      }
    }
  }

  // FWHT, in place, unnormalized (the issue counts n·log2(n) add/subs). The
  // values overflow to ±inf/NaN after a few runs; x86 and WebAssembly SIMD
  // add/sub take the same time on those (only subnormals are slow).
  if (typeof skm.sketch.fwht !== 'function') {
    skip('fwht', '*', 'sketch.fwht is not exported');
    return;
  }
  for (const dtype of opts.quick ? ['float32'] : ['float32', 'float64']) {
    for (const lg of sh.fwht) {
      const n = 2 ** lg;
      const rows = n <= 1 << 16 ? Math.max(1, sh.fwhtBatchElems / n) : 1;
      const x = newArray(dtype, rows * n).fill(1);
      const arg = rows > 1 ? new skm.Matrix(rows, n, x) : x;
      try {
        const t = timeIt(() => skm.sketch.fwht(arg, { normalize: false }), protocol);
        record({ suite: 'fwht', case: `2^${lg}`, dtype, shape: [rows, n], threads: bi.threads, simd: bi.simd, ...t,
          gflops: (rows * n * lg) / t.seconds / 1e9 });
      } catch (e) {
        skip('fwht', `2^${lg}`, `threw ${e?.name}: ${e?.message}`, { dtype });
      }
    }
  }
}

// ---------------------------------------------------------------- plain JS

/** The textbook triple loop in i-k-j order (the inner loop runs along rows of B and C). */
function naiveGemm(A, B, C, m, k, n) {
  C.fill(0);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      const bo = p * n, co = i * n;
      for (let j = 0; j < n; j++) C[co + j] += a * B[bo + j];
    }
  }
}

/** Reads every element once, 8 independent sums so the loop is not latency-bound. */
function jsSum(x) {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  const n8 = x.length - (x.length % 8);
  for (let i = 0; i < n8; i += 8) {
    s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3];
    s4 += x[i + 4]; s5 += x[i + 5]; s6 += x[i + 6]; s7 += x[i + 7];
  }
  for (let i = n8; i < x.length; i++) s0 += x[i];
  return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
}

function jsBaselines() {
  info = { node: process.version };
  if (opts.suites.includes('gemm')) {
    for (const { dtype, shape } of gemmCases(opts.quick)) {
      const [m, k, n] = shape;
      if (Math.max(m, k, n) > NAIVE_MAX) continue;
      const { A, B, C } = gemmData(dtype, shape);
      const t = timeIt(() => naiveGemm(A, B, C, m, k, n), protocol);
      record({ backend: 'js-naive', suite: 'gemm', case: gemmCaseName(shape), dtype, shape, threads: 1, simd: 'none', ...t,
        gflops: (2 * m * n * k) / t.seconds / 1e9, check: checkGemm(A, B, C, m, k, n) });
    }
  }
  if (opts.suites.includes('sketch')) {
    const sh = sketchShapes(opts.quick);
    const inputs = {
      X: [sh.project.rows, sh.project.n],
      A: [sh.apply.n, sh.apply.d],
    };
    for (const [name, [r, c]] of Object.entries(inputs)) {
      const x = fillRandom(new Float32Array(r * c), 5);
      const bytes = x.byteLength;
      let sink = 0;
      const t = timeIt(() => { sink += jsSum(x); }, protocol);
      record({ suite: 'sketch', case: `read/${name}`, dtype: 'float32', shape: [r, c], threads: 1, simd: 'none', ...t,
        gbps: bytes / t.seconds / 1e9, proxy: 'JS Float32Array sum, 8 accumulators', sink });
      const y = new Float32Array(r * c);
      const tc = timeIt(() => y.set(x), protocol);
      record({ suite: 'sketch', case: `copy/${name}`, dtype: 'float32', shape: [r, c], threads: 1, simd: 'none', ...tc,
        gbps: bytes / tc.seconds / 1e9, proxy: 'TypedArray.prototype.set (memcpy); GB/s counts bytes copied once' });
    }
    // What a fresh result costs before any kernel runs: project and apply
    // return new arrays, and the first write to each fresh page faults it in
    // (~60 ms for 100 MB on this VM, several times the read-X-once time).
    for (const [name, r, c] of [['project-out', sh.project.rows, sh.project.k], ['apply-out', sh.apply.k, sh.apply.d]]) {
      const t = timeIt(() => new Float32Array(r * c).fill(1), protocol);
      record({ suite: 'sketch', case: `alloc/${name}`, dtype: 'float32', shape: [r, c], threads: 1, simd: 'none', ...t,
        gbps: (r * c * 4) / t.seconds / 1e9, proxy: 'new Float32Array(rows·cols).fill(1): the floor for a call that returns a new result' });
    }
    // Copy-bandwidth time of each FWHT input, the yardstick for n ≥ 2^22.
    for (const dtype of opts.quick ? ['float32'] : ['float32', 'float64']) {
      for (const lg of sh.fwht) {
        const n = 2 ** lg;
        const rows = n <= 1 << 16 ? Math.max(1, sh.fwhtBatchElems / n) : 1;
        const x = fillRandom(newArray(dtype, rows * n), 6), y = newArray(dtype, rows * n);
        const t = timeIt(() => y.set(x), protocol);
        record({ suite: 'fwht', case: `2^${lg}`, dtype, shape: [rows, n], threads: 1, simd: 'none', ...t,
          gbps: x.byteLength / t.seconds / 1e9, proxy: 'TypedArray.prototype.set (memcpy)' });
      }
    }
  }
}

// ---------------------------------------------------------------- tfjs

async function tfjsBaselines() {
  let tf, tfwasm;
  try {
    tf = require('@tensorflow/tfjs-core');
    tfwasm = require('@tensorflow/tfjs-backend-wasm');
  } catch (e) {
    skip('gemm', '*', `@tensorflow/tfjs-core / tfjs-backend-wasm not installed (${e.message.split('\n')[0]})`);
    return;
  }
  // One thread: tfjs-backend-wasm only picks its threaded build when
  // SharedArrayBuffer workers are available (never in Node), and we cap it too.
  if (typeof tfwasm.setThreadsCount === 'function') tfwasm.setThreadsCount(1);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!opts.simd) tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend did not initialize');
  await tf.ready();
  info = {
    tfjs: tf.version_core, backend: tf.getBackend(),
    simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    multithread: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
    threads: typeof tfwasm.getThreadsCount === 'function' ? tfwasm.getThreadsCount() : 1,
  };
  for (const { dtype, shape } of gemmCases(opts.quick)) {
    const [m, k, n] = shape;
    const kase = gemmCaseName(shape);
    if (dtype !== 'float32') {
      skip('gemm', kase, 'tfjs has no float64', { dtype });
      continue;
    }
    if (opts.skipLarge && m * k * n > opts.skipLarge) {
      skip('gemm', kase, opts.skipLargeReason, { dtype, shape });
      continue;
    }
    const { A, B } = gemmData(dtype, shape);
    const a = tf.tensor2d(A, [m, k]), b = tf.tensor2d(B, [k, n]);
    // Inputs stay resident in tfjs's heap; the time includes reading C back
    // (dataSync), as sketchmat's wasm timings include copying in and out.
    let C;
    const t = timeIt(() => {
      const c = tf.matMul(a, b);
      C = c.dataSync();
      c.dispose();
    }, protocol);
    record({ suite: 'gemm', case: kase, dtype, shape, threads: info.threads, simd: opts.simd ? 'simd128' : 'scalar', ...t,
      gflops: (2 * m * n * k) / t.seconds / 1e9, check: checkGemm(A, B, C, m, k, n) });
    a.dispose();
    b.dispose();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  if (mode === 'sketchmat') {
    const skm = loadSketchmat();
    log(`  ${label}: ${JSON.stringify(info.backendInfo)}`);
    if (opts.suites.includes('gemm')) sketchmatGemm(skm);
    if (opts.suites.includes('sketch')) sketchmatSketch(skm);
  } else if (mode === 'js') {
    jsBaselines();
  } else if (mode === 'tfjs') {
    await tfjsBaselines();
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(JSON.stringify({ info, results, skipped }) + '\n');
}

main().catch((e) => {
  log(`${label}: ${e?.stack ?? e}`);
  process.stdout.write(JSON.stringify({ info, results, skipped, error: `${e?.name}: ${e?.message}` }) + '\n');
  process.exitCode = 1;
});
