/**
 * The BLAST kernel (native/include/skm_blast.h) as typed calls. Callers
 * have checked shapes and pass arrays they own.
 */
import type { FloatArray } from '../dtype';
import { dtypeOf } from '../dtype';
import { callKernel, callKernelAsync, extent, input, kernelName, output, result } from './kernel';

/**
 * BLAST product of `batch` rows: Y = X·Aᵀ (trans false; X batch × b·q, Y batch × b·p)
 * or Y = X·A (trans true; X batch × b·p, Y batch × b·q). U: b·p·r, V: b·q·r, S: b·b·r entries.
 */
export function blast(
  trans: boolean, batch: number, b: number, p: number, q: number, r: number,
  U: FloatArray, V: FloatArray, S: FloatArray, X: FloatArray, ldx: number, Y: FloatArray, ldy: number, what: string,
): void {
  const n = trans ? b * p : b * q, m = trans ? b * q : b * p;
  callKernel(kernelName('blast', dtypeOf(X)), [
    +trans, batch, b, p, q, r, input(U, b * p * r), input(V, b * q * r), input(S, b * b * r),
    input(X, extent(batch, n, ldx)), ldx, output(Y, extent(batch, m, ldy)), ldy,
  ], what);
}

/** blast off the event loop (X is the caller's own copy); resolves to Y (batch × out, contiguous). */
export async function blastAsync(
  trans: boolean, batch: number, b: number, p: number, q: number, r: number,
  U: FloatArray, V: FloatArray, S: FloatArray, X: FloatArray, ldx: number, what: string, signal?: AbortSignal,
): Promise<FloatArray> {
  const n = trans ? b * p : b * q, m = trans ? b * q : b * p;
  const arrays = await callKernelAsync(kernelName('blast', dtypeOf(X)), [
    +trans, batch, b, p, q, r, input(U, b * p * r), input(V, b * q * r), input(S, b * b * r),
    input(X, extent(batch, n, ldx)), ldx, result(dtypeOf(X), batch * m), m,
  ], { signal, what });
  return arrays[4] as FloatArray;
}
