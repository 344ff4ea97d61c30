/** The elementary operators: dense, diagonal, permutation, low rank. */
import type { DType, FloatArray } from '../dtype';
import { describe, isFloatArray, lengthOfArray, newArray, ownedCopy } from '../dtype';
import { DTypeError, ShapeError, ValueError, readingCallerValue } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { matmul, matmulAsync } from '../dense/matmul';
import { checkDType } from '../dtype';
import { checkDim } from '../validate';
import { LinearOperator, zeros } from './operator';

/** A checked, owned, contiguous copy of a caller's Matrix. */
export function ownMatrix(M: unknown, what: string): Matrix {
  return checkMatrix(M, what).clone();
}

/** A checked, owned copy of a caller's Float32Array/Float64Array vector. */
export function ownVector(v: unknown, what: string): FloatArray {
  if (!isFloatArray(v)) throw new DTypeError(`${what} must be a Float32Array or Float64Array, got ${describe(v)}`);
  const n = lengthOfArray(v);
  return ownedCopy(v, n);
}

/** A stored dense matrix W (rows × cols). */
export class DenseOp extends LinearOperator {
  readonly kind = 'dense';
  constructor(readonly W: Matrix) {
    super(W.rows, W.cols, W.dtype);
  }
  get params(): number { return this.rows * this.cols; }
  flopsOf(b: number): number { return 2 * b * this.rows * this.cols; }
  lin(X: Matrix): Matrix { return matmul(X, this.W, { transB: true }); }
  linT(X: Matrix): Matrix { return matmul(X, this.W); }
  override linAsync(X: Matrix, signal: AbortSignal | undefined): Promise<Matrix> {
    return matmulAsync(X, this.W, { transB: true, signal });
  }
  override toDense(): Matrix { return this.W.clone(); }
}

/** diag(d), n × n. */
export class DiagonalOp extends LinearOperator {
  readonly kind = 'diagonal';
  constructor(readonly d: FloatArray, dtype: DType) {
    super(lengthOfArray(d), lengthOfArray(d), dtype);
  }
  get params(): number { return this.rows; }
  flopsOf(b: number): number { return b * this.rows; }
  lin(X: Matrix): Matrix {
    const n = this.cols, s = X.rows, x = X.data, d = this.d;
    const Y = zeros(s, n, this.dtype, 'diagonal.linear');
    for (let i = 0; i < s; i++) for (let j = 0; j < n; j++) Y.data[i * n + j] = x[i * n + j] * d[j];
    return Y;
  }
  linT(X: Matrix): Matrix { return this.lin(X); }
}

/** The permutation matrix P with P[i, p[i]] = 1, so (P·x)[i] = x[p[i]]. */
export class PermutationOp extends LinearOperator {
  readonly kind = 'permutation';
  constructor(readonly p: Int32Array, dtype: DType) {
    super(p.length, p.length, dtype);
  }
  get params(): number { return this.rows; }
  flopsOf(): number { return 0; }
  lin(X: Matrix): Matrix {
    const n = this.cols, s = X.rows, x = X.data, p = this.p;
    const Y = zeros(s, n, this.dtype, 'permutation.linear');
    for (let i = 0; i < s; i++) for (let j = 0; j < n; j++) Y.data[i * n + j] = x[i * n + p[j]];
    return Y;
  }
  linT(X: Matrix): Matrix {
    const n = this.cols, s = X.rows, x = X.data, p = this.p;
    const Y = zeros(s, n, this.dtype, 'permutation.linear');
    for (let i = 0; i < s; i++) for (let j = 0; j < n; j++) Y.data[i * n + p[j]] = x[i * n + j];
    return Y;
  }
}

/** U·Vᵀ with U rows × r and V cols × r. */
export class LowRankOp extends LinearOperator {
  readonly kind = 'lowRank';
  constructor(readonly U: Matrix, readonly V: Matrix) {
    super(U.rows, V.rows, U.dtype);
  }
  get rank(): number { return this.U.cols; }
  get params(): number { return (this.rows + this.cols) * this.rank; }
  flopsOf(b: number): number { return 2 * b * this.rank * (this.rows + this.cols); }
  lin(X: Matrix): Matrix { return matmul(matmul(X, this.V), this.U, { transB: true }); }
  override async linAsync(X: Matrix, signal: AbortSignal | undefined): Promise<Matrix> {
    return matmulAsync(await matmulAsync(X, this.V, { signal }), this.U, { transB: true, signal });
  }
  linT(X: Matrix): Matrix { return matmul(matmul(X, this.U), this.V, { transB: true }); }
}

/**
 * The operator that stores W densely (a copy).
 * @throws ValueError if W is not a Matrix.
 */
export function dense(W: Matrix): LinearOperator {
  return new DenseOp(ownMatrix(W, 'structured.dense: W'));
}

/**
 * diag(d) (a copy of d); the dtype is d's.
 * @throws DTypeError if d is not a Float32Array or Float64Array.
 */
export function diagonal(d: Float32Array | Float64Array): LinearOperator {
  const v = ownVector(d, 'structured.diagonal: d');
  checkDim(v.length, 'structured.diagonal: length of d');
  return new DiagonalOp(v, v instanceof Float32Array ? 'float32' : 'float64');
}

/**
 * The n × n permutation with (P·x)[i] = x[p[i]] (p is copied).
 * @throws ValueError unless p holds each of 0 … n−1 exactly once.
 */
export function permutation(p: ArrayLike<number>, dtype: DType = 'float64'): LinearOperator {
  const d = checkDType(dtype, 'structured.permutation');
  const perm = readingCallerValue('structured.permutation: reading p', () => {
    if (p === null || typeof p !== 'object' || typeof p.length !== 'number') {
      throw new ValueError(`structured.permutation: p must be an array of indices, got ${describe(p)}`);
    }
    const n = checkDim(p.length, 'structured.permutation: length of p');
    const out = new Int32Array(n);
    const seen = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = p[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) {
        throw new ValueError(`structured.permutation: p[${i}] must be an integer in [0, ${n}), got ${describe(v)}`);
      }
      if (seen[v]) throw new ValueError(`structured.permutation: p repeats ${v} (at ${i}); a permutation holds each index once`);
      seen[v] = 1;
      out[i] = v;
    }
    return out;
  });
  return new PermutationOp(perm, d);
}

/**
 * A = U·Vᵀ (copies), U rows × r and V cols × r.
 * @throws ShapeError if U and V have different column counts. @throws DTypeError if they mix dtypes.
 */
export function lowRank(U: Matrix, V: Matrix): LinearOperator {
  const u = ownMatrix(U, 'structured.lowRank: U'), v = ownMatrix(V, 'structured.lowRank: V');
  if (u.dtype !== v.dtype) throw new DTypeError(`structured.lowRank: U is ${u.dtype} but V is ${v.dtype}`);
  if (u.cols !== v.cols) {
    throw new ShapeError(`structured.lowRank: U is ${u.rows}×${u.cols} and V is ${v.rows}×${v.cols}: A = U·Vᵀ needs the same number of columns (the rank)`);
  }
  return new LowRankOp(u, v);
}

export { newArray };
