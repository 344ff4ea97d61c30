/**
 * The structured operators' kernels (native/include/skm_structured.h) as
 * typed calls. Callers have checked shapes and pass arrays they own.
 */
import type { DType, FloatArray } from '../dtype';
import { dtypeOf, newArray } from '../dtype';
import { callKernel, callKernelAsync, extent, input, kernelName, output, result } from './kernel';

/**
 * The length skm_monarch_pack_* writes: each round's rows padded to 64 bytes
 * (see skm_structured.h).
 */
export function monarchPackedLength(trans: boolean, k: number, t: number, p: number, q: number, dtype: DType): number {
  const lanes = dtype === 'float32' ? 16 : 8;
  const pad = (w: number) => Math.ceil(w / lanes) * lanes;
  return trans ? t * q * pad(k) + k * t * pad(p) : k * p * pad(t) + t * k * pad(q);
}

/** R's and L's blocks laid out for skm_monarch_packed_* (one direction). */
export function monarchPack(trans: boolean, k: number, t: number, p: number, q: number, R: FloatArray, L: FloatArray, what: string): FloatArray {
  const dtype = dtypeOf(R);
  const len = monarchPackedLength(trans, k, t, p, q, dtype);
  const out = newArray(dtype, len);
  callKernel(kernelName('monarch_pack', dtype), [+trans, k, t, p, q, input(R, k * t * p), input(L, t * q * k), output(out, len), len], what);
  return out;
}

/** monarch on packed blocks (monarchPack). */
export function monarchPacked(
  trans: boolean, batch: number, k: number, t: number, p: number, q: number,
  packed: FloatArray, X: FloatArray, ldx: number, Y: FloatArray, ldy: number, what: string,
): void {
  const n = trans ? t * q : k * p, m = trans ? k * p : t * q;
  callKernel(kernelName('monarch_packed', dtypeOf(X)), [
    +trans, batch, k, t, p, q, input(packed, packed.length), packed.length,
    input(X, extent(batch, n, ldx)), ldx, output(Y, extent(batch, m, ldy)), ldy,
  ], what);
}

/**
 * monarchPacked off the event loop (on copies); resolves to Y (batch × out, contiguous).
 * Y = X·Mᵀ (trans false; X batch × k·p) or X·M (trans true; X batch × t·q).
 */
export async function monarchPackedAsync(
  trans: boolean, batch: number, k: number, t: number, p: number, q: number,
  packed: FloatArray, X: FloatArray, ldx: number, what: string, signal?: AbortSignal,
): Promise<FloatArray> {
  const n = trans ? t * q : k * p, m = trans ? k * p : t * q;
  const arrays = await callKernelAsync(kernelName('monarch_packed', dtypeOf(X)), [
    +trans, batch, k, t, p, q, input(packed, packed.length), packed.length,
    input(X, extent(batch, n, ldx)), ldx, result(dtypeOf(X), batch * m), m,
  ], { signal, what });
  return arrays[2] as FloatArray;
}
