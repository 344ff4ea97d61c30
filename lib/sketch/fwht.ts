/** The fast Walsh–Hadamard transform, in place. */
import type { FloatArray } from '../dtype';
import { describe, isFloatArray, lengthOfArray } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, isMatrix, leadingDim } from '../matrix';
import { fwht as fwhtKernel } from '../backend/core';
import { checkBool, checkOptions } from '../validate';

export interface FwhtOptions {
  /** Multiply by 1/√n so the transform is orthonormal (default false: entries of H are ±1). */
  normalize?: boolean;
}

const isPow2 = (n: number) => n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 31;

/**
 * In-place fast Walsh–Hadamard transform: x ← H·x for a vector, or each row of
 * a Matrix (rows batched), with H the Sylvester–Hadamard matrix of order n
 * (H[i][j] = (−1)^popcount(i & j)). The length n must be a power of two.
 * Every backend gives the same bits (butterflies (u+v, u−v) in rising stride).
 * Returns its argument.
 *
 * @throws ShapeError if the length (or the Matrix's cols) is not a power of two.
 * @throws DTypeError / ValueError for other inputs.
 * @example
 * sketch.fwht(new Float64Array([1, 0, 0, 0])); // [1, 1, 1, 1]
 * sketch.fwht(M, { normalize: true });        // each row, orthonormal
 */
export function fwht<T extends FloatArray | Matrix>(x: T, options?: FwhtOptions): T {
  const what = 'sketch.fwht';
  const o = checkOptions<FwhtOptions>(options, what, ['normalize']);
  const normalize = o.normalize === undefined ? false : checkBool(o.normalize, `${what}: normalize`);
  if (isFloatArray(x)) {
    const n = lengthOfArray(x); // not x.length: an own property could shadow it
    if (!isPow2(n)) throw new ShapeError(`${what}: the length must be a power of two, got ${n}`);
    fwhtKernel(1, n, x, n, normalize, what);
    return x;
  }
  if (!isMatrix(x)) {
    throw new ValueError(`${what}: expected a Float32Array, Float64Array or Matrix, got ${describe(x)}`);
  }
  const m = checkMatrix(x, what);
  if (m.rows === 0) return x;
  if (!isPow2(m.cols)) throw new ShapeError(`${what}: the row length (cols) must be a power of two, got ${m.cols}`);
  fwhtKernel(m.rows, m.cols, m.data, leadingDim(m), normalize, what);
  return x;
}
