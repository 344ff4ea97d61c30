/**
 * Compile-time checks of the public types (run by `npm run typecheck`, a CI
 * stage): the dtype flows from options and operands into results, and
 * mixing dtypes is a type error.
 */
import { Matrix, matmul, random, sketch } from '../lib/api';

export const float32Random: Float32Array = random.gaussian(3, 4, { seed: 1, dtype: 'float32' }).data;
export const float64Random: Float64Array = random.uniform(3, 4, { seed: 1 }).data;
const A = random.gaussian(3, 4, { seed: 1, dtype: 'float32' });
export const projected: Float32Array = sketch.gaussian({ k: 2, n: 4, seed: 1 }).project(A).data;
export const applied: Float32Array = sketch.countSketch({ k: 2, n: 3, seed: 1 }).apply(A).data;
export const product: Float32Array = matmul(A, A, { transB: true }).data;
export const projectedAsync: Promise<Matrix<Float32Array>> = sketch.srht({ k: 2, n: 4, seed: 1 }).projectAsync(A);
// @ts-expect-error: float32 and float64 operands do not mix
matmul(A, random.gaussian(4, 3, { seed: 2 }));
