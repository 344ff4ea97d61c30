/**
 * CUR operators: A = C·U·R with C (rows × c) actual columns of a matrix W,
 * R (k × cols) actual rows of it and U (c × k) the small core. Unlike a
 * low-rank factorization, C and R keep W's own entries (interpretable, and
 * as sparse as W); structured.fit(W, 'cur') picks them by leverage scores.
 */
import { DTypeError, ShapeError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { matmul, matmulAsync } from '../dense/matmul';
import { LinearOperator } from './operator';

export class CurOp extends LinearOperator {
  readonly kind = 'cur';
  /**
   * columnIndices / rowIndices: which columns of W are C and which rows are R
   * (set by the fit; absent for an operator built from matrices).
   */
  constructor(readonly C: Matrix, readonly U: Matrix, readonly R: Matrix,
    readonly columnIndices?: Int32Array, readonly rowIndices?: Int32Array) {
    super(C.rows, R.cols, C.dtype);
  }
  get params(): number { return this.C.rows * this.C.cols + this.U.rows * this.U.cols + this.R.rows * this.R.cols; }
  flopsOf(b: number): number { return 2 * b * this.params; }
  // X·Aᵀ = ((X·Rᵀ)·Uᵀ)·Cᵀ: three skinny GEMMs, never the rows × cols product.
  lin(X: Matrix): Matrix { return matmul(matmul(matmul(X, this.R, { transB: true }), this.U, { transB: true }), this.C, { transB: true }); }
  linT(X: Matrix): Matrix { return matmul(matmul(matmul(X, this.C), this.U), this.R); }
  override async linAsync(X: Matrix, signal: AbortSignal | undefined): Promise<Matrix> {
    const a = await matmulAsync(X, this.R, { transB: true, signal });
    const b = await matmulAsync(a, this.U, { transB: true, signal });
    return matmulAsync(b, this.C, { transB: true, signal });
  }
}

/**
 * A = C·U·R (copies), C rows × c, U c × k, R k × cols.
 * @throws ShapeError when the inner sizes differ. @throws DTypeError when C, U and R mix dtypes.
 * @example
 * const A = structured.cur(C, U, R); // A.linear(X) = X·Rᵀ·Uᵀ·Cᵀ
 */
export function cur(C: Matrix, U: Matrix, R: Matrix): LinearOperator {
  const what = 'structured.cur';
  const c = checkMatrix(C, `${what}: C`).clone(), u = checkMatrix(U, `${what}: U`).clone(), r = checkMatrix(R, `${what}: R`).clone();
  if (c.dtype !== u.dtype || c.dtype !== r.dtype) throw new DTypeError(`${what}: C is ${c.dtype}, U is ${u.dtype} and R is ${r.dtype} (they must match)`);
  if (c.cols !== u.rows || u.cols !== r.rows) {
    throw new ShapeError(`${what}: C is ${c.rows}×${c.cols}, U is ${u.rows}×${u.cols} and R is ${r.rows}×${r.cols}: C·U·R needs C's columns = U's rows and U's columns = R's rows`);
  }
  return new CurOp(c, u, r);
}
