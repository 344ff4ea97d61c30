/**
 * Counter-based random matrices (Philox4x32-10). Entry (i, j) of a matrix is a
 * pure function of (seed, stream, distribution, i, j), the same bits on every
 * backend; float32 entries are the float64 ones rounded. The exact mapping is
 * in native/kernels/RANDOM.md.
 */
import { ArrayOf, DType, checkDType, describe, newArray } from '../dtype';
import { ValueError, readingCallerValue } from '../errors';
import { Matrix } from '../matrix';
import { DIST } from '../backend/backend';
import { philox4x32 as philoxKernel, randomFill } from '../backend/core';
import { checkAllocation, checkDim, checkFinite, checkInt, checkOptions } from '../validate';

export interface RandomOptions<D extends DType = DType> {
  /** An integer in [0, 2^53). Required: the same seed gives the same matrix. */
  seed: number;
  /** 'float64' (default) or 'float32'; the result's array type follows it. */
  dtype?: D;
  /** Independent streams under one seed: an integer in [0, 2^32) (default 0). */
  stream?: number;
  /** Multiplies every entry (default 1), in float64 before rounding to float32. */
  scale?: number;
  /** The block starts at this row of the infinite random matrix (default 0). */
  rowOffset?: number;
  /** The block starts at this column (default 0). */
  colOffset?: number;
}

/** Splits a seed into the two 32-bit words of Philox's key. */
export function splitSeed(seed: unknown, what: string): [number, number] {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 53) {
    throw new ValueError(`${what}: seed must be an integer in [0, 2^53), got ${describe(seed)}`);
  }
  return [seed % 2 ** 32, Math.floor(seed / 2 ** 32)];
}

function fill(what: string, dist: number, rows: number, cols: number, options: unknown): Matrix {
  checkDim(rows, `${what}: rows`);
  checkDim(cols, `${what}: cols`);
  const o = checkOptions<RandomOptions>(options, what, ['seed', 'dtype', 'stream', 'scale', 'rowOffset', 'colOffset']);
  if (o.seed === undefined) throw new ValueError(`${what}: a seed is required, e.g. { seed: 42 }`);
  const [lo, hi] = splitSeed(o.seed, what);
  const dtype = o.dtype === undefined ? 'float64' : checkDType(o.dtype, what);
  const stream = o.stream === undefined ? 0 : checkInt(o.stream, `${what}: stream`, 0, 2 ** 32 - 1);
  const scale = o.scale === undefined ? 1 : checkFinite(o.scale, `${what}: scale`);
  const row0 = o.rowOffset === undefined ? 0 : checkInt(o.rowOffset, `${what}: rowOffset`, 0, 2 ** 32 - rows);
  const col0 = o.colOffset === undefined ? 0 : checkInt(o.colOffset, `${what}: colOffset`, 0, 2 ** 32 - cols);
  const data = newArray(dtype, checkAllocation(rows, cols, what));
  if (rows === 0 || cols === 0) return new Matrix(rows, cols, data);
  randomFill(dist, lo, hi, stream, row0, col0, rows, cols, scale, data, cols);
  return new Matrix(rows, cols, data);
}

/**
 * One Philox4x32-10 block: Philox(counter, key), as in Random123.
 * @param counter four 32-bit words
 * @param key two 32-bit words
 * @example random.philox4x32([0, 0, 0, 0], [0, 0]) // Uint32Array [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 */
export function philox4x32(counter: ArrayLike<number>, key: ArrayLike<number>): Uint32Array {
  const words = (v: ArrayLike<number>, n: number, name: string): Uint32Array => {
    if (v === null || typeof v !== 'object' || (v as ArrayLike<number>).length !== n) {
      throw new ValueError(`random.philox4x32: ${name} must be ${n} 32-bit words, got ${describe(v)}`);
    }
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = checkInt(v[i], `random.philox4x32: ${name}[${i}]`, 0, 2 ** 32 - 1);
    return out;
  };
  const read = (v: ArrayLike<number>, n: number, name: string) =>
    readingCallerValue(`random.philox4x32: reading ${name}`, () => words(v, n, name));
  const c = read(counter, 4, 'counter'), k = read(key, 2, 'key');
  const out = new Uint32Array(4);
  philoxKernel(c, k, out);
  return out;
}

/** A rows×cols matrix of independent N(0, 1) entries (times `scale`). */
export function gaussian<D extends DType = 'float64'>(rows: number, cols: number, options: RandomOptions<D>): Matrix<ArrayOf<D>> {
  return fill('random.gaussian', DIST.gaussian, rows, cols, options) as Matrix<ArrayOf<D>>;
}

/** A rows×cols matrix of independent uniform entries in [0, 1) (times `scale`). */
export function uniform<D extends DType = 'float64'>(rows: number, cols: number, options: RandomOptions<D>): Matrix<ArrayOf<D>> {
  return fill('random.uniform', DIST.uniform, rows, cols, options) as Matrix<ArrayOf<D>>;
}

/** A rows×cols matrix of independent ±1 entries (times `scale`). */
export function rademacher<D extends DType = 'float64'>(rows: number, cols: number, options: RandomOptions<D>): Matrix<ArrayOf<D>> {
  return fill('random.rademacher', DIST.rademacher, rows, cols, options) as Matrix<ArrayOf<D>>;
}
