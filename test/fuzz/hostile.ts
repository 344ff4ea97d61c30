/**
 * A pool of hostile values: everything a caller can pass where a size, a
 * dtype, a matrix, an options object or a signal is expected. Each call of a
 * maker gives a fresh value (some are stateful: a detached buffer, a revoked
 * Proxy). The fuzzers put one of these in place of one argument or one
 * option and require a typed error or a correct answer.
 */
import { runInNewContext } from 'vm';
import { CsrMatrix, Matrix } from '../../lib/api';
import { CallerError } from '../support/contract';
import { resizableBuffer } from './entries';

export type Maker = { label: string; make: () => unknown };

const throwing = () => {
  throw new CallerError();
};

function detachedMatrix(): Matrix {
  const data = new Float64Array(6).fill(1);
  const M = new Matrix(2, 3, data);
  structuredClone(data.buffer, { transfer: [data.buffer] });
  return M;
}

/** A Matrix over a resizable ArrayBuffer, shrunk after the Matrix was built. */
function shrunkMatrix(lengthTracking: boolean): Matrix {
  const buffer = resizableBuffer(8 * 12, 8 * 64);
  const data = lengthTracking ? new Float64Array(buffer) : new Float64Array(buffer, 0, 12);
  data.fill(2);
  const M = new Matrix(3, 4, data);
  buffer.resize(8 * 5);
  return M;
}

function sharedMatrix(): Matrix {
  const data = new Float32Array(new SharedArrayBuffer(4 * 6)).fill(0.5);
  return new Matrix(3, 2, data);
}

/** Passes `instanceof Matrix` with getters that answer differently on every read. */
function fakeMatrix(): unknown {
  let reads = 0;
  return Object.create(Matrix.prototype, {
    rows: { get: () => (reads++ % 2 ? 1e9 : 2) },
    cols: { get: () => 2 },
    rowStride: { get: () => 2 },
    data: { get: () => (reads++ % 2 ? new Float64Array(0) : new Float64Array(4)) },
  });
}

function revokedProxy(): unknown {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** A real Matrix whose subclass getters lie about what the call should read from its fields. */
function lyingSubclass(): Matrix {
  class Liar extends Matrix {
    // @ts-expect-error: a getter where the base class has a field, as hostile code would write it
    get dtype() { return 'float64' as const; }
    // @ts-expect-error: as above
    get extent() { return 1e9; }
    // @ts-expect-error: as above
    get contiguous() { return true; }
  }
  return new Liar(2, 3, new Float32Array([1, 2, 3, 4, 5, 6]), { rowStride: 3 });
}

/** A CsrMatrix whose index arrays carry own `length` properties that lie. */
function csrWithOwnLength(): CsrMatrix {
  const indices = new Int32Array([0]);
  const data = new Float64Array([1]);
  const A = new CsrMatrix(2, 2, new Int32Array([0, 1, 1]), indices, data);
  Object.defineProperty(indices, 'length', { value: 5 });
  Object.defineProperty(data, 'length', { value: 5 });
  return A;
}

/** A CsrMatrix whose index arrays live in a SharedArrayBuffer made in another realm. */
function csrOverForeignShared(): CsrMatrix {
  const buf = runInNewContext('new SharedArrayBuffer(12)') as ArrayBuffer;
  const indptr = new Int32Array(buf);
  indptr.set([0, 1, 2]);
  return new CsrMatrix(2, 2, indptr, new Int32Array([1, 0]), new Float32Array([3, 4]));
}

/** An AbortSignal Proxy whose every trap throws (the library must still settle once). */
function throwingSignal(): unknown {
  return new Proxy(new AbortController().signal, { get: throwing, has: throwing, getPrototypeOf: throwing });
}

export const HOSTILE: Maker[] = [
  { label: 'undefined', make: () => undefined },
  { label: 'null', make: () => null },
  { label: 'NaN', make: () => NaN },
  { label: 'Infinity', make: () => Infinity },
  { label: '-Infinity', make: () => -Infinity },
  { label: '-1', make: () => -1 },
  { label: '-0', make: () => -0 },
  { label: '0.5', make: () => 0.5 },
  // Sizes past 2^32 only: a valid huge size (2^31 rows of one column) is a
  // legitimate request for gigabytes, which a fuzzer must not make by chance.
  { label: '2^32', make: () => 2 ** 32 },
  { label: '2^53', make: () => 2 ** 53 },
  { label: '1e308', make: () => 1e308 },
  { label: 'BigInt 3n', make: () => 3n },
  { label: 'BigInt 2^64', make: () => 2n ** 64n },
  { label: 'string "3"', make: () => '3' },
  { label: 'empty string', make: () => '' },
  { label: 'symbol', make: () => Symbol('hostile') },
  { label: 'true', make: () => true },
  { label: 'empty object', make: () => ({}) },
  { label: 'empty array', make: () => [] },
  { label: 'array of numbers', make: () => [1, 2, 3, 4] },
  { label: 'nested arrays', make: () => [[1, 2], [3, 4]] },
  { label: 'function', make: () => () => 1 },
  { label: 'Date', make: () => new Date(0) },
  { label: 'Int32Array', make: () => new Int32Array(16) },
  { label: 'Uint32Array', make: () => new Uint32Array(16) },
  { label: 'BigInt64Array', make: () => new BigInt64Array(16) },
  { label: 'DataView', make: () => new DataView(new ArrayBuffer(64)) },
  { label: 'empty Float32Array', make: () => new Float32Array(0) },
  { label: 'Float64Array(16)', make: () => new Float64Array(16) },
  { label: 'Proxy of a Float64Array', make: () => new Proxy(new Float64Array(16), {}) },
  { label: 'Float64Array with lying length', make: () => Object.defineProperty(new Float64Array(2), 'length', { value: 1e6 }) },
  { label: 'Float64Array posing as Int32Array', make: () => Object.setPrototypeOf(new Float64Array(16), Int32Array.prototype) },
  { label: 'revoked Proxy', make: revokedProxy },
  { label: 'Proxy whose traps throw', make: () => new Proxy({}, { get: throwing, has: throwing, ownKeys: throwing, getPrototypeOf: throwing }) },
  { label: 'object with a throwing getter', make: () => Object.defineProperty({}, 'rows', { get: throwing, enumerable: true }) },
  { label: 'matrix-like plain object', make: () => ({ rows: 2, cols: 2, rowStride: 2, data: new Float64Array(4) }) },
  { label: 'fake Matrix (prototype + shifting getters)', make: fakeMatrix },
  { label: 'Matrix with a detached buffer', make: detachedMatrix },
  { label: 'Matrix over a shrunk resizable buffer (length-tracking)', make: () => shrunkMatrix(true) },
  { label: 'Matrix over a shrunk resizable buffer (fixed length)', make: () => shrunkMatrix(false) },
  { label: 'Matrix over a SharedArrayBuffer', make: sharedMatrix },
  { label: 'empty Matrix 0×(2^32−1)', make: () => new Matrix(0, 2 ** 32 - 1, new Float64Array(0)) },
  { label: 'float32 Matrix', make: () => new Matrix(2, 2, new Float32Array([1, 2, 3, 4])) },
  { label: 'aborted AbortSignal', make: () => AbortSignal.abort() },
  { label: 'Proxy of an AbortSignal', make: () => new Proxy(new AbortController().signal, {}) },
  { label: 'AbortSignal Proxy whose traps throw', make: throwingSignal },
  { label: 'Matrix subclass with lying getters', make: lyingSubclass },
  { label: 'CsrMatrix with own length properties', make: csrWithOwnLength },
  { label: 'CsrMatrix over a foreign-realm SharedArrayBuffer', make: csrOverForeignShared },
];
