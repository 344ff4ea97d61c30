/**
 * Features built on the sketches: SimHash binary codes, exact Hamming top-k
 * search over them, and random Fourier features. Each encoder is a small seeded object whose
 * `toJSON()` is exactly what `features.fromJSON` needs to rebuild it.
 */
import { describe } from '../dtype';
import { ValueError, readingCallerValue } from '../errors';
import { isPlainObject, parseJsonText } from '../validate';
import { SimHash, SimHashJSON, simhash } from './simhash';
import * as hamming from './hamming';
import { RandomFourierFeatures, RffJSON, rff } from './rff';

export { simhash, SimHash } from './simhash';
export { hamming };
export { rff, RandomFourierFeatures } from './rff';
export type { RffOptions, RffJSON, RffCoupling, TransformAsyncOptions } from './rff';
export type { SimHashOptions, SimHashJSON, EncodeAsyncOptions } from './simhash';
export type { SearchOptions, SearchAsyncOptions, SearchResult } from './hamming';

export type FeaturesJSON = SimHashJSON | RffJSON;

const KEYS: Record<FeaturesJSON['kind'], string[]> = {
  simhash: ['bits', 'dim', 'kind', 'seed'],
  rff: ['coupling', 'dim', 'gamma', 'inputDim', 'kernel', 'kind', 'seed'],
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
export function fromJSON(json: FeaturesJSON | string): SimHash | RandomFourierFeatures;
export function fromJSON(json: FeaturesJSON | string): SimHash | RandomFourierFeatures {
  return readingCallerValue('features.fromJSON: reading the JSON object', () => fromJSONUnchecked(json));
}

function fromJSONUnchecked(json: unknown): SimHash | RandomFourierFeatures {
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
      dim: j.dim as number, inputDim: j.inputDim as number, kernel: j.kernel as 'gaussian', gamma: j.gamma as number,
      seed: j.seed as number, coupling: j.coupling as RffJSON['coupling'],
    });
  }
  return simhash({ bits: j.bits as number, dim: j.dim as number, seed: j.seed as number });
}

