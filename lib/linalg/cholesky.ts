/** Cholesky factorization (skm_cholesky_*). */
import type { FloatArray } from '../dtype';
import { NotPositiveDefiniteError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { cholesky as choleskyKernel, choleskyAsync as choleskyKernelAsync } from '../backend/linalg';
import { checkBool, checkOptions, checkSignal } from '../validate';
import { checkSquare, ownedData } from './common';

export interface CholeskyOptions {
  /** true (default): L with A = L·Lᵀ; false: U with A = Uᵀ·U. */
  lower?: boolean;
  /** Cancels a choleskyAsync that has not finished. */
  signal?: AbortSignal;
}

/**
 * Cholesky factor of the symmetric positive definite n × n A (blocked,
 * through the GEMM; LAPACK potrf).
 *
 * Only the triangle named by `lower` is read (the other is assumed to mirror
 * it). Returns a new n × n Matrix of A's dtype: L (lower, default) with
 * A = L·Lᵀ, or U with A = Uᵀ·U; the other triangle is zero. A is not modified.
 *
 * @throws NotPositiveDefiniteError (a ValueError) when a pivot is not
 *   positive; its `pivot` property is the 0-based index.
 * @throws ShapeError if A is not square. @throws ValueError for bad options or A.
 * @example
 * const L = linalg.cholesky(A);            // A ≈ L·Lᵀ
 */
export function cholesky(A: Matrix, options?: CholeskyOptions): Matrix {
  const what = 'cholesky';
  const { lower, a, n } = plan(what, A, options, false);
  const F = ownedData(a);
  if (n === 0) return new Matrix(0, 0, F);
  return finish(what, lower, n, F, choleskyKernel(lower, n, F, what));
}

/**
 * cholesky off the event loop, on its own copy of A. Resolves to the factor as cholesky.
 * @throws as cholesky, as a rejected Promise; AbortError when `signal` fires first.
 */
export async function choleskyAsync(A: Matrix, options?: CholeskyOptions): Promise<Matrix> {
  const what = 'choleskyAsync';
  const { lower, a, n, signal } = plan(what, A, options, true);
  if (n === 0) return new Matrix(0, 0, ownedData(a));
  const { F, info } = await choleskyKernelAsync(lower, n, a.contiguous ? a.data : ownedData(a), what, signal);
  return finish(what, lower, n, F, info);
}

function plan(what: string, A: unknown, options: unknown, async: boolean): { lower: boolean; a: Matrix; n: number; signal?: AbortSignal } {
  const o = checkOptions<CholeskyOptions>(options, what, async ? ['lower', 'signal'] : ['lower']);
  const lower = o.lower === undefined ? true : checkBool(o.lower, `${what}: lower`);
  const signal = async ? checkSignal(o.signal, what) : undefined;
  const a = checkMatrix(A, `${what}: A`);
  const n = checkSquare(a, what);
  return { lower, a, n, signal };
}

/** The factor from the kernel's output, or NotPositiveDefiniteError for info > 0. */
function finish(what: string, lower: boolean, n: number, F: FloatArray, info: number): Matrix {
  if (info !== 0) {
    const j = info - 1;
    throw new NotPositiveDefiniteError(
      `${what}: A is not positive definite: pivot ${j} (the leading ${info}×${info} minor) is not positive`, j,
    );
  }
  for (let i = 0; i < n; i++) {
    if (lower) F.fill(0, i * n + i + 1, (i + 1) * n);
    else F.fill(0, i * n, i * n + i);
  }
  return new Matrix(n, n, F);
}
