/**
 * What a hostile caller does to operands and parameters (issue 16): lying
 * subclasses, own `length` properties, shared memory from another realm and
 * racing writers, overflow in the normalized transforms, parameters that
 * would hang a kernel, wasted work on empty input, unbound methods, and the
 * same message for the same input on every backend. Each test failed before
 * its fix on at least one backend.
 */
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { findAddon } from '../lib/backend/find-addon';
import { CsrMatrix, Matrix, ValueError, matmul, sketch } from '../lib/api';
import { callKernel, output } from '../lib/backend/kernel';
import { backend } from '../lib/backend/select';
import { forEachBackend, testBackends } from './support/backends';
import { runChild } from './support/child';

/** class Liar extends Matrix, with getters where the base class has fixed fields. */
function liar(rows: number, cols: number, data: Float32Array | Float64Array): Matrix {
  class Liar extends Matrix {
    // @ts-expect-error: a getter over a field, as hostile code would write it
    get dtype() { return data instanceof Float32Array ? 'float64' : 'float32'; }
    // @ts-expect-error: as above
    get extent() { return 1e9; }
    // @ts-expect-error: as above
    get contiguous() { return true; }
  }
  return new Liar(rows, cols, data);
}

function errorOf(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

forEachBackend(() => {
  test('a subclass lying about dtype, extent or contiguity changes nothing a call reads', () => {
    const a = Float32Array.from({ length: 6 }, (_, i) => i + 1), b = Float32Array.from({ length: 12 }, (_, i) => i - 5);
    const A = liar(2, 3, a), B = liar(3, 4, b);
    expect(A.dtype).toBe('float32'); // own fields shadow the subclass getters
    expect(A.extent).toBe(6);
    const C = matmul(A, B);
    // Small integers: every product and sum is exact in float32.
    const want: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) want.push(a[i * 3] * b[j] + a[i * 3 + 1] * b[4 + j] + a[i * 3 + 2] * b[8 + j]);
    expect(C.dtype).toBe('float32');
    expect(Array.from(C.data)).toEqual(want);
    // As `out`, a liar cannot make the kernel write past its array.
    const out = liar(2, 4, new Float32Array(8));
    matmul(A, B, { out });
    expect(Array.from(out.data)).toEqual(Array.from(C.data));
    // Honest calls after it still work (a WASM heap overrun would break them).
    expect(Array.from(matmul(new Matrix(1, 1, new Float64Array([2])), new Matrix(1, 1, new Float64Array([3]))).data)).toEqual([6]);
  });

  test('own length properties on CSR arrays are not believed', () => {
    const indices = new Int32Array([0]), data = new Float64Array([1]);
    Object.defineProperty(indices, 'length', { value: 5 });
    Object.defineProperty(data, 'length', { value: 5 });
    expect(() => new CsrMatrix(1, 2, new Int32Array([0, 5]), indices, data)).toThrow(/indices has 1 and data 1/);
    const ok = new CsrMatrix(2, 2, new Int32Array([0, 1, 1]), indices, data);
    expect(ok.toDense().toArray()).toEqual([[1, 0], [0, 0]]);
    const u = new Uint32Array([0, 1, 1]);
    Object.defineProperty(u, 'length', { value: 1 });
    expect(new CsrMatrix(2, 2, u, new Int32Array([1]), new Float32Array([2])).toDense().toArray()).toEqual([[0, 2], [0, 0]]);
  });

  test('index arrays in shared memory from any realm are copied', () => {
    const foreign = runInNewContext('new SharedArrayBuffer(12)') as ArrayBuffer;
    expect(foreign instanceof SharedArrayBuffer).toBe(false); // what fooled the old check
    const indptr = new Int32Array(foreign);
    indptr.set([0, 1, 2]);
    const disguised = new SharedArrayBuffer(8);
    Object.setPrototypeOf(disguised, ArrayBuffer.prototype);
    const indices = new Int32Array(disguised);
    indices.set([1, 0]);
    const A = new CsrMatrix(2, 2, indptr, indices, new Float64Array([3, 4]));
    expect(A.indptr.buffer).not.toBe(foreign);
    expect(A.indices.buffer).not.toBe(disguised);
    indices[0] = 1e9; // the caller's writes no longer reach the matrix
    indptr[2] = 1e9;
    expect(A.toDense().toArray()).toEqual([[0, 3], [4, 0]]);
    const S = sketch.sparseSign({ k: 3, n: 2, nnz: 2, seed: 1 });
    expect(S.project(A).data.every(Number.isFinite)).toBe(true);
  });

  test('float normalized FWHT and SRHT stay finite where the true result is representable', () => {
    for (const [Ctor, big] of [[Float32Array, 5e36], [Float64Array, 1e306]] as const) {
      const x = new Ctor(128).fill(big);
      sketch.fwht(x, { normalize: true });
      expect(x[0]).toBeCloseTo(Math.sqrt(128) * big, -Math.log10(big) + 6);
      expect(Array.from(x.subarray(1)).every((v) => v === 0)).toBe(true);
      const S = sketch.srht({ k: 1024, n: 1024, seed: 3 });
      const row = new Ctor(1024).fill(big);
      const P = S.project(new Matrix(1, 1024, row));
      expect(Array.from(P.data).every(Number.isFinite)).toBe(true);
      const SA = S.apply(new Matrix(1024, 2, new Ctor(2048).fill(big)));
      expect(Array.from(SA.data).every(Number.isFinite)).toBe(true);
      const SC = S.project(CsrMatrix.fromDense(new Matrix(1, 1024, row)));
      expect(Array.from(SC.data)).toEqual(Array.from(P.data));
      // Scaling is by powers of two: values that never overflowed keep their bits.
      const small = new Ctor(1024).map((_, i) => Math.sin(i));
      const P1 = S.project(new Matrix(1, 1024, small));
      const scaled = new Ctor(1024).map((_, i) => Math.sin(i) * 2 ** 100);
      const P2 = S.project(new Matrix(1, 1024, scaled));
      expect(Array.from(P2.data)).toEqual(Array.from(P1.data).map((v) => (Ctor === Float32Array ? Math.fround(v * 2 ** 100) : v * 2 ** 100)));
    }
  });

  test('verySparse densities that would stall the sampler are refused, by the factory and by fromJSON', () => {
    for (const density of [2 ** -41, 2 ** -54, 5e-324]) {
      expect(() => sketch.verySparse({ k: 10, n: 4, seed: 1, density })).toThrow(ValueError);
      expect(() => sketch.fromJSON({ kind: 'verySparse', k: 10, n: 4, params: { density }, seed: 1 })).toThrow(/density must be/);
    }
    // The smallest density runs (a hang would time the test out).
    const S = sketch.verySparse({ k: 1_000_000, n: 2, seed: 1, density: 2 ** -40 });
    expect(S.apply(new Matrix(2, 1, new Float64Array([1, 1]))).rows).toBe(1_000_000);
    // The kernel refuses what the lib refuses, whoever calls it.
    const dense = (density: number) => () =>
      callKernel('skm_sketch_dense_f64', [4, 10, 4, density, 1, 0, 0, 4, output(new Float64Array(40), 40), 4]);
    expect(dense(2 ** -40)).not.toThrow();
    expect(dense(2 ** -54)).toThrow(ValueError);
  });

  test('empty input does no work proportional to the operator', () => {
    const S = sketch.srht({ k: 4, n: 2 ** 30 + 1, seed: 1 });
    const R = S.apply(new Matrix(0, 1, new Float64Array(0)), { rowOffset: 5 });
    expect([R.rows, R.cols, Array.from(R.data)]).toEqual([4, 1, [0, 0, 0, 0]]);
    const E = sketch.gaussian({ k: 2 ** 31, n: 3, seed: 1 }).project(new Matrix(0, 3, new Float64Array(0)));
    expect([E.rows, E.cols]).toEqual([0, 2 ** 31]);
    const one = new Matrix(1, 3, new Float64Array(3), { rowStride: 2 ** 31 });
    expect(sketch.gaussian({ k: 2, n: 3, seed: 1 }).project(one).rows).toBe(1);
  });

  test('unbound methods and foreign receivers are typed errors naming the method', () => {
    const S = sketch.gaussian({ k: 2, n: 3, seed: 1 });
    const X = new Matrix(1, 3, new Float64Array(3));
    expect(() => [X].map(S.project as never)).toThrow(/SketchOperator\.project was called on/);
    expect(() => S.apply.call(undefined, X)).toThrow(ValueError);
    expect(() => Matrix.prototype.get.call(null, 0, 0)).toThrow(/Matrix\.get: expected a Matrix/);
    expect(() => Matrix.prototype.toArray.call({ rows: 1 })).toThrow(ValueError);
    const nnz = Object.getOwnPropertyDescriptor(CsrMatrix.prototype, 'nnz')!.get!;
    expect(() => nnz.call({})).toThrow(/CsrMatrix\.nnz/);
    expect(() => new (sketch.SketchOperator as unknown as new (...a: unknown[]) => unknown)('gaussian', 1, 1, {}, 1, 1, 0)).toThrow(/sketch factories/);
    expect(() => sketch.fromJSON({ kind: 'gaussian', k: 1, n: 1, params: new Date() as never, seed: 1 })).toThrow(/plain object/);
    expect(() => sketch.fromJSON({ kind: 'gaussian', k: 1, n: 1, params: new Float64Array(0) as never, seed: 1 })).toThrow(ValueError);
  });
});

test('the same bad input gives the same error on every backend', () => {
  const cases: [string, () => unknown][] = [
    ['rowOffset past n', () => sketch.gaussian({ k: 2, n: 4, seed: 1 }).apply(new Matrix(1, 1, new Float64Array(1)), { rowOffset: 2 ** 40 })],
    ['huge rowOffset of an empty block', () => sketch.srht({ k: 2, n: 4, seed: 1 }).apply(new Matrix(0, 1, new Float64Array(0)), { rowOffset: 2 ** 52 })],
    ['shape mismatch', () => matmul(new Matrix(2, 3, new Float64Array(6)), new Matrix(2, 3, new Float64Array(6)))],
    ['fwht length', () => sketch.fwht(new Float64Array(3))],
    ['mixed dtypes', () => matmul(new Matrix(1, 1, new Float32Array(1)), new Matrix(1, 1, new Float64Array(1)) as never)],
  ];
  const seen: Record<string, string[]> = {};
  for (const tb of testBackends()) {
    tb.activate();
    for (const [name, f] of cases) (seen[name] ??= []).push(`${tb.label}: ${errorOf(f)}`);
  }
  for (const [name, lines] of Object.entries(seen)) {
    const messages = new Set(lines.map((l) => l.slice(l.indexOf(': ') + 2)));
    expect({ name, messages: [...messages] }).toEqual({ name, messages: [[...messages][0]] });
    expect([...messages][0]).not.toMatch(/must be a Float64Array|row0|skm_|kernel/);
  }
  backend(); // the suite's default backend is still usable
});

test('a racing writer of CSR indices at the raw native door cannot make a kernel read or write out of bounds', () => {
  if (!testBackends().some((t) => t.label.startsWith('native/'))) return; // reported by backends.test.ts
  // The kernels check the structure once, then another thread rewrites it:
  // every index must be checked again where it becomes an address.
  let file = '';
  findAddon(join(__dirname, '..'), process.env, (f) => (file = f)); // the addon the suite loads
  const r = runChild(`
    const { Worker } = require('worker_threads');
    const addon = require(${JSON.stringify(file)});
    const k = addon.kernels;
    const rows = 64, d = 16, nnz = rows;
    const indptr = new Int32Array(new SharedArrayBuffer(4 * (rows + 1)));
    const indices = new Int32Array(new SharedArrayBuffer(4 * nnz));
    for (let i = 0; i <= rows; i++) indptr[i] = i;
    const w = new Worker(\`
      const { workerData: [indptr, indices, rows] } = require('worker_threads');
      for (;;) for (let v of [0, 1 << 30, -(1 << 30), 3]) { indices.fill(v); indptr[rows >> 1] = v === 3 ? rows >> 1 : v; }
    \`, { eval: true, workerData: [indptr, indices, rows] });
    const data = new Float64Array(nnz).fill(1);
    let refused = 0, ran = 0;
    for (let it = 0; it < 3000; it++) {
      for (const [kind, param] of [[3, 2], [5, 0], [1, 0], [6, 2]]) {
        try {
          k.skm_sketch_apply_csr_f64(kind, 16, rows, param, 1, 0, 0, rows, d, indptr, indices, data, new Float64Array(16 * d), d);
          k.skm_sketch_project_csr_f64(kind, 16, d, param, 1, 0, rows, indptr, indices, data, new Float64Array(rows * 16), 16);
          ran++;
        } catch (e) { refused++; }
      }
    }
    w.terminate().then(() => console.log('done', ran + refused));
  `, { timeoutMs: 120_000 });
  expect({ status: r.status, signal: r.signal, timedOut: r.timedOut }).toEqual({ status: 0, signal: null, timedOut: false });
  expect(r.stdout).toMatch(/^done 12000/);
});

test('SKETCHMAT_SIMD in a worker cannot change the SIMD level of the whole process', () => {
  if (!testBackends().some((t) => t.label.startsWith('native/'))) return;
  const r = runChild(`
    const { Worker } = require('worker_threads');
    const s = require(LIB);
    s.ready({ backend: 'native' }).then((main) => {
      const w = new Worker(\`
        const s = require(\${JSON.stringify(LIB)});
        s.ready({ backend: 'native' }).then(
          (i) => require('worker_threads').parentPort.postMessage('loaded ' + i.simd),
          (e) => require('worker_threads').parentPort.postMessage(e.name + ': ' + e.message));
      \`, { eval: true, env: { ...process.env, SKETCHMAT_SIMD: 'scalar', SKETCHMAT_BACKEND: 'native' } });
      w.on('message', (m) => { console.log(JSON.stringify({ main: main.simd, worker: m, after: s.backendInfo().simd })); w.terminate(); });
    });
  `, { timeoutMs: 60_000 });
  expect(r.status).toBe(0);
  const out = JSON.parse(r.stdout.trim());
  expect(out.after).toBe(out.main);
  if (out.main !== 'scalar') expect(out.worker).toMatch(/BackendError: .*one per process/);
});
