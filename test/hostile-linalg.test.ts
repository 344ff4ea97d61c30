/**
 * docs/ERRORS.md, row by row, for the dense factorizations (linalg.qr, svd,
 * eigh, cholesky, solveTriangular and the async variants) on every backend.
 */
import {
  Matrix, linalg, AbortError, DTypeError, NotPositiveDefiniteError, ShapeError, ValueError,
} from '../lib/api';
import { forEachBackend } from './support/backends';
import { filled } from './support/data';
import { expectError, isContractError, settle } from './support/contract';
import { resizableBuffer } from './fuzz/entries';

const f64 = (n: number, v = 1) => new Float64Array(n).fill(v);
const spd = (n: number) => new Matrix(n, n, Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? n : 0.5)));

function detach(a: ArrayBufferView): void {
  structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });
}

class Mine extends Error {}
const throwingGetter = (key: string) => Object.defineProperty({}, key, { get: () => { throw new Mine('mine'); }, enumerable: true });

/** A right-hand side with as many rows as A claims (3 for values that are not matrices). */
const rhsFor = (A: unknown) => {
  const rows = A instanceof Matrix && typeof A.rows === 'number' ? A.rows : 3;
  return new Matrix(rows, 2, f64(rows * 2));
};

type Call = (A: unknown, options?: unknown) => unknown;
/** Every entry point that takes one matrix and options, sync ones returning, async ones as Promises. */
const ONE_MATRIX: [string, Call, boolean][] = [
  ['qr', (A, o) => linalg.qr(A as Matrix, o as never), true],
  ['qrAsync', (A, o) => linalg.qrAsync(A as Matrix, o as never), true],
  ['svd', (A, o) => linalg.svd(A as Matrix, o as never), false],
  ['svdAsync', (A, o) => linalg.svdAsync(A as Matrix, o as never), false],
  ['eigh', (A, o) => linalg.eigh(A as Matrix, o as never), false],
  ['eighAsync', (A, o) => linalg.eighAsync(A as Matrix, o as never), false],
  ['cholesky', (A, o) => linalg.cholesky(A as Matrix, o as never), false],
  ['solveTriangular', (A, o) => linalg.solveTriangular(A as Matrix, rhsFor(A), o as never), false],
];


forEachBackend(() => {
  describe.each(ONE_MATRIX)('%s', (name, call) => {
    test('not a Matrix: ValueError naming the function', async () => {
      const fake = Object.create(Matrix.prototype, { rows: { value: 3 }, cols: { value: 3 }, rowStride: { value: 3 }, data: { value: f64(9) } });
      for (const bad of [null, undefined, {}, fake, { rows: 3, cols: 3, rowStride: 3, data: f64(9) }, f64(9), 'A']) {
        await expectError(() => call(bad), ValueError, new RegExp(`^${name}`));
      }
    });

    test('options that are not objects, throwing getters and bad values are ValueErrors', async () => {
      for (const o of [5, 'x', [], null, true, new Float64Array(2)]) await expectError(() => call(spd(3), o), ValueError);
      const keys = { qr: 'mode', qrAsync: 'signal', svd: 'signal', svdAsync: 'signal', eigh: 'signal', eighAsync: 'signal', cholesky: 'lower', solveTriangular: 'trans' } as Record<string, string>;
      const e = await expectError(() => call(spd(3), throwingGetter(keys[name])), ValueError);
      expect(e.cause).toBeInstanceOf(Mine);
      await expectError(() => call(spd(3), { [keys[name]]: 'yes' }), ValueError);
      const trap = () => { throw new Mine('trap'); };
      await expectError(() => call(spd(3), new Proxy({}, { get: trap })), ValueError);
    });

    test('a detached or shrunk buffer is a ValueError; an options getter that detaches runs first', async () => {
      const A = spd(3);
      detach(A.data);
      await expectError(() => call(A), ValueError, /detached/);
      const buf = resizableBuffer(9 * 8, 64 * 8);
      const R = new Matrix(3, 3, new Float64Array(buf));
      R.data.set(spd(3).data);
      buf.resize(8 * 4);
      await expectError(() => call(R), ValueError, /resized/);
      buf.resize(9 * 8); // grown back (zero-filled): valid again
      R.data.set(spd(3).data);
      expect((await settle(() => call(R))).ok).toBe(true);
      const B = spd(3);
      const key = name === 'cholesky' ? 'lower' : name === 'solveTriangular' ? 'trans' : name.startsWith('qr') ? 'mode' : 'signal';
      const value = key === 'lower' ? true : key === 'trans' ? false : key === 'mode' ? 'reduced' : undefined;
      await expectError(() => call(B, { get [key]() { detach(B.data); return value; } }), ValueError, /detached/);
    });

    test('SharedArrayBuffer, offset views and one-row matrices with a huge rowStride are accepted', async () => {
      const data = new Float64Array(new SharedArrayBuffer(9 * 8));
      data.set(spd(3).data);
      expect((await settle(() => call(new Matrix(3, 3, data)))).ok).toBe(true);
      const offset = new Float64Array(new ArrayBuffer(12 * 8), 16, 9);
      offset.set(spd(3).data);
      expect((await settle(() => call(new Matrix(3, 3, offset)))).ok).toBe(true);
      const one = new Matrix(1, 1, f64(1, 2), { rowStride: 2 ** 32 - 1 });
      expect((await settle(() => call(one))).ok).toBe(true);
    });

    test('empty matrices give empty results', async () => {
      const r = await settle(() => call(new Matrix(0, 0, f64(0))));
      expect(r.ok).toBe(true);
    });
  });

  test('float32 and float64 are never mixed; B of the wrong kind', () => {
    const T = spd(3), B32 = filled(3, 2, 'float32', 1);
    expect(() => linalg.solveTriangular(T, B32)).toThrow(DTypeError);
    expect(() => linalg.solveTriangular(T, new Float32Array(3) as never)).toThrow(DTypeError);
    expect(() => linalg.solveTriangular(T, new Int32Array(3) as never)).toThrow(DTypeError);
    expect(() => linalg.solveTriangular(T, [1, 2, 3] as never)).toThrow(DTypeError);
    expect(() => linalg.solveTriangular(T, { rows: 3 } as never)).toThrow(ValueError);
    expect(() => linalg.solveTriangular(T, new Proxy(f64(3), {}) as never)).toThrow(ValueError);
    // A subclass whose length lies is read by its real length.
    class Lying extends Float64Array { override get length() { return 3; } }
    expect(() => linalg.solveTriangular(T, new Lying(5))).toThrow(ShapeError);
  });

  test('shapes: square where required, matching rows', () => {
    const A = filled(3, 4, 'float64', 2);
    for (const f of [() => linalg.eigh(A), () => linalg.cholesky(A), () => linalg.solveTriangular(A, spd(3))]) expect(f).toThrow(ShapeError);
    expect(() => linalg.solveTriangular(spd(3), spd(4))).toThrow(/rows 4 and 3 differ/);
    expect(() => linalg.solveTriangular(spd(3), f64(4))).toThrow(ShapeError);
    expect(() => linalg.qr(A, { mode: 'complete' as never })).toThrow(/mode must be 'reduced' or 'r'/);
  });

  test('NaN and ±Inf entries: NaN results, not-positive-definite for cholesky, never a hang', () => {
    const bad = new Matrix(3, 3, Float64Array.from([1, 0, 0, NaN, 1, 0, 0, Infinity, 1]));
    expect(Array.from(linalg.svd(bad).s).every(Number.isNaN)).toBe(true);
    expect(Array.from(linalg.eigh(bad).values).every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(linalg.qr(bad).R.get(0, 0) + linalg.qr(bad).R.get(2, 2))).toBe(true);
    expect(() => linalg.cholesky(bad)).toThrow(NotPositiveDefiniteError);
    expect(() => linalg.cholesky(new Matrix(2, 2, Float64Array.from([1, 2, 2, 1])))).toThrow(expect.objectContaining({ pivot: 1, name: 'NotPositiveDefiniteError' }));
    const x = linalg.solveTriangular(spd(3), Float64Array.from([NaN, 1, 1]));
    expect(Number.isNaN(x[2])).toBe(true);
    expect(() => linalg.solveTriangular(new Matrix(2, 2, Float64Array.from([1, 0, 1, 0])), f64(2))).toThrow(/singular/);
  });

  test('signals: not an AbortSignal is a ValueError; aborted before or during is an AbortError', async () => {
    const A = filled(200, 120, 'float64', 3);
    for (const call of [linalg.qrAsync, linalg.svdAsync]) {
      await expect(call(A, { signal: { aborted: false } as never })).rejects.toThrow(ValueError);
      const ac = new AbortController();
      ac.abort();
      await expect(call(A, { signal: ac.signal })).rejects.toThrow(AbortError);
      const late = new AbortController();
      const p = call(A, { signal: late.signal });
      late.abort();
      await expect(p).rejects.toThrow(AbortError);
    }
    const ac = new AbortController();
    const p = linalg.eighAsync(spd(150), { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toThrow(AbortError);
  });
});
