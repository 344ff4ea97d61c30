/** Dense products through the backend's GEMM and GEMV kernels. */
import { FloatArray, copyInto, newArray, subarrayOfArray } from '../dtype';
import { AbortError, ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, leadingDim, overlaps, sameDType } from '../matrix';
import { gemm, gemmAsync } from '../backend/core';
import { checkAllocation, checkBool, checkFinite, checkOptions, checkSignal, throwIfAborted } from '../validate';

export interface MatmulOptions {
  /** Use Aᵀ in place of A. */
  transA?: boolean;
  /** Use Bᵀ in place of B. */
  transB?: boolean;
  /** Scales op(A)·op(B) (default 1). */
  alpha?: number;
  /** Scales what `out` holds before it is added (default 0: `out` is overwritten, never read). */
  beta?: number;
  /** Where to write the m×n result; must not overlap A or B. */
  out?: Matrix;
  /** Cancels a matmulAsync that has not finished. matmul itself checks it once, at the start (AbortError if it has fired). */
  signal?: AbortSignal;
}

interface Plan {
  A: Matrix; B: Matrix; out?: Matrix;
  transA: boolean; transB: boolean; alpha: number; beta: number;
  m: number; n: number; k: number;
  signal?: AbortSignal;
}

const OPTION_KEYS = ['transA', 'transB', 'alpha', 'beta', 'out', 'signal'] as const;

function plan(what: string, A: unknown, B: unknown, options: unknown): Plan {
  // Options first (their getters run now), then the matrices: nothing the
  // caller wrote runs between checking a buffer and handing it to a kernel.
  const o = checkOptions<MatmulOptions>(options, what, OPTION_KEYS);
  const transA = o.transA === undefined ? false : checkBool(o.transA, `${what}: transA`);
  const transB = o.transB === undefined ? false : checkBool(o.transB, `${what}: transB`);
  const alpha = o.alpha === undefined ? 1 : checkFinite(o.alpha, `${what}: alpha`);
  const beta = o.beta === undefined ? 0 : checkFinite(o.beta, `${what}: beta`);
  const signal = checkSignal(o.signal, what);
  const a = checkMatrix(A, `${what}: A`), b = checkMatrix(B, `${what}: B`);
  sameDType(what, ['A', a], ['B', b]);
  const [m, kA] = transA ? [a.cols, a.rows] : [a.rows, a.cols];
  const [kB, n] = transB ? [b.cols, b.rows] : [b.rows, b.cols];
  if (kA !== kB) {
    const shape = (M: Matrix, t: boolean, name: string) => `${t ? name + 'ᵀ' : name} is ${t ? M.cols : M.rows}×${t ? M.rows : M.cols}`;
    throw new ShapeError(`${what}: ${shape(a, transA, 'A')} but ${shape(b, transB, 'B')} (inner dimensions ${kA} and ${kB} differ)`);
  }
  let out: Matrix | undefined;
  if (o.out !== undefined) {
    out = checkMatrix(o.out, `${what}: out`);
    sameDType(what, ['A', a], ['out', out]);
    if (out.rows !== m || out.cols !== n) {
      throw new ShapeError(`${what}: out is ${out.rows}×${out.cols} but the product is ${m}×${n}`);
    }
    if (overlaps(out, a) || overlaps(out, b)) {
      throw new ValueError(`${what}: out shares memory with ${overlaps(out, a) ? 'A' : 'B'}; pass a separate out matrix`);
    }
  } else if (beta !== 0) {
    throw new ValueError(`${what}: beta = ${beta} needs an out matrix to scale and add to`);
  }
  checkAllocation(m, n, what);
  return { A: a, B: b, out, transA, transB, alpha, beta, m, n, k: kA, signal };
}

/**
 * C = alpha·op(A)·op(B) + beta·C.
 *
 * A and B share a dtype; the result has it too. With `out`, the product is
 * written there (and returned); otherwise a new m×n Matrix is returned.
 *
 * @throws ShapeError if the inner dimensions differ or `out` has the wrong shape.
 * @throws DTypeError if A, B and out mix float32 and float64.
 * @throws ValueError for a non-finite alpha/beta, `out` overlapping A or B, a detached or
 *   shrunk buffer, or options that are not an object.
 * @throws OutOfMemoryError when the result (or the WASM heap copy) cannot be allocated.
 * @example
 * const C = matmul(A, B, { transB: true }); // A·Bᵀ
 */
export function matmul<T extends FloatArray>(A: Matrix<T>, B: Matrix<T>, options?: MatmulOptions): Matrix<T>;
export function matmul(A: Matrix, B: Matrix, options?: MatmulOptions): Matrix {
  const p = plan('matmul', A, B, options);
  throwIfAborted(p.signal, 'matmul');
  const C = p.out ?? new Matrix(p.m, p.n, newArray(p.A.dtype, p.m * p.n));
  if (p.m === 0 || p.n === 0) return C; // nothing to compute; the backend never sees the sizes
  gemm(p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.A.data, leadingDim(p.A), p.B.data, leadingDim(p.B),
    p.beta, C.data, leadingDim(C));
  return C;
}

/**
 * matmul off the event loop (native: on a worker thread, with its own copies
 * of A and B, so changing or detaching them while it runs is safe).
 * Resolves to the result (written into `out` when given).
 *
 * Many calls may run at once on the same inputs (each has its own copies).
 * When `signal` fires, the Promise rejects with AbortError at once and `out`
 * is left untouched: a call still waiting its turn never starts (its copies
 * are released), and a running kernel stops at its next block.
 *
 * @throws as matmul, as a rejected Promise; AbortError when `signal` fires
 *   before the result is written; ValueError for a `signal` that is not an AbortSignal.
 */
export function matmulAsync<T extends FloatArray>(A: Matrix<T>, B: Matrix<T>, options?: MatmulOptions): Promise<Matrix<T>>;
export async function matmulAsync(A: Matrix, B: Matrix, options?: MatmulOptions): Promise<Matrix> {
  const p = plan('matmulAsync', A, B, options);
  const signal = p.signal;
  if (p.m === 0 || p.n === 0) return p.out ?? new Matrix(p.m, p.n, newArray(p.A.dtype, 0));
  const result = await gemmAsync(p.transA, p.transB, p.m, p.n, p.k, p.alpha,
    p.A.data, leadingDim(p.A), p.B.data, leadingDim(p.B), p.beta, p.out?.data ?? null, p.out ? leadingDim(p.out) : p.n, signal);
  if (!p.out) return new Matrix(p.m, p.n, result.data);
  const out = checkMatrix(p.out, 'matmulAsync: out');
  for (let i = 0; i < p.m; i++) {
    copyInto(out.data, subarrayOfArray(result.data, i * result.ld, i * result.ld + p.n), i * out.rowStride);
  }
  return out;
}
