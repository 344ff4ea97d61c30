/** Dense Gaussian and Rademacher sketches (applied through the GEMM, S made in blocks). */
import { SKETCH_KIND } from '../backend/backend';
import { SketchOperator, makeOperator } from './operator';
import { SketchOptions, baseOptions } from './params';

/**
 * S with independent N(0, 1/k) entries: entry (i, j) is exactly
 * `random.gaussian(k, n, { seed, scale: 1/√k })`'s, so E‖Sx‖² = ‖x‖².
 *
 * @throws ValueError for k or n not integers in [0, 2^32) or a bad seed.
 * @example
 * const S = sketch.gaussian({ k: 256, n: 1024, seed: 42 });
 * const Y = S.project(X); // X: N × 1024 -> N × 256
 */
export function gaussian(options: SketchOptions): SketchOperator {
  const o = baseOptions(`sketch.gaussian`, options);
  return makeOperator('gaussian', o.k, o.n, {}, o.seed, SKETCH_KIND.gaussian, 0);
}

/**
 * S with independent ±1/√k entries: entry (i, j) is
 * `random.rademacher(k, n, { seed, scale: 1/√k })`'s.
 *
 * @throws ValueError for k or n not integers in [0, 2^32) or a bad seed.
 * @example
 * const S = sketch.rademacher({ k: 64, n: 500, seed: 1 });
 */
export function rademacher(options: SketchOptions): SketchOperator {
  const o = baseOptions(`sketch.rademacher`, options);
  return makeOperator('rademacher', o.k, o.n, {}, o.seed, SKETCH_KIND.rademacher, 0);
}
