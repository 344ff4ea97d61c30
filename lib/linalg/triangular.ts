/** Triangular solves (skm_trsm_*). */
import { FloatArray, describe, dtypeOf, isFloatArray, lengthOfArray, newArray, copyInto, subarrayOfArray, typedArrayKind } from '../dtype';
import { DTypeError, ShapeError, ValueError, readingCallerValue } from '../errors';
import { Matrix, checkMatrix, isMatrix, leadingDim, sameDType } from '../matrix';
import { trsm } from '../backend/linalg';
import { checkBool, checkOptions } from '../validate';
import { checkSquare, ownedData } from './common';

export interface SolveTriangularOptions {
  /** T is lower triangular (default true); false: upper. The other triangle is not read. */
  lower?: boolean;
  /** Solve Tᵀ·X = B (default false). */
  trans?: boolean;
  /** Take T's diagonal as ones (not read; default false). */
  unitDiagonal?: boolean;
}

/**
 * Solves op(T)·X = B for X, T triangular (blocked substitution, the updates
 * through the GEMM; BLAS trsm).
 *
 * T is n × n; B is an n × r Matrix (then X is a new n × r Matrix) or a vector
 * of length n (then X is a new vector), of T's dtype. T and B are not modified.
 *
 * @throws ShapeError if T is not square or B's length/rows differ from n.
 * @throws DTypeError if T and B differ in dtype or B is not a float vector or Matrix.
 * @throws ValueError when T has a zero on its diagonal (and unitDiagonal is false): T is singular.
 * @example
 * const x = linalg.solveTriangular(L, b);                    // L·x = b
 * const y = linalg.solveTriangular(L, b, { trans: true });   // Lᵀ·y = b
 */
export function solveTriangular<B extends Matrix | FloatArray>(T: Matrix, B: B, options?: SolveTriangularOptions): B {
  const what = 'solveTriangular';
  const o = checkOptions<SolveTriangularOptions>(options, what, ['lower', 'trans', 'unitDiagonal']);
  const lower = o.lower === undefined ? true : checkBool(o.lower, `${what}: lower`);
  const trans = o.trans === undefined ? false : checkBool(o.trans, `${what}: trans`);
  const unit = o.unitDiagonal === undefined ? false : checkBool(o.unitDiagonal, `${what}: unitDiagonal`);
  const t = checkMatrix(T, `${what}: T`);
  const n = checkSquare(t, what, 'T');
  let X: FloatArray, nrhs: number;
  const vector = !isMatrix(B);
  if (vector) {
    if (!isFloatArray(B)) {
      // Typed arrays of another kind and plain arrays are the wrong element type; anything else is not a B at all.
      const wrongKind = typedArrayKind(B) !== undefined || readingCallerValue(`${what}: B`, () => Array.isArray(B));
      throw new (wrongKind ? DTypeError : ValueError)(`${what}: B must be a Matrix or a Float32Array/Float64Array, got ${describe(B)}`);
    }
    if (dtypeOf(B) !== t.dtype) throw new DTypeError(`${what}: T is ${t.dtype} but B is ${dtypeOf(B)} (mixing float32 and float64 is not allowed)`);
    const len = lengthOfArray(B);
    if (len !== n) throw new ShapeError(`${what}: T is ${n}×${n} but B has length ${len}`);
    X = newArray(t.dtype, n);
    copyInto(X, subarrayOfArray(B, 0, n));
    nrhs = 1;
  } else {
    const b = checkMatrix(B, `${what}: B`);
    sameDType(what, ['T', t], ['B', b]);
    if (b.rows !== n) throw new ShapeError(`${what}: T is ${n}×${n} but B is ${b.rows}×${b.cols} (rows ${b.rows} and ${n} differ)`);
    X = ownedData(b);
    nrhs = b.cols;
  }
  if (!unit) {
    for (let i = 0; i < n; i++) {
      if (t.data[i * t.rowStride + i] === 0) throw new ValueError(`${what}: T is singular: its diagonal entry (${i}, ${i}) is 0`);
    }
  }
  if (n > 0 && nrhs > 0) trsm(lower, trans, unit, n, nrhs, t.data, leadingDim(t), X, what);
  return (vector ? X : new Matrix(n, nrhs, X)) as B;
}
