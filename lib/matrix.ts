/** Dense row-major matrices that wrap the caller's typed array. */
import {
  DType, FloatArray, bufferOfArray, bytesPerElement, checkDType, copyInto, describe, dtypeOf, isFloatArray,
  lengthOfArray, newArray, subarrayOfArray, viewsOverlap,
} from './dtype';
import { DTypeError, ShapeError, ValueError, readingCallerValue } from './errors';
import { checkAllocation, checkDim, checkOptions } from './validate';

/**
 * Matrices this module built. `instanceof` alone would accept
 * Object.create(Matrix.prototype) with getters that answer differently on
 * every read; a Matrix from the constructor has fixed, checked fields.
 */
const built = new WeakSet<object>();

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
  /** The element type, read from the real typed array at construction. */
  readonly dtype: DType;
  /** Elements the matrix spans in `data`: (rows − 1)·rowStride + cols, or 0 if empty. */
  readonly extent: number;
  /** True when rows follow each other with no gap (rowStride = cols or a single row). */
  readonly contiguous: boolean;

  /**
   * Every field is fixed once built (own read-only properties, so a subclass
   * getter cannot answer for them either): a call that checked them reads the
   * same values after.
   *
   * @throws DTypeError if `data` is not a Float32Array or Float64Array
   *   (Int32Array, plain arrays, BigInt64Array, DataView, a Proxy of a typed array…).
   * @throws ValueError for sizes that are not integers in [0, 2^32), or options that are not an object.
   * @throws ShapeError if `data` is too short for rows × cols at this stride.
   */
  constructor(rows: number, cols: number, data: T, options?: MatrixOptions) {
    this.rows = checkDim(rows, 'Matrix: rows');
    this.cols = checkDim(cols, 'Matrix: cols');
    if (!isFloatArray(data)) {
      throw new DTypeError(`Matrix: data must be a Float32Array or Float64Array, got ${describe(data)}`);
    }
    const o = checkOptions<MatrixOptions>(options, 'Matrix', ['rowStride']);
    const stride = o.rowStride ?? cols;
    this.rowStride = checkDim(stride, 'Matrix: rowStride');
    if (this.rows > 1 && this.rowStride < this.cols) {
      throw new ShapeError(`Matrix: rowStride ${stride} is less than cols ${cols}`);
    }
    this.data = data;
    this.dtype = dtypeOf(data);
    this.extent = this.rows === 0 || this.cols === 0 ? 0 : (this.rows - 1) * this.rowStride + this.cols;
    this.contiguous = this.rowStride === this.cols || this.rows <= 1;
    const need = this.extent, have = lengthOfArray(data);
    if (have < need) {
      throw new ShapeError(
        `Matrix: a ${this.rows}×${this.cols} matrix${this.rows > 1 && this.rowStride !== this.cols ? ` with rowStride ${this.rowStride}` : ''} ` +
          `needs ${need} elements but data has ${have}`,
      );
    }
    fixFields(this, new.target === Matrix, ['rows', 'cols', 'rowStride', 'data', 'dtype', 'extent', 'contiguous']);
    built.add(this);
  }

  /** Entry (i, j). @throws ValueError for an index out of range or a detached/shrunk buffer. */
  get(i: number, j: number): number {
    const m = checkMatrix(this, 'Matrix.get');
    return m.data[entryIndex(m, i, j)];
  }

  /** Sets entry (i, j) (a number; stored rounded to the dtype). @throws ValueError as get, or for a value that is not a number. */
  set(i: number, j: number, value: number): void {
    const m = checkMatrix(this, 'Matrix.set');
    const at = entryIndex(m, i, j);
    if (typeof value !== 'number') throw new ValueError(`Matrix.set: value must be a number, got ${describe(value)}`);
    m.data[at] = value;
  }

  /** Row i as a view into `data` (not a copy). */
  row(i: number): T {
    const m = checkMatrix(this, 'Matrix.row');
    checkIndex(i, m.rows, 'Matrix.row: row');
    return subarrayOfArray(m.data, i * m.rowStride, i * m.rowStride + m.cols) as T;
  }

  /**
   * Rows [begin, end) as a view into `data` (not a copy): a row block to hand
   * to a worker or to `S.apply(block, { rowOffset: begin })`.
   * @throws ValueError unless 0 ≤ begin ≤ end ≤ rows are integers.
   */
  rowsView(begin: number, end: number): Matrix<T> {
    const m = checkMatrix(this, 'Matrix.rowsView');
    const b = checkDim(begin, 'Matrix.rowsView: begin'), e = checkDim(end, 'Matrix.rowsView: end');
    if (b > e || e > m.rows) throw new ValueError(`Matrix.rowsView: expected 0 ≤ begin ≤ end ≤ ${m.rows}, got [${b}, ${e})`);
    const rows = e - b;
    const extent = rows === 0 || m.cols === 0 ? 0 : (rows - 1) * m.rowStride + m.cols;
    return new Matrix(rows, m.cols, subarrayOfArray(m.data, b * m.rowStride, b * m.rowStride + extent) as T, { rowStride: m.rowStride });
  }

  /** A contiguous copy the caller owns. */
  clone(): Matrix<T> {
    const m = checkMatrix(this, 'Matrix.clone');
    const out = newArray(m.dtype, m.rows * m.cols) as T;
    for (let i = 0; i < m.rows; i++) {
      copyInto(out, subarrayOfArray(m.data, i * m.rowStride, i * m.rowStride + m.cols), i * m.cols);
    }
    return new Matrix(m.rows, m.cols, out);
  }

  /** The entries as nested arrays of numbers. */
  toArray(): number[][] {
    const m = checkMatrix(this, 'Matrix.toArray');
    const out: number[][] = [];
    for (let i = 0; i < m.rows; i++) out.push(Array.from(subarrayOfArray(m.data, i * m.rowStride, i * m.rowStride + m.cols)));
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
    return readingCallerValue('Matrix.fromRows: reading the vectors', () => fromRowsUnsafe(vectors, d));
  }
}

function fromRowsUnsafe(vectors: ArrayLike<ArrayLike<number>>, d: DType): Matrix {
  if (vectors === null || typeof vectors !== 'object' || typeof vectors.length !== 'number') {
    throw new ValueError(`Matrix.fromRows: expected an array of vectors, got ${describe(vectors)}`);
  }
  const rows = checkDim(vectors.length, 'Matrix.fromRows: number of rows');
  const first = rows === 0 ? undefined : vectors[0];
  const cols = rows === 0 ? 0 : checkDim((first as ArrayLike<number> | null)?.length, 'Matrix.fromRows: row length');
  const data = newArray(d, checkAllocation(rows, cols, 'Matrix.fromRows'));
  for (let i = 0; i < rows; i++) {
    const v = i === 0 ? first : vectors[i];
    const len = v === null || typeof v !== 'object' ? undefined : v.length;
    if (len !== cols) {
      throw new ShapeError(`Matrix.fromRows: row ${i} has length ${len ?? describe(v)}, expected ${cols}`);
    }
    for (let j = 0; j < cols; j++) {
      const x = (v as ArrayLike<unknown>)[j];
      // BigInts and strings would be coerced (or throw an engine TypeError); numbers only.
      if (typeof x !== 'number') throw new ValueError(`Matrix.fromRows: entry (${i}, ${j}) must be a number, got ${describe(x)}`);
      data[i * cols + j] = x;
    }
  }
  return new Matrix(rows, cols, data);
}

function checkIndex(i: number, n: number, what: string): void {
  if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n) {
    throw new ValueError(`${what} index ${describe(i)} is out of range [0, ${n})`);
  }
}

/** Where entry (i, j) of m lives in m.data, both indices checked. */
function entryIndex(m: Matrix, i: number, j: number): number {
  checkIndex(i, m.rows, 'Matrix: row');
  checkIndex(j, m.cols, 'Matrix: column');
  return i * m.rowStride + j;
}

/**
 * Re-checks a Matrix at the start of a call: still a Matrix, buffer attached
 * and long enough (a buffer can be detached or shrunk after construction).
 */
export function checkMatrix(M: unknown, what: string): Matrix {
  if (typeof M !== 'object' || M === null || !built.has(M)) {
    throw new ValueError(`${what}: expected a Matrix, got ${describe(M)}`);
  }
  const m = M as Matrix;
  const need = m.extent, have = lengthOfArray(m.data);
  if (have < need) {
    const gone = bufferOfArray(m.data).byteLength === 0;
    throw new ValueError(
      `${what}: a ${m.rows}×${m.cols} matrix (rowStride ${m.rowStride}) needs ${need} elements but its array now has ` +
        `${have}${gone ? ' (its ArrayBuffer was detached or resized to 0)' : ' (its ArrayBuffer was resized)'}`,
    );
  }
  return m;
}

/** True for a Matrix built by the constructor (never throws, even for a revoked Proxy). */
export function isMatrix(v: unknown): v is Matrix {
  return typeof v === 'object' && v !== null && built.has(v);
}

/**
 * The leading dimension to hand a kernel: rowStride, except that a matrix
 * of at most one row never steps to a next row, so its (possibly huge)
 * stride is irrelevant and replaced by cols.
 */
export function leadingDim(M: Matrix): number {
  return M.rows <= 1 ? M.cols : M.rowStride;
}

/** True when the two matrices' spans share any memory. */
export function overlaps(a: Matrix, b: Matrix): boolean {
  return viewsOverlap(a.data, a.extent * bytesPerElement(a.dtype), b.data, b.extent * bytesPerElement(b.dtype));
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

/**
 * Makes an object's fields read-only for good. A Matrix itself is frozen: one
 * call (~60 ns), where seven Object.defineProperty calls took ~4 µs, paid by
 * every result of every call. A subclass (which may add fields of its own
 * after super()) gets the fields made read-only one by one instead.
 * @internal
 */
export function fixFields(obj: object, exact: boolean, keys: readonly string[]): void {
  if (exact) {
    Object.freeze(obj);
    return;
  }
  for (const key of keys) Object.defineProperty(obj, key, { writable: false, configurable: false });
}
