/**
 * How well a projection keeps the geometry of a point set: pairwise-distance
 * distortion and nearest-neighbour recall. Distances come from the Gram
 * matrix in float64 (‖x_i − x_j‖² = g_ii + g_jj − 2·g_ij, one GEMM), which is
 * accurate to ~1e-7 relative for the unit-scale data the demo uses — far
 * below the distortions being measured (1e-2 and up).
 */
import { Matrix } from '../matrix';
import { matmul } from '../dense/matmul';

/** A float64 copy (projections of float32 data are float32). */
export function toFloat64(X: Matrix): Matrix<Float64Array> {
  const out = new Float64Array(X.rows * X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) out[i * X.cols + j] = X.data[i * X.rowStride + j];
  return new Matrix(X.rows, X.cols, out);
}

/** The N × N matrix of Euclidean distances between the rows of X, row-major. */
export function pairwiseDistances(X: Matrix): Float64Array {
  const X64 = toFloat64(X);
  const G = matmul(X64, X64, { transB: true }).data;
  const n = X.rows;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) D[i * n + j] = i === j ? 0 : Math.sqrt(Math.max(0, G[i * n + i] + G[j * n + j] - 2 * G[i * n + j]));
  }
  return D;
}

export interface Distortion {
  /** Pairs compared (i < j with a nonzero original distance). */
  pairs: number;
  /** Median, 95th percentile and max over pairs of |d'/d − 1|. */
  median: number;
  p95: number;
  max: number;
  /** Mean of d'/d − 1 (a scaling bias shows here). */
  bias: number;
}

export function distortion(D: Float64Array, Dp: Float64Array, n: number): Distortion {
  const errs = new Float64Array((n * (n - 1)) / 2);
  let m = 0, bias = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = D[i * n + j];
      if (!(d > 1e-12)) continue; // duplicates: no relative error defined
      const r = Dp[i * n + j] / d - 1;
      bias += r;
      errs[m++] = Math.abs(r);
    }
  }
  const e = errs.subarray(0, m).sort();
  const q = (p: number) => (m === 0 ? 0 : e[Math.min(m - 1, Math.floor(p * (m - 1) + 0.5))]);
  return { pairs: m, median: q(0.5), p95: q(0.95), max: m === 0 ? 0 : e[m - 1], bias: m === 0 ? 0 : bias / m };
}

/** Indices of the `k` nearest other rows of each row (by the distance matrix), row after row. */
export function nearestNeighbours(D: Float64Array, n: number, k: number): Int32Array {
  const kk = Math.min(k, n - 1);
  const out = new Int32Array(n * kk);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < n; j++) if (j !== i) idx[c++] = j;
    const row = D.subarray(i * n, (i + 1) * n);
    // Partial selection: keep the kk smallest in the first kk slots (n is small; kk ≤ 10).
    for (let s = 0; s < kk; s++) {
      let best = s;
      for (let t = s + 1; t < c; t++) if (row[idx[t]] < row[idx[best]]) best = t;
      const tmp = idx[s];
      idx[s] = idx[best];
      idx[best] = tmp;
    }
    out.set(idx.subarray(0, kk), i * kk);
  }
  return out;
}

/** Mean over rows of |true top-k ∩ found top-k| / k. */
export function recallAtK(truth: Int32Array, found: Int32Array, n: number): number {
  if (n === 0) return 1;
  const k = truth.length / n;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const want = new Set(truth.subarray(i * k, (i + 1) * k));
    for (let t = 0; t < k; t++) if (want.has(found[i * k + t])) hits++;
  }
  return hits / (n * k);
}
