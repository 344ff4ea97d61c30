/** Parameter checks shared by the sketch factories. */
import { describe } from '../dtype';
import { ValueError } from '../errors';
import { splitSeed } from '../random/index';
import { checkDim, checkOptions } from '../validate';

export interface SketchOptions {
  /** Rows of S: the sketch dimension. */
  k: number;
  /** Columns of S: the input dimension. */
  n: number;
  /** An integer in [0, 2^53): the same seed gives the same operator. */
  seed: number;
}

/** The options object with k, n and seed checked; k >= minK; `extra` names the kind's own parameters. */
export function baseOptions<T extends SketchOptions>(what: string, options: unknown, minK = 0, extra: readonly string[] = []): T {
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${what}: expected options { k, n, seed }, got ${describe(options)}`);
  }
  // One read of each option (getters included), before anything is checked.
  const o = checkOptions<T>(options, what, ['k', 'n', 'seed', ...extra] as (keyof T & string)[]) as T;
  checkDim(o.k, `${what}: k`);
  checkDim(o.n, `${what}: n`);
  if (o.k < minK) throw new ValueError(`${what}: k must be at least ${minK}, got ${o.k}`);
  if (o.seed === undefined) throw new ValueError(`${what}: a seed is required, e.g. { k, n, seed: 42 }`);
  splitSeed(o.seed, what);
  return o;
}
