/** Byte inputs as the caller hands them in, read through the engine's own getters. */
import { bufferOfArray, byteLengthOfArray, byteOffsetOfArray, describe, typedArrayKind } from '../dtype';
import { ValueError } from '../errors';

const arrayBufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get! as (this: unknown) => number;
const sharedLength =
  typeof SharedArrayBuffer === 'function'
    ? (Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength')!.get! as (this: unknown) => number)
    : undefined;

function isBufferOf(v: unknown, length: ((this: unknown) => number) | undefined): boolean {
  if (!length || typeof v !== 'object' || v === null) return false;
  try {
    length.call(v); // throws unless v really is that kind of buffer (a look-alike or Proxy is not)
    return true;
  } catch {
    return false;
  }
}

/** What the byte-level readers accept: a Uint8Array (a Node Buffer is one), any typed array, or an ArrayBuffer. */
export type BytesLike = ArrayBufferView | ArrayBufferLike;

/**
 * A Uint8Array over the caller's bytes (not a copy). A detached buffer reads as
 * empty, which the format readers then report as truncated.
 *
 * @throws ValueError for anything that is not bytes (a Proxy of a typed array, a DataView, a string…).
 */
export function bytesOf(v: unknown, what: string): Uint8Array {
  // A detached buffer cannot be viewed at all (the constructor throws): it holds no bytes.
  if (isBufferOf(v, arrayBufferLength)) return arrayBufferLength.call(v) === 0 ? new Uint8Array(0) : new Uint8Array(v as ArrayBuffer);
  if (isBufferOf(v, sharedLength)) return new Uint8Array(v as ArrayBuffer);
  if (typedArrayKind(v) !== undefined) {
    const a = v as ArrayBufferView;
    const n = byteLengthOfArray(a);
    return n === 0 ? new Uint8Array(0) : new Uint8Array(bufferOfArray(a) as ArrayBuffer, byteOffsetOfArray(a), n);
  }
  throw new ValueError(`${what}: expected bytes (a Uint8Array, Buffer or ArrayBuffer), got ${describe(v)}`);
}
