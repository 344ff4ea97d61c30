/**
 * What the randomized drivers (rsvd, pca) multiply: a dense Matrix, a
 * CsrMatrix or a linear operator, seen through two products, A·X and Aᵀ·Y on
 * thin dense X and Y. Dense products go to the GEMM (sync or off the event
 * loop); sparse ones are a pass over the stored entries; an operator's are
 * its own `matmul` and `transpose().matmul`, their results checked.
 */
import type { DType } from '../dtype';
import { describe, newArray } from '../dtype';
import { DTypeError, ShapeError, ValueError } from '../errors';
import { Matrix, isMatrix, checkMatrix } from '../matrix';
import { matmul, matmulAsync } from '../dense/matmul';
import { CsrMatrix, checkCsr, isCsrMatrix } from '../sparse/csr';
import { isPrivate, markPrivate, withResident, withResidentAsync } from '../backend/kernel';

export interface Source {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: DType;
  /** 'dense' | 'sparse' | 'operator' */
  readonly kind: string;
  /** A·X, X cols × b. */
  mul(X: Matrix): Matrix;
  /** Aᵀ·Y, Y rows × b. */
  mulT(Y: Matrix): Matrix;
  /** The same products off the event loop where a kernel allows it. */
  mulAsync(X: Matrix, signal?: AbortSignal): Promise<Matrix>;
  mulTAsync(Y: Matrix, signal?: AbortSignal): Promise<Matrix>;
  /** ‖A‖²_F, or undefined when it is not known without forming A. */
  frobenius2(): number | undefined;
  /** Runs `fn`, whose products go to kernels, with A held by the backend (withResident). */
  resident<R>(fn: () => R): R;
  /** Runs `fn`, whose async products go to kernels, with A held for them (withResidentAsync: WASM's worker keeps one copy). */
  residentAsync<R>(fn: () => Promise<R>): Promise<R>;
}

/** An operator in the sense of rsvd: rows, cols, dtype, matmul(X) and transpose(). */
interface OperatorLike {
  rows: number;
  cols: number;
  dtype: DType;
  matmul(X: Matrix): unknown;
  transpose(): { matmul(X: Matrix): unknown };
}

/** A checked Source for A (Matrix, CsrMatrix or operator), or a ValueError naming what A is. */
export function sourceOf(A: unknown, what: string): Source {
  if (isMatrix(A)) return denseSource(checkMatrix(A, `${what}: A`));
  if (isCsrMatrix(A)) return sparseSource(checkCsr(A, `${what}: A`));
  return operatorSource(A, what);
}

/**
 * A as a Matrix over the library's own copy (markPrivate), made once: an
 * async product copies the caller's A (it may change while the kernel
 * runs), and one copy per product made rsvdAsync at 20000 × 2000 take three
 * times as long as rsvd. An A already private (pca's centered X) is used as it is.
 */
function privateMatrix(a: Matrix): Matrix {
  if (isPrivate(a.data)) return a;
  const copy = a.clone();
  markPrivate(copy.data);
  return copy;
}

function denseSource(a: Matrix): Source {
  let held: Matrix | undefined;
  const own = () => (held ??= privateMatrix(a));
  return {
    rows: a.rows, cols: a.cols, dtype: a.dtype, kind: 'dense',
    resident: (fn) => withResident([a.data], fn),
    residentAsync: (fn) => withResidentAsync([own().data], fn),
    mul: (X) => matmul(a, X),
    mulT: (Y) => matmul(a, Y, { transA: true }),
    mulAsync: (X, signal) => matmulAsync(own(), X, { signal }),
    mulTAsync: (Y, signal) => matmulAsync(own(), Y, { transA: true, signal }),
    frobenius2: () => {
      let s = 0;
      for (let i = 0; i < a.rows; i++) {
        const row = i * a.rowStride;
        for (let j = 0; j < a.cols; j++) s += a.data[row + j] * a.data[row + j];
      }
      return s;
    },
  };
}

// Sparse products: one pass over the stored entries per product, b columns
// at a time (b is the sketch width, ~10-100). A CSR × dense kernel belongs in
// native/kernels (the structured-kernels branch adds one); these loops are
// memory-bound either way and touch each entry once.
function sparseSource(a: CsrMatrix): Source {
  const { rows: m, cols: n, indptr, indices, data } = a;
  const mul = (X: Matrix): Matrix => {
    const b = X.cols, x = X.contiguous ? X.data : X.clone().data;
    const out = newArray(a.dtype, m * b);
    for (let i = 0; i < m; i++) {
      const o = i * b;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const v = data[p], r = indices[p] * b;
        for (let c = 0; c < b; c++) out[o + c] += v * x[r + c];
      }
    }
    return new Matrix(m, b, out);
  };
  const mulT = (Y: Matrix): Matrix => {
    const b = Y.cols, y = Y.contiguous ? Y.data : Y.clone().data;
    const out = newArray(a.dtype, n * b);
    for (let i = 0; i < m; i++) {
      const r = i * b;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const v = data[p], o = indices[p] * b;
        for (let c = 0; c < b; c++) out[o + c] += v * y[r + c];
      }
    }
    return new Matrix(n, b, out);
  };
  return {
    rows: m, cols: n, dtype: a.dtype, kind: 'sparse', mul, mulT,
    // The sparse products are TypeScript loops: nothing for a kernel to hold.
    resident: (fn) => fn(),
    residentAsync: (fn) => fn(),
    mulAsync: async (X) => mul(X),
    mulTAsync: async (Y) => mulT(Y),
    frobenius2: () => {
      // Repeated entries sum (as toDense does): square the sums, per row.
      let s = 0;
      const acc = new Map<number, number>();
      for (let i = 0; i < m; i++) {
        acc.clear();
        for (let p = indptr[i]; p < indptr[i + 1]; p++) acc.set(indices[p], (acc.get(indices[p]) ?? 0) + data[p]);
        for (const v of acc.values()) s += v * v;
      }
      return s;
    },
  };
}

function operatorSource(A: unknown, what: string): Source {
  const op = A as OperatorLike;
  let rows: unknown, cols: unknown, dtype: unknown, mm: unknown, tr: unknown;
  try {
    ({ rows, cols, dtype } = op);
    mm = op.matmul;
    tr = op.transpose;
  } catch {
    throw new ValueError(`${what}: A must be a Matrix, a CsrMatrix or an operator with matmul(X) and transpose(), got ${describe(A)}`);
  }
  if (typeof A !== 'object' || A === null || typeof mm !== 'function' || typeof tr !== 'function' ||
      !Number.isSafeInteger(rows) || !Number.isSafeInteger(cols) || (rows as number) < 0 || (cols as number) < 0 ||
      (dtype !== 'float32' && dtype !== 'float64')) {
    throw new ValueError(`${what}: A must be a Matrix, a CsrMatrix or an operator with rows, cols, dtype, matmul(X) and transpose(), got ${describe(A)}`);
  }
  const m = rows as number, n = cols as number, dt = dtype as DType;
  const At = (tr as () => { matmul(X: Matrix): unknown }).call(A);
  if (typeof At !== 'object' || At === null || typeof At.matmul !== 'function') {
    throw new ValueError(`${what}: A.transpose() must return an operator with matmul(X), got ${describe(At)}`);
  }
  // An operator's answers are checked like a caller's input: a Matrix of the
  // right shape and dtype, or a typed error naming the operator.
  const checked = (Y: unknown, r: number, c: number, how: string): Matrix => {
    const y = checkMatrix(Y, `${what}: ${how}`);
    if (y.dtype !== dt) throw new DTypeError(`${what}: ${how} returned ${y.dtype} but the operator says its dtype is ${dt}`);
    if (y.rows !== r || y.cols !== c) throw new ShapeError(`${what}: ${how} returned ${y.rows}×${y.cols}, expected ${r}×${c}`);
    return y;
  };
  const mul = (X: Matrix): Matrix => checked((mm as (X: Matrix) => unknown).call(A, X), m, X.cols, 'A.matmul(X)');
  const mulT = (Y: Matrix): Matrix => checked(At.matmul(Y), n, Y.cols, 'A.transpose().matmul(Y)');
  return {
    rows: m, cols: n, dtype: dt, kind: 'operator', mul, mulT,
    // The operator's own code runs between products: nothing may be held.
    resident: (fn) => fn(),
    residentAsync: (fn) => fn(),
    mulAsync: async (X) => mul(X),
    mulTAsync: async (Y) => mulT(Y),
    frobenius2: () => undefined,
  };
}
