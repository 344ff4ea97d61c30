/**
 * SimHash (Charikar 2002): sign random projections packed into bits. The
 * projection is the seeded Gaussian sketch (sketch.gaussian), so the same
 * seed gives the same hyperplanes on every backend; the signs are packed by
 * one kernel (skm_sign_pack_*) whose output depends only on the signs. For
 * two vectors at angle θ, each bit differs with probability θ/π, so
 * π·hamming/bits estimates θ without bias.
 */
import { describe } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, isMatrix, leadingDim } from '../matrix';
import { gaussian } from '../sketch/dense';
import type { SketchOperator } from '../sketch/operator';
import { signPack } from '../backend/features';
import { splitSeed } from '../random/index';
import { checkAllocation, checkDim, checkInt, checkOptions, checkSignal } from '../validate';
import { checkBits, checkCodes, popcount32 } from './codes';
import { checkEncoderInput } from './input';

export interface SimHashOptions {
  /** Code width: a positive multiple of 32, at most 65504. */
  bits: number;
  /** Length of the input vectors. */
  dim: number;
  /** An integer in [0, 2^53): the same seed gives the same codes. */
  seed: number;
}

/** What `toJSON()` gives and `features.fromJSON` takes. */
export interface SimHashJSON {
  kind: 'simhash';
  bits: number;
  dim: number;
  seed: number;
}

export interface EncodeAsyncOptions {
  signal?: AbortSignal;
}

const built = new WeakSet<object>();
let constructing = false;

function self(h: unknown, method: string): SimHash {
  if (typeof h !== 'object' || h === null || !built.has(h)) {
    throw new ValueError(`SimHash.${method} was called on ${describe(h)}, not on a SimHash (pass a bound function, e.g. X => h.${method}(X))`);
  }
  return h as SimHash;
}

export class SimHash {
  readonly bits: number;
  readonly dim: number;
  readonly seed: number;
  /** Uint32 words per code: bits / 32. */
  readonly words: number;
  private readonly projection: SketchOperator;

  /** @internal Built by features.simhash / features.fromJSON only. */
  constructor(bits: number, dim: number, seed: number) {
    if (!constructing) throw new ValueError('SimHash: build it with features.simhash({ bits, dim, seed }) or features.fromJSON');
    this.bits = bits;
    this.dim = dim;
    this.seed = seed;
    this.words = bits / 32;
    this.projection = gaussian({ k: bits, n: dim, seed });
    Object.freeze(this);
    built.add(this);
  }

  /**
   * The codes of X's rows (X: N × dim, float32 or float64): a new Uint32Array
   * of N × bits/32 words, row after row; bit b of word w of a row is 1 when
   * its projection 32·w + b is > 0.
   *
   * @throws ValueError if X is not a Matrix (or its buffer was detached).
   * @throws ShapeError if X does not have dim columns.
   * @example
   * const h = features.simhash({ bits: 256, dim: 384, seed: 1 });
   * const codes = h.encode(embeddings); // N × 8 words
   */
  encode(X: Matrix): Uint32Array {
    const h = self(this, 'encode');
    const what = 'simhash.encode';
    const x = h.checkX(X, what);
    const codes = new Uint32Array(checkAllocation(x.rows, h.words, what));
    if (x.rows === 0) return codes;
    const P = h.projection.project(x);
    signPack(P.rows, h.bits, P.data, leadingDim(P), codes, what);
    return codes;
  }

  /**
   * encode with the projection off the event loop (see SketchOperator.projectAsync).
   *
   * @throws as encode, as a rejected Promise; AbortError when `signal` fires first.
   */
  async encodeAsync(X: Matrix, options?: EncodeAsyncOptions): Promise<Uint32Array> {
    const h = self(this, 'encodeAsync');
    const what = 'simhash.encodeAsync';
    const o = checkOptions<EncodeAsyncOptions>(options, what, ['signal']);
    const signal = checkSignal(o.signal, what);
    const x = h.checkX(X, what);
    const codes = new Uint32Array(checkAllocation(x.rows, h.words, what));
    if (x.rows === 0) return codes;
    const P = await h.projection.projectAsync(x, { signal });
    signPack(P.rows, h.bits, P.data, leadingDim(P), codes, what);
    return codes;
  }

  /**
   * The angle (radians, in [0, π]) between the vectors behind code i of
   * codesA and code j of codesB, estimated as π·hamming/bits.
   *
   * @throws ValueError for arrays that are not Uint32Array or indices out of range.
   * @throws ShapeError for arrays that are not whole codes of this width.
   */
  angle(codesA: Uint32Array, i: number, codesB: Uint32Array, j: number): number {
    const h = self(this, 'angle');
    const what = 'simhash.angle';
    const na = checkCodes(codesA, h.words, `${what}: codesA`);
    const nb = checkCodes(codesB, h.words, `${what}: codesB`);
    if (na === 0) throw new ValueError(`${what}: codesA holds no codes`);
    if (nb === 0) throw new ValueError(`${what}: codesB holds no codes`);
    checkInt(i, `${what}: i`, 0, na - 1);
    checkInt(j, `${what}: j`, 0, nb - 1);
    let d = 0;
    for (let w = 0; w < h.words; w++) d += popcount32(codesA[i * h.words + w] ^ codesB[j * h.words + w]);
    return (Math.PI * d) / h.bits;
  }

  /** `{ kind: 'simhash', bits, dim, seed }`: features.fromJSON of it rebuilds this encoder. */
  toJSON(): SimHashJSON {
    const h = self(this, 'toJSON');
    return { kind: 'simhash', bits: h.bits, dim: h.dim, seed: h.seed };
  }

  private checkX(X: unknown, what: string): Matrix {
    return checkEncoderInput(X, this.dim, what);
  }
}

/**
 * A SimHash encoder: `bits` Gaussian hyperplanes in `dim` dimensions, named by `seed`.
 *
 * @throws ValueError for bits not a positive multiple of 32 (≤ 65504), dim not an integer in [0, 2^32), or a bad seed.
 * @example
 * const h = features.simhash({ bits: 256, dim: 384, seed: 7 });
 * const codes = h.encode(X);
 * const theta = h.angle(codes, 0, codes, 1); // ≈ the angle between rows 0 and 1
 */
export function simhash(options: SimHashOptions): SimHash {
  const what = 'features.simhash';
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${what}: expected options { bits, dim, seed }, got ${describe(options)}`);
  }
  const o = checkOptions<SimHashOptions>(options, what, ['bits', 'dim', 'seed']);
  const bits = checkBits(o.bits, `${what}: bits`);
  const dim = checkDim(o.dim, `${what}: dim`);
  if (o.seed === undefined) throw new ValueError(`${what}: a seed is required, e.g. { bits, dim, seed: 42 }`);
  splitSeed(o.seed, what);
  constructing = true;
  try {
    return new SimHash(bits, dim, o.seed);
  } finally {
    constructing = false;
  }
}
