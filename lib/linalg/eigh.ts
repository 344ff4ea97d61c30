/** Symmetric eigen-decomposition (skm_eigh_*). */
import { Matrix, checkMatrix, leadingDim } from '../matrix';
import { eigh as eighKernel, eighAsync as eighKernelAsync } from '../backend/linalg';
import { checkAllocation, checkOptions, checkSignal, throwIfAborted } from '../validate';
import { checkSquare, zerosOf } from './common';

export interface EighOptions {
  /** Cancels an eighAsync that has not finished. eigh itself checks it once, at the start (AbortError if it has fired). */
  signal?: AbortSignal;
}

export interface EighResult {
  /** The n eigenvalues, ascending (float64 whatever A's dtype). */
  values: Float64Array;
  /** n × n, A's dtype: eigenvector i in column i, orthonormal, its largest-magnitude entry positive. */
  vectors: Matrix;
}

function plan(what: string, A: unknown, options: unknown): { a: Matrix; n: number; signal?: AbortSignal } {
  const o = checkOptions<EighOptions>(options, what, ['signal']);
  const signal = checkSignal(o.signal, what);
  const a = checkMatrix(A, `${what}: A`);
  const n = checkSquare(a, what);
  checkAllocation(n, n, what);
  return { a, n, signal };
}

/**
 * Eigenvalues and eigenvectors of the symmetric n × n A: A = V·diag(values)·Vᵀ
 * (Householder tridiagonalization, implicit QL; LAPACK's syev family).
 *
 * Only A's lower triangle is read (the upper is taken to mirror it). Values
 * ascend; each eigenvector (a column of `vectors`) is signed so that its
 * entry of largest magnitude is positive. A NaN or infinite entry gives NaN
 * values and vectors.
 *
 * @throws ShapeError if A is not square. @throws ValueError for a bad A or options.
 * @example
 * const { values, vectors } = linalg.eigh(S);
 */
export function eigh(A: Matrix, options?: EighOptions): EighResult {
  const what = 'eigh';
  const { a, n, signal } = plan(what, A, options);
  throwIfAborted(signal, what);
  const values = new Float64Array(n);
  const vectors = zerosOf(a.dtype, n, n, what);
  if (n > 0) eighKernel(n, a.data, leadingDim(a), values, vectors.data, what);
  return { values, vectors };
}

/** eigh off the event loop, on its own copy of A. @throws as eigh; AbortError when `signal` fires first. */
export async function eighAsync(A: Matrix, options?: EighOptions): Promise<EighResult> {
  const what = 'eighAsync';
  const { a, n, signal } = plan(what, A, options);
  if (n === 0) return { values: new Float64Array(0), vectors: zerosOf(a.dtype, 0, 0, what) };
  const { w, V } = await eighKernelAsync(n, a.data, leadingDim(a), what, signal);
  return { values: w, vectors: new Matrix(n, n, V) };
}
