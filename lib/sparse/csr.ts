/** Sparse matrices in compressed sparse row (CSR) form. */
import {
  DType, FloatArray, bufferOfArray, copyInto, describe, dtypeOf, isFloatArray, isSharedBuffer, lengthOfArray, newArray, ownedCopy,
  typedArrayKind,
} from '../dtype';
import { DTypeError, ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, fixFields } from '../matrix';
import { checkAllocation, checkDim } from '../validate';

/** Largest dimension and nonzero count: indices and indptr are 32-bit signed. */
const MAX_INT32 = 2 ** 31 - 1;

/**
 * A rows × cols sparse matrix in CSR form: the nonzeros of row i are
 * `data[p]` at column `indices[p]` for p in [indptr[i], indptr[i+1]).
 *
 * `indptr` (rows + 1 entries, starting at 0, non-decreasing) and `indices`
 * (each in [0, cols)) are Int32Arrays; Uint32Arrays (as scipy often writes)
 * are accepted and copied into Int32Arrays. `data` is a Float32Array or
 * Float64Array and is wrapped, not copied. Columns need not be sorted within a
 * row; repeated columns add up. Every call that reads a CsrMatrix checks the
 * structure again (the arrays are the caller's and may have changed).
 *
 * @throws DTypeError if `data` is not a float array or the index arrays are not Int32Array/Uint32Array.
 * @throws ShapeError if the arrays' lengths do not fit rows and indptr.
 * @throws ValueError for indptr that does not start at 0 or decreases, or a column index out of range.
 * @example
 * // [[1, 0, 2], [0, 0, 3]]
 * const A = new CsrMatrix(2, 3, new Int32Array([0, 2, 3]), new Int32Array([0, 2, 2]), new Float64Array([1, 2, 3]));
 */
/** CsrMatrix objects this module built (a look-alike with getters is not one). */
const builtCsr = new WeakSet<object>();

export class CsrMatrix<T extends FloatArray = FloatArray> {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: T;
  /** The element type, read from the real typed array at construction. */
  readonly dtype: DType;

  constructor(rows: number, cols: number, indptr: Int32Array | Uint32Array, indices: Int32Array | Uint32Array, data: T) {
    this.rows = checkDim(rows, 'CsrMatrix: rows');
    this.cols = checkDim(cols, 'CsrMatrix: cols');
    if (rows > MAX_INT32 - 1 || cols > MAX_INT32) {
      throw new ValueError(`CsrMatrix: rows and cols must be below 2^31 (32-bit indices), got ${rows}×${cols}`);
    }
    if (!isFloatArray(data)) {
      throw new DTypeError(`CsrMatrix: data must be a Float32Array or Float64Array, got ${describe(data)}`);
    }
    this.indptr = int32('indptr', indptr);
    this.indices = int32('indices', indices);
    this.data = data;
    this.dtype = dtypeOf(data);
    // Fixed once built: a call checks indptr/indices, then a kernel relies on
    // them, so they must not be swapped (read-only fields) or written by
    // another thread meanwhile (shared index arrays are copied in int32()).
    fixFields(this, new.target === CsrMatrix, ['rows', 'cols', 'indptr', 'indices', 'data', 'dtype']);
    builtCsr.add(this);
    checkCsr(this, 'CsrMatrix');
  }

  /** Stored entries: indptr[rows]. */
  get nnz(): number {
    if (!isCsrMatrix(this)) throw new ValueError(`CsrMatrix.nnz: expected a CsrMatrix, got ${describe(this)}`);
    return lengthOfArray(this.indptr) > this.rows ? this.indptr[this.rows] : 0;
  }

  /** The dense rows × cols matrix (repeated entries summed). */
  toDense(): Matrix {
    const a = checkCsr(this, 'CsrMatrix.toDense');
    const { rows, cols, indptr, indices, data } = a;
    const out = newArray(a.dtype, checkAllocation(rows, cols, 'CsrMatrix.toDense'));
    for (let i = 0; i < rows; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) out[i * cols + indices[p]] += data[p];
    }
    return new Matrix(rows, cols, out);
  }

  /** The nonzeros of a dense matrix (exact zeros dropped), columns sorted. */
  static fromDense(M: Matrix): CsrMatrix {
    M = checkMatrix(M, 'CsrMatrix.fromDense');
    const indptr = new Int32Array(M.rows + 1);
    const idx: number[] = [];
    const vals: number[] = [];
    for (let i = 0; i < M.rows; i++) {
      for (let j = 0; j < M.cols; j++) {
        const v = M.data[i * M.rowStride + j];
        if (v !== 0) {
          idx.push(j);
          vals.push(v);
        }
      }
      if (idx.length > MAX_INT32) throw new ValueError('CsrMatrix.fromDense: more than 2^31 - 1 nonzeros');
      indptr[i + 1] = idx.length;
    }
    const data = newArray(M.dtype, vals.length);
    data.set(vals);
    return new CsrMatrix(M.rows, M.cols, indptr, Int32Array.from(idx), data);
  }
}

function int32(name: string, a: unknown): Int32Array {
  const kind = typedArrayKind(a);
  if (kind === 'Int32Array') {
    // Index arrays over shared memory (from any realm) are copied: another
    // thread could otherwise rewrite them between the bounds check and the
    // kernel's reads. (The kernels check each index where they use it too.)
    return isSharedBuffer(bufferOfArray(a as Int32Array)) ? ownedCopy(a as Int32Array, lengthOfArray(a as Int32Array)) : (a as Int32Array);
  }
  if (kind === 'Uint32Array') {
    const u = a as Uint32Array, n = lengthOfArray(u);
    for (let i = 0; i < n; i++) {
      if (u[i] > MAX_INT32) throw new ValueError(`CsrMatrix: ${name}[${i}] = ${u[i]} does not fit 32-bit signed indices`);
    }
    // A fresh Int32Array built from the real elements (not from `a`'s own
    // properties); a value a racing writer changed after the loop above is
    // checked again with the structure.
    const copy = new Int32Array(n);
    copyInto(copy, u);
    return copy;
  }
  throw new DTypeError(`CsrMatrix: ${name} must be an Int32Array or Uint32Array, got ${describe(a)}`);
}

/**
 * Checks a CsrMatrix at the start of a call: buffers attached and long enough,
 * indptr starting at 0 and non-decreasing, every column index in range.
 */
/** True for a CsrMatrix built by the constructor (never throws, even for a revoked Proxy). */
export function isCsrMatrix(v: unknown): v is CsrMatrix {
  return typeof v === 'object' && v !== null && builtCsr.has(v);
}

export function checkCsr(A: unknown, what: string): CsrMatrix {
  if (typeof A !== 'object' || A === null || !builtCsr.has(A)) throw new ValueError(`${what}: expected a CsrMatrix, got ${describe(A)}`);
  const csr = A as CsrMatrix;
  const { rows, cols, indptr, indices, data } = csr;
  // Lengths from the arrays' internal slots: an own `length` property cannot vouch for elements that are not there.
  const indptrLength = lengthOfArray(indptr), indicesLength = lengthOfArray(indices), dataLength = lengthOfArray(data);
  if (indptrLength !== rows + 1) {
    throw new ShapeError(`${what}: indptr must have rows + 1 = ${rows + 1} entries, has ${indptrLength}`);
  }
  if (indptr[0] !== 0) throw new ValueError(`${what}: indptr[0] must be 0, got ${indptr[0]}`);
  for (let i = 0; i < rows; i++) {
    if (indptr[i + 1] < indptr[i]) {
      throw new ValueError(`${what}: indptr must not decrease, but indptr[${i + 1}] = ${indptr[i + 1]} < indptr[${i}] = ${indptr[i]}`);
    }
  }
  const nnz = indptr[rows];
  if (indicesLength < nnz || dataLength < nnz) {
    throw new ShapeError(`${what}: indptr[${rows}] = ${nnz} nonzeros but indices has ${indicesLength} and data ${dataLength} entries`);
  }
  for (let p = 0; p < nnz; p++) {
    const j = indices[p];
    if (j < 0 || j >= cols) throw new ValueError(`${what}: indices[${p}] = ${j} is outside [0, ${cols})`);
  }
  return csr;
}
