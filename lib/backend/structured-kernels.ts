/**
 * The structured operators' FFT and sparse kernels
 * (native/include/skm_structured_kernels.h) as typed calls. Callers have
 * checked shapes and pass arrays they own.
 */
import type { FloatArray } from '../dtype';
import { dtypeOf } from '../dtype';
import { OutOfMemoryError } from '../errors';
import { callKernel, callKernelAsync, extent, input, kernelName, output, result } from './kernel';

/** Doubles in a convolution plan of length L. */
export const convPlanLength = (L: number): number => 4 * L;

/** The plan (twiddles and the DFT of h, zero-padded to L) of a circular convolution of length L (a power of two). */
export function fftConvPlan(L: number, h: Float64Array, what: string): Float64Array {
  let plan: Float64Array;
  try {
    plan = new Float64Array(convPlanLength(L));
  } catch (e) {
    throw new OutOfMemoryError(`${what}: could not allocate the FFT plan (${convPlanLength(L)} doubles): ${(e as Error).message}`);
  }
  callKernel('skm_fft_conv_plan', [L, h.length, input(h, h.length), output(plan, plan.length)], what);
  return plan;
}

/**
 * Y = X·Aᵀ (trans false; X batch × n, Y batch × m) or Y = X·A (trans true;
 * X batch × m, Y batch × n) for A[i, j] = h[(i − j + off) mod L].
 */
export function fftConv(
  trans: boolean, batch: number, m: number, n: number, off: number, L: number, plan: Float64Array,
  X: FloatArray, ldx: number, Y: FloatArray, ldy: number, what: string,
): void {
  const nin = trans ? m : n, nout = trans ? n : m;
  callKernel(kernelName('fft_conv', dtypeOf(X)), [
    +trans, batch, m, n, off, L, input(plan, convPlanLength(L)),
    input(X, extent(batch, nin, ldx)), ldx, output(Y, extent(batch, nout, ldy)), ldy,
  ], what);
}

/** fftConv off the event loop; resolves to Y (batch × out, contiguous). */
export async function fftConvAsync(
  trans: boolean, batch: number, m: number, n: number, off: number, L: number, plan: Float64Array,
  X: FloatArray, ldx: number, what: string, signal?: AbortSignal,
): Promise<FloatArray> {
  const nin = trans ? m : n, nout = trans ? n : m;
  const arrays = await callKernelAsync(kernelName('fft_conv', dtypeOf(X)), [
    +trans, batch, m, n, off, L, input(plan, convPlanLength(L)),
    input(X, extent(batch, nin, ldx)), ldx, result(dtypeOf(X), batch * nout), nout,
  ], { signal, what });
  return arrays[2] as FloatArray;
}

/** Bytes of packed positions per row: ceil(per·bits / 8). */
export function nmRowBytes(per: number, bits: number): number {
  return Math.ceil((per * bits) / 8);
}

/**
 * N:M product: Y = X·Aᵀ (trans false; X batch × cols, Y batch × rows) or
 * Y = X·A (trans true; X batch × rows, Y batch × cols).
 */
export function nmSparse(
  trans: boolean, batch: number, rows: number, cols: number, n: number, m: number, bits: number,
  values: FloatArray, positions: Uint8Array, X: FloatArray, ldx: number, Y: FloatArray, ldy: number, what: string,
): void {
  const per = (cols / m) * n;
  const nin = trans ? rows : cols, nout = trans ? cols : rows;
  callKernel(kernelName('nm_sparse', dtypeOf(X)), [
    +trans, batch, rows, cols, n, m, input(values, rows * per), input(positions, rows * nmRowBytes(per, bits)),
    input(X, extent(batch, nin, ldx)), ldx, output(Y, extent(batch, nout, ldy)), ldy,
  ], what);
}

/** nmSparse off the event loop; resolves to Y (batch × out, contiguous). */
export async function nmSparseAsync(
  trans: boolean, batch: number, rows: number, cols: number, n: number, m: number, bits: number,
  values: FloatArray, positions: Uint8Array, X: FloatArray, ldx: number, what: string, signal?: AbortSignal,
): Promise<FloatArray> {
  const per = (cols / m) * n;
  const nin = trans ? rows : cols, nout = trans ? cols : rows;
  const arrays = await callKernelAsync(kernelName('nm_sparse', dtypeOf(X)), [
    +trans, batch, rows, cols, n, m, input(values, rows * per), input(positions, rows * nmRowBytes(per, bits)),
    input(X, extent(batch, nin, ldx)), ldx, result(dtypeOf(X), batch * nout), nout,
  ], { signal, what });
  return arrays[3] as FloatArray;
}

/**
 * Block sparse (BSR) product: Y = X·Aᵀ (trans false; X batch × nb·bc, Y batch × mb·br)
 * or Y = X·A (trans true). indptr has mb + 1 entries, indices nnzb, blocks nnzb·br·bc.
 */
export function bsr(
  trans: boolean, batch: number, mb: number, nb: number, br: number, bc: number, nnzb: number,
  indptr: Int32Array, indices: Int32Array, blocks: FloatArray, X: FloatArray, ldx: number, Y: FloatArray, ldy: number, what: string,
): void {
  const nin = trans ? mb * br : nb * bc, nout = trans ? nb * bc : mb * br;
  callKernel(kernelName('bsr', dtypeOf(X)), [
    +trans, batch, mb, nb, br, bc, nnzb, input(indptr, mb + 1), input(indices, nnzb), input(blocks, nnzb * br * bc),
    input(X, extent(batch, nin, ldx)), ldx, output(Y, extent(batch, nout, ldy)), ldy,
  ], what);
}

/** bsr off the event loop; resolves to Y (batch × out, contiguous). */
export async function bsrAsync(
  trans: boolean, batch: number, mb: number, nb: number, br: number, bc: number, nnzb: number,
  indptr: Int32Array, indices: Int32Array, blocks: FloatArray, X: FloatArray, ldx: number, what: string, signal?: AbortSignal,
): Promise<FloatArray> {
  const nin = trans ? mb * br : nb * bc, nout = trans ? nb * bc : mb * br;
  const arrays = await callKernelAsync(kernelName('bsr', dtypeOf(X)), [
    +trans, batch, mb, nb, br, bc, nnzb, input(indptr, mb + 1), input(indices, nnzb), input(blocks, nnzb * br * bc),
    input(X, extent(batch, nin, ldx)), ldx, result(dtypeOf(X), batch * nout), nout,
  ], { signal, what });
  return arrays[4] as FloatArray;
}
