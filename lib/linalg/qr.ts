/** Householder QR (skm_qr_*, skm_qr_q_*). */
import { describe } from '../dtype';
import { ValueError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { qr as qrKernel, qrAsync as qrKernelAsync, qrQ, qrQAsync } from '../backend/linalg';
import { checkAllocation, checkOptions, checkSignal, throwIfAborted } from '../validate';
import { ownedData, upperTrapezoid, zerosOf } from './common';
import { choleskyQr2, choleskyQr2Async } from './cholqr';

export interface QrOptions {
  /** 'reduced' (default): Q (m × k) and R (k × n), k = min(m, n). 'r': R only. */
  mode?: 'reduced' | 'r';
  /**
   * 'householder' (default): blocked Householder, stable for any A.
   * 'cholesky2': CholeskyQR2 for tall A (m ≥ n): two passes of Gram matrix,
   * Cholesky and Y·R⁻¹, all through the GEMM, several times faster on
   * tall-skinny A; orthogonal to eps while κ(A) < ~1/√eps, shifted
   * CholeskyQR3 up to κ(A) ~ 1/eps; beyond that (numerically rank-deficient
   * A), for wide A, or on NaN, it falls back to Householder. R's diagonal is
   * then positive.
   */
  method?: 'householder' | 'cholesky2';
  /** Cancels a qrAsync that has not finished. qr itself checks it once, at the start (AbortError if it has fired). */
  signal?: AbortSignal;
}

export interface QrResult {
  /** m × k with orthonormal columns; absent with mode 'r'. */
  Q?: Matrix;
  /** k × n upper trapezoidal. */
  R: Matrix;
}

interface Plan { A: Matrix; m: number; n: number; k: number; withQ: boolean; cholesky2: boolean; signal?: AbortSignal }

function plan(what: string, A: unknown, options: unknown): Plan {
  const o = checkOptions<QrOptions>(options, what, ['mode', 'signal', 'method']);
  const mode = o.mode ?? 'reduced';
  if (mode !== 'reduced' && mode !== 'r') throw new ValueError(`${what}: mode must be 'reduced' or 'r', got ${describe(mode)}`);
  const method = o.method === undefined ? 'householder' : o.method;
  if (method !== 'householder' && method !== 'cholesky2') throw new ValueError(`${what}: method must be 'householder' or 'cholesky2', got ${describe(method)}`);
  const signal = checkSignal(o.signal, what);
  const a = checkMatrix(A, `${what}: A`);
  const m = a.rows, n = a.cols, k = Math.min(m, n);
  checkAllocation(m, n, what);
  if (mode === 'reduced') checkAllocation(m, k, what);
  return { A: a, m, n, k, withQ: mode === 'reduced', cholesky2: method === 'cholesky2' && m >= n, signal };
}

/**
 * QR factorization A = Q·R by Householder reflections (blocked, compact WY;
 * LAPACK geqrf + orgqr).
 *
 * A is m × n (any dtype, any row stride; not modified). With k = min(m, n),
 * Q is m × k with orthonormal columns and R is k × n upper trapezoidal, both
 * of A's dtype. R's diagonal may have either sign (as LAPACK and NumPy).
 * ‖A − Q·R‖ and ‖QᵀQ − I‖ are a small multiple of eps·‖A‖ and eps.
 *
 * @throws ValueError for a mode other than 'reduced' or 'r', A not a Matrix, a detached buffer.
 * @throws OutOfMemoryError when the results cannot be allocated.
 * @example
 * const { Q, R } = linalg.qr(A);          // A ≈ Q·R
 * const { R: r } = linalg.qr(A, { mode: 'r' });
 */
export function qr(A: Matrix, options?: QrOptions): QrResult {
  const what = 'qr';
  const p = plan(what, A, options);
  throwIfAborted(p.signal, what);
  const { m, n, k } = p;
  if (k === 0) return p.withQ ? { Q: zerosOf(p.A.dtype, m, 0, what), R: zerosOf(p.A.dtype, 0, n, what) } : { R: zerosOf(p.A.dtype, 0, n, what) };
  if (p.cholesky2) {
    const c = choleskyQr2(p.A, what);
    if (c !== null) return p.withQ ? c : { R: c.R };
  }
  const F = ownedData(p.A);
  const tau = zerosOf(p.A.dtype, 1, k, what).data;
  qrKernel(m, n, F, tau, what);
  const R = upperTrapezoid(F, p.A.dtype, k, n);
  if (!p.withQ) return { R };
  const Q = zerosOf(p.A.dtype, m, k, what);
  qrQ(m, n, k, F, tau, Q.data, what);
  return { Q, R };
}

/**
 * qr off the event loop, with its own copy of A. Resolves to { Q, R } as qr.
 * @throws as qr, as a rejected Promise; AbortError when `signal` fires first.
 */
export async function qrAsync(A: Matrix, options?: QrOptions): Promise<QrResult> {
  const what = 'qrAsync';
  const p = plan(what, A, options);
  const { m, n, k } = p;
  if (k === 0) return qr(p.A, { mode: p.withQ ? 'reduced' : 'r' });
  if (p.cholesky2) {
    const c = await choleskyQr2Async(p.A, what, p.signal);
    if (c !== null) return p.withQ ? c : { R: c.R };
  }
  const data = p.A.contiguous ? p.A.data : ownedData(p.A);
  const { F, tau } = await qrKernelAsync(m, n, data, what, p.signal);
  const R = upperTrapezoid(F, p.A.dtype, k, n);
  if (!p.withQ) return { R };
  const Q = await qrQAsync(m, n, k, F, tau, what, p.signal);
  return { Q: new Matrix(m, k, Q), R };
}
