/**
 * LinearOperator: a rows × cols matrix known by how it multiplies. Every
 * operator implements two products on checked, row-major inputs whose rows
 * are samples: `lin(X) = X·Aᵀ` and `linT(X) = X·A`. Everything else
 * (matmul, toDense, transpose, composition) is built from those two, so an
 * operator is never formed densely unless toDense() is asked for.
 */
import type { DType, FloatArray } from '../dtype';
import { describe, newArray } from '../dtype';
import { AbortError, DTypeError, ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { checkAllocation, checkInt, checkOptions, checkSignal } from '../validate';

/** Operators this module built (a lookalike object is refused, as for Matrix). */
const built = new WeakSet<object>();

export interface LinearAsyncOptions {
  /** Cancels a linearAsync that has not finished (checked before each stage). */
  signal?: AbortSignal;
}

export abstract class LinearOperator {
  /** Output size (rows of A). */
  readonly rows: number;
  /** Input size (columns of A). */
  readonly cols: number;
  /** Element type of the stored numbers and of every result. */
  readonly dtype: DType;
  /** The structure's name, as save/load and fit know it. */
  abstract readonly kind: string;

  protected constructor(rows: number, cols: number, dtype: DType) {
    this.rows = rows;
    this.cols = cols;
    this.dtype = dtype;
    for (const key of ['rows', 'cols', 'dtype']) Object.defineProperty(this, key, { writable: false, configurable: false });
    built.add(this);
  }

  /** Numbers stored (what the structure costs in memory). */
  abstract get params(): number;

  /** Multiply-adds × 2 of `linear` on `batch` samples. */
  flops(batch: number): number {
    const b = checkInt(batch, `${this.kind}.flops: batch`, 0, 2 ** 53 - 1);
    return this.flopsOf(b);
  }

  /** X·Aᵀ for a checked, contiguous X (s × cols); a new s × rows Matrix. @internal */
  abstract lin(X: Matrix): Matrix;
  /** X·A for a checked, contiguous X (s × rows); a new s × cols Matrix. @internal */
  abstract linT(X: Matrix): Matrix;
  /** @internal */
  abstract flopsOf(batch: number): number;

  /**
   * A·X for X of shape cols × b (columns are vectors); a new rows × b Matrix.
   * @throws ShapeError if X has the wrong number of rows. @throws DTypeError if X's dtype differs.
   */
  matmul(X: Matrix): Matrix {
    const x = checkInput(this, X, 'matmul', 'rows', this.cols);
    return transposed(this.lin(transposed(x)));
  }

  /**
   * X·Aᵀ for X of shape b × cols (rows are samples, as in a layer); a new b × rows Matrix.
   * @throws ShapeError if X has the wrong number of columns. @throws DTypeError if X's dtype differs.
   */
  linear(X: Matrix): Matrix {
    return this.lin(contiguous(checkInput(this, X, 'linear', 'cols', this.cols)));
  }

  /**
   * linear, as a Promise. The input is copied first (changing X afterwards is
   * safe). Monarch, dense and low-rank products (and products, sums and
   * scales of them) run their kernels off the event loop; the other
   * structures compute in the microtask after the call. The signal is checked
   * before each stage, and a running kernel stops at its next block.
   * @throws as linear, as a rejected Promise; AbortError when `signal` fires first.
   */
  async linearAsync(X: Matrix, options?: LinearAsyncOptions): Promise<Matrix> {
    const o = checkOptions<LinearAsyncOptions>(options, 'linearAsync', ['signal']);
    const signal = checkSignal(o.signal, 'linearAsync');
    const x = checkInput(this, X, 'linearAsync', 'cols', this.cols).clone();
    return this.linAsync(x, signal);
  }

  /** lin off the event loop where the operator has an async kernel. @internal */
  async linAsync(X: Matrix, signal: AbortSignal | undefined): Promise<Matrix> {
    await Promise.resolve();
    if (signal?.aborted) throw new AbortError('linearAsync: the operation was aborted');
    return this.lin(X);
  }

  /** Aᵀ, lazy: nothing is copied or formed. */
  transpose(): LinearOperator {
    return new TransposeOp(this);
  }

  /** The rows × cols matrix, formed (A = I·A). */
  toDense(): Matrix {
    checkAllocation(this.rows, this.cols, `${this.kind}.toDense`);
    return this.linT(identity(this.rows, this.dtype));
  }
}

/**
 * An operator whose products are one kernel call each way. Subclasses say how
 * to run their kernel on a checked, contiguous X into a zeroed Y (X·Aᵀ, or X·A
 * with `trans`) and off the event loop; the empty cases (no samples, a zero
 * size) never reach a kernel and give zeros.
 */
export abstract class KernelOperator extends LinearOperator {
  /** Y (s × out, zeroed) = X·Aᵀ, or X·A when `trans`. */
  protected abstract product(trans: boolean, X: Matrix, Y: Matrix, what: string): void;
  /** X·Aᵀ off the event loop: the s × rows result's array. */
  protected abstract productAsync(X: Matrix, what: string, signal: AbortSignal | undefined): Promise<FloatArray>;

  private run(X: Matrix, trans: boolean): Matrix {
    const out = trans ? this.cols : this.rows, what = `${this.kind}.linear`;
    const Y = zeros(X.rows, out, this.dtype, what);
    if (X.rows > 0 && out > 0 && X.cols > 0) this.product(trans, X, Y, what);
    return Y;
  }
  lin(X: Matrix): Matrix { return this.run(X, false); }
  linT(X: Matrix): Matrix { return this.run(X, true); }
  override async linAsync(X: Matrix, signal: AbortSignal | undefined): Promise<Matrix> {
    if (X.rows === 0 || this.rows === 0 || this.cols === 0) return super.linAsync(X, signal);
    return new Matrix(X.rows, this.rows, await this.productAsync(X, `${this.kind}.linearAsync`, signal));
  }
}

/** Aᵀ, kept lazy: its products are A's swapped. */
export class TransposeOp extends LinearOperator {
  readonly kind = 'transpose';
  constructor(readonly inner: LinearOperator) {
    super(inner.cols, inner.rows, inner.dtype);
  }
  get params(): number { return this.inner.params; }
  flopsOf(b: number): number { return this.inner.flopsOf(b); }
  lin(X: Matrix): Matrix { return this.inner.linT(X); }
  linT(X: Matrix): Matrix { return this.inner.lin(X); }
  override transpose(): LinearOperator { return this.inner; }
}

/** True for an operator this module built. */
export function isOperator(v: unknown): v is LinearOperator {
  return typeof v === 'object' && v !== null && built.has(v);
}

export function checkOperator(v: unknown, what: string): LinearOperator {
  if (!isOperator(v)) throw new ValueError(`${what}: expected a structured LinearOperator or Matrix, got ${describe(v)}`);
  return v;
}

function checkInput(op: LinearOperator, X: unknown, method: string, axis: 'rows' | 'cols', want: number): Matrix {
  const what = `${op.kind}.${method}`;
  const x = checkMatrix(X, `${what}: X`);
  if (x.dtype !== op.dtype) {
    throw new DTypeError(`${what}: X is ${x.dtype} but the operator is ${op.dtype} (convert one of them)`);
  }
  if (x[axis] !== want) {
    throw new ShapeError(`${what}: the operator is ${op.rows}×${op.cols} but X is ${x.rows}×${x.cols} (X needs ${want} ${axis === 'rows' ? 'rows' : 'columns'})`);
  }
  return x;
}

/** X itself when its rows follow each other, else a contiguous copy. */
export function contiguous(X: Matrix): Matrix {
  return X.contiguous ? X : X.clone();
}

/** Xᵀ as a new contiguous Matrix. */
export function transposed(X: Matrix): Matrix {
  const r = X.rows, c = X.cols, s = X.rowStride, d = X.data;
  const out = newArray(X.dtype, r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = d[i * s + j];
  return new Matrix(c, r, out);
}

export function identity(n: number, dtype: DType): Matrix {
  const d = newArray(dtype, checkAllocation(n, n, 'identity'));
  for (let i = 0; i < n; i++) d[i * n + i] = 1;
  return new Matrix(n, n, d);
}

export function zeros(rows: number, cols: number, dtype: DType, what: string): Matrix {
  return new Matrix(rows, cols, newArray(dtype, checkAllocation(rows, cols, what)));
}

/** A view of a contiguous array as rows × cols (sizes already consistent). */
export function reshape(data: FloatArray, rows: number, cols: number): Matrix {
  return new Matrix(rows, cols, data);
}
