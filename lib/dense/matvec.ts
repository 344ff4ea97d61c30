/** Matrix–vector products through the backend's GEMV kernel. */
import { FloatArray, describe, dtypeOf, isFloatArray, newArray, lengthOfArray, bufferOfArray, viewsOverlap, byteLengthOfArray, bytesPerElement } from '../dtype';
import { DTypeError, ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, leadingDim } from '../matrix';
import { gemv } from '../backend/core';
import { checkBool, checkFinite, checkOptions } from '../validate';

export interface MatvecOptions<T extends FloatArray = FloatArray> {
  /** Use Aᵀ in place of A. */
  trans?: boolean;
  /** Scales op(A)·x (default 1). */
  alpha?: number;
  /** Scales what `out` holds before it is added (default 0: `out` is overwritten, never read). */
  beta?: number;
  /** Where to write the result; must not share memory with A or x. */
  out?: T;
}

function sharesMemory(a: FloatArray, b: FloatArray, bLength: number): boolean {
  return viewsOverlap(a, byteLengthOfArray(a), b, bLength * bytesPerElement(dtypeOf(b)));
}

/**
 * y = alpha·op(A)·x + beta·y for a vector x (a typed array of A's dtype).
 *
 * @returns a new vector of length rows (or cols with `trans`), or `out`.
 * @throws ShapeError if x (or out) has the wrong length.
 * @throws DTypeError if x or out is not of A's dtype.
 * @throws ValueError for non-finite alpha/beta, `out` sharing memory with A or x, detached buffers.
 * @example
 * const y = matvec(A, new Float64Array([1, 0, 2]));   // A·x
 */
export function matvec<T extends FloatArray>(A: Matrix<T>, x: T, options?: MatvecOptions<T>): T {
  const what = 'matvec';
  const o = checkOptions<MatvecOptions<T>>(options, what, ['trans', 'alpha', 'beta', 'out']);
  const a = checkMatrix(A, `${what}: A`);
  const trans = o.trans === undefined ? false : checkBool(o.trans, `${what}: trans`);
  const alpha = o.alpha === undefined ? 1 : checkFinite(o.alpha, `${what}: alpha`);
  const beta = o.beta === undefined ? 0 : checkFinite(o.beta, `${what}: beta`);
  if (!isFloatArray(x)) throw new DTypeError(`${what}: x must be a Float32Array or Float64Array, got ${describe(x)}`);
  if (dtypeOf(x) !== a.dtype) throw new DTypeError(`${what}: A is ${a.dtype} but x is ${dtypeOf(x)}`);
  const [m, n] = trans ? [a.cols, a.rows] : [a.rows, a.cols];
  const xLength = lengthOfArray(x);
  if (xLength !== n) {
    throw new ShapeError(`${what}: ${trans ? 'Aᵀ' : 'A'} is ${m}×${n} but x has length ${xLength}${bufferOfArray(x).byteLength === 0 ? ' (detached)' : ''}`);
  }
  let y: FloatArray;
  if (o.out !== undefined) {
    const out = o.out as unknown;
    if (!isFloatArray(out) || dtypeOf(out) !== a.dtype) throw new DTypeError(`${what}: out must be a ${a.dtype} array, got ${describe(out)}`);
    if (lengthOfArray(out) !== m) throw new ShapeError(`${what}: out has length ${lengthOfArray(out)}, expected ${m}`);
    if (sharesMemory(out, x, x.length) || sharesMemory(out, a.data, a.extent)) {
      throw new ValueError(`${what}: out shares memory with ${sharesMemory(out, x, x.length) ? 'x' : 'A'}`);
    }
    y = out;
  } else {
    if (beta !== 0) throw new ValueError(`${what}: beta = ${beta} needs an out vector to scale and add to`);
    y = newArray(a.dtype, m);
  }
  gemv(trans, a.rows, a.cols, alpha, a.data, leadingDim(a), x, 1, beta, y, 1);
  return y as T;
}
