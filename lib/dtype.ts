/** Element types and the typed arrays that hold them. */
import { DTypeError } from './errors';

export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;
export type ArrayOf<D extends DType> = D extends 'float32' ? Float32Array : Float64Array;

export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float32Array ? 'float32' : 'float64';
}

/** Checks a dtype name given by the caller. */
export function checkDType(dtype: unknown, what: string): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new DTypeError(`${what}: dtype must be 'float32' or 'float64', got ${describe(dtype)}`);
}

export function isFloatArray(a: unknown): a is FloatArray {
  return a instanceof Float32Array || a instanceof Float64Array;
}

export function newArray(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as { length?: number }).length ?? v.byteLength})`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'function') return 'a function';
  return (v as object).constructor?.name ? `a ${(v as object).constructor.name}` : 'an object';
}
