/** Checks shared by the binary-code functions (simhash, hamming). */
import { describe, lengthOfArray, typedArrayKind } from '../dtype';
import { ShapeError, ValueError } from '../errors';

/** The largest code width: a Hamming distance must fit a Uint16Array entry. */
export const MAX_BITS = 65504;

/** bits: a positive multiple of 32, at most MAX_BITS. */
export function checkBits(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 32 || v > MAX_BITS || v % 32 !== 0) {
    throw new ValueError(`${what} must be a positive multiple of 32 (at most ${MAX_BITS}), got ${describe(v)}`);
  }
  return v;
}

/**
 * A Uint32Array of whole codes of `words` words each; returns the number of
 * codes. Its length is read from the engine (never the caller's `.length`).
 */
export function checkCodes(v: unknown, words: number, what: string): number {
  if (typedArrayKind(v) !== 'Uint32Array') {
    throw new ValueError(`${what} must be a Uint32Array of packed codes, got ${describe(v)}`);
  }
  const len = lengthOfArray(v as Uint32Array);
  if (len % words !== 0) {
    throw new ShapeError(`${what} has ${len} words, not a whole number of ${words}-word (${words * 32}-bit) codes`);
  }
  return len / words;
}

/** Bits set in a 32-bit word. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
