/**
 * The dense factorizations' kernels (native/include/skm_linalg.h) as typed
 * calls: each says which elements of each array its kernel may touch and
 * hands the call to kernel.ts. Callers have checked shapes and options and
 * pass contiguous arrays they own (leading dimension = column count).
 */
import type { DType, FloatArray } from '../dtype';
import { dtypeOf } from '../dtype';
import { callKernel, callKernelAsync, extent, inout, input, kernelName, output, result } from './kernel';

/** Factors the n × n A in place; returns LAPACK's info (0, or pivot + 1 where A is not positive definite). */
export function cholesky(lower: boolean, n: number, A: FloatArray, what: string): number {
  const info = new Int32Array(1);
  callKernel(kernelName('cholesky', dtypeOf(A)), [+lower, n, inout(A, n * n), n, output(info, 1)], what);
  return info[0];
}

/** op(T)·X = B for X, written over B (n × nrhs, contiguous); T is n × n at ldt. */
export function trsm(lower: boolean, trans: boolean, unit: boolean, n: number, nrhs: number, T: FloatArray, ldt: number, B: FloatArray, what: string): void {
  callKernel(kernelName('trsm', dtypeOf(T)), [+lower, +trans, +unit, n, nrhs, input(T, extent(n, n, ldt)), ldt, inout(B, n * nrhs), nrhs], what);
}

/** Householder QR of the m × n A in place; tau gets min(m, n) scales. */
export function qr(m: number, n: number, A: FloatArray, tau: FloatArray, what: string): void {
  callKernel(kernelName('qr', dtypeOf(A)), [m, n, inout(A, m * n), n, output(tau, Math.min(m, n))], what);
}

/** Q (m × q) from the k = min(m, n) reflectors of a factored m × n F. */
export function qrQ(m: number, n: number, q: number, F: FloatArray, tau: FloatArray, Q: FloatArray, what: string): void {
  const k = Math.min(m, n);
  callKernel(kernelName('qr_q', dtypeOf(F)), [m, q, k, input(F, m * n), n, input(tau, k), output(Q, m * q), q], what);
}

/** Eigenvalues (ascending) into w and eigenvectors (columns) into V of the n × n symmetric A (lower triangle read). */
export function eigh(n: number, A: FloatArray, lda: number, w: Float64Array, V: FloatArray, what: string): void {
  callKernel(kernelName('eigh', dtypeOf(A)), [n, input(A, extent(n, n, lda)), lda, output(w, n), output(V, n * n), n], what);
}

/** Thin SVD of the m × n A: U (m × k), s (k), Vt (k × n), k = min(m, n). */
export function svd(m: number, n: number, A: FloatArray, lda: number, U: FloatArray, s: Float64Array, Vt: FloatArray, what: string): void {
  const k = Math.min(m, n);
  callKernel(kernelName('svd', dtypeOf(A)), [m, n, input(A, extent(m, n, lda)), lda, output(U, m * k), k, output(s, k), output(Vt, k * n), n], what);
}

/** qr off the event loop: resolves to the factored copy of A and tau. */
export async function qrAsync(m: number, n: number, A: FloatArray, what: string, signal?: AbortSignal): Promise<{ F: FloatArray; tau: FloatArray }> {
  const dtype = dtypeOf(A);
  const [F, tau] = await callKernelAsync(kernelName('qr', dtype), [m, n, inout(A, m * n), n, result(dtype, Math.min(m, n))], { signal, what });
  return { F: F as FloatArray, tau: tau as FloatArray };
}

/** qrQ off the event loop: resolves to Q (m × q). */
export async function qrQAsync(m: number, n: number, q: number, F: FloatArray, tau: FloatArray, what: string, signal?: AbortSignal): Promise<FloatArray> {
  const dtype = dtypeOf(F), k = Math.min(m, n);
  const arrays = await callKernelAsync(kernelName('qr_q', dtype), [m, q, k, input(F, m * n), n, input(tau, k), result(dtype, m * q), q], { signal, what });
  return arrays[2] as FloatArray;
}

/** eigh off the event loop. */
export async function eighAsync(n: number, A: FloatArray, lda: number, what: string, signal?: AbortSignal): Promise<{ w: Float64Array; V: FloatArray }> {
  const dtype: DType = dtypeOf(A);
  const arrays = await callKernelAsync(kernelName('eigh', dtype), [n, input(A, extent(n, n, lda)), lda, result('float64', n), result(dtype, n * n), n], { signal, what });
  return { w: arrays[1] as Float64Array, V: arrays[2] as FloatArray };
}

/** svd off the event loop. */
export async function svdAsync(m: number, n: number, A: FloatArray, lda: number, what: string, signal?: AbortSignal): Promise<{ U: FloatArray; s: Float64Array; Vt: FloatArray }> {
  const dtype = dtypeOf(A), k = Math.min(m, n);
  const arrays = await callKernelAsync(kernelName('svd', dtype), [
    m, n, input(A, extent(m, n, lda)), lda, result(dtype, m * k), k, result('float64', k), result(dtype, k * n), n,
  ], { signal, what });
  return { U: arrays[1] as FloatArray, s: arrays[2] as Float64Array, Vt: arrays[3] as FloatArray };
}

/** cholesky off the event loop: resolves to the factored copy of A and LAPACK's info. */
export async function choleskyAsync(lower: boolean, n: number, A: FloatArray, what: string, signal?: AbortSignal): Promise<{ F: FloatArray; info: number }> {
  const arrays = await callKernelAsync(kernelName('cholesky', dtypeOf(A)), [+lower, n, inout(A, n * n), n, result('Int32Array', 1)], { signal, what });
  return { F: arrays[0] as FloatArray, info: (arrays[1] as Int32Array)[0] };
}
