/** Thin singular value decomposition (skm_svd_*). */
import { Matrix, checkMatrix, leadingDim } from '../matrix';
import { svd as svdKernel, svdAsync as svdKernelAsync } from '../backend/linalg';
import { checkAllocation, checkBool, checkOptions, checkSignal, throwIfAborted } from '../validate';
import { matmul } from '../dense/matmul';
import { gaussian } from '../random/index';
import { qr } from './qr';
import { zerosOf } from './common';

export interface SvdOptions {
  /**
   * Also return the orthogonal complements: U is m × m and Vt is n × n (s
   * still has min(m, n) values). The extra columns of U (rows of Vt) are an
   * orthonormal basis of the complement, the same on every run; any such basis
   * is as valid, so do not rely on its individual vectors. Default false (thin).
   */
  full?: boolean;
  /** Cancels an svdAsync that has not finished. svd itself checks it once, at the start (AbortError if it has fired). */
  signal?: AbortSignal;
}

export interface SvdResult {
  /** m × k, orthonormal columns, A's dtype; each column's largest-magnitude entry is positive. */
  U: Matrix;
  /** The k = min(m, n) singular values, descending, as float64. */
  s: Float64Array;
  /** The same array as `s` (the spelling: `{ U, S, Vt }`). */
  S: Float64Array;
  /** k × n, orthonormal rows, A's dtype (signed with U's columns). */
  Vt: Matrix;
}

function plan(what: string, A: unknown, options: unknown): { a: Matrix; m: number; n: number; k: number; full: boolean; signal?: AbortSignal } {
  const o = checkOptions<SvdOptions>(options, what, ['full', 'signal']);
  const signal = checkSignal(o.signal, what);
  const full = o.full === undefined ? false : checkBool(o.full, `${what}: full`);
  const a = checkMatrix(A, `${what}: A`);
  const m = a.rows, n = a.cols, k = Math.min(m, n);
  checkAllocation(m, full ? m : k, what);
  checkAllocation(full ? n : k, n, what);
  return { a, m, n, k, full, signal };
}

/**
 * [Q | C] with C an orthonormal basis of the complement of Q's columns
 * (Q is m × k, orthonormal): a fixed Gaussian block with Q's span projected
 * out twice (once is not enough in floating point), then its QR.
 */
function completed(Q: Matrix, what: string): Matrix {
  const m = Q.rows, k = Q.cols;
  if (k >= m) return Q;
  let G = gaussian(m, m - k, { seed: 0, dtype: Q.dtype });
  for (let pass = 0; pass < 2; pass++) {
    const P = matmul(Q, matmul(Q, G, { transA: true }));
    for (let i = 0; i < G.data.length; i++) G.data[i] -= P.data[i];
  }
  G = qr(G).Q as Matrix;
  const out = zerosOf(Q.dtype, m, m, what);
  for (let i = 0; i < m; i++) {
    out.data.set(Q.data.subarray(i * k, i * k + k), i * m);
    out.data.set(G.data.subarray(i * (m - k), (i + 1) * (m - k)), i * m + k);
  }
  return out;
}

/** The thin factors, widened to U m × m and Vt n × n when `full`. */
function widen(r: SvdResult, full: boolean, what: string): SvdResult {
  if (!full) return r;
  const U = completed(r.U, what);
  const V = completed(transposed(r.Vt), what);
  return { U, s: r.s, S: r.s, Vt: transposed(V) };
}

function transposed(M: Matrix): Matrix {
  const out = zerosOf(M.dtype, M.cols, M.rows, 'svd');
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) out.data[j * M.rows + i] = M.data[i * M.cols + j];
  return out;
}

/**
 * Thin SVD A = U·diag(s)·Vt (Householder QR, then one-sided Jacobi on R:
 * each singular value to a few ulps times its condition, as LAPACK).
 *
 * A is m × n, k = min(m, n). The sign convention (U's column j has its
 * largest-magnitude entry positive, Vt's row j signed to match) makes the
 * result unique for distinct singular values and the same on every backend
 * up to rounding. Rank-deficient A still gets orthonormal U and Vt. A NaN or
 * infinite entry gives NaN everywhere.
 *
 * @throws ValueError for a bad A or options. @throws OutOfMemoryError when the results cannot be allocated.
 * @example
 * const { U, s, Vt } = linalg.svd(A);
 */
export function svd(A: Matrix, options?: SvdOptions): SvdResult {
  const what = 'svd';
  const { a, m, n, k, full, signal } = plan(what, A, options);
  throwIfAborted(signal, what);
  const U = zerosOf(a.dtype, m, k, what), Vt = zerosOf(a.dtype, k, n, what), s = new Float64Array(k);
  if (k > 0) svdKernel(m, n, a.data, leadingDim(a), U.data, s, Vt.data, what);
  return widen({ U, s, S: s, Vt }, full, what);
}

/** svd off the event loop, on its own copy of A. @throws as svd; AbortError when `signal` fires first. */
export async function svdAsync(A: Matrix, options?: SvdOptions): Promise<SvdResult> {
  const what = 'svdAsync';
  const { a, m, n, k, full, signal } = plan(what, A, options);
  if (k === 0) {
    const s = new Float64Array(0);
    return widen({ U: zerosOf(a.dtype, m, 0, what), s, S: s, Vt: zerosOf(a.dtype, 0, n, what) }, full, what);
  }
  const r = await svdKernelAsync(m, n, a.data, leadingDim(a), what, signal);
  return widen({ U: new Matrix(m, k, r.U), s: r.s, S: r.s, Vt: new Matrix(k, n, r.Vt) }, full, what);
}
