/**
 * Sketching operators S (k × n), each named by its parameters and a seed and
 * never stored densely: Gaussian, Rademacher, sparse sign, CountSketch, very
 * sparse, SRHT, TensorSketch. Every entry is a pure function of (seed, kind,
 * parameters, i, j) — the same operator on every backend, whole or in row
 * blocks, in float32 (rounded) or float64. The exact mapping is in
 * native/kernels/SKETCH.md.
 */
import { describe } from '../dtype';
import { ValueError, readingCallerValue } from '../errors';
import { isPlainObject, parseJsonText } from '../validate';
import { gaussian, rademacher } from './dense';
import { countSketch, sparseSign, verySparse } from './sparse';
import { srht } from './srht';
import { tensorSketch } from './tensor';
import type { SketchJSON, SketchKind, SketchOperator } from './operator';

export { gaussian, rademacher } from './dense';
export { sparseSign, countSketch, verySparse } from './sparse';
export { srht } from './srht';
export { tensorSketch } from './tensor';
export { fwht } from './fwht';

const PARAMS: Record<SketchKind, string[]> = {
  gaussian: [], rademacher: [], countSketch: [], srht: [],
  sparseSign: ['nnz'], verySparse: ['density'], tensorSketch: ['degree'],
};
const FACTORY: Record<SketchKind, (o: never) => SketchOperator> = {
  gaussian, rademacher, sparseSign, countSketch, verySparse, srht, tensorSketch,
};

/**
 * Rebuilds an operator from its `toJSON()` (an object, or its JSON text).
 *
 * @throws ValueError for anything that is not `{ kind, k, n, params, seed }` of a known kind with valid values.
 * @example
 * const S2 = sketch.fromJSON(JSON.parse(JSON.stringify(S))); // the same operator
 */
export function fromJSON(json: SketchJSON | string): SketchOperator {
  // A Proxy or getters in the object: whatever reading it throws is a ValueError.
  return readingCallerValue('sketch.fromJSON: reading the JSON object', () => fromJSONUnchecked(json));
}

function fromJSONUnchecked(json: SketchJSON | string): SketchOperator {
  const what = 'sketch.fromJSON';
  const j = parseJsonText(json, what);
  if (!isPlainObject(j)) {
    throw new ValueError(`${what}: expected { kind, k, n, params, seed }, got ${describe(j)}`);
  }
  const o = j as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (keys !== 'k,kind,n,params,seed') {
    throw new ValueError(`${what}: expected exactly the keys kind, k, n, params, seed; got ${keys || 'none'}`);
  }
  const kind = o.kind as SketchKind;
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(PARAMS, kind)) {
    throw new ValueError(`${what}: unknown kind ${describe(o.kind)} (expected one of ${Object.keys(PARAMS).join(', ')})`);
  }
  const params = o.params;
  if (!isPlainObject(params)) {
    throw new ValueError(`${what}: params must be a plain object, got ${describe(params)}`);
  }
  const pk = Object.keys(params).sort().join(',');
  if (pk !== PARAMS[kind].join(',')) {
    throw new ValueError(`${what}: ${kind} takes params {${PARAMS[kind].join(', ')}}, got {${pk}}`);
  }
  return FACTORY[kind]({ k: o.k, n: o.n, seed: o.seed, ...(params as object) } as never);
}


/**
 * The Johnson–Lindenstrauss target dimension: the smallest k with
 * k ≥ 4·ln(nSamples) / (ε²/2 − ε³/3), so that a random projection to k
 * dimensions keeps all pairwise squared distances of nSamples points within
 * a factor (1 ± ε) with good probability (Dasgupta & Gupta 2003; the bound
 * scikit-learn's johnson_lindenstrauss_min_dim uses, rounded up).
 *
 * @throws ValueError for nSamples not a positive integer or eps outside (0, 1).
 * @example
 * sketch.jlMinDim(1e6, 0.1); // 11842
 */
export function jlMinDim(nSamples: number, eps: number): number {
  const what = 'sketch.jlMinDim';
  if (typeof nSamples !== 'number' || !Number.isInteger(nSamples) || nSamples < 1) {
    throw new ValueError(`${what}: nSamples must be a positive integer, got ${describe(nSamples)}`);
  }
  if (typeof eps !== 'number' || !(eps > 0 && eps < 1)) {
    throw new ValueError(`${what}: eps must be in (0, 1), got ${describe(eps)}`);
  }
  return Math.ceil((4 * Math.log(nSamples)) / ((eps * eps) / 2 - (eps * eps * eps) / 3));
}

export { SketchOperator } from './operator';
export type { SketchJSON, SketchKind, ApplyOptions, ProjectOptions, ProjectAsyncOptions } from './operator';
export type { SketchOptions } from './params';
export type { SparseSignOptions, VerySparseOptions } from './sparse';
export type { TensorSketchOptions } from './tensor';
export type { FwhtOptions } from './fwht';
