/** Checks at the public boundary, made once, before anything is allocated. */
import { describe } from './dtype';
import { OutOfMemoryError, ValueError } from './errors';

/**
 * The most elements one result may hold. V8 caps typed arrays at 2^32
 * elements on 64-bit hosts; checking here turns a would-be engine
 * "Invalid typed array length" into a typed error that names the shape.
 */
export const MAX_ELEMENTS = 2 ** 32 - 1;

/** A dimension: an integer in [0, 2^32). */
export function checkDim(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_ELEMENTS) {
    throw new ValueError(`${what} must be an integer in [0, 2^32), got ${describe(v)}`);
  }
  return v;
}

/** An integer in [lo, hi]. */
export function checkInt(v: unknown, what: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new ValueError(`${what} must be an integer in [${lo}, ${hi}], got ${describe(v)}`);
  }
  return v;
}

export function checkFinite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValueError(`${what} must be a finite number, got ${describe(v)}`);
  }
  return v;
}

export function checkBool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new ValueError(`${what} must be true or false, got ${describe(v)}`);
  return v;
}

/** rows × cols elements fit in one typed array (checked before allocating). */
export function checkAllocation(rows: number, cols: number, what: string): number {
  const n = rows * cols;
  if (n > MAX_ELEMENTS) {
    throw new OutOfMemoryError(
      `${what}: a ${rows}×${cols} result has ${n} elements, more than the ${MAX_ELEMENTS} a typed array can hold`,
    );
  }
  return n;
}

/** An options argument: undefined or a plain object. */
export function checkOptions<T extends object>(v: unknown, what: string): Partial<T> {
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new ValueError(`${what}: options must be an object, got ${describe(v)}`);
  }
  return v as Partial<T>;
}
