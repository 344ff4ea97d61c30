/**
 * The validation decisions of docs/ERRORS.md, one by one, on every backend:
 * what each hostile input gives. (test/fuzz/ throws the same inputs at random;
 * this file pins the exact outcome of each.)
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import {
  Matrix, CsrMatrix, matmul, matmulAsync, random, ready, backendInfo, sketch,
  ShapeError, DTypeError, ValueError, BackendError, OutOfMemoryError,
} from '../lib/api';
import { forEachBackend, testBackends } from './support/backends';
import { filled } from './support/data';
import { isContractError } from './support/contract';
import { resizableBuffer } from './fuzz/entries';
import { runInNewContext } from 'node:vm';

const f64 = (n: number, v = 1) => new Float64Array(n).fill(v);
const M = (r: number, c: number) => new Matrix(r, c, f64(r * c));

function detach(a: ArrayBufferView): void {
  structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });
}

class Mine extends Error {}
const throwingGetter = (key: string) => Object.defineProperty({}, key, { get: () => { throw new Mine('mine'); }, enumerable: true });

describe('Matrix construction', () => {
  test.each([
    ['Int32Array', () => new Matrix(2, 2, new Int32Array(4) as never), DTypeError],
    ['a plain array', () => new Matrix(2, 2, [1, 2, 3, 4] as never), DTypeError],
    ['BigInt64Array', () => new Matrix(2, 2, new BigInt64Array(4) as never), DTypeError],
    ['DataView', () => new Matrix(1, 1, new DataView(new ArrayBuffer(8)) as never), DTypeError],
    ['a Proxy of a Float64Array', () => new Matrix(2, 2, new Proxy(f64(4), {})), DTypeError],
    ['rows NaN', () => new Matrix(NaN, 2, f64(4)), ValueError],
    ['rows -1', () => new Matrix(-1, 2, f64(4)), ValueError],
    ['rows 1.5', () => new Matrix(1.5, 2, f64(4)), ValueError],
    ['cols Infinity', () => new Matrix(1, Infinity, f64(4)), ValueError],
    ['rows 2^32', () => new Matrix(2 ** 32, 0, f64(0)), ValueError],
    ['rows as a BigInt', () => new Matrix(2n as never, 2, f64(4)), ValueError],
    ['rows as a string', () => new Matrix('2' as never, 2, f64(4)), ValueError],
    ['data too short', () => new Matrix(3, 3, f64(8)), ShapeError],
    ['rowStride < cols', () => new Matrix(2, 3, f64(8), { rowStride: 2 }), ShapeError],
    ['options a number', () => new Matrix(2, 2, f64(4), 5 as never), ValueError],
    ['options getter throws', () => new Matrix(2, 2, f64(4), throwingGetter('rowStride') as never), ValueError],
  ] as const)('%s', (_label, make, E) => {
    expect(make).toThrow(E);
    try {
      make();
    } catch (e) {
      expect(isContractError(e)).toBe(true);
      expect((e as Error).message).toMatch(/^Matrix/);
    }
  });

  test('rows, cols, rowStride and data are read-only once built', () => {
    const A = M(2, 2);
    expect(() => { (A as { rows: number }).rows = 1e9; }).toThrow(TypeError);
    expect(A.rows).toBe(2);
    expect(() => { (A as { data: unknown }).data = f64(1); }).toThrow(TypeError);
  });

  test('a look-alike of Matrix is not a Matrix', () => {
    const fake = Object.create(Matrix.prototype, { rows: { value: 2 }, cols: { value: 2 }, rowStride: { value: 2 }, data: { value: f64(4) } });
    expect(() => matmul(fake, M(2, 2))).toThrow(ValueError);
    expect(() => matmul({ rows: 2, cols: 2, rowStride: 2, data: f64(4) } as never, M(2, 2))).toThrow(ValueError);
  });

  test('fromRows reads numbers only; a Proxy or a throwing getter is a ValueError with the cause', () => {
    expect(() => Matrix.fromRows([[1, 2], [3n as never, 4]])).toThrow(ValueError);
    expect(() => Matrix.fromRows([['1' as never]])).toThrow(ValueError);
    expect(() => Matrix.fromRows(new Proxy(f64(2), {}) as never)).toThrow(ValueError);
    try {
      Matrix.fromRows([throwingGetter('0') as never]);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ValueError);
    }
    const rows = [Object.defineProperty([1, 2], 1, { get: () => { throw new Mine('x'); } })];
    expect(() => Matrix.fromRows(rows)).toThrow(expect.objectContaining({ name: 'ValueError', cause: expect.any(Mine) }));
  });

  test('sizes whose product is too large are OutOfMemoryError before anything is allocated', () => {
    expect(() => Matrix.zeros(2 ** 32 - 1, 2)).toThrow(OutOfMemoryError);
    expect(() => Matrix.zeros(100_000, 100_000)).toThrow(OutOfMemoryError);
    expect(() => random.gaussian(65_536, 65_536, { seed: 1 })).toThrow(OutOfMemoryError);
  });
});

forEachBackend((tb) => {
  test('project of a kept operator (sketch_memo.h): hostile inputs between and after the kept calls change nothing', () => {
    // Extreme but valid operators through fromJSON: the top seed, n at the
    // sparse kinds' one-block limit, the smallest density.
    const specs = [
      { kind: 'gaussian', k: 1, n: 4096, params: {}, seed: 2 ** 53 - 1 },
      { kind: 'sparseSign', k: 3, n: 4096, params: { nnz: 3 }, seed: 2 ** 53 - 1 },
      { kind: 'countSketch', k: 5, n: 7, params: {}, seed: 0 },
      { kind: 'verySparse', k: 9, n: 33, params: { density: 2 ** -40 }, seed: 3 },
    ];
    for (const spec of specs) {
      const S = sketch.fromJSON(JSON.stringify(spec));
      const n = spec.n;
      const X = new Matrix(2, n, new Float32Array(2 * n).map((_, i) => Math.sin(i)));
      const first = Array.from(S.project(X).data);
      for (let i = 0; i < 2; i++) expect(Array.from(S.project(X).data)).toEqual(first); // stored, then kept
      // Shared memory from another realm: read in place, the same bits.
      const foreign = new Float32Array(runInNewContext(`new SharedArrayBuffer(${8 * n})`) as ArrayBuffer);
      foreign.set(X.data);
      expect(Array.from(S.project(new Matrix(2, n, foreign)).data)).toEqual(first);
      // Detached, shrunk, lying subclass, own length property: typed errors.
      const gone = new Matrix(2, n, X.data.slice());
      detach(gone.data);
      expect(() => S.project(gone)).toThrow(ValueError);
      const buf = resizableBuffer(8 * n, 16 * n);
      const R = new Matrix(2, n, new Float32Array(buf));
      buf.resize(4);
      expect(() => S.project(R)).toThrow(ValueError);
      class Liar extends Matrix {
        // @ts-expect-error: a getter where the base class has a field, as hostile code would write it
        get extent() { return 1e9; }
      }
      const liar = (() => { try { return S.project(new Liar(2, n, X.data.slice())); } catch (e) { return e; } })();
      if (liar instanceof Error) expect(isContractError(liar)).toBe(true);
      else expect(Array.from((liar as Matrix).data)).toEqual(first);
      const own = Object.defineProperty(X.data.slice(), 'length', { value: 1e6 });
      const lengthy = (() => { try { return S.project(new Matrix(2, n, own)); } catch (e) { return e; } })();
      if (lengthy instanceof Error) expect(isContractError(lengthy)).toBe(true);
      else expect(Array.from((lengthy as Matrix).data)).toEqual(first);
      // And the kept operator still gives the first call's bits.
      expect(Array.from(S.project(X).data)).toEqual(first);
    }
  });

  test('a valid shape whose result does not fit in memory is OutOfMemoryError, sync and async', async () => {
    // 65535 × 65537 float64 = 32 GiB (inner dimension 0, so no input is read):
    // the allocation itself fails, in JS (sync) or in the door/heap (async).
    // Under ASan this is also the check that the doors do not abort on it.
    const A = new Matrix(65_535, 0, new Float64Array(0)), B = new Matrix(0, 65_537, new Float64Array(0));
    expect(() => matmul(A, B)).toThrow(OutOfMemoryError);
    await expect(matmulAsync(A, B)).rejects.toThrow(OutOfMemoryError);
  });

  test('a detached buffer, or a resizable one shrunk after the Matrix was built, is a ValueError', async () => {
    const A = M(3, 3);
    detach(A.data);
    expect(() => matmul(A, M(3, 3))).toThrow(/detached/);
    await expect(matmulAsync(A, M(3, 3))).rejects.toThrow(ValueError);
    for (const tracking of [true, false]) {
      const buf = resizableBuffer(9 * 8, 64 * 8);
      const data = tracking ? new Float64Array(buf) : new Float64Array(buf, 0, 9);
      const R = new Matrix(3, 3, data);
      buf.resize(8 * 4);
      expect(() => matmul(R, M(3, 3))).toThrow(/resized/);
      expect(() => R.get(2, 2)).toThrow(ValueError);
      buf.resize(9 * 8); // grown back: valid again
      expect(matmul(R, M(3, 3)).rows).toBe(3);
    }
  });

  test('an options getter that detaches A runs before A is checked (no check-then-use gap)', () => {
    const A = M(2, 2);
    const options = { get alpha() { detach(A.data); return 1; } };
    expect(() => matmul(A, M(2, 2), options)).toThrow(/detached/);
  });

  test('SharedArrayBuffer views are accepted, read in place by sync calls and copied by async ones', async () => {
    const sab = (r: number, c: number, seed: number) => {
      const plain = filled(r, c, 'float32', seed);
      const data = new Float32Array(new SharedArrayBuffer(plain.data.length * 4));
      data.set(plain.data);
      return [new Matrix(r, c, data), plain] as const;
    };
    const [A, A0] = sab(7, 5, 1), [B, B0] = sab(5, 3, 2);
    const want = matmul(A0, B0);
    expect(Array.from(matmul(A, B).data)).toEqual(Array.from(want.data));
    const out = new Matrix(7, 3, new Float32Array(new SharedArrayBuffer(21 * 4)));
    await matmulAsync(A, B, { out });
    expect(Array.from(out.data)).toEqual(Array.from(want.data));
  });

  test('out must not share memory with A or B; disjoint parts of one buffer are fine', () => {
    const buf = new Float64Array(40).fill(1);
    const A = new Matrix(2, 2, buf.subarray(0, 4));
    const B = new Matrix(2, 2, buf.subarray(4, 8));
    expect(() => matmul(A, B, { out: A })).toThrow(ValueError);
    expect(() => matmul(A, B, { out: new Matrix(2, 2, buf.subarray(6, 10)) })).toThrow(/shares memory with B/);
    expect(matmul(A, B, { out: new Matrix(2, 2, buf.subarray(8, 12)) }).get(1, 1)).toBe(2);
  });

  test('options that are not objects, bad flags, non-finite scalars, and a signal that is not an AbortSignal', async () => {
    const A = M(2, 2);
    for (const o of [5, 'x', [], null, true, new Float64Array(2)]) expect(() => matmul(A, A, o as never)).toThrow(ValueError);
    expect(() => matmul(A, A, { transA: 'yes' as never })).toThrow(ValueError);
    expect(() => matmul(A, A, { alpha: NaN })).toThrow(ValueError);
    expect(() => matmul(A, A, { alpha: Infinity })).toThrow(ValueError);
    expect(() => matmul(A, A, { alpha: 1n as never })).toThrow(ValueError);
    expect(() => matmul(A, A, throwingGetter('beta') as never)).toThrow(expect.objectContaining({ name: 'ValueError', cause: expect.any(Mine) }));
    const trap = () => { throw new Mine('trap'); };
    expect(() => matmul(A, A, new Proxy({}, { get: trap }) as never)).toThrow(ValueError);
    const revoked = Proxy.revocable(new AbortController().signal, {});
    revoked.revoke();
    await expect(matmulAsync(A, A, { signal: revoked.proxy })).rejects.toThrow(ValueError);
    await expect(matmulAsync(A, A, { signal: { aborted: false, addEventListener() {} } as never })).rejects.toThrow(ValueError);
  });

  test('seeds, streams and offsets out of range are ValueErrors', () => {
    for (const seed of [-1, 2 ** 53, 1.5, NaN, Infinity, '1', 1n, null, undefined]) {
      expect(() => random.gaussian(2, 2, { seed } as never)).toThrow(ValueError);
    }
    expect(() => random.uniform(2, 2, { seed: 1, stream: 2 ** 32 })).toThrow(ValueError);
    expect(() => random.uniform(2, 2, { seed: 1, stream: -1 })).toThrow(ValueError);
    expect(() => random.uniform(2, 2, { seed: 1, rowOffset: 2 ** 32 - 1 })).toThrow(ValueError);
    expect(() => random.uniform(2, 2, { seed: 1, dtype: 'int32' as never })).toThrow(DTypeError);
    expect(() => random.uniform(2, 2, null as never)).toThrow(ValueError);
    expect(() => random.philox4x32([1, 2, 3], [0, 0])).toThrow(ValueError);
    expect(() => random.philox4x32([1, 2, 3, 2 ** 32], [0, 0])).toThrow(ValueError);
    // The largest valid values work on every backend (wasm passes offsets ≥ 2^31 through ToInt32).
    const edge = random.uniform(2, 2, { seed: 2 ** 53 - 1, stream: 2 ** 32 - 1, rowOffset: 2 ** 32 - 2, colOffset: 2 ** 32 - 2 });
    expect(edge.data.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  test('zero-size and one-row matrices: empty results, and an irrelevant huge rowStride is ignored', async () => {
    expect(matmul(M(0, 5), M(5, 3)).rows).toBe(0);
    expect(matmul(M(4, 0), M(0, 3)).data).toEqual(f64(12, 0));
    const wide = new Matrix(0, 2 ** 32 - 1, f64(0));
    expect(matmul(M(3, 0), new Matrix(0, 0, f64(0))).cols).toBe(0);
    expect(() => matmul(wide, wide)).toThrow(ShapeError);
    const row = new Matrix(1, 5, f64(5, 2), { rowStride: 2 ** 32 - 1 });
    expect(matmul(row, M(5, 1)).get(0, 0)).toBe(10);
    expect((await matmulAsync(row, M(5, 1))).get(0, 0)).toBe(10);
    // A result with more elements than a typed array holds: OutOfMemoryError, nothing allocated.
    expect(() => matmul(M(70_000, 0), M(0, 70_000))).toThrow(OutOfMemoryError);
  });

  test('NaN and ±Inf entries propagate as IEEE arithmetic says; beta = 0 never reads out', () => {
    const A = new Matrix(1, 2, new Float64Array([NaN, 1])), B = new Matrix(2, 1, new Float64Array([1, 1]));
    expect(matmul(A, B).get(0, 0)).toBeNaN();
    const I = new Matrix(1, 2, new Float64Array([Infinity, 1]));
    expect(matmul(I, B).get(0, 0)).toBe(Infinity);
    const out = new Matrix(1, 1, new Float64Array([NaN]));
    expect(matmul(new Matrix(1, 2, f64(2)), B, { out }).get(0, 0)).toBe(2);
    void tb;
  });
});

describe('CsrMatrix and sketch.fromJSON', () => {
  const i32 = (a: number[]) => Int32Array.from(a);
  test.each([
    ['indptr not starting at 0', () => new CsrMatrix(2, 2, i32([1, 1, 2]), i32([0, 1]), f64(2)), ValueError],
    ['indptr decreasing', () => new CsrMatrix(2, 2, i32([0, 2, 1]), i32([0, 1]), f64(2)), ValueError],
    ['an index out of range', () => new CsrMatrix(1, 2, i32([0, 1]), i32([2]), f64(1)), ValueError],
    ['a negative index', () => new CsrMatrix(1, 2, i32([0, 1]), i32([-1]), f64(1)), ValueError],
    ['indptr too short', () => new CsrMatrix(2, 2, i32([0, 1]), i32([0]), f64(1)), ShapeError],
    ['indices shorter than indptr[rows]', () => new CsrMatrix(1, 2, i32([0, 2]), i32([0]), f64(2)), ShapeError],
    ['float indices', () => new CsrMatrix(1, 2, i32([0, 1]), new Float64Array([0]) as never, f64(1)), DTypeError],
    ['Uint32 index ≥ 2^31', () => new CsrMatrix(1, 2, i32([0, 1]), new Uint32Array([2 ** 31]), f64(1)), ValueError],
  ] as const)('%s', (_l, make, E) => expect(make).toThrow(E));

  test('shared index arrays are copied, fields are read-only, look-alikes are refused', () => {
    const ix = new Int32Array(new SharedArrayBuffer(4) as unknown as ArrayBuffer);
    const C = new CsrMatrix(1, 2, i32([0, 1]), ix, f64(1));
    ix[0] = 99; // another thread doing this could not break the checked copy
    expect(C.indices[0]).toBe(0);
    expect(() => { (C as { indptr: unknown }).indptr = i32([0, 5]); }).toThrow(TypeError);
    const S = sketch.countSketch({ k: 2, n: 2, seed: 1 });
    const fake = Object.create(CsrMatrix.prototype, { rows: { value: 1 }, cols: { value: 2 }, indptr: { value: i32([0, 1]) }, indices: { value: i32([7]) }, data: { value: f64(1) } });
    expect(() => S.project(fake)).toThrow(ValueError);
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(() => S.project(revoked.proxy as never)).toThrow(ValueError);
  });

  test('fromJSON: bad text, bad shapes, Proxies and getters are ValueErrors', () => {
    for (const bad of ['', '{', 'null', '[]', '{"kind":"gaussian"}', '{"kind":"nope","k":1,"n":1,"params":{},"seed":1}',
      '{"kind":"gaussian","k":-1,"n":1,"params":{},"seed":1}', '{"kind":"sparseSign","k":2,"n":1,"params":{"nnz":3},"seed":1}',
      '{"kind":"gaussian","k":1,"n":1,"params":{},"seed":1e300}']) {
      expect(() => sketch.fromJSON(bad)).toThrow(ValueError);
    }
    const trap = () => { throw new Mine('trap'); };
    expect(() => sketch.fromJSON(new Proxy({}, { ownKeys: trap }) as never)).toThrow(ValueError);
    expect(() => sketch.fromJSON(throwingGetter('k') as never)).toThrow(ValueError);
    const S = sketch.gaussian({ k: 3, n: 4, seed: 5 });
    expect(sketch.fromJSON(JSON.stringify(S)).toJSON()).toEqual(S.toJSON());
  });
});

describe('ready() and backend selection', () => {
  afterAll(() => testBackends()[0]?.activate());

  test('options that are not objects, unknown options and bad values reject with ValueError naming the option; never a TypeError', async () => {
    await expect(ready(null as never)).rejects.toThrow(ValueError);
    await expect(ready(5 as never)).rejects.toThrow(ValueError);
    await expect(ready({ wasmUrl: Symbol('x') as never })).rejects.toThrow(ValueError);
    await expect(ready({ backend: 1n as never })).rejects.toThrow(/ready: backend must be one of native, wasm-simd, wasm/);
    await expect(ready({ threads: 1n as never })).rejects.toThrow(/ready: threads must be an integer in \[1, 1024\]/);
    await expect(ready({ threads: 0 })).rejects.toThrow(ValueError);
    await expect(ready({ bogus: 1 } as never)).rejects.toThrow(/ready: unknown option "bogus"/);
    await expect(ready({ backnd: 'wasm' } as never)).rejects.toThrow(/did you mean "backend"/);
    await expect(ready(throwingGetter('backend') as never)).rejects.toThrow(ValueError);
    expect(backendInfo().name).toMatch(/native|wasm/);
  });

  test('concurrent ready() calls: the same options share one load, other options are refused until it settles', async () => {
    const a = ready({ backend: 'wasm' }), b = ready({ backend: 'wasm' });
    expect(b).toBe(a);
    await expect(ready({ backend: 'wasm-simd' })).rejects.toThrow(/another ready\(\) is still loading/);
    expect((await a).name).toBe('wasm');
    expect(backendInfo().name).toBe('wasm'); // what the first caller was told is what runs
    expect((await ready({ backend: 'wasm-simd' })).name).toBe('wasm-simd');
  });

  test('threads on WebAssembly is not applied, and backendInfo says so', async () => {
    const info = await ready({ backend: 'wasm-simd', threads: 4 });
    expect(info.threads).toBe(1);
    expect(info.notes.join(' ')).toMatch(/threads: 4 was not applied/);
  });

  test('a misspelt option of any function is a ValueError naming the nearest valid one', () => {
    expect(() => sketch.sparseSign({ k: 10, n: 5, seed: 1, nzz: 4 } as never)).toThrow(/unknown option "nzz" \(did you mean "nnz"\?\)/);
    expect(() => sketch.gaussian({ k: 10, n: 5, seed: 1, nnz: 4 } as never)).toThrow(/unknown option "nnz"; the options are k, n, seed/);
    const A = new Matrix(1, 1, new Float64Array([1]));
    expect(() => matmul(A, A, { transposeA: true } as never)).toThrow(/unknown option "transposeA"/);
  });
});

// The doors themselves (lib/ bypassed) are tested in test/kernel-door.test.ts.
