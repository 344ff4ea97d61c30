/** Element types and the typed arrays that hold them. */
import { DTypeError, OutOfMemoryError } from './errors';

export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;
export type ArrayOf<D extends DType> = D extends 'float32' ? Float32Array : Float64Array;

/*
 * Typed-array facts read through the engine's own %TypedArray%.prototype
 * getters and methods, captured once: a Proxy, an own property shadowing
 * `length` or `subarray`, or a swapped prototype can make `a.length` or
 * `a instanceof Float64Array` lie, but not these (they read internal slots).
 */
const TypedArrayProto = Object.getPrototypeOf(Int8Array.prototype) as object;
const getter = (key: PropertyKey) => Object.getOwnPropertyDescriptor(TypedArrayProto, key)!.get!;
const tagOf = getter(Symbol.toStringTag) as (this: unknown) => string | undefined;
const lengthOf = getter('length') as (this: unknown) => number;
const bufferOf = getter('buffer') as (this: unknown) => ArrayBufferLike;
const byteOffsetOf = getter('byteOffset') as (this: unknown) => number;
const byteLengthOf = getter('byteLength') as (this: unknown) => number;
const subarrayOf = (TypedArrayProto as { subarray: (this: unknown, a: number, b: number) => unknown }).subarray;
const setOf = (TypedArrayProto as { set: (this: unknown, src: unknown, offset: number) => void }).set;

/** The typed array's real class name ('Float64Array', …), or undefined for anything else (Proxies included). */
export function typedArrayKind(v: unknown): string | undefined {
  return ArrayBuffer.isView(v) ? tagOf.call(v) : undefined;
}

/** Element count, 0 once the buffer is detached or a resizable buffer shrank below the view. */
export function lengthOfArray(a: ArrayBufferView): number {
  return lengthOf.call(a);
}

export function bufferOfArray(a: ArrayBufferView): ArrayBufferLike {
  return bufferOf.call(a);
}

const sabByteLength =
  typeof SharedArrayBuffer === 'function'
    ? (Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength')!.get! as (this: unknown) => number)
    : undefined;

/**
 * True for shared memory from any realm (a SharedArrayBuffer made in a vm
 * context or another frame, or one with a swapped prototype): the engine's
 * own SharedArrayBuffer byteLength getter accepts exactly those and throws
 * for anything else, where `instanceof` only compares prototypes.
 */
export function isSharedBuffer(b: unknown): boolean {
  if (sabByteLength === undefined || b === null || typeof b !== 'object') return false;
  try {
    sabByteLength.call(b);
    return true;
  } catch {
    return false;
  }
}

export function byteOffsetOfArray(a: ArrayBufferView): number {
  return byteOffsetOf.call(a);
}

/** a.subarray(begin, end) without trusting a's own properties. */
export function subarrayOfArray<T extends ArrayBufferView>(a: T, begin: number, end: number): T {
  return subarrayOf.call(a, begin, end) as T;
}

/**
 * True when the first `aBytes` bytes of view a and the first `bBytes` of b
 * share memory (same buffer, overlapping byte ranges). Read through the
 * intrinsics, so a shadowed `buffer` or `byteOffset` cannot hide an overlap.
 */
export function viewsOverlap(a: ArrayBufferView, aBytes: number, b: ArrayBufferView, bBytes: number): boolean {
  if (aBytes <= 0 || bBytes <= 0 || bufferOfArray(a) !== bufferOfArray(b)) return false;
  const a0 = byteOffsetOfArray(a), b0 = byteOffsetOfArray(b);
  return a0 < b0 + bBytes && b0 < a0 + aBytes;
}

/** Bytes of a typed array's elements (0 once detached or shrunk away). */
export function byteLengthOfArray(a: ArrayBufferView): number {
  return byteLengthOf.call(a);
}

/** dst.set(src, offset) without trusting dst's own properties. */
export function copyInto(dst: ArrayBufferView, src: ArrayBufferView, offset = 0): void {
  setOf.call(dst, src, offset);
}

export function bytesPerElement(dtype: DType): number {
  return dtype === 'float32' ? 4 : 8;
}

export function dtypeOf(a: FloatArray): DType {
  return typedArrayKind(a) === 'Float32Array' ? 'float32' : 'float64';
}

/** Checks a dtype name given by the caller. */
export function checkDType(dtype: unknown, what: string): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new DTypeError(`${what}: dtype must be 'float32' or 'float64', got ${describe(dtype)}`);
}

/** A real Float32Array or Float64Array (not a Proxy of one, not a look-alike). */
export function isFloatArray(a: unknown): a is FloatArray {
  const kind = typedArrayKind(a);
  return kind === 'Float32Array' || kind === 'Float64Array';
}

/**
 * A zeroed array the caller will own. Callers check the element count first
 * (validate.checkAllocation); what can still fail is the memory itself, which
 * V8 reports as a RangeError: that becomes an OutOfMemoryError naming the size.
 */
export function newArray(dtype: DType, length: number): FloatArray {
  try {
    return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  } catch (e) {
    const bytes = length * (dtype === 'float32' ? 4 : 8);
    throw new OutOfMemoryError(`could not allocate ${length} ${dtype} elements (${bytes} bytes): ${(e as Error).message}`);
  }
}

type OwnedArray = Float32Array | Float64Array | Int32Array | Uint32Array;
const OWNED = { Float32Array, Float64Array, Int32Array, Uint32Array } as const;

/**
 * A new array of the same real kind holding a[0, length) (or zeros when
 * `copy` is false), made without trusting a's own properties (`slice`,
 * `constructor`). For the copies async doors hand to another thread.
 */
export function ownedCopy<T extends OwnedArray>(a: T, length: number, copy = true): T {
  const kind = typedArrayKind(a) as keyof typeof OWNED | undefined;
  if (!kind || !(kind in OWNED)) throw new DTypeError(`expected a Float32/Float64/Int32/Uint32Array, got ${describe(a)}`);
  let out: OwnedArray;
  try {
    out = new OWNED[kind](length);
  } catch (e) {
    throw new OutOfMemoryError(`could not allocate ${length} elements: ${(e as Error).message}`);
  }
  if (copy && length > 0) copyInto(out, subarrayOfArray(a, 0, length));
  return out as T;
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  // Describing a hostile value (a revoked Proxy, a throwing getter) must not
  // replace the typed error being built with another exception.
  try {
    return describeUnsafe(v);
  } catch {
    return 'an object';
  }
}

function describeUnsafe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'symbol') return 'a symbol';
  const kind = typedArrayKind(v);
  if (kind) return `${kind}(${lengthOfArray(v as ArrayBufferView)})`;
  if (v instanceof DataView) return `DataView(${v.byteLength} bytes)`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'function') return 'a function';
  {
    const name = (v as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
}
