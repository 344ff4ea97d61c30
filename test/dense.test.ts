/**
 * GEMM and GEMV on every backend against the float64 reference
 * (test/reference/gemm.ts): the operator market of shapes, transposes,
 * strides, alpha/beta and dtypes.
 */
import { Matrix, matmul, matmulAsync, matvec, ShapeError, DTypeError, ValueError } from '../lib/api';
import type { DType } from '../lib/dtype';
import { getEventListeners } from 'node:events';
import { refGemm } from './reference/gemm';
import { forEachBackend } from './support/backends';
import { EPS, filled } from './support/data';

interface Case {
  m: number; n: number; k: number;
  transA: boolean; transB: boolean;
  alpha: number; beta: number;
  pad: number; // extra elements per row in every operand
}

// Sizes: empty, 1, primes, and values around every vector width (4, 8, 16 f32
// lanes; 2, 4, 8 f64 lanes) and the micro-kernel tiles.
const SIZES: [number, number, number][] = [
  [0, 0, 0], [0, 5, 3], [4, 0, 3], [3, 4, 0], [1, 1, 1], [1, 7, 1], [7, 1, 13], [1, 1, 37],
  [2, 3, 5], [5, 7, 11], [13, 17, 19], [15, 33, 31], [17, 65, 9], [31, 16, 64], [33, 47, 129],
  [64, 64, 64], [97, 101, 103], [129, 67, 257], [8, 300, 17], [300, 8, 1], [260, 130, 70],
  // A·Bᵀ with few rows on one side, big enough to split over threads: few rows
  // of A (dot products); few of B with long rows (dot products) and with
  // short ones (packed: gemm.cc's DotsForFewB)
  [3, 2000, 300], [500, 3, 200], [300, 7, 130], [1000, 16, 129],
];

function cases(): Case[] {
  const out: Case[] = [];
  let i = 0;
  for (const [m, n, k] of SIZES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const v = i++;
        out.push({
          m, n, k, transA, transB,
          alpha: [1, -0.5, 2.25][v % 3],
          beta: [0, 1, -1.5, 0][v % 4],
          pad: [0, 3, 1][v % 3],
        });
      }
    }
  }
  return out;
}

function operands(c: Case, dtype: DType, seed: number) {
  const [ar, ac] = c.transA ? [c.k, c.m] : [c.m, c.k];
  const [br, bc] = c.transB ? [c.n, c.k] : [c.k, c.n];
  const A = filled(ar, ac, dtype, seed, ac + c.pad);
  const B = filled(br, bc, dtype, seed + 1, bc + c.pad);
  const C = filled(c.m, c.n, dtype, seed + 2, c.n + c.pad);
  return { A, B, C };
}

const ref = (M: Matrix) => ({ rows: M.rows, cols: M.cols, data: M.data, stride: M.rowStride });

// Inputs are deterministic, so each backend can share one reference result.
const refCache = new Map<string, ReturnType<typeof refGemm>>();

function expectClose(got: Matrix, c: Case, dtype: DType, A: Matrix, B: Matrix, C0: Matrix | null): void {
  const key = JSON.stringify([c, dtype, A.data.length, B.data.length, C0 !== null]);
  let r = refCache.get(key);
  if (!r) refCache.set(key, (r = refGemm(ref(A), c.transA, ref(B), c.transB, c.alpha, c.beta, C0 && ref(C0))));
  expect([got.rows, got.cols]).toEqual([r.m, r.n]);
  // Each entry is a k-term dot product: |error| <= ~(k + 2)·u·Σ|terms|
  // (Higham, Accuracy and Stability, §3.1); 2× slack for blocked summation.
  const tol = 2 * (c.k + 2) * EPS[dtype];
  let worst = 0;
  for (let i = 0; i < r.m; i++) {
    for (let j = 0; j < r.n; j++) {
      const e = Math.abs(got.data[i * got.rowStride + j] - r.value[i * r.n + j]);
      const bound = tol * r.magnitude[i * r.n + j] + 1e-300;
      if (!(e <= bound)) worst = Math.max(worst, Number.isNaN(e) ? Infinity : e / bound);
    }
  }
  expect(worst).toBe(0);
}

forEachBackend(() => {
  describe.each(['float32', 'float64'] as const)('%s', (dtype) => {
    test.each(cases().map((c) => [`${c.m}×${c.n}×${c.k} tA=${+c.transA} tB=${+c.transB} α=${c.alpha} β=${c.beta} pad=${c.pad}`, c] as const))(
      'matmul %s', (_name, c) => {
        const { A, B, C } = operands(c, dtype, c.m * 7 + c.n * 3 + c.k);
        const C0 = C.clone();
        if (c.beta === 0) C.data.fill(NaN); // beta = 0 must not read C
        const out = matmul(A, B, { transA: c.transA, transB: c.transB, alpha: c.alpha, beta: c.beta, out: C });
        expect(out).toBe(C);
        expectClose(C, c, dtype, A, B, C0);
        // Padding between rows of out is never written.
        for (let i = 0; i + 1 < C.rows; i++) {
          for (let j = C.cols; j < C.rowStride; j++) expect(C.data[i * C.rowStride + j]).toBeNaN();
        }
      });

    test('matmul without out returns a new contiguous matrix of the same dtype', () => {
      const c: Case = { m: 37, n: 29, k: 41, transA: false, transB: true, alpha: 1, beta: 0, pad: 2 };
      const { A, B } = operands(c, dtype, 5);
      const C = matmul(A, B, { transB: true });
      expect(C.dtype).toBe(dtype);
      expect(C.rowStride).toBe(29);
      expectClose(C, c, dtype, A, B, null);
    });

    test('matmulAsync matches matmul bit for bit and reads copies of its inputs', async () => {
      const c: Case = { m: 70, n: 45, k: 90, transA: true, transB: false, alpha: 1.5, beta: -1, pad: 1 };
      const { A, B, C } = operands(c, dtype, 9);
      const sync = matmul(A, B, { transA: true, alpha: 1.5, beta: -1, out: C.clone() });
      const pending = matmulAsync(A, B, { transA: true, alpha: 1.5, beta: -1, out: C });
      A.data.fill(0); // too late to matter: the call already took its copies
      const got = await pending;
      expect(got).toBe(C);
      for (let i = 0; i < c.m; i++) {
        for (let j = 0; j < c.n; j++) expect(C.get(i, j)).toBe(sync.get(i, j));
      }
    });

    test('matmulAsync with an aborted signal rejects with AbortError', async () => {
      const A = filled(3, 3, dtype, 1);
      const ac = new AbortController();
      ac.abort();
      await expect(matmulAsync(A, A, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    });

    test('many calls sharing one signal: one abort listener, no leak warning, all settle; an abort rejects the pending ones', async () => {
      const A = filled(40, 30, dtype, 1), B = filled(30, 20, dtype, 2);
      const want = Array.from(matmul(A, B).data);
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.name);
      process.on('warning', onWarning);
      try {
        const ac = new AbortController();
        const calls = Array.from({ length: 30 }, () => matmulAsync(A, B, { signal: ac.signal }));
        expect(getEventListeners(ac.signal, 'abort').length).toBe(1);
        for (const r of await Promise.all(calls)) expect(Array.from(r.data)).toEqual(want);
        expect(getEventListeners(ac.signal, 'abort').length).toBe(0);
        const late = Array.from({ length: 12 }, () => matmulAsync(A, B, { signal: ac.signal }));
        ac.abort();
        const settled = await Promise.allSettled(late);
        for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ name: 'AbortError' });
        await new Promise((r) => setImmediate(r));
        expect(warnings).not.toContain('MaxListenersExceededWarning');
      } finally {
        process.off('warning', onWarning);
      }
    });

    test('results do not depend on the thread count', () => {
      const A = filled(300, 257, dtype, 3), B = filled(257, 190, dtype, 4);
      const one = matmul(A, B);
      const again = matmul(A, B);
      expect(Array.from(again.data)).toEqual(Array.from(one.data));
    });
  });

  describe.each(['float32', 'float64'] as const)('matvec %s', (dtype) => {
    const shapes: [number, number][] = [[0, 0], [0, 3], [3, 0], [1, 1], [1, 17], [17, 1], [5, 7], [31, 33], [64, 65], [257, 130], [3, 1000]];
    test.each(shapes.flatMap(([m, n]) => [false, true].map((t) => [m, n, t] as const)))('%i×%i trans=%p', (m, n, trans) => {
      const A = filled(m, n, dtype, m + 2 * n, n + (m % 3));
      const x = filled(1, trans ? m : n, dtype, 7).data;
      const y0 = filled(1, trans ? n : m, dtype, 8).data;
      const alpha = 1.25, beta = trans ? 0 : -0.5;
      const y = y0.slice();
      if (beta === 0) y.fill(NaN);
      matvec(A, x, { trans, alpha, beta, out: y });
      const r = refGemm(ref(A), trans, { rows: x.length, cols: 1, data: x, stride: 1 }, false, alpha, beta,
        { rows: y0.length, cols: 1, data: y0, stride: 1 });
      const tol = 2 * ((trans ? m : n) + 2) * EPS[dtype];
      for (let i = 0; i < y.length; i++) expect(Math.abs(y[i] - r.value[i])).toBeLessThanOrEqual(tol * r.magnitude[i] + 1e-300);
      expect(matvec(A, x, { trans }).length).toBe(trans ? n : m);
    });
    test('errors', () => {
      const A = filled(3, 4, dtype, 1);
      expect(() => matvec(A, filled(1, 3, dtype, 2).data)).toThrow(ShapeError);
      expect(() => matvec(A, new Int32Array(4) as never)).toThrow(DTypeError);
      const other = dtype === 'float32' ? new Float64Array(4) : new Float32Array(4);
      expect(() => matvec(A, other as never)).toThrow(DTypeError);
      expect(() => matvec(A, filled(1, 4, dtype, 2).data, { beta: 1 })).toThrow(ValueError);
    });
  });

  test('errors: shapes, dtypes, aliasing, bad options', () => {
    const A = filled(3, 4, 'float64', 1), B = filled(5, 2, 'float64', 2);
    expect(() => matmul(A, B)).toThrow(ShapeError);
    expect(() => matmul(A, B)).toThrow('matmul: A is 3×4 but B is 5×2 (inner dimensions 4 and 5 differ)');
    expect(() => matmul(A, filled(4, 2, 'float32', 3))).toThrow(DTypeError);
    const out = Matrix.zeros(3, 3, 'float64');
    expect(() => matmul(A, filled(4, 2, 'float64', 3), { out })).toThrow(ShapeError);
    const sq = filled(4, 4, 'float64', 4);
    expect(() => matmul(sq, sq, { out: sq })).toThrow(ValueError);
    expect(() => matmul(sq, sq, { alpha: NaN })).toThrow(ValueError);
    expect(() => matmul(sq, sq, { beta: 1 })).toThrow(ValueError);
    expect(() => matmul(sq, sq, { transA: 1 as unknown as boolean })).toThrow(ValueError);
    expect(() => matmul(sq, {} as Matrix)).toThrow(ValueError);
    expect(() => matmul(sq, sq, 5 as unknown as object)).toThrow(ValueError);
  });

  test('a matrix whose buffer was detached is an error, not a read', () => {
    const data = new Float64Array(16);
    const M = new Matrix(4, 4, data);
    structuredClone(data.buffer, { transfer: [data.buffer] });
    expect(() => matmul(M, Matrix.zeros(4, 4))).toThrow(/detached/);
  });
});

describe('Matrix.rowsView', () => {
  test('a view of rows [begin, end): shares data, keeps the stride, checks its bounds', () => {
    const A = new Matrix(4, 2, new Float64Array([1, 2, 0, 3, 4, 0, 5, 6, 0, 7, 8]), { rowStride: 3 });
    const V = A.rowsView(1, 3);
    expect(V.toArray()).toEqual([[3, 4], [5, 6]]);
    V.set(0, 0, 30);
    expect(A.get(1, 0)).toBe(30);
    expect(A.rowsView(4, 4).rows).toBe(0);
    expect(A.rowsView(0, 4).toArray()).toEqual(A.toArray());
    expect(() => A.rowsView(3, 2)).toThrow(ValueError);
    expect(() => A.rowsView(0, 5)).toThrow(ValueError);
    expect(() => A.rowsView(-1, 2)).toThrow(ValueError);
    expect(() => A.rowsView(0.5, 2)).toThrow(ValueError);
  });
});
