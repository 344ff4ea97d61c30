/**
 * The vector-code kernels (native/include/skm_features.h) as typed calls.
 * Callers have checked shapes and options.
 */
import type { FloatArray } from '../dtype';
import { dtypeOf } from '../dtype';
import { callKernel, callKernelAsync, extent, inout, input, kernelName, output, result } from './kernel';

/** codes (N × bits/32 words) = the packed signs of X's N rows of `bits` values (row stride ldx). */
export function signPack(N: number, bits: number, X: FloatArray, ldx: number, codes: Uint32Array, what: string): void {
  callKernel(kernelName('sign_pack', dtypeOf(X)), [
    N, bits, input(X, extent(N, bits, ldx)), ldx, output(codes, N * (bits / 32)),
  ], what);
}

/** The k nearest of n codes for each of Q queries (words per code), into indices / distances (Q × k). */
export function hammingTopK(
  n: number, words: number, codes: Uint32Array, Q: number, queries: Uint32Array, k: number,
  indices: Int32Array, distances: Uint16Array, what: string,
): void {
  callKernel('skm_hamming_topk', [
    n, words, input(codes, n * words), Q, input(queries, Q * words), k,
    output(indices, Q * k), output(distances, Q * k),
  ], what);
}

/** hammingTopK off the event loop, on copies; resolves to new index and distance arrays. */
export async function hammingTopKAsync(
  n: number, words: number, codes: Uint32Array, Q: number, queries: Uint32Array, k: number,
  signal: AbortSignal | undefined, what: string,
): Promise<{ indices: Int32Array; distances: Uint16Array }> {
  const arrays = await callKernelAsync('skm_hamming_topk', [
    n, words, input(codes, n * words), Q, input(queries, Q * words), k,
    result('Int32Array', Q * k), result('Uint16Array', Q * k),
  ], { signal, what });
  return { indices: arrays[2] as Int32Array, distances: arrays[3] as Uint16Array };
}

/** out (N × 2m, row stride ldo) = [cos Z, sin Z]·scale, Z N × m (row stride ldz). */
export function cosSin(N: number, m: number, Z: FloatArray, ldz: number, scale: number, out: FloatArray, ldo: number, what: string): void {
  const len = extent(N, 2 * m, ldo);
  callKernel(kernelName('cos_sin', dtypeOf(Z)), [
    N, m, input(Z, extent(N, m, ldz)), ldz, scale, ldo === 2 * m ? output(out, len) : inout(out, len), ldo,
  ], what);
}

/** out (N × m, row stride ldo) = scale·exp(Z − shift_i − (rowMax ? the row's largest Z − shift_i : 0)). */
export function expRows(
  N: number, m: number, Z: FloatArray, ldz: number, shift: FloatArray, rowMax: boolean, scale: number,
  out: FloatArray, ldo: number, what: string,
): void {
  const len = extent(N, m, ldo);
  callKernel(kernelName('exp_rows', dtypeOf(Z)), [
    N, m, input(Z, extent(N, m, ldz)), ldz, input(shift, N), rowMax ? 1 : 0, scale,
    ldo === m ? output(out, len) : inout(out, len), ldo,
  ], what);
}

/** Y = diag(rowScale)·A·X (A rows × cols in CSR, X cols × k), acc += weight·Y; all gap-free. */
export function csrPropagate(
  rows: number, cols: number, indptr: Int32Array, indices: Int32Array, data: FloatArray, k: number,
  X: FloatArray, rowScale: FloatArray, Y: FloatArray, weight: number, acc: FloatArray, what: string,
): void {
  const nnz = indptr[rows];
  callKernel(kernelName('csr_propagate', dtypeOf(data)), [
    rows, cols, input(indptr, rows + 1), input(indices, nnz), input(data, nnz), k,
    input(X, cols * k), k, input(rowScale, rows), output(Y, rows * k), k, weight, inout(acc, rows * k), k,
  ], what);
}

/** csrPropagate off the event loop, on copies; resolves to the new Y and acc. */
export async function csrPropagateAsync(
  rows: number, cols: number, indptr: Int32Array, indices: Int32Array, data: FloatArray, k: number,
  X: FloatArray, rowScale: FloatArray, weight: number, acc: FloatArray, signal: AbortSignal | undefined, what: string,
): Promise<{ Y: FloatArray; acc: FloatArray }> {
  const nnz = indptr[rows];
  const dtype = dtypeOf(data);
  const arrays = await callKernelAsync(kernelName('csr_propagate', dtype), [
    rows, cols, input(indptr, rows + 1), input(indices, nnz), input(data, nnz), k,
    input(X, cols * k), k, input(rowScale, rows), result(dtype, rows * k), k, weight, inout(acc, rows * k), k,
  ], { signal, what });
  return { Y: arrays[5] as FloatArray, acc: arrays[6] as FloatArray };
}
