/** Thin singular value decomposition (skm_svd_*). */
import { Matrix, checkMatrix, leadingDim } from '../matrix';
import { svd as svdKernel, svdAsync as svdKernelAsync } from '../backend/linalg';
import { checkAllocation, checkOptions, checkSignal } from '../validate';
import { zerosOf } from './common';

export interface SvdOptions {
  /** Cancels an svdAsync that has not finished. */
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

function plan(what: string, A: unknown, options: unknown): { a: Matrix; m: number; n: number; k: number; signal?: AbortSignal } {
  const o = checkOptions<SvdOptions>(options, what, ['signal']);
  const signal = checkSignal(o.signal, what);
  const a = checkMatrix(A, `${what}: A`);
  const m = a.rows, n = a.cols, k = Math.min(m, n);
  checkAllocation(m, k, what);
  checkAllocation(k, n, what);
  return { a, m, n, k, signal };
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
  const { a, m, n, k } = plan(what, A, options);
  const U = zerosOf(a.dtype, m, k, what), Vt = zerosOf(a.dtype, k, n, what), s = new Float64Array(k);
  if (k > 0) svdKernel(m, n, a.data, leadingDim(a), U.data, s, Vt.data, what);
  return { U, s, S: s, Vt };
}

/** svd off the event loop, on its own copy of A. @throws as svd; AbortError when `signal` fires first. */
export async function svdAsync(A: Matrix, options?: SvdOptions): Promise<SvdResult> {
  const what = 'svdAsync';
  const { a, m, n, k, signal } = plan(what, A, options);
  if (k === 0) {
    const s = new Float64Array(0);
    return { U: zerosOf(a.dtype, m, 0, what), s, S: s, Vt: zerosOf(a.dtype, 0, n, what) };
  }
  const r = await svdKernelAsync(m, n, a.data, leadingDim(a), what, signal);
  return { U: new Matrix(m, k, r.U), s: r.s, S: r.s, Vt: new Matrix(k, n, r.Vt) };
}
