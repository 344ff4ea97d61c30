/**
 * Exact Hamming nearest neighbours over packed binary codes (e.g. SimHash's):
 * a SIMD popcount scan with a bounded heap per query (native/kernels/hamming.cc),
 * threaded over the codes on native; the same answer on every backend and
 * for any thread count.
 */
import { describe } from '../dtype';
import { ValueError } from '../errors';
import { hammingTopK, hammingTopKAsync } from '../backend/features';
import { checkAllocation, checkInt, checkOptions, checkSignal } from '../validate';
import { checkBits, checkCodes } from './codes';

export interface SearchOptions {
  /** Code width in bits: a positive multiple of 32 (at most 65504). */
  bits: number;
}

export interface SearchAsyncOptions extends SearchOptions {
  signal?: AbortSignal;
}

export interface SearchResult {
  /** Q × k code indices, row after row (query after query). */
  indices: Int32Array;
  /** Q × k Hamming distances, matching `indices`. */
  distances: Uint16Array;
}

interface Checked {
  n: number;
  words: number;
  Q: number;
  k: number;
}

function checkSearch(what: string, codes: unknown, queries: unknown, k: unknown, options: unknown, keys: readonly string[]): Checked & { o: Partial<SearchAsyncOptions> } {
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${what}: expected options { bits }, got ${describe(options)}`);
  }
  const o = checkOptions<SearchAsyncOptions>(options, what, keys as (keyof SearchAsyncOptions)[]);
  const bits = checkBits(o.bits, `${what}: bits`);
  const words = bits / 32;
  const n = checkCodes(codes, words, `${what}: codes`);
  const Q = checkCodes(queries, words, `${what}: queries`);
  if (n > 2 ** 31 - 1) throw new ValueError(`${what}: codes holds ${n} codes, more than the 2^31 − 1 an Int32Array index can name`);
  const kk = Math.min(checkInt(k, `${what}: k`, 0, Number.MAX_SAFE_INTEGER), n);
  checkAllocation(Q, kk, what);
  return { n, words, Q, k: kk, o };
}

/**
 * The k codes nearest to each query in Hamming distance. codes (n codes)
 * and queries (Q codes) are Uint32Arrays of packed codes, bits/32 words
 * each. Returns Q × k indices and distances, ascending distance, ties broken
 * by the lower index. When there are fewer than k codes, k is the number of
 * codes (every code is returned, in order).
 *
 * @throws ValueError for arrays that are not Uint32Array, k not an integer ≥ 0, bad bits.
 * @throws ShapeError for arrays that are not whole codes of `bits` bits.
 * @throws OutOfMemoryError if Q × k does not fit a typed array.
 * @example
 * const h = features.simhash({ bits: 256, dim: 384, seed: 1 });
 * const { indices, distances } = features.hamming.search(h.encode(docs), h.encode(queries), 10, { bits: 256 });
 */
export function search(codes: Uint32Array, queries: Uint32Array, k: number, options: SearchOptions): SearchResult {
  const what = 'hamming.search';
  const c = checkSearch(what, codes, queries, k, options, ['bits']);
  const indices = new Int32Array(c.Q * c.k);
  const distances = new Uint16Array(c.Q * c.k);
  if (c.Q === 0 || c.k === 0) return { indices, distances };
  hammingTopK(c.n, c.words, codes, c.Q, queries, c.k, indices, distances, what);
  return { indices, distances };
}

/**
 * search off the event loop (native: on a worker thread over copies of
 * codes and queries, so changing them meanwhile is safe).
 *
 * @throws as search, as a rejected Promise; AbortError when `signal` fires first.
 */
export async function searchAsync(codes: Uint32Array, queries: Uint32Array, k: number, options: SearchAsyncOptions): Promise<SearchResult> {
  const what = 'hamming.searchAsync';
  const c = checkSearch(what, codes, queries, k, options, ['bits', 'signal']);
  const signal = checkSignal(c.o.signal, what);
  if (c.Q === 0 || c.k === 0) return { indices: new Int32Array(c.Q * c.k), distances: new Uint16Array(c.Q * c.k) };
  const r = await hammingTopKAsync(c.n, c.words, codes, c.Q, queries, c.k, signal, what);
  // Arrays made by the addon belong to Node's main realm; under another realm
  // (jest's vm contexts) copy them into ours.
  return {
    indices: r.indices instanceof Int32Array ? r.indices : new Int32Array(r.indices),
    distances: r.distances instanceof Uint16Array ? r.distances : new Uint16Array(r.distances),
  };
}
