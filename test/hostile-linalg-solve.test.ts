/**
 * docs/ERRORS.md, row by row, for lstsq, lstsqAsync, leverageScores,
 * sampleRows, cur, nystrom, nystromAsync and choleskyAsync on every backend:
 * not-a-Matrix and lying subclasses, options that are not objects or whose
 * getters throw, bad values named in the caller's words, mixed dtypes, wrong
 * lengths, detached buffers, NaN, huge sizes, signals.
 */
import { Matrix, linalg, AbortError, DTypeError, OutOfMemoryError, ShapeError, ValueError } from '../lib/api';
import { forEachBackend } from './support/backends';
import { expectError, isContractError, settle } from './support/contract';

const f64 = (n: number, v = 1) => new Float64Array(n).fill(v);
const spd = (n: number) => new Matrix(n, n, Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? n : 0.5)));
const detach = (a: ArrayBufferView) => { structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] }); };
class Mine extends Error {}
const throwingGetter = (key: string) => Object.defineProperty({}, key, { get: () => { throw new Mine('mine'); }, enumerable: true });

type Call = (A: unknown, options?: unknown) => unknown;
/** Each entry point with valid other arguments, and an option key it reads. */
const ENTRIES: [string, Call, string][] = [
  ['lstsq', (A, o) => linalg.lstsq(A as Matrix, f64(A instanceof Matrix ? A.rows : 3), o as never), 'method'],
  ['lstsqAsync', (A, o) => linalg.lstsqAsync(A as Matrix, f64(A instanceof Matrix ? A.rows : 3), o as never), 'signal'],
  ['leverageScores', (A, o) => linalg.leverageScores(A as Matrix, o as never), 'exact'],
  ['sampleRows', (A, o) => linalg.sampleRows(A as Matrix, 4, o as never), 'by'],
  ['cur', (A, o) => linalg.cur(A as Matrix, 1, o as never), 'seed'],
  ['nystrom', (A, o) => linalg.nystrom(A as Matrix, 1, o as never), 'oversample'],
  ['nystromAsync', (A, o) => linalg.nystromAsync(A as Matrix, 1, o as never), 'signal'],
  ['choleskyAsync', (A, o) => linalg.choleskyAsync(A as Matrix, o as never), 'lower'],
];


forEachBackend(() => {
  describe.each(ENTRIES)('%s', (name, call, key) => {
    test('not a Matrix, or a lying one: ValueError naming the function', async () => {
      const fake = Object.create(Matrix.prototype, { rows: { value: 3 }, cols: { value: 3 }, rowStride: { value: 3 }, data: { value: f64(9) } });
      for (const bad of [null, undefined, {}, fake, { rows: 3, cols: 3, rowStride: 3, data: f64(9) }, f64(9), 'A']) {
        await expectError(() => call(bad), ValueError, new RegExp(`^${name}`));
      }
    });

    test('options that are not objects, throwing getters and bad values are ValueErrors', async () => {
      for (const o of [5, 'x', [], null, true, new Float64Array(2)]) await expectError(() => call(spd(3), o), ValueError);
      const e = await expectError(() => call(spd(3), throwingGetter(key)), ValueError);
      expect(e.cause).toBeInstanceOf(Mine);
      await expectError(() => call(spd(3), { [key]: 'nonsense' }), ValueError, new RegExp(`^${name}`));
      await expectError(() => call(spd(3), new Proxy({}, { get: () => { throw new Mine('trap'); } })), ValueError);
      await expectError(() => call(spd(3), { sede: 1 }), ValueError);
    });

    test('a detached buffer is a ValueError', async () => {
      const A = spd(3);
      detach(A.data);
      await expectError(() => call(A), ValueError);
    });
  });

  test('lstsq: b of the wrong kind, dtype or length; bad numbers named', async () => {
    const A = spd(3);
    await expectError(() => linalg.lstsq(A, new Float32Array(3) as never), DTypeError, /float64 but b is float32/);
    await expectError(() => linalg.lstsq(A, new Int32Array(3) as never), DTypeError);
    await expectError(() => linalg.lstsq(A, [1, 2, 3] as never), DTypeError);
    await expectError(() => linalg.lstsq(A, { length: 3 } as never), ValueError);
    await expectError(() => linalg.lstsq(A, f64(4)), ShapeError, /length 4/);
    await expectError(() => linalg.lstsq(A, new Matrix(2, 1, f64(2))), ShapeError);
    await expectError(() => linalg.lstsq(A, new Matrix(3, 1, new Float32Array(3))), DTypeError);
    const b = f64(3);
    detach(b);
    await expectError(() => linalg.lstsq(A, b), ShapeError);
    for (const [o, re] of [[{ method: 'svd' }, /method/], [{ seed: -1 }, /seed/], [{ seed: 0.5 }, /seed/], [{ tol: 0 }, /tol/], [{ tol: 1 }, /tol/],
      [{ tol: NaN }, /tol/], [{ maxIter: 0 }, /maxIter/], [{ maxIter: 1.5 }, /maxIter/], [{ rcond: -1 }, /rcond/], [{ rcond: 1 }, /rcond/], [{ signal: 1 }, /signal/],
      [{ sketchRows: 2 }, /sketchRows = 2 is less than n = 3/], [{ sketchRows: 0 }, /sketchRows/]] as const) {
      await expectError(() => linalg.lstsq(A, f64(3), o as never), ValueError, re);
    }
    await expectError(() => linalg.lstsqAsync(A, f64(3), { signal: {} as AbortSignal }), ValueError, /signal/);
  });

  test('lstsq: NaN or Inf in A or b gives NaN x and residual; huge shapes refuse before allocating', () => {
    const A = spd(3);
    A.data[4] = NaN;
    const r = linalg.lstsq(A, f64(3), { method: 'sketch-precondition' });
    expect(Array.from(r.x).every(Number.isNaN)).toBe(true);
    expect(r.residualNorm).toBeNaN();
    const r2 = linalg.lstsq(spd(3), Float64Array.of(1, Infinity, 0));
    expect(Number.isNaN(r2.x[0])).toBe(true);
  });

  test('leverageScores / sampleRows: NaN, counts, by', async () => {
    const A = spd(4);
    A.data[1] = NaN;
    expect(Array.from(linalg.leverageScores(A)).every(Number.isNaN)).toBe(true);
    await expectError(() => linalg.sampleRows(A, 3), ValueError, /non-finite/);
    await expectError(() => linalg.sampleRows(spd(3), -1), ValueError, /count/);
    await expectError(() => linalg.sampleRows(spd(3), 2.5), ValueError, /count/);
    await expectError(() => linalg.sampleRows(spd(3), 2 ** 31), OutOfMemoryError);
    await expectError(() => linalg.sampleRows(spd(3), 2, { by: 'norm' as never }), ValueError, /by must be/);
    await expectError(() => linalg.leverageScores(spd(3), { rcond: 2 }), ValueError, /rcond/);
  });

  test('cur / nystrom: k out of range, not square, not PSD, NaN; aborted async calls', async () => {
    await expectError(() => linalg.cur(spd(3), 4), ShapeError, /k = 4/);
    await expectError(() => linalg.cur(spd(3), -1), ValueError, /k/);
    await expectError(() => linalg.cur(spd(3), 1, { oversample: -2 }), ValueError, /oversample/);
    await expectError(() => linalg.nystrom(new Matrix(2, 3, f64(6)), 1), ShapeError, /square/);
    await expectError(() => linalg.nystrom(spd(3), 4), ShapeError);
    const neg = new Matrix(2, 2, Float64Array.of(-1, 0, 0, -2));
    await expectError(() => linalg.nystrom(neg, 2), ValueError, /positive semidefinite/);
    const nan = spd(3);
    nan.data[0] = NaN;
    await expectError(() => linalg.nystrom(nan, 1), ValueError, /non-finite/);
    const ac = new AbortController();
    ac.abort();
    await expectError(() => linalg.nystromAsync(spd(5), 2, { signal: ac.signal }), AbortError);
    await expectError(() => linalg.lstsqAsync(spd(5), f64(5), { signal: ac.signal }), AbortError);
    await expectError(() => linalg.choleskyAsync(spd(5), { signal: ac.signal }), AbortError);
    await expectError(() => linalg.choleskyAsync(new Matrix(2, 3, f64(6))), ShapeError);
  });

  test('empty matrices of 2^32 − 1 rows or columns: no work proportional to them, or a typed OutOfMemoryError', async () => {
    const wide = new Matrix(0, 2 ** 32 - 1, new Float64Array(0)), tall = new Matrix(2 ** 32 - 1, 0, new Float64Array(0));
    expect(linalg.cur(wide, 0).relError).toBe(0);
    expect(linalg.leverageScores(wide).length).toBe(0);
    expect(linalg.sampleRows(wide, 0).indices.length).toBe(0);
    await expectError(() => linalg.sampleRows(wide, 1), ValueError, /no rows/);
    await expectError(() => linalg.leverageScores(tall), OutOfMemoryError);
    await expectError(() => linalg.lstsq(wide, new Float64Array(0)), OutOfMemoryError);
  });
});

