/**
 * What each hostile input to features.* gives, on every backend (the fuzzers
 * in test/fuzz/entries-features.ts throw the same kinds at random).
 */
import { AbortError, Matrix, OutOfMemoryError, ShapeError, ValueError, features } from '../lib/api';
import { SimHash } from '../lib/features/simhash';
import { RandomFourierFeatures } from '../lib/features/rff';
import { forEachBackend } from './support/backends';
import { filled } from './support/data';
import { referenceTopK } from './reference/features';

class Mine extends Error {}
const throwingGetter = (key: string, base: object = {}) =>
  Object.defineProperty({ ...base }, key, { get: () => { throw new Mine('mine'); }, enumerable: true });
const detach = (a: ArrayBufferView) => structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });

describe('features.simhash options', () => {
  test.each([
    ['null options', null],
    ['a number', 3],
    ['bits 0', { bits: 0, dim: 4, seed: 1 }],
    ['bits 33', { bits: 33, dim: 4, seed: 1 }],
    ['bits 65536 (distances would not fit a Uint16Array)', { bits: 65536, dim: 4, seed: 1 }],
    ['bits NaN', { bits: NaN, dim: 4, seed: 1 }],
    ['bits as a string', { bits: '64', dim: 4, seed: 1 }],
    ['bits as a BigInt', { bits: 64n, dim: 4, seed: 1 }],
    ['dim -1', { bits: 64, dim: -1, seed: 1 }],
    ['dim 1.5', { bits: 64, dim: 1.5, seed: 1 }],
    ['no seed', { bits: 64, dim: 4 }],
    ['seed 2^53', { bits: 64, dim: 4, seed: 2 ** 53 }],
    ['a throwing getter', throwingGetter('bits', { dim: 4, seed: 1 })],
  ])('%s: ValueError', (_label, o) => {
    expect(() => features.simhash(o as never)).toThrow(ValueError);
  });

  test('the constructor is not public; unbound methods name themselves', () => {
    expect(() => new SimHash(64, 4, 1)).toThrow(ValueError);
    const h = features.simhash({ bits: 64, dim: 4, seed: 1 });
    const encode = h.encode;
    expect(() => encode(filled(1, 4, 'float64', 1))).toThrow(/SimHash.encode was called on/);
    expect(() => h.toJSON.call({} as never)).toThrow(ValueError);
  });
});

describe('features.rff options', () => {
  const ok = { dim: 8, inputDim: 4, gamma: 1, seed: 1 };
  test.each([
    ['null options', null],
    ['dim odd', { ...ok, dim: 7 }],
    ['dim 0', { ...ok, dim: 0 }],
    ['dim NaN', { ...ok, dim: NaN }],
    ['inputDim 0', { ...ok, inputDim: 0 }],
    ['inputDim -3', { ...ok, inputDim: -3 }],
    ['gamma 0', { ...ok, gamma: 0 }],
    ['gamma -1', { ...ok, gamma: -1 }],
    ['gamma Infinity', { ...ok, gamma: Infinity }],
    ['gamma NaN', { ...ok, gamma: NaN }],
    ['gamma as a string', { ...ok, gamma: '1' }],
    ['kernel cosine', { ...ok, kernel: 'cosine' }],
    ['laplacian with orthogonal', { ...ok, kernel: 'laplacian', coupling: 'orthogonal' }],
    ['simplex past inputDim 4096', { ...ok, inputDim: 5000, coupling: 'simplex' }],
    ['orthogonal past inputDim 4096', { ...ok, inputDim: 5000, coupling: 'orthogonal' }],
    ['no seed', { dim: 8, inputDim: 4, gamma: 1 }],
    ['a throwing getter', throwingGetter('gamma', { dim: 8, inputDim: 4, seed: 1 })],
  ])('%s: ValueError', (_label, o) => {
    expect(() => features.rff(o as never)).toThrow(ValueError);
  });

  test('Ω past a typed array: OutOfMemoryError before allocating', () => {
    expect(() => features.rff({ ...ok, dim: 2 ** 31, inputDim: 4 })).toThrow(OutOfMemoryError);
  });

  test('unbound methods and the constructor', () => {
    const f = features.rff(ok);
    const t = f.transform;
    expect(() => t(filled(1, 4, 'float64', 1))).toThrow(/RandomFourierFeatures.transform was called on/);
    expect(() => new RandomFourierFeatures(8, 4, 'gaussian', 1, 1, 'iid')).toThrow(ValueError);
  });
});

describe('features.fromJSON', () => {
  test.each([
    ['not JSON', 'nope{'],
    ['an array', [1, 2]],
    ['null', null],
    ['unknown kind', { kind: 'minhash', bits: 64, dim: 4, seed: 1 }],
    ['an extra key', { kind: 'simhash', bits: 64, dim: 4, seed: 1, extra: 1 }],
    ['a missing key', { kind: 'simhash', bits: 64, dim: 4 }],
    ['bad bits', { kind: 'simhash', bits: 48, dim: 4, seed: 1 }],
    ['a class instance', new (class { kind = 'simhash'; bits = 64; dim = 4; seed = 1; })()],
    ['a throwing getter', throwingGetter('seed', { kind: 'simhash', bits: 64, dim: 4 })],
    ['rff with a bad gamma', { kind: 'rff', dim: 4, inputDim: 2, kernel: 'gaussian', gamma: -1, seed: 1, coupling: 'iid' }],
    ['rff without coupling', { kind: 'rff', dim: 4, inputDim: 2, kernel: 'gaussian', gamma: 1, seed: 1 }],
    ['a revoked Proxy', (() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()],
  ])('%s: ValueError', (_label, j) => {
    expect(() => features.fromJSON(j as never)).toThrow(ValueError);
  });
});

forEachBackend(() => {
  describe('simhash.encode / encodeAsync', () => {
    const h = features.simhash({ bits: 64, dim: 5, seed: 3 });

    test('not a Matrix, wrong width, detached buffer', async () => {
      expect(() => h.encode({ rows: 1, cols: 5, data: new Float64Array(5) } as never)).toThrow(ValueError);
      expect(() => h.encode(filled(2, 4, 'float64', 1))).toThrow(ShapeError);
      const X = filled(2, 5, 'float32', 1);
      detach(X.data);
      expect(() => h.encode(X)).toThrow(/detached/);
      await expect(h.encodeAsync(X)).rejects.toThrow(ValueError);
      await expect(h.encodeAsync(filled(2, 5, 'float32', 1), { signal: 'no' as never })).rejects.toThrow(ValueError);
      const ac = new AbortController();
      ac.abort();
      await expect(h.encodeAsync(filled(2, 5, 'float32', 1), { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
    });

    test('NaN and ±Infinity inputs: NaN projections pack as 0 bits, never a crash', () => {
      const X = new Matrix(3, 5, new Float64Array([NaN, 1, 2, 3, 4, Infinity, 0, 0, 0, 0, -Infinity, 1, 1, 1, 1]));
      const c = h.encode(X);
      expect(Array.from(c.subarray(0, 2))).toEqual([0, 0]); // NaN row: every projection NaN
      expect(c.length).toBe(6);
    });
  });

  describe('rff.transform / transformAsync', () => {
    const f = features.rff({ dim: 6, inputDim: 3, gamma: 1, seed: 2 });
    test('not a Matrix, wrong width, detached, bad signal; NaN rows give NaN features, never a crash', async () => {
      expect(() => f.transform([[1, 2, 3]] as never)).toThrow(ValueError);
      expect(() => f.transform(filled(2, 4, 'float64', 1))).toThrow(ShapeError);
      const X = filled(2, 3, 'float64', 1);
      detach(X.data);
      expect(() => f.transform(X)).toThrow(/detached/);
      await expect(f.transformAsync(filled(2, 3, 'float64', 1), { signal: 1 as never })).rejects.toThrow(ValueError);
      const Z = f.transform(new Matrix(1, 3, new Float64Array([NaN, 0, 1])));
      expect(Array.from(Z.data).every(Number.isNaN)).toBe(true);
    });
  });

  describe('simhash.angle', () => {
    const h = features.simhash({ bits: 64, dim: 5, seed: 3 });
    const c = h.encode(filled(3, 5, 'float64', 2));
    test.each([
      ['an Int32Array', () => h.angle(new Int32Array(2) as never, 0, c, 0), ValueError],
      ['a Proxy of a Uint32Array', () => h.angle(new Proxy(c, {}), 0, c, 0), ValueError],
      ['not whole codes', () => h.angle(new Uint32Array(3), 0, c, 0), ShapeError],
      ['index past the end', () => h.angle(c, 3, c, 0), ValueError],
      ['index -1', () => h.angle(c, 0, c, -1), ValueError],
      ['index 0.5', () => h.angle(c, 0.5, c, 0), ValueError],
      ['no codes', () => h.angle(new Uint32Array(0), 0, c, 0), ValueError],
    ])('%s', (_label, f, E) => {
      expect(f).toThrow(E);
    });
  });

  describe('hamming.search', () => {
    const codes = Uint32Array.from({ length: 40 }, (_, i) => (i * 2654435761) >>> 0);
    const q = codes.slice(0, 4);
    const search = features.hamming.search;

    test.each([
      ['codes a Float32Array', () => search(new Float32Array(4) as never, q, 1, { bits: 64 }), ValueError],
      ['codes a plain array', () => search([1, 2] as never, q, 1, { bits: 64 }), ValueError],
      ['queries a Proxy', () => search(codes, new Proxy(q, {}), 1, { bits: 64 }), ValueError],
      ['codes not whole codes', () => search(codes.subarray(0, 3), q, 1, { bits: 64 }), ShapeError],
      ['queries not whole codes', () => search(codes, q.subarray(0, 3), 1, { bits: 64 }), ShapeError],
      ['k -1', () => search(codes, q, -1, { bits: 64 }), ValueError],
      ['k NaN', () => search(codes, q, NaN, { bits: 64 }), ValueError],
      ['k 2.5', () => search(codes, q, 2.5, { bits: 64 }), ValueError],
      ['k as a string', () => search(codes, q, '3' as never, { bits: 64 }), ValueError],
      ['no options', () => search(codes, q, 1, undefined as never), ValueError],
      ['no bits', () => search(codes, q, 1, {} as never), ValueError],
      ['bits 48', () => search(codes, q, 1, { bits: 48 }), ValueError],
      ['a throwing getter', () => search(codes, q, 1, throwingGetter('bits') as never), ValueError],
    ])('%s', (_label, f, E) => {
      expect(f).toThrow(E);
    });

    test('Q × k past a typed array: OutOfMemoryError before allocating', () => {
      const n = 65537;
      expect(() => search(new Uint32Array(n), new Uint32Array(n), n, { bits: 32 })).toThrow(OutOfMemoryError);
    });

    test('a subclass lying about its length is read by its real length', () => {
      class Liar extends Uint32Array {
        override get length(): number { return 1e9; }
      }
      const lying = new Liar(codes);
      expect(search(lying, q, 3, { bits: 64 })).toEqual(referenceTopK(codes, q, 3, 64));
    });

    test('a detached codes buffer holds no codes: an empty result', () => {
      const c = codes.slice();
      detach(c);
      const r = search(c, q, 3, { bits: 64 });
      expect(r.indices.length).toBe(0);
    });

    test('codes in shared memory: the same answer (codes are data, never addresses)', () => {
      const shared = new Uint32Array(new SharedArrayBuffer(codes.byteLength) as unknown as ArrayBuffer);
      shared.set(codes);
      expect(search(shared, q, 5, { bits: 64 })).toEqual(referenceTopK(codes, q, 5, 64));
    });

    test('searchAsync: hostile arguments reject with typed errors; codes changed after the call do not matter', async () => {
      await expect(features.hamming.searchAsync(codes, q, -1, { bits: 64 })).rejects.toThrow(ValueError);
      await expect(features.hamming.searchAsync(codes, q, 1, { bits: 64, signal: {} as never })).rejects.toThrow(ValueError);
      const c = codes.slice();
      const want = referenceTopK(c, q, 4, 64);
      const p = features.hamming.searchAsync(c, q, 4, { bits: 64 });
      c.fill(0);
      detach(c);
      expect(await p).toEqual(want);
    });
  });
});
