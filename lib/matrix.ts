/** Dense row-major matrices that wrap the caller's typed array. */
import { DType, FloatArray, checkDType, describe, dtypeOf, isFloatArray, newArray } from './dtype';
import { DTypeError, ShapeError, ValueError } from './errors';
import { checkAllocation, checkDim } from './validate';

export interface MatrixOptions {
  /** Elements between the starts of consecutive rows (default: cols). */
  rowStride?: number;
}

/**
 * A rows × cols row-major matrix over a Float32Array or Float64Array.
 *
 * The array is wrapped, not copied: writes through either are seen by both.
 * Entry (i, j) is `data[i * rowStride + j]`. Every call that reads a Matrix
 * checks again that its buffer is attached and long enough.
 *
 * @example
 * const A = new Matrix(2, 3, new Float64Array([1, 2, 3, 4, 5, 6]));
 * A.get(1, 2); // 6
 */
export class Matrix<T extends FloatArray = FloatArray> {
  readonly rows: number;
  readonly cols: number;
  readonly data: T;
  readonly rowStride: number;

  /**
   * @throws DTypeError if `data` is not a Float32Array or Float64Array.
   * @throws ValueError for sizes that are not integers in [0, 2^32).
   * @throws ShapeError if `data` is too short for rows × cols at this stride.
   */
  constructor(rows: number, cols: number, data: T, options?: MatrixOptions) {
    this.rows = checkDim(rows, 'Matrix: rows');
    this.cols = checkDim(cols, 'Matrix: cols');
    if (!isFloatArray(data)) {
      throw new DTypeError(`Matrix: data must be a Float32Array or Float64Array, got ${describe(data)}`);
    }
    const stride = options?.rowStride ?? cols;
    this.rowStride = checkDim(stride, 'Matrix: rowStride');
    if (this.rows > 1 && this.rowStride < this.cols) {
      throw new ShapeError(`Matrix: rowStride ${stride} is less than cols ${cols}`);
    }
    this.data = data;
    checkMatrix(this, 'Matrix');
  }

  get dtype(): DType {
    return dtypeOf(this.data);
  }

  /** Elements the matrix spans in `data`: (rows − 1)·rowStride + cols, or 0 if empty. */
  get extent(): number {
    return this.rows === 0 || this.cols === 0 ? 0 : (this.rows - 1) * this.rowStride + this.cols;
  }

  /** True when rows follow each other with no gap (rowStride = cols or a single row). */
  get contiguous(): boolean {
    return this.rowStride === this.cols || this.rows <= 1;
  }

  get(i: number, j: number): number {
    checkIndex(i, this.rows, 'row');
    checkIndex(j, this.cols, 'column');
    return this.data[i * this.rowStride + j];
  }

  set(i: number, j: number, value: number): void {
    checkIndex(i, this.rows, 'row');
    checkIndex(j, this.cols, 'column');
    this.data[i * this.rowStride + j] = value;
  }

  /** Row i as a view into `data` (not a copy). */
  row(i: number): T {
    checkIndex(i, this.rows, 'row');
    checkMatrix(this, 'Matrix.row');
    return this.data.subarray(i * this.rowStride, i * this.rowStride + this.cols) as T;
  }

  /** A contiguous copy the caller owns. */
  clone(): Matrix<T> {
    checkMatrix(this, 'Matrix.clone');
    const out = newArray(this.dtype, this.rows * this.cols) as T;
    for (let i = 0; i < this.rows; i++) {
      out.set(this.data.subarray(i * this.rowStride, i * this.rowStride + this.cols), i * this.cols);
    }
    return new Matrix(this.rows, this.cols, out);
  }

  /** The entries as nested arrays of numbers. */
  toArray(): number[][] {
    checkMatrix(this, 'Matrix.toArray');
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }

  /** A rows × cols matrix of zeros. */
  static zeros(rows: number, cols: number, dtype: DType = 'float64'): Matrix {
    checkDim(rows, 'Matrix.zeros: rows');
    checkDim(cols, 'Matrix.zeros: cols');
    const d = checkDType(dtype, 'Matrix.zeros');
    return new Matrix(rows, cols, newArray(d, checkAllocation(rows, cols, 'Matrix.zeros')));
  }

  /**
   * A matrix whose rows are the given vectors (copied).
   * @throws ShapeError if the vectors differ in length.
   */
  static fromRows(vectors: ArrayLike<ArrayLike<number>>, dtype: DType = 'float64'): Matrix {
    const d = checkDType(dtype, 'Matrix.fromRows');
    if (vectors === null || typeof vectors !== 'object' || typeof vectors.length !== 'number') {
      throw new ValueError(`Matrix.fromRows: expected an array of vectors, got ${describe(vectors)}`);
    }
    const rows = checkDim(vectors.length, 'Matrix.fromRows: number of rows');
    const cols = rows === 0 ? 0 : checkDim(vectors[0]?.length, 'Matrix.fromRows: row length');
    const data = newArray(d, checkAllocation(rows, cols, 'Matrix.fromRows'));
    for (let i = 0; i < rows; i++) {
      const v = vectors[i];
      if (v === null || typeof v !== 'object' || v.length !== cols) {
        throw new ShapeError(`Matrix.fromRows: row ${i} has length ${v?.length ?? describe(v)}, expected ${cols}`);
      }
      for (let j = 0; j < cols; j++) data[i * cols + j] = v[j];
    }
    return new Matrix(rows, cols, data);
  }
}

function checkIndex(i: number, n: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new ValueError(`${what} index ${describe(i)} is out of range [0, ${n})`);
  }
}

/**
 * Re-checks a Matrix at the start of a call: still a Matrix, buffer attached
 * and long enough (a buffer can be detached or shrunk after construction).
 */
export function checkMatrix(M: unknown, what: string): Matrix {
  if (!(M instanceof Matrix)) {
    throw new ValueError(`${what}: expected a Matrix, got ${describe(M)}`);
  }
  const need = M.extent;
  if (M.data.length < need) {
    const detached = M.data.buffer.byteLength === 0;
    throw new ValueError(
      `${what}: a ${M.rows}×${M.cols} matrix (rowStride ${M.rowStride}) needs ${need} elements but its array has ` +
        `${M.data.length}${detached ? ' (its ArrayBuffer was detached)' : ''}`,
    );
  }
  return M;
}

/** True when the two matrices' spans share any memory. */
export function overlaps(a: Matrix, b: Matrix): boolean {
  if (a.data.buffer !== b.data.buffer || a.extent === 0 || b.extent === 0) return false;
  const a0 = a.data.byteOffset, a1 = a0 + a.extent * a.data.BYTES_PER_ELEMENT;
  const b0 = b.data.byteOffset, b1 = b0 + b.extent * b.data.BYTES_PER_ELEMENT;
  return a0 < b1 && b0 < a1;
}

/** Same dtype for all operands of one call, or a DTypeError naming them. */
export function sameDType(what: string, ...named: [string, Matrix][]): DType {
  const d = named[0][1].dtype;
  for (const [name, M] of named) {
    if (M.dtype !== d) {
      throw new DTypeError(
        `${what}: ${named[0][0]} is ${d} but ${name} is ${M.dtype} (mixing float32 and float64 is not allowed; convert one first)`,
      );
    }
  }
  return d;
}
