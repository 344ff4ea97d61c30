/** The subsampled randomized Hadamard transform (through the FWHT kernel). */
import { SKETCH_KIND } from '../backend/backend';
import { ValueError } from '../errors';
import { SketchOperator, makeOperator } from './operator';
import { SketchOptions, baseOptions } from './params';

/**
 * SRHT: S = √(n₂/k)·R·H·D applied to x zero-padded to n₂ (the next power of
 * two ≥ n), with D random signs, H the orthonormal Walsh–Hadamard matrix and
 * R k distinct rows. Entries are ±1/√k; `toDense()` is k × n (padding
 * columns dropped).
 *
 * @throws ValueError for k > n₂, n₂ > 2^32, or a bad seed.
 * @example
 * const S = sketch.srht({ k: 256, n: 1000, seed: 9 }); // n₂ = 1024
 */
export function srht(options: SketchOptions): SketchOperator {
  const what = 'sketch.srht';
  const o = baseOptions(what, options);
  let n2 = 1;
  while (n2 < o.n) n2 *= 2;
  if (n2 > 2 ** 32) throw new ValueError(`${what}: n = ${o.n} pads to ${n2} > 2^32`);
  if (o.k > n2) throw new ValueError(`${what}: k = ${o.k} must be at most n₂ = ${n2} (n = ${o.n} padded to a power of two)`);
  return makeOperator('srht', o.k, o.n, {}, o.seed, SKETCH_KIND.srht, 0);
}
