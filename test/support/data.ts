/** Deterministic test inputs (independent of the library's own RNG). */
import { Matrix } from '../../lib/matrix';
import type { DType } from '../../lib/dtype';

/** A small xorshift generator: enough for test data, nothing more. */
export function rng(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 2 ** 32 * 2 - 1; // in [-1, 1)
  };
}

/**
 * A rows×cols matrix of values in [-1, 1) with the given row stride; the
 * padding between rows holds NaN, so a kernel that reads it shows NaN.
 */
export function filled(rows: number, cols: number, dtype: DType, seed: number, stride = cols): Matrix {
  const next = rng(seed);
  const n = rows === 0 ? 0 : (rows - 1) * stride + cols;
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  data.fill(NaN);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * stride + j] = next();
  return new Matrix(rows, cols, data, { rowStride: stride });
}

export const EPS: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };
