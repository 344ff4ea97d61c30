/**
 * Fitting CUR to a dense W: actual columns C = W[:, J] and rows R = W[I, :]
 * chosen by their rank-k leverage scores, and the core U = C⁺·W·R⁺ (the best
 * U for those C and R in the Frobenius norm).
 *
 * The rank-k leverage of column j is ‖V_k[j, :]‖² (V_k: the top-k right
 * singular vectors), of row i ‖U_k[i, :]‖²; they sum to k and measure how
 * much of W's top-k subspace the column or row carries. Without a seed the k
 * columns (and rows) of largest leverage are kept (deterministic; good when
 * the leverage decays, Papailiopoulos et al. 2014); with a seed, k are drawn
 * without replacement with probability proportional to leverage (Efraimidis–
 * Spirakis keys u^(1/ℓ) on random.uniform's stream, so a seed repeats).
 * Self-contained here; linalg's leverage/cur helpers may replace the pieces.
 */
import type { DType } from '../dtype';
import { newArray } from '../dtype';
import { Matrix } from '../matrix';
import { matmul } from '../dense/matmul';
import { svd } from '../linalg/svd';
import type { SvdResult } from '../linalg/svd';
import { rsvd } from '../linalg/rsvd';
import { uniform } from '../random';
import { checkInt } from '../validate';
import { CurOp } from './cur';

export interface CurFitOptions {
  rank?: number;
  seed?: number;
}

/** Above this min(m, n) the top-k singular vectors come from rsvd (seed 0 unless given). */
const EXACT_SVD_LIMIT = 1024;

/** `start`: W's SVD (at least `rank` triplets) when the caller has one already. */
export function fitCur(W: Matrix, o: Partial<CurFitOptions>, what: string, start?: SvdResult): CurOp {
  const m = W.rows, n = W.cols;
  const k = checkInt(o.rank, `${what}: rank`, 0, Math.min(m, n));
  const seed = o.seed === undefined ? undefined : checkInt(o.seed, `${what}: seed`, 0, 2 ** 53 - 1);
  const W64 = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) W64[i * n + j] = W.data[i * W.rowStride + j];
  const Wm = new Matrix(m, n, W64);
  let cols: Int32Array = new Int32Array(0), rows: Int32Array = new Int32Array(0);
  if (k > 0) {
    const f = start ?? (Math.min(m, n) <= EXACT_SVD_LIMIT ? svd(W) : rsvd(W, k, { seed: seed ?? 0 }));
    const colLev = new Float64Array(n), rowLev = new Float64Array(m), kk = f.U.cols;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < n; j++) colLev[j] += f.Vt.data[c * n + j] ** 2;
      for (let i = 0; i < m; i++) rowLev[i] += f.U.data[i * kk + c] ** 2;
    }
    cols = select(colLev, k, seed, 0);
    rows = select(rowLev, k, seed, 1);
  }
  const C = new Float64Array(m * k), R = new Float64Array(k * n);
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) C[i * k + c] = W64[i * n + cols[c]];
  for (let c = 0; c < k; c++) R.set(W64.subarray(rows[c] * n, (rows[c] + 1) * n), c * n);
  const Cm = new Matrix(m, k, C), Rm = new Matrix(k, n, R);
  // U = C⁺·(W·R⁺): the small k × k core.
  const Ucore = k === 0 ? new Matrix(0, 0, new Float64Array(0)) : matmul(pinv(Cm), matmul(Wm, pinv(Rm)));
  return new CurOp(cast(W.dtype, Cm), cast(W.dtype, Ucore), cast(W.dtype, Rm), cols, rows);
}

/** k indices, by leverage: the k largest (no seed), or drawn ∝ leverage without replacement; sorted. */
function select(lev: Float64Array, k: number, seed: number | undefined, stream: number): Int32Array {
  const n = lev.length;
  const key = new Float64Array(n);
  if (seed === undefined) {
    key.set(lev);
  } else {
    const u = uniform(1, n, { seed, stream }).data;
    // log(u)/ℓ orders as u^(1/ℓ); ℓ = 0 sorts last (−∞), u = 0 too.
    for (let j = 0; j < n; j++) key[j] = lev[j] > 0 ? Math.log(u[j]) / lev[j] : -Infinity;
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => key[b] - key[a] || a - b);
  return Int32Array.from(order.slice(0, k)).sort();
}

/** The pseudoinverse (float64) by the SVD, dropping singular values below max(m, n)·ε·σ₁. */
function pinv(A: Matrix): Matrix {
  const m = A.rows, n = A.cols;
  const f = svd(A), k = f.s.length;
  const cut = Math.max(m, n) * 2.220446049250313e-16 * (k > 0 ? f.s[0] : 0);
  // A⁺ = V·Σ⁻¹·Uᵀ (n × m).
  const out = new Float64Array(n * m);
  for (let c = 0; c < k; c++) {
    if (!(f.s[c] > cut)) continue;
    const inv = 1 / f.s[c];
    for (let i = 0; i < n; i++) {
      const v = f.Vt.data[c * n + i] * inv;
      if (v === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += v * f.U.data[j * k + c];
    }
  }
  return new Matrix(n, m, out);
}

function cast(dtype: DType, M: Matrix): Matrix {
  const out = newArray(dtype, M.rows * M.cols);
  out.set(M.data);
  return new Matrix(M.rows, M.cols, out);
}
