/** Sparse sketches: sparse sign, CountSketch, very sparse (applied by scatter/gather kernels). */
import { SKETCH_KIND } from '../backend/backend';
import { ValueError } from '../errors';
import { checkInt } from '../validate';
import { describe } from '../dtype';
import { SketchOperator, makeOperator } from './operator';
import { SketchOptions, baseOptions } from './params';

/** The kernels' kMinVerySparseDensity (native/kernels/sketch_def.h). */
const MIN_DENSITY = 2 ** -40;

export interface SparseSignOptions extends SketchOptions {
  /** Nonzeros per column of S, 1 ≤ nnz ≤ k (default min(8, k)); 1 is CountSketch. */
  nnz?: number;
}

export interface VerySparseOptions extends SketchOptions {
  /** Probability that an entry is nonzero, in [2^-40, 1] (default 1/√n). */
  density?: number;
}

/**
 * Sparse sign embedding: each column of S has `nnz` distinct nonzero rows,
 * with values ±1/√nnz (so E‖Sx‖² = ‖x‖²).
 *
 * @throws ValueError for k < 1, nnz not an integer in [1, k], or a bad seed.
 * @example
 * const S = sketch.sparseSign({ k: 256, n: 1024, nnz: 8, seed: 42 });
 * const Y = S.project(X); // N × 1024 -> N × 256
 */
export function sparseSign(options: SparseSignOptions): SketchOperator {
  const what = 'sketch.sparseSign';
  const o = baseOptions<SparseSignOptions>(what, options, 1, ['nnz']);
  const nnz = o.nnz === undefined ? Math.min(8, o.k) : checkInt(o.nnz, `${what}: nnz`, 1, o.k);
  return makeOperator('sparseSign', o.k, o.n, { nnz }, o.seed, SKETCH_KIND.sparseSign, nnz);
}

/**
 * CountSketch (Clarkson–Woodruff): sparse sign with one ±1 per column.
 *
 * @throws ValueError for k < 1 or a bad seed.
 * @example
 * const SA = sketch.countSketch({ k: 2048, n: A.rows, seed: 3 }).apply(A);
 */
export function countSketch(options: SketchOptions): SketchOperator {
  const o = baseOptions(`sketch.countSketch`, options, 1);
  return makeOperator('countSketch', o.k, o.n, {}, o.seed, SKETCH_KIND.sparseSign, 1);
}

/**
 * Very sparse random projection (Li, Hastie, Church 2006): each entry is
 * independently nonzero with probability `density`, with value
 * ±1/√(k·density).
 *
 * Densities below 2^-40 are refused: no k below 2^32 gets an expected
 * nonzero from them, and the sampler needs 1 − density to differ from 1.
 *
 * @throws ValueError for density outside [2^-40, 1] or a bad seed.
 * @example
 * const S = sketch.verySparse({ k: 256, n: 1024, seed: 5 }); // density 1/32
 */
export function verySparse(options: VerySparseOptions): SketchOperator {
  const what = 'sketch.verySparse';
  const o = baseOptions<VerySparseOptions>(what, options, 0, ['density']);
  const density = o.density === undefined ? Math.min(1, 1 / Math.sqrt(Math.max(o.n, 1))) : o.density;
  if (typeof density !== 'number' || !(density >= MIN_DENSITY && density <= 1)) {
    throw new ValueError(`${what}: density must be a number in [2^-40, 1], got ${describe(o.density)}`);
  }
  return makeOperator('verySparse', o.k, o.n, { density }, o.seed, SKETCH_KIND.verySparse, density);
}
