/**
 * What each hostile input to the later features (positive, muvera, fastRP,
 * and their fromJSON) gives, on every backend: typed errors for bad options,
 * shapes, dtypes, graphs and JSON; NaN and huge values computed, not crashed
 * on; detached buffers and lying subclasses read by their real size.
 */
import { AbortError, CsrMatrix, DTypeError, Matrix, OutOfMemoryError, ShapeError, ValueError, features } from '../lib/api';
import { PositiveRandomFeatures } from '../lib/features/positive';
import { Muvera } from '../lib/features/muvera';
import { forEachBackend } from './support/backends';
import { filled } from './support/data';

class Mine extends Error {}
const throwingGetter = (key: string, base: object = {}) =>
  Object.defineProperty({ ...base }, key, { get: () => { throw new Mine('mine'); }, enumerable: true });
const detach = (a: ArrayBufferView) => structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });

describe('features.positive options', () => {
  const ok = { dim: 8, inputDim: 4, seed: 1 };
  test.each([
    ['null options', null],
    ['dim 0', { ...ok, dim: 0 }],
    ['dim 2.5', { ...ok, dim: 2.5 }],
    ['inputDim 0', { ...ok, inputDim: 0 }],
    ['no seed', { dim: 8, inputDim: 4 }],
    ['seed -1', { ...ok, seed: -1 }],
    ['coupling gaussian', { ...ok, coupling: 'gaussian' }],
    ['simplex past inputDim 4096', { ...ok, inputDim: 5000, coupling: 'simplex' }],
    ['an unknown key', { ...ok, gamma: 1 }],
    ['a throwing getter', throwingGetter('dim', { inputDim: 4, seed: 1 })],
  ])('%s: ValueError', (_label, o) => {
    expect(() => features.positive(o as never)).toThrow(ValueError);
  });

  test('Ω past a typed array: OutOfMemoryError before allocating', () => {
    expect(() => features.positive({ ...ok, dim: 2 ** 31, inputDim: 4 })).toThrow(OutOfMemoryError);
  });

  test('unbound methods and the constructor', () => {
    const f = features.positive(ok);
    const t = f.transform;
    expect(() => t(filled(1, 4, 'float64', 1))).toThrow(/PositiveRandomFeatures.transform was called on/);
    expect(() => new PositiveRandomFeatures(8, 4, 1, 'iid')).toThrow(ValueError);
  });
});

describe('features.muvera options', () => {
  const ok = { dim: 4, repetitions: 2, simhashBits: 3, seed: 1 };
  test.each([
    ['null options', null],
    ['dim 0', { ...ok, dim: 0 }],
    ['repetitions 0', { ...ok, repetitions: 0 }],
    ['simhashBits -1', { ...ok, simhashBits: -1 }],
    ['simhashBits 17', { ...ok, simhashBits: 17 }],
    ['simhashBits 2.5', { ...ok, simhashBits: 2.5 }],
    ['projectionDim 0', { ...ok, projectionDim: 0 }],
    ['projectionDim null', { ...ok, projectionDim: null }],
    ['finalDim NaN', { ...ok, finalDim: NaN }],
    ['no seed', { dim: 4, repetitions: 2, simhashBits: 3 }],
    ['an unknown key', { ...ok, bits: 3 }],
    ['a throwing getter', throwingGetter('repetitions', { dim: 4, simhashBits: 3, seed: 1 })],
  ])('%s: ValueError', (_label, o) => {
    expect(() => features.muvera(o as never)).toThrow(ValueError);
  });

  test('an encoding past a typed array: OutOfMemoryError before allocating', () => {
    expect(() => features.muvera({ dim: 4096, repetitions: 2 ** 20, simhashBits: 16, seed: 1 })).toThrow(OutOfMemoryError);
  });

  test('unbound methods and the constructor', () => {
    const m = features.muvera(ok);
    const e = m.encodeDocument;
    expect(() => e(filled(1, 4, 'float64', 1))).toThrow(/Muvera.encodeDocument was called on/);
    expect(() => new Muvera(4, 2, 3, undefined, undefined, 1)).toThrow(ValueError);
  });
});

describe('features.fastRP options and graphs', () => {
  const A = new CsrMatrix(3, 3, new Int32Array([0, 1, 2, 2]), new Int32Array([1, 0]), new Float64Array([1, 1]));
  const ok = { dim: 4, weights: [1, 1], seed: 1 };
  test.each([
    ['a dense Matrix', () => features.fastRP(filled(3, 3, 'float64', 1) as never, ok), ValueError],
    ['a CSR look-alike', () => features.fastRP({ ...A, rows: 3 } as never, ok), ValueError],
    ['a non-square graph', () => features.fastRP(new CsrMatrix(2, 3, new Int32Array([0, 0, 0]), new Int32Array(0), new Float64Array(0)), ok), ShapeError],
    ['null options', () => features.fastRP(A, null as never), ValueError],
    ['dim 0', () => features.fastRP(A, { ...ok, dim: 0 }), ValueError],
    ['weights empty', () => features.fastRP(A, { ...ok, weights: [] }), ValueError],
    ['weights a Float64Array', () => features.fastRP(A, { ...ok, weights: new Float64Array([1]) as never }), ValueError],
    ['weights with NaN', () => features.fastRP(A, { ...ok, weights: [1, NaN] }), ValueError],
    ['65 weights', () => features.fastRP(A, { ...ok, weights: new Array(65).fill(1) }), ValueError],
    ['normalizationStrength Infinity', () => features.fastRP(A, { ...ok, normalizationStrength: Infinity }), ValueError],
    ['no seed', () => features.fastRP(A, { dim: 4, weights: [1] } as never), ValueError],
    ['a throwing weights getter', () => features.fastRP(A, throwingGetter('weights', { dim: 4, seed: 1 }) as never), ValueError],
    ['a negative edge weight', () => features.fastRP(new CsrMatrix(2, 2, new Int32Array([0, 1, 1]), new Int32Array([1]), new Float64Array([-1])), ok), ValueError],
    ['a NaN edge weight', () => features.fastRP(new CsrMatrix(2, 2, new Int32Array([0, 1, 1]), new Int32Array([1]), new Float32Array([NaN])), ok), ValueError],
    ['n × dim past a typed array', () => features.fastRP(A, { ...ok, dim: 2 ** 31 }), OutOfMemoryError],
  ])('%s', (_label, f, E) => {
    expect(f).toThrow(E);
  });

  test('an index rewritten after construction is caught before the kernel', () => {
    const B = new CsrMatrix(2, 2, new Int32Array([0, 1, 2]), new Int32Array([1, 0]), new Float64Array([1, 1]));
    B.indices[0] = 7;
    expect(() => features.fastRP(B, ok)).toThrow(ValueError);
  });

  test('a detached data buffer: ShapeError (too few weights for indptr)', () => {
    const B = new CsrMatrix(2, 2, new Int32Array([0, 1, 2]), new Int32Array([1, 0]), new Float64Array([1, 1]));
    detach(B.data);
    expect(() => features.fastRP(B, ok)).toThrow(ShapeError);
  });
});

forEachBackend(() => {
  describe('positive.transform', () => {
    const f = features.positive({ dim: 6, inputDim: 4, seed: 2 });
    test.each([
      ['X not a Matrix', () => f.transform({ rows: 1, cols: 4, data: new Float64Array(4) } as never), ValueError],
      ['X with 5 columns', () => f.transform(filled(2, 5, 'float64', 1)), ShapeError],
      ['stabilize "max"', () => f.transform(filled(2, 4, 'float64', 1), { stabilize: 'max' as never }), ValueError],
      ['an unknown option', () => f.transform(filled(2, 4, 'float64', 1), { signal: undefined } as never), ValueError],
    ])('%s', (_label, g, E) => {
      expect(g).toThrow(E);
    });

    test('a detached X: ValueError', () => {
      const X = filled(2, 4, 'float32', 1);
      detach(X.data);
      expect(() => f.transform(X)).toThrow(ValueError);
    });

    test('huge and infinite inputs: computed (Inf / NaN / 0), never a crash', () => {
      const X = new Matrix(3, 4, new Float64Array([1e300, 0, 0, 0, Infinity, 1, 1, 1, -Infinity, NaN, 0, 1]));
      for (const stabilize of ['none', 'row', 'matrix'] as const) {
        const Z = f.transform(X, { stabilize });
        expect(Z.data.length).toBe(18);
      }
    });

    test('transformAsync: an aborted signal rejects with AbortError; a bad one with ValueError', async () => {
      const X = filled(3, 4, 'float64', 1);
      const c = new AbortController();
      c.abort();
      await expect(f.transformAsync(X, { signal: c.signal })).rejects.toThrow(AbortError);
      await expect(f.transformAsync(X, { signal: {} as never })).rejects.toThrow(ValueError);
    });
  });

  describe('muvera encode', () => {
    const m = features.muvera({ dim: 3, repetitions: 2, simhashBits: 2, projectionDim: 2, seed: 1 });
    test.each([
      ['vectors not a Matrix', () => m.encodeQuery([[1, 2, 3]] as never), ValueError],
      ['vectors with 4 columns', () => m.encodeDocument(filled(2, 4, 'float64', 1)), ShapeError],
      ['a list that is not an array', () => m.encodeDocuments(filled(2, 3, 'float64', 1) as never), ValueError],
      ['a list holding a number', () => m.encodeDocuments([filled(2, 3, 'float64', 1), 3 as never]), ValueError],
      ['a list mixing dtypes', () => m.encodeQueries([filled(2, 3, 'float64', 1), filled(2, 3, 'float32', 1)]), DTypeError],
      ['a list Proxy that throws', () => m.encodeDocuments(new Proxy([], { get: () => { throw new Mine('mine'); } }) as never), ValueError],
    ])('%s', (_label, g, E) => {
      expect(g).toThrow(E);
    });

    test('a set with a detached buffer: ValueError', () => {
      const V = filled(2, 3, 'float64', 1);
      detach(V.data);
      expect(() => m.encodeDocuments([filled(1, 3, 'float64', 2), V])).toThrow(ValueError);
    });

    test('NaN and Inf vectors: encoded without a crash (NaN falls in partition 0)', () => {
      const V = new Matrix(2, 3, new Float64Array([NaN, 1, 2, Infinity, -Infinity, 0]));
      expect(m.encodeDocument(V).data.length).toBe(m.outputDim);
      expect(m.encodeQuery(V).data.length).toBe(m.outputDim);
    });
  });

  describe('fastRPAsync', () => {
    const A = new CsrMatrix(3, 3, new Int32Array([0, 1, 2, 2]), new Int32Array([1, 0]), new Float64Array([1, 1]));
    test('an aborted signal rejects with AbortError; a bad signal or option with ValueError', async () => {
      const c = new AbortController();
      c.abort();
      await expect(features.fastRPAsync(A, { dim: 4, weights: [1], seed: 1, signal: c.signal })).rejects.toThrow(AbortError);
      await expect(features.fastRPAsync(A, { dim: 4, weights: [1], seed: 1, signal: {} as never })).rejects.toThrow(ValueError);
      await expect(features.fastRPAsync(A, { dim: 0, weights: [1], seed: 1 })).rejects.toThrow(ValueError);
      expect(() => features.fastRP(A, { dim: 4, weights: [1], seed: 1, signal: undefined } as never)).toThrow(ValueError);
    });
  });

  describe('fastRP kernel', () => {
    test('huge weights overflow to Inf / NaN without a crash', () => {
      const A = new CsrMatrix(2, 2, new Int32Array([0, 1, 2]), new Int32Array([1, 0]), new Float32Array([3e38, 3e38]));
      const E = features.fastRP(A, { dim: 3, weights: [1e38, 1e38], seed: 1 });
      expect(E.data.length).toBe(6);
    });
  });
});

describe('features.fromJSON of the new kinds', () => {
  test.each([
    ['positive with gamma', { kind: 'positive', dim: 4, inputDim: 3, seed: 1, coupling: 'iid', gamma: 1 }],
    ['positive without coupling', { kind: 'positive', dim: 4, inputDim: 3, seed: 1 }],
    ['positive coupling null', { kind: 'positive', dim: 4, inputDim: 3, seed: 1, coupling: null }],
    ['muvera without finalDim', { kind: 'muvera', dim: 3, repetitions: 2, simhashBits: 2, projectionDim: null, seed: 1 }],
    ['muvera simhashBits 40', { kind: 'muvera', dim: 3, repetitions: 2, simhashBits: 40, projectionDim: null, finalDim: null, seed: 1 }],
    ['muvera projectionDim "2"', { kind: 'muvera', dim: 3, repetitions: 2, simhashBits: 2, projectionDim: '2', finalDim: null, seed: 1 }],
    ['rff laplacian simplex', { kind: 'rff', dim: 4, inputDim: 3, kernel: 'laplacian', gamma: 1, seed: 1, coupling: 'simplex' }],
    ['a throwing getter', throwingGetter('dim', { kind: 'positive', inputDim: 3, seed: 1, coupling: 'iid' })],
  ])('%s: ValueError', (_label, j) => {
    expect(() => features.fromJSON(j as never)).toThrow(ValueError);
  });
});
