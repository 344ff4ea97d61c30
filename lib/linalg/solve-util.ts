/** Small dense helpers the solvers share (loops over results this module owns, never the caller's arrays). */
import { DType, FloatArray, copyInto, describe, dtypeOf, isFloatArray, lengthOfArray, newArray, subarrayOfArray, typedArrayKind } from '../dtype';
import { DTypeError, ShapeError, ValueError, readingCallerValue } from '../errors';
import { Matrix, checkMatrix, isMatrix, sameDType } from '../matrix';
import { checkAllocation } from '../validate';

/** A zeroed Float64Array of a size the caller chose: a failed allocation is an OutOfMemoryError, not V8's RangeError. */
export const zeros64 = (length: number): Float64Array => newArray('float64', length) as Float64Array;

/** Machine epsilon (the spacing at 1) of a dtype, as NumPy's finfo.eps. */
export const MACHINE_EPS: Record<DType, number> = { float32: 2 ** -23, float64: 2 ** -52 };

/** Mᵀ as a new contiguous Matrix. */
export function transposed(M: Matrix): Matrix {
  const { rows, cols, rowStride: ld, data } = M;
  const out = newArray(M.dtype, checkAllocation(cols, rows, 'transpose'));
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * ld + j];
  return new Matrix(cols, rows, out);
}

/** Columns c0 .. c0 + count − 1 of rows 0 .. rows − 1 of M, as a new contiguous Matrix. */
export function block(M: Matrix, rows: number, c0: number, count: number): Matrix {
  const out = newArray(M.dtype, rows * count);
  for (let i = 0; i < rows; i++) copyInto(out, subarrayOfArray(M.data, i * M.rowStride + c0, i * M.rowStride + c0 + count), i * count);
  return new Matrix(rows, count, out);
}

/** [A | B] (m × (n + r)) as a new contiguous Matrix. */
export function sideBySide(A: Matrix, B: Matrix): Matrix {
  const m = A.rows, n = A.cols, r = B.cols, w = n + r;
  const out = newArray(A.dtype, checkAllocation(m, w, 'lstsq'));
  for (let i = 0; i < m; i++) {
    copyInto(out, subarrayOfArray(A.data, i * A.rowStride, i * A.rowStride + n), i * w);
    copyInto(out, subarrayOfArray(B.data, i * B.rowStride, i * B.rowStride + r), i * w + n);
  }
  return new Matrix(m, w, out);
}

/** Euclidean norms of the columns of M, in float64. */
export function columnNorms(M: Matrix): Float64Array {
  const out = zeros64(M.cols);
  for (let j = 0; j < M.cols; j++) {
    let scale = 0, ssq = 1;
    for (let i = 0; i < M.rows; i++) {
      const x = Math.abs(M.data[i * M.rowStride + j]);
      if (x === 0) continue;
      if (scale < x) { ssq = 1 + ssq * (scale / x) ** 2; scale = x; } else ssq += (x / scale) ** 2;
    }
    out[j] = scale === 0 ? 0 : scale * Math.sqrt(ssq);
  }
  return out;
}

/** Number of singular values above rcond·s[0] (s descending). */
export function numericalRank(s: Float64Array, rcond: number): number {
  if (s.length === 0 || !(s[0] > 0)) return 0;
  const cut = rcond * s[0];
  let r = 0;
  while (r < s.length && s[r] > cut) r++;
  return r;
}

export interface Rhs {
  /** m × r, the caller's data (checked). */
  B: Matrix;
  /** b was a vector (x and residualNorm follow it). */
  vector: boolean;
}

/** b: a float vector of length m or an m-row Matrix, of A's dtype, described in the caller's words. */
export function checkRhs(what: string, A: Matrix, b: unknown, name = 'b'): Rhs {
  if (isMatrix(b)) {
    const B = checkMatrix(b, `${what}: ${name}`);
    sameDType(what, ['A', A], [name, B]);
    if (B.rows !== A.rows) throw new ShapeError(`${what}: A is ${A.rows}×${A.cols} but ${name} is ${B.rows}×${B.cols} (rows ${B.rows} and ${A.rows} differ)`);
    return { B, vector: false };
  }
  if (!isFloatArray(b)) {
    const wrongKind = typedArrayKind(b) !== undefined || readingCallerValue(`${what}: ${name}`, () => Array.isArray(b));
    throw new (wrongKind ? DTypeError : ValueError)(`${what}: ${name} must be a Matrix or a Float32Array/Float64Array, got ${describe(b)}`);
  }
  if (dtypeOf(b) !== A.dtype) throw new DTypeError(`${what}: A is ${A.dtype} but ${name} is ${dtypeOf(b)} (mixing float32 and float64 is not allowed)`);
  const len = lengthOfArray(b);
  if (len !== A.rows) throw new ShapeError(`${what}: A is ${A.rows}×${A.cols} but ${name} has length ${len}`);
  const copy = newArray(A.dtype, len);
  copyInto(copy, subarrayOfArray(b as FloatArray, 0, len));
  return { B: new Matrix(len, 1, copy), vector: true };
}
