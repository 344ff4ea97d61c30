/** Cholesky factorization (skm_cholesky_*). */
import { NotPositiveDefiniteError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { cholesky as choleskyKernel } from '../backend/linalg';
import { checkBool, checkOptions } from '../validate';
import { checkSquare, ownedData } from './common';

export interface CholeskyOptions {
  /** true (default): L with A = L·Lᵀ; false: U with A = Uᵀ·U. */
  lower?: boolean;
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
  const o = checkOptions<CholeskyOptions>(options, what, ['lower']);
  const lower = o.lower === undefined ? true : checkBool(o.lower, `${what}: lower`);
  const a = checkMatrix(A, `${what}: A`);
  const n = checkSquare(a, what);
  const F = ownedData(a);
  if (n === 0) return new Matrix(0, 0, F);
  const info = choleskyKernel(lower, n, F, what);
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
