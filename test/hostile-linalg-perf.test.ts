/**
 * docs/ERRORS.md, row by row, for issue 17's performance pieces on every
 * backend: rsvd/rsvdAsync on Matrix, CsrMatrix and operators (tol,
 * blockSize, signal), pca/pcaAsync on CsrMatrix, qr's method option and
 * FrequentDirections (constructor, update, merge, deserialize).
 */
import { AbortError, CsrMatrix, DTypeError, FormatError, Matrix, ShapeError, ValueError, linalg } from '../lib/api';
import { forEachBackend } from './support/backends';
import { isContractError } from './support/contract';

const f64 = (n: number, v = 1) => Float64Array.from({ length: n }, (_, i) => v + Math.sin(i));

function detach(a: ArrayBufferView): void {
  structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });
}

class Mine extends Error {}

async function settle(f: () => unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await f() };
  } catch (error) {
    return { ok: false, error };
  }
}

async function expectError(f: () => unknown, E: new (...a: never[]) => Error, pattern?: RegExp): Promise<void> {
  const r = await settle(f);
  if (r.ok) throw new Error('no error');
  expect(r.error).toBeInstanceOf(E);
  expect(isContractError(r.error)).toBe(true);
  if (pattern) expect((r.error as Error).message).toMatch(pattern);
}

forEachBackend(() => {
  const A = new Matrix(12, 7, f64(84));
  const op = (over: Partial<Record<string, unknown>> = {}) => ({
    rows: 12, cols: 7, dtype: 'float64',
    matmul: (X: Matrix) => new Matrix(12, X.cols, f64(12 * X.cols)),
    transpose: () => ({ matmul: (Y: Matrix) => new Matrix(7, Y.cols, f64(7 * Y.cols)) }),
    ...over,
  });

  test.each([['rsvd'], ['rsvdAsync']])('%s: bad A, k, tol, blockSize, signal are typed errors', async (name) => {
    const call = (a: unknown, k: unknown, o?: unknown) => (name === 'rsvd' ? linalg.rsvd(a as never, k as number, o as never) : linalg.rsvdAsync(a as never, k as number, o as never));
    for (const bad of [null, 3, 'A', {}, [[1]], { rows: 2, cols: 2, dtype: 'float64' }]) await expectError(() => call(bad, 1), ValueError);
    await expectError(() => call(A, 8), ShapeError);
    await expectError(() => call(A, -1), ValueError);
    await expectError(() => call(A, 2.5), ValueError);
    for (const tol of [0, 1, -1, NaN, Infinity, '0.1']) await expectError(() => call(A, 2, { tol }), ValueError);
    for (const blockSize of [0, -2, 1.5, NaN]) await expectError(() => call(A, 2, { blockSize }), ValueError);
    await expectError(() => call(A, 2, { signal: {} }), ValueError);
    await expectError(() => call(A, 2, { bogus: 1 }), ValueError);
    // Operators that lie about what they return.
    await expectError(() => call(op({ matmul: () => 'no' }), 2), ValueError);
    await expectError(() => call(op({ matmul: (X: Matrix) => new Matrix(11, X.cols, f64(11 * X.cols)) }), 2), ShapeError);
    await expectError(() => call(op({ matmul: (X: Matrix) => new Matrix(12, X.cols, new Float32Array(12 * X.cols)) }), 2), DTypeError);
    await expectError(() => call(op({ transpose: () => null }), 2), ValueError);
    await expectError(() => call(op({ dtype: 'int8' }), 2), ValueError);
    await expectError(() => call(op({ rows: -1 }), 2), ValueError);
    await expectError(() => call(op(), 2, { tol: 0.5 }), ValueError, /operator/);
    // An operator whose product throws: its error comes through unchanged.
    const r = await settle(() => call(op({ matmul: () => { throw new Mine('mine'); } }), 2));
    expect(r.ok).toBe(false);
    expect((r as { error: unknown }).error).toBeInstanceOf(Mine);
    // Detached storage.
    const D = new Matrix(12, 7, f64(84));
    detach(D.data);
    await expectError(() => call(D, 2), ValueError);
  });

  test('rsvdAsync / pcaAsync: aborted before or during', async () => {
    const ac = new AbortController();
    ac.abort();
    await expectError(() => linalg.rsvdAsync(A, 2, { signal: ac.signal }), AbortError);
    await expectError(() => linalg.pcaAsync(A, 2, { signal: ac.signal }), AbortError);
    const later = new AbortController();
    const p = linalg.rsvdAsync(A, 2, { signal: later.signal, powerIters: 20 });
    later.abort();
    await expectError(() => p, AbortError);
  });

  test('rsvd on a CsrMatrix with NaN gives NaN or a typed error, never a hang; pca refuses NaN', () => {
    const S = new CsrMatrix(3, 3, Int32Array.of(0, 1, 2, 3), Int32Array.of(0, 1, 2), Float64Array.of(1, NaN, 2));
    const r = linalg.rsvd(S, 1);
    expect(r.s.length).toBe(1);
    expect(() => linalg.pca(S, 1)).toThrow(ValueError);
    const Inf = new CsrMatrix(2, 2, Int32Array.of(0, 1, 2), Int32Array.of(0, 1), Float64Array.of(Infinity, 1));
    expect(() => linalg.pca(Inf, 1)).toThrow(ValueError);
    expect(linalg.pca(new CsrMatrix(4, 3, new Int32Array(5), new Int32Array(0), new Float64Array(0)), 2).explainedVariance.length).toBe(2);
  });

  test("qr method: only 'householder' or 'cholesky2'; NaN still goes through", () => {
    for (const method of ['lu', '', null, 1, {}]) expect(() => linalg.qr(A, { method: method as never })).toThrow(ValueError);
    const N = new Matrix(5, 2, f64(10));
    N.data[3] = NaN;
    const r = linalg.qr(N, { method: 'cholesky2' });
    expect(Number.isNaN(r.R.data[0]) || Number.isNaN(r.R.data[3])).toBe(true);
  });

  test('FrequentDirections: constructor, update, merge refuse bad input with typed errors', () => {
    for (const [d, ell] of [[0, 2], [2, 0], [-1, 2], [2, 1.5], [NaN, 2], [2 ** 31, 2], ['3', 2]]) {
      expect(() => new linalg.FrequentDirections(d as number, ell as number)).toThrow(ValueError);
    }
    expect(() => new linalg.FrequentDirections(3, 2, { dtype: 'int32' as never })).toThrow();
    expect(() => new linalg.FrequentDirections(3, 2, { bogus: 1 } as never)).toThrow(ValueError);
    expect(() => new linalg.FrequentDirections(2 ** 30, 2 ** 29)).toThrow(); // 2^60 entries: OutOfMemory/ValueError, not a crash
    const fd = new linalg.FrequentDirections(3, 2);
    expect(() => fd.update(null as never)).toThrow(ValueError);
    expect(() => fd.update(new Matrix(2, 4, f64(8)))).toThrow(ShapeError);
    expect(() => fd.update(new Matrix(2, 3, new Float32Array(6)))).toThrow(DTypeError);
    const big = new Matrix(5, 3, f64(15, 1e200));
    expect(() => fd.update(big)).toThrow(ValueError); // the Gram overflows
    const gone = new Matrix(2, 3, f64(6));
    detach(gone.data);
    expect(() => new linalg.FrequentDirections(3, 2).update(gone)).toThrow(ValueError);
    expect(() => fd.merge(Object.create(linalg.FrequentDirections.prototype))).toThrow(ValueError);
    expect(() => fd.merge(new linalg.FrequentDirections(3, 2, { dtype: 'float32' }))).toThrow(ValueError);
    expect(() => linalg.FrequentDirections.prototype.sketch.call({})).toThrow(ValueError);
  });

  test('FrequentDirections.deserialize: foreign, truncated, corrupt and oversized bytes are FormatErrors', () => {
    const fd = new linalg.FrequentDirections(4, 3, { dtype: 'float32' });
    fd.update(new Matrix(7, 4, Float32Array.from(f64(28))));
    const good = fd.serialize();
    expect(linalg.FrequentDirections.deserialize(good).rowsSeen).toBe(7);
    for (let cut = 0; cut < good.length; cut += 5) expect(() => linalg.FrequentDirections.deserialize(good.slice(0, cut))).toThrow(FormatError);
    const withTail = new Uint8Array(good.length + 1);
    withTail.set(good);
    expect(() => linalg.FrequentDirections.deserialize(withTail)).toThrow(FormatError);
    // A header that claims a huge sketch: refused before anything is allocated.
    const huge = good.slice();
    new DataView(huge.buffer).setUint32(8, 2 ** 31 - 1, true);
    expect(() => linalg.FrequentDirections.deserialize(huge)).toThrow(FormatError);
    // The npy magic, JSON text, and a valid-looking sketch with a wrong checksum.
    expect(() => linalg.FrequentDirections.deserialize(new TextEncoder().encode('\x93NUMPY' + ' '.repeat(60)))).toThrow(FormatError);
    expect(() => linalg.FrequentDirections.deserialize(new TextEncoder().encode('{"kind":"fd"}'.padEnd(80)))).toThrow(FormatError);
    for (const t of [new Int8Array(60), new Uint8ClampedArray(60), new ArrayBuffer(60), 'bytes', null]) {
      expect(() => linalg.FrequentDirections.deserialize(t as never)).toThrow(DTypeError);
    }
    // Over a SharedArrayBuffer: read once into a private copy.
    const shared = new Uint8Array(new SharedArrayBuffer(good.length) as unknown as ArrayBuffer);
    shared.set(good);
    expect(linalg.FrequentDirections.deserialize(shared).rowsSeen).toBe(7);
    const dead = good.slice();
    detach(dead);
    expect(() => linalg.FrequentDirections.deserialize(dead)).toThrow(FormatError);
  });
});
