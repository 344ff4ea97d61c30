/**
 * The operator market's core check, shared by the structured test files:
 * every product of a LinearOperator (linear, linearAsync, transpose().linear,
 * matmul) against its dense definition D through the reference GEMM, at
 * several batch sizes, with a rounding bound from the magnitudes |D|.
 */
import { Matrix } from '../../lib/api';
import type { LinearOperator } from '../../lib/api';
import type { DType } from '../../lib/dtype';
import { Dense, abs, closeTo, fromMatrix, mul, tr } from '../reference/structured';
import { EPS, filled, rng } from './data';

/** A rounding bound for sums of `inner` terms in `dtype`. */
export function tolOf(dtype: DType, inner: number): number {
  return EPS[dtype] * 8 * (inner + 8);
}

/** n seeded values in [0, 1) in `dtype`. */
export function vec(dtype: DType, n: number, seed: number): Float32Array | Float64Array {
  const next = rng(seed);
  const v = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = next();
  return v;
}

/** Equal-shaped blocks stacked vertically into one contiguous Matrix. */
export function concat(blocks: Matrix[], dtype: DType, rows = blocks[0].rows, cols = blocks[0].cols): Matrix {
  const data = dtype === 'float32' ? new Float32Array(blocks.length * rows * cols) : new Float64Array(blocks.length * rows * cols);
  blocks.forEach((b, i) => data.set(b.clone().data, i * rows * cols));
  return new Matrix(blocks.length * rows, cols, data);
}

export interface MarketOptions {
  /** Magnitudes bounding the rounding (default |D|). */
  Dmag?: Dense;
  /** Terms per output sum for the bound (default rows + cols). */
  inner?: number;
  /** Batch sizes tried (default 0, 1, 5). */
  batches?: readonly number[];
  /** toDense() must equal D exactly (kernels that only move numbers), not just to rounding. */
  exactDense?: boolean;
}

/** toDense, linear, linearAsync (the same bits), transpose().linear and matmul, each against D. */
export async function checkProducts(op: LinearOperator, D: Dense, dtype: DType, seed: number, o: MarketOptions = {}): Promise<void> {
  const m = op.rows, n = op.cols, Dmag = o.Dmag ?? abs(D), tol = tolOf(dtype, o.inner ?? m + n);
  expect(op.dtype).toBe(dtype);
  const full = op.toDense();
  expect([full.rows, full.cols, full.dtype]).toEqual([m, n, dtype]);
  if (o.exactDense) expect(fromMatrix(full)).toEqual(D);
  else expect(closeTo(fromMatrix(full), D, Dmag, tol)).toBeNull();
  for (const s of o.batches ?? [0, 1, 5]) {
    const X = filled(s, n, dtype, seed + s, n + 2);
    const Xd = fromMatrix(X);
    const Y = op.linear(X);
    expect([Y.rows, Y.cols, Y.dtype]).toEqual([s, m, dtype]);
    expect(closeTo(fromMatrix(Y), mul(Xd, tr(D, n), m), mul(abs(Xd), tr(Dmag, n), m), tol)).toBeNull();
    const Ya = await op.linearAsync(X);
    expect(Array.from(Ya.data)).toEqual(Array.from(Y.data));
    const X2 = filled(s, m, dtype, seed + 10 + s, m + 1);
    const X2d = fromMatrix(X2);
    const T = op.transpose();
    expect([T.rows, T.cols]).toEqual([n, m]);
    const Yt = T.linear(X2);
    expect([Yt.rows, Yt.cols, Yt.dtype]).toEqual([s, n, dtype]);
    expect(closeTo(fromMatrix(Yt), mul(X2d, D, n), mul(abs(X2d), Dmag, n), tol)).toBeNull();
    const Xc = filled(n, s, dtype, seed + 20 + s, s + 3);
    const Xcd = fromMatrix(Xc);
    const Z = op.matmul(Xc);
    expect([Z.rows, Z.cols, Z.dtype]).toEqual([m, s, dtype]);
    expect(closeTo(fromMatrix(Z), mul(D, Xcd, s), mul(Dmag, abs(Xcd), s), tol)).toBeNull();
  }
}
