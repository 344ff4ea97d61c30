/**
 * Toeplitz and circulant operators. They store m + n − 1 (or n) numbers;
 * their products, for now, run densely: the matrix is formed once, on first
 * use, and multiplied by the GEMM (an FFT kernel is the planned fast path).
 */
import type { DType, FloatArray } from '../dtype';
import { lengthOfArray, newArray } from '../dtype';
import { DTypeError, ShapeError } from '../errors';
import { Matrix } from '../matrix';
import { matmul } from '../dense/matmul';
import { checkAllocation } from '../validate';
import { ownVector } from './basic';
import { LinearOperator } from './operator';

abstract class FormedOnUse extends LinearOperator {
  private formed?: Matrix;
  protected abstract entry(i: number, j: number): number;
  protected dense(): Matrix {
    if (!this.formed) {
      const m = this.rows, n = this.cols;
      const d = newArray(this.dtype, checkAllocation(m, n, `${this.kind}.linear`));
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) d[i * n + j] = this.entry(i, j);
      this.formed = new Matrix(m, n, d);
    }
    return this.formed;
  }
  flopsOf(b: number): number { return 2 * b * this.rows * this.cols; }
  lin(X: Matrix): Matrix { return matmul(X, this.dense(), { transB: true }); }
  linT(X: Matrix): Matrix { return matmul(X, this.dense()); }
  override toDense(): Matrix { return this.dense().clone(); }
}

/** T[i, j] = c[i − j] for i ≥ j, r[j − i] for j > i (r[0] is not used: c[0] is the diagonal). */
export class ToeplitzOp extends FormedOnUse {
  readonly kind = 'toeplitz';
  constructor(readonly c: FloatArray, readonly r: FloatArray, dtype: DType) {
    super(lengthOfArray(c), lengthOfArray(r), dtype);
  }
  get params(): number { return this.rows + Math.max(this.cols - 1, 0); }
  protected entry(i: number, j: number): number { return i >= j ? this.c[i - j] : this.r[j - i]; }
}

/** C[i, j] = c[(i − j) mod n]: C·x is the circular convolution of c and x. */
export class CirculantOp extends FormedOnUse {
  readonly kind = 'circulant';
  constructor(readonly c: FloatArray, dtype: DType) {
    super(lengthOfArray(c), lengthOfArray(c), dtype);
  }
  get params(): number { return this.rows; }
  protected entry(i: number, j: number): number {
    const n = this.rows;
    return this.c[(i - j + n) % n];
  }
}

const dtypeOfVec = (v: FloatArray): DType => (v instanceof Float32Array ? 'float32' : 'float64');

/**
 * The m × n Toeplitz matrix with first column c (length m) and first row r
 * (length n; r[0] is ignored, c[0] is the diagonal). Copies c and r.
 * @throws DTypeError if c and r are not float arrays of one dtype. @throws ShapeError if one is empty and the other not.
 */
export function toeplitz(c: Float32Array | Float64Array, r?: Float32Array | Float64Array): LinearOperator {
  const cc = ownVector(c, 'structured.toeplitz: c');
  const rr = r === undefined ? cc.slice() : ownVector(r, 'structured.toeplitz: r');
  if (dtypeOfVec(cc) !== dtypeOfVec(rr)) throw new DTypeError(`structured.toeplitz: c is ${dtypeOfVec(cc)} but r is ${dtypeOfVec(rr)}`);
  if ((cc.length === 0) !== (rr.length === 0)) {
    throw new ShapeError(`structured.toeplitz: c has ${cc.length} entries and r ${rr.length}; both must be empty or neither`);
  }
  return new ToeplitzOp(cc, rr, dtypeOfVec(cc));
}

/**
 * The n × n circulant matrix with first column c (a copy).
 * @throws DTypeError if c is not a Float32Array or Float64Array.
 */
export function circulant(c: Float32Array | Float64Array): LinearOperator {
  const cc = ownVector(c, 'structured.circulant: c');
  return new CirculantOp(cc, dtypeOfVec(cc));
}
