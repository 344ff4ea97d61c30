/** TensorSketch (Pham & Pagh 2013): sketches of x ⊗ … ⊗ x through the FFT. */
import { SKETCH_KIND } from '../backend/backend';
import { checkInt } from '../validate';
import { SketchOperator, makeOperator } from './operator';
import { SketchOptions, baseOptions } from './params';

export interface TensorSketchOptions extends SketchOptions {
  /** The tensor power (default 2): polynomial kernels of this degree. */
  degree?: number;
}

/**
 * TensorSketch: `project(X)` maps each row x (length n) of X to a k-vector
 * sketching x^{⊗degree}, the FFT-domain product of `degree` independent
 * CountSketches (so ⟨Sx, Sy⟩ estimates ⟨x, y⟩^degree, a polynomial kernel).
 * As a matrix S is k × n^degree (a CountSketch of the tensor power with hash
 * Σₜ hₜ(jₜ) mod k and sign Πₜ sₜ(jₜ)); `toDense()` and `apply` use that
 * (small n only).
 *
 * @throws ValueError for k < 1, degree not an integer in [1, 64], or a bad seed.
 * @example
 * const S = sketch.tensorSketch({ k: 1024, n: 384, degree: 2, seed: 1 });
 * const Z = S.project(X); // N × 384 -> N × 1024
 */
export function tensorSketch(options: TensorSketchOptions): SketchOperator {
  const what = 'sketch.tensorSketch';
  const o = baseOptions<TensorSketchOptions>(what, options, 1, ['degree']);
  const degree = o.degree === undefined ? 2 : checkInt(o.degree, `${what}: degree`, 1, 64);
  const cols = o.n ** degree;
  return makeOperator('tensorSketch', o.k, o.n, { degree }, o.seed, SKETCH_KIND.tensorSketch, degree, cols);
}
