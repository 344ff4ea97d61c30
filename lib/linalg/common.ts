/** What the dense factorizations' public functions share: shape checks and owned copies. */
import type { DType, FloatArray } from '../dtype';
import { newArray } from '../dtype';
import { ShapeError } from '../errors';
import { Matrix } from '../matrix';
import { checkAllocation } from '../validate';

/** A must be square: `${what}: A must be square, got 3×4`. */
export function checkSquare(A: Matrix, what: string, name = 'A'): number {
  if (A.rows !== A.cols) throw new ShapeError(`${what}: ${name} must be square, got ${A.rows}×${A.cols}`);
  return A.rows;
}

/** A new rows × cols Matrix of zeros, its size checked first. */
export function zerosOf(dtype: DType, rows: number, cols: number, what: string): Matrix {
  return new Matrix(rows, cols, newArray(dtype, checkAllocation(rows, cols, what)));
}

/** The entries of A as a contiguous array the caller owns (A was checked). */
export function ownedData(A: Matrix): FloatArray {
  return A.clone().data;
}

/** The k × n upper trapezoid of F (m × n, contiguous), zeros below the diagonal. */
export function upperTrapezoid(F: FloatArray, dtype: DType, k: number, n: number): Matrix {
  const R = newArray(dtype, k * n);
  for (let i = 0; i < k; i++) for (let j = i; j < n; j++) R[i * n + j] = F[i * n + j];
  return new Matrix(k, n, R);
}
