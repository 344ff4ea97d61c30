/**
 * Features built on the sketches: SimHash binary codes, exact Hamming top-k
 * search over them, random Fourier features (Gaussian and Laplacian
 * kernels), positive random features (softmax kernel), MUVERA encodings of
 * multi-vector sets, and FastRP node embeddings. Each encoder is a small seeded object whose
 * `toJSON()` is exactly what `features.fromJSON` needs to rebuild it.
 */
import { describe } from '../dtype';
import { ValueError, readingCallerValue } from '../errors';
import { isPlainObject, parseJsonText } from '../validate';
import { SimHash, SimHashJSON, simhash } from './simhash';
import * as hamming from './hamming';
import { RandomFourierFeatures, RffJSON, rff } from './rff';
import { PositiveJSON, PositiveRandomFeatures, positive } from './positive';
import { Muvera, MuveraJSON, muvera } from './muvera';

export { simhash, SimHash } from './simhash';
export { hamming };
export { rff, RandomFourierFeatures } from './rff';
export type { RffOptions, RffJSON, RffCoupling, RffKernel, TransformAsyncOptions } from './rff';
export { positive, PositiveRandomFeatures } from './positive';
export type { PositiveOptions, PositiveJSON, PositiveStabilize, PositiveTransformOptions, PositiveTransformAsyncOptions } from './positive';
export { muvera, Muvera } from './muvera';
export type { MuveraOptions, MuveraJSON } from './muvera';
export { fastRP, fastRPAsync } from './fastrp';
export type { FastRPOptions, FastRPAsyncOptions } from './fastrp';
export type { SimHashOptions, SimHashJSON, EncodeAsyncOptions } from './simhash';
export type { SearchOptions, SearchAsyncOptions, SearchResult } from './hamming';

export type FeaturesJSON = SimHashJSON | RffJSON | PositiveJSON | MuveraJSON;
type Encoder = SimHash | RandomFourierFeatures | PositiveRandomFeatures | Muvera;

const KEYS: Record<FeaturesJSON['kind'], string[]> = {
  simhash: ['bits', 'dim', 'kind', 'seed'],
  rff: ['coupling', 'dim', 'gamma', 'inputDim', 'kernel', 'kind', 'seed'],
  positive: ['coupling', 'dim', 'inputDim', 'kind', 'seed'],
  muvera: ['dim', 'finalDim', 'kind', 'projectionDim', 'repetitions', 'seed', 'simhashBits'],
};

/**
 * Rebuilds an encoder from its `toJSON()` (an object, or its JSON text).
 *
 * @throws ValueError for anything that is not the toJSON() of a known kind with valid values.
 * @example
 * const h2 = features.fromJSON(JSON.stringify(h)); // the same codes as h
 */
export function fromJSON(json: SimHashJSON): SimHash;
export function fromJSON(json: RffJSON): RandomFourierFeatures;
export function fromJSON(json: PositiveJSON): PositiveRandomFeatures;
export function fromJSON(json: MuveraJSON): Muvera;
export function fromJSON(json: FeaturesJSON | string): Encoder;
export function fromJSON(json: FeaturesJSON | string): Encoder {
  return readingCallerValue('features.fromJSON: reading the JSON object', () => fromJSONUnchecked(json));
}

function fromJSONUnchecked(json: unknown): Encoder {
  const what = 'features.fromJSON';
  const j = parseJsonText(json, what);
  if (!isPlainObject(j)) throw new ValueError(`${what}: expected { kind, ... }, got ${describe(j)}`);
  const kind = j.kind;
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(KEYS, kind)) {
    throw new ValueError(`${what}: unknown kind ${describe(kind)} (expected one of ${Object.keys(KEYS).join(', ')})`);
  }
  const keys = Object.keys(j).sort().join(',');
  const want = KEYS[kind as FeaturesJSON['kind']];
  if (keys !== want.join(',')) {
    throw new ValueError(`${what}: a ${kind} takes exactly the keys ${want.join(', ')}; got ${keys}`);
  }
  if (kind === 'rff') {
    return rff({
      dim: j.dim as number, inputDim: j.inputDim as number, kernel: j.kernel as RffJSON['kernel'], gamma: j.gamma as number,
      seed: j.seed as number, coupling: j.coupling as RffJSON['coupling'],
    });
  }
  if (kind === 'positive') {
    return positive({ dim: j.dim as number, inputDim: j.inputDim as number, seed: j.seed as number, coupling: j.coupling as PositiveJSON['coupling'] });
  }
  if (kind === 'muvera') {
    // toJSON writes null for an omitted width; the options take it omitted.
    const width = (v: unknown) => (v === null ? undefined : (v as number));
    return muvera({
      dim: j.dim as number, repetitions: j.repetitions as number, simhashBits: j.simhashBits as number,
      projectionDim: width(j.projectionDim), finalDim: width(j.finalDim), seed: j.seed as number,
    });
  }
  return simhash({ bits: j.bits as number, dim: j.dim as number, seed: j.seed as number });
}

