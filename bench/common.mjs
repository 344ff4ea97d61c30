// Shared by bench/run.mjs (the parent) and bench/child.mjs (one process per
// backend or baseline): the case lists, the timing protocol, test data.
import { performance } from 'node:perf_hooks';

/**
 * How long each case may take. A case runs once to warm up (JIT, page
 * faults, thread pool start), then at least `minRuns` times and until
 * `budget` seconds have passed or `maxRuns` runs; we report the median.
 * A case whose warmup alone exceeds `slow` seconds gets a single timed run,
 * so scalar WebAssembly at 2048³ stays affordable.
 */
export const PROTOCOL = {
  quick: { budget: 0.25, minRuns: 1, maxRuns: 3, slow: 0.5 },
  full: { budget: 1.0, minRuns: 3, maxRuns: 9, slow: 1.5 },
};

/** Times `fn` per PROTOCOL; `reset` (untimed) runs before every call. */
export function timeIt(fn, protocol, reset) {
  const now = () => performance.now() / 1000;
  reset?.();
  let t = now();
  fn();
  const warmup = now() - t;
  const minRuns = warmup > protocol.slow ? 1 : protocol.minRuns;
  const maxRuns = warmup > protocol.slow ? 1 : protocol.maxRuns;
  const times = [];
  const start = now();
  while (times.length < maxRuns && (times.length < minRuns || now() - start < protocol.budget)) {
    reset?.();
    t = now();
    fn();
    times.push(now() - t);
  }
  return summary(times, warmup);
}

/** Same protocol for async functions (tfjs reads results asynchronously only in some paths). */
export async function timeItAsync(fn, protocol) {
  const now = () => performance.now() / 1000;
  let t = now();
  await fn();
  const warmup = now() - t;
  const minRuns = warmup > protocol.slow ? 1 : protocol.minRuns;
  const maxRuns = warmup > protocol.slow ? 1 : protocol.maxRuns;
  const times = [];
  const start = now();
  while (times.length < maxRuns && (times.length < minRuns || now() - start < protocol.budget)) {
    t = now();
    await fn();
    times.push(now() - t);
  }
  return summary(times, warmup);
}

function summary(times, warmup) {
  const s = [...times].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { seconds: median, min: s[0], runs: s.length, warmup };
}

/**
 * GEMM shapes [m, k, n]: C (m×n) = A (m×k) · B (k×n). The tall case is a
 * 100000×512 matrix times 512×64, the shape of projecting many vectors.
 */
export function gemmCases(quick) {
  const sq = (s) => [s, s, s];
  if (quick) {
    return [
      { dtype: 'float32', shape: sq(256) },
      { dtype: 'float32', shape: sq(1024) },
    ];
  }
  return [
    ...[256, 512, 1024, 2048].map((s) => ({ dtype: 'float32', shape: sq(s) })),
    { dtype: 'float32', shape: [100000, 512, 64] },
    ...[256, 512].map((s) => ({ dtype: 'float64', shape: sq(s) })),
  ];
}

/** Naive JS only at small sizes: its slowness is measured, never extrapolated. */
export const NAIVE_MAX = 512;

export function gemmCaseName([m, k, n]) {
  return m === k && k === n ? `${m}³` : `${m}×${k}·${k}×${n}`;
}

/**
 * The sketch suite's shapes (issue 11): X (N × 1024) projected to 256 dims;
 * A (N × 512) sketched to 2048 rows. --quick shrinks N.
 */
export function sketchShapes(quick) {
  const N = quick ? 20000 : 100000;
  return {
    project: { rows: N, n: 1024, k: 256 },
    apply: { n: N, d: 512, k: 2048 },
    // FWHT: batches of rows·n = 2^20 elements for n = 2^10..2^16 (in cache),
    // then single long vectors (n ≥ 2^22, memory-bound).
    fwht: quick ? [10, 16, 22] : [10, 11, 12, 13, 14, 15, 16, 22, 24],
    fwhtBatchElems: 1 << 20,
  };
}

export const PROJECT_OPS = ['gaussian', 'rademacher', 'sparseSign', 'countSketch', 'verySparse', 'srht', 'tensorSketch'];
export const APPLY_OPS = ['countSketch', 'sparseSign', 'verySparse', 'srht', 'gaussian', 'rademacher'];
/** Dense operators are GEMM-bound: S·A for A = 100000×512, k = 2048 is 210 GFLOP. */
export const DENSE_OPS = new Set(['gaussian', 'rademacher']);

/** Deterministic values in [-1, 1) (xorshift32), so every process sees the same data. */
export function fillRandom(a, seed = 1) {
  let x = seed >>> 0 || 1;
  for (let i = 0; i < a.length; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    a[i] = x / 2147483648 - 1;
  }
  return a;
}

export function newArray(dtype, length) {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

export function log(...args) {
  process.stderr.write(args.join(' ') + '\n');
}

/** The best (minimum) wall time in seconds of `runs` calls of f, after one warm-up call. */
export function bestOf(f, runs) {
  f();
  let t = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    t = Math.min(t, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return t;
}

/** bestOf for a function returning a Promise: each run awaited. */
export async function bestOfAsync(f, runs) {
  await f();
  let t = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await f();
    t = Math.min(t, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return t;
}
