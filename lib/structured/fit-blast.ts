/**
 * Fitting BLAST (see blast.ts) to a dense W by alternating least squares.
 *
 * The start is the truncated SVD: U = U_r·√Σ, V = V_r·√Σ, every s_ij = 1,
 * which is exactly the rank-r low-rank answer. Each sweep then minimises
 * ‖W − Â‖_F over one group of parameters with the others fixed, each an
 * exact linear least-squares problem, so the error never goes up:
 *  - U_i (all i at once): block row i is W_i· ≈ U_i·G_iᵀ with G_i's block j
 *    = V_j·diag(s_ij), so U_i = (W_i·G_i)·(G_iᵀG_i)⁻¹; W_i·G_i = Σ_j
 *    (W_ij·V_j)·diag(s_ij) reuses the products P_j = W_·j·V_j;
 *  - V_j: the same with the roles of rows and columns swapped;
 *  - s_ij: W_ij ≈ Σ_c s_c·u_c·v_cᵀ, whose normal equations are
 *    ((U_iᵀU_i) ⊙ (V_jᵀV_j))·s = diag(U_iᵀ·W_ij·V_j).
 * A sweep costs three passes of W through the GEMM (m·n·r multiply-adds each)
 * plus r × r solves. The SVD start alone is only the low-rank answer; the
 * sweeps are what let the s_ij reweight each block (Lee et al. 2024 fit by
 * preconditioned gradient; ALS reaches the same kind of point without step sizes).
 */
import type { DType } from '../dtype';
import { newArray } from '../dtype';
import { ShapeError } from '../errors';
import { Matrix } from '../matrix';
import { matmul } from '../dense/matmul';
import { svd } from '../linalg/svd';
import type { SvdResult } from '../linalg/svd';
import { rsvd } from '../linalg/rsvd';
import { checkInt } from '../validate';
import { BlastOp } from './blast';

export interface BlastFitOptions {
  blocks?: number;
  rank?: number;
  seed?: number;
  iters?: number;
}

/** Above this min(m, n) the SVD start is randomized (rsvd, with `seed`). */
const EXACT_SVD_LIMIT = 1024;

/**
 * `start`: W's SVD (at least `rank` triplets) when the caller has one already
 * (fitBudget shares one among the structures it tries).
 */
export function fitBlast(W: Matrix, o: Partial<BlastFitOptions>, what: string, start?: SvdResult): BlastOp {
  const m = W.rows, n = W.cols;
  const b = checkInt(o.blocks, `${what}: blocks`, 1, 2 ** 16 - 1);
  if (m % b !== 0 || n % b !== 0) throw new ShapeError(`${what}: W is ${m}×${n}, and blocks = ${b} must divide both sizes`);
  const r = checkInt(o.rank, `${what}: rank`, 0, Math.min(m, n));
  const iters = o.iters === undefined ? 10 : checkInt(o.iters, `${what}: iters`, 0, 10_000);
  const seed = o.seed === undefined ? 0 : checkInt(o.seed, `${what}: seed`, 0, 2 ** 53 - 1);
  const p = m / b, q = n / b;
  const W64 = toFloat64(W);
  const U = new Float64Array(m * r), V = new Float64Array(n * r), S = new Float64Array(b * b * r).fill(1);
  if (r > 0 && m > 0 && n > 0) {
    // The SVD in W's own dtype (float32's is twice as fast; the sweeps run in float64 and refine it).
    const f = start ?? (Math.min(m, n) <= EXACT_SVD_LIMIT ? svd(W) : rsvd(W, r, { seed }));
    const k = f.U.cols;
    for (let c = 0; c < r; c++) {
      const g = Math.sqrt(f.s[c]);
      for (let i = 0; i < m; i++) U[i * r + c] = f.U.data[i * k + c] * g;
      for (let j = 0; j < n; j++) V[j * r + c] = f.Vt.data[c * n + j] * g;
    }
    for (let sweep = 0; sweep < iters; sweep++) {
      updateS(W64, U, V, S, b, p, q, r);
      updateU(W64, U, V, S, b, p, q, r);
      updateV(W64, U, V, S, b, p, q, r);
    }
  }
  return new BlastOp(b, p, q, r, cast(W.dtype, m, r, U), cast(W.dtype, n, r, V), cast(W.dtype, b * b, r, S));
}

function toFloat64(W: Matrix): Matrix {
  const d = new Float64Array(W.rows * W.cols);
  for (let i = 0; i < W.rows; i++) for (let j = 0; j < W.cols; j++) d[i * W.cols + j] = W.data[i * W.rowStride + j];
  return new Matrix(W.rows, W.cols, d);
}

function cast(dtype: DType, rows: number, cols: number, a: Float64Array): Matrix {
  const out = newArray(dtype, rows * cols);
  out.set(a);
  return new Matrix(rows, cols, out);
}

/** Block `i` (rows i·h … (i+1)·h − 1) of a stacked (·) × r array, as a Matrix view. */
function block(a: Float64Array, i: number, h: number, r: number): Matrix {
  return new Matrix(h, r, a.subarray(i * h * r, (i + 1) * h * r));
}

/** Gram matrices BᵀB (r × r) of each of the `count` stacked h × r blocks. */
function grams(a: Float64Array, count: number, h: number, r: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let i = 0; i < count; i++) out.push(matmul(block(a, i, h, r), block(a, i, h, r), { transA: true }).data as Float64Array);
  return out;
}

/** P_j = W_·j·V_j for every column block j: b matrices m × r. */
function columnProducts(W: Matrix, V: Float64Array, b: number, q: number, r: number): Float64Array[] {
  const m = W.rows, n = W.cols, out: Float64Array[] = [];
  for (let j = 0; j < b; j++) {
    const Wj = new Matrix(m, q, (W.data as Float64Array).subarray(j * q), { rowStride: n });
    out.push(matmul(Wj, block(V, j, q, r)).data as Float64Array);
  }
  return out;
}

function updateU(W: Matrix, U: Float64Array, V: Float64Array, S: Float64Array, b: number, p: number, q: number, r: number): void {
  const P = columnProducts(W, V, b, q, r), VtV = grams(V, b, q, r);
  const num = new Float64Array(p * r), G = new Float64Array(r * r);
  for (let i = 0; i < b; i++) {
    num.fill(0);
    G.fill(0);
    for (let j = 0; j < b; j++) {
      const s = S.subarray((i * b + j) * r, (i * b + j + 1) * r), Pj = P[j], g = VtV[j];
      for (let a = 0; a < p; a++) for (let c = 0; c < r; c++) num[a * r + c] += Pj[(i * p + a) * r + c] * s[c];
      for (let c = 0; c < r; c++) for (let d = 0; d < r; d++) G[c * r + d] += s[c] * g[c * r + d] * s[d];
    }
    solveRows(G, num, p, r);
    U.set(num, i * p * r);
  }
}

function updateV(W: Matrix, U: Float64Array, V: Float64Array, S: Float64Array, b: number, p: number, q: number, r: number): void {
  const n = W.cols;
  // Q_i = W_i·ᵀ·U_i (n × r) for every row block i.
  const Q: Float64Array[] = [];
  for (let i = 0; i < b; i++) {
    const Wi = new Matrix(p, n, (W.data as Float64Array).subarray(i * p * n, (i + 1) * p * n));
    Q.push(matmul(Wi, block(U, i, p, r), { transA: true }).data as Float64Array);
  }
  const UtU = grams(U, b, p, r);
  const num = new Float64Array(q * r), G = new Float64Array(r * r);
  for (let j = 0; j < b; j++) {
    num.fill(0);
    G.fill(0);
    for (let i = 0; i < b; i++) {
      const s = S.subarray((i * b + j) * r, (i * b + j + 1) * r), Qi = Q[i], g = UtU[i];
      for (let a = 0; a < q; a++) for (let c = 0; c < r; c++) num[a * r + c] += Qi[(j * q + a) * r + c] * s[c];
      for (let c = 0; c < r; c++) for (let d = 0; d < r; d++) G[c * r + d] += s[c] * g[c * r + d] * s[d];
    }
    solveRows(G, num, q, r);
    V.set(num, j * q * r);
  }
}

function updateS(W: Matrix, U: Float64Array, V: Float64Array, S: Float64Array, b: number, p: number, q: number, r: number): void {
  const P = columnProducts(W, V, b, q, r), UtU = grams(U, b, p, r), VtV = grams(V, b, q, r);
  const G = new Float64Array(r * r), rhs = new Float64Array(r);
  for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) {
    const Pj = P[j], gu = UtU[i], gv = VtV[j];
    rhs.fill(0);
    for (let a = 0; a < p; a++) for (let c = 0; c < r; c++) rhs[c] += U[(i * p + a) * r + c] * Pj[(i * p + a) * r + c];
    for (let c = 0; c < r * r; c++) G[c] = gu[c] * gv[c];
    solveRows(G, rhs, 1, r);
    S.set(rhs, (i * b + j) * r);
  }
}

/**
 * Solves X·G = B in place for `rows` rows of B (r wide), G symmetric positive
 * semidefinite (r × r, left unchanged): Cholesky with a ridge that starts at
 * 1e-12 of G's mean diagonal and grows until the factorization succeeds, so a
 * direction no block uses (a zero s or basis column) gets a zero coefficient
 * instead of a NaN.
 */
function solveRows(G: Float64Array, B: Float64Array, rows: number, r: number): void {
  if (r === 0) return;
  let trace = 0;
  for (let c = 0; c < r; c++) trace += G[c * r + c];
  const mean = trace / r;
  if (!(mean > 0) || !Number.isFinite(mean)) { B.fill(0, 0, rows * r); return; }
  const L = new Float64Array(r * r);
  for (let ridge = 1e-12 * mean; ; ridge *= 1e3) {
    if (cholesky(G, L, r, ridge)) break;
    if (ridge > mean) { B.fill(0, 0, rows * r); return; }
  }
  for (let row = 0; row < rows; row++) {
    const x = B.subarray(row * r, (row + 1) * r);
    // L·y = x, then Lᵀ·z = y (G symmetric, so X·G = B row by row is G·xᵀ = bᵀ).
    for (let c = 0; c < r; c++) {
      let s = x[c];
      for (let d = 0; d < c; d++) s -= L[c * r + d] * x[d];
      x[c] = s / L[c * r + c];
    }
    for (let c = r - 1; c >= 0; c--) {
      let s = x[c];
      for (let d = c + 1; d < r; d++) s -= L[d * r + c] * x[d];
      x[c] = s / L[c * r + c];
    }
  }
}

/** Lower Cholesky factor of G + ridge·I into L; false when a pivot is not positive. */
function cholesky(G: Float64Array, L: Float64Array, r: number, ridge: number): boolean {
  L.fill(0);
  for (let c = 0; c < r; c++) {
    for (let d = 0; d <= c; d++) {
      let s = G[c * r + d] + (c === d ? ridge : 0);
      for (let e = 0; e < d; e++) s -= L[c * r + e] * L[d * r + e];
      if (c === d) {
        if (!(s > 0)) return false;
        L[c * r + c] = Math.sqrt(s);
      } else {
        L[c * r + d] = s / L[d * r + d];
      }
    }
  }
  return true;
}
