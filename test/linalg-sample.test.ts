/**
 * leverageScores, sampleRows, cur, nystrom and choleskyAsync on every backend,
 * f32 and f64: leverage scores against the Gram–Schmidt reference
 * (test/reference/lstsq.ts) on full-rank and rank-deficient A, the sketched
 * estimate within a constant factor; sampleRows' frequencies and weights;
 * CUR within a small factor of the rank-k optimum on real weights
 * (../shared/data/weights); Nyström against the exact eigendecomposition on a
 * known spectrum, PSD with exact zeros.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AbortError, Matrix, NotPositiveDefiniteError, ShapeError, ValueError, linalg } from '../lib/index';
import type { DType } from '../lib/dtype';
import { Dense, multiply, orthonormalColumns, toDense, transpose } from './reference/linalg';
import { leverage } from './reference/lstsq';
import { forEachBackend } from './support/backends';
import { rng } from './support/data';
import { readNpy } from './support/npy';

const DTYPES: DType[] = ['float32', 'float64'];
const WEIGHTS = [join(__dirname, '../../shared/data/weights/use_lite_attn_out_512x512.npy'), '/work/shared/data/weights/use_lite_attn_out_512x512.npy']
  .find((p) => existsSync(p)) ?? '';

function matrixOf(D: Dense, cols: number, dtype: DType): Matrix {
  const data = dtype === 'float32' ? new Float32Array(D.length * cols) : new Float64Array(D.length * cols);
  D.forEach((r, i) => r.forEach((x, j) => { data[i * cols + j] = x; }));
  return new Matrix(D.length, cols, data);
}
const randomDense = (m: number, n: number, seed: number): Dense => {
  const next = rng(seed);
  return Array.from({ length: m }, () => Array.from({ length: n }, () => next()));
};
const inDtype = (M: Matrix, dtype: DType) => new Matrix(M.rows, M.cols, dtype === 'float32' ? Float32Array.from(M.data) : Float64Array.from(M.data));

function expectBelow(value: number, bound: number, what: string): void {
  if (!(value <= bound)) throw new Error(`${what}: ${value.toExponential(3)} > ${bound.toExponential(3)}`);
}

forEachBackend(() => {
  describe.each(DTYPES)('%s', (dtype) => {
    const tol = dtype === 'float32' ? 1e-4 : 1e-10;

    test('leverageScores: exact against Gram–Schmidt (full rank, rank deficient, wide, empty); sketched within a constant factor', () => {
      for (const [m, n, seed] of [[1, 1, 1], [13, 5, 2], [97, 7, 3], [5, 13, 4], [60, 17, 5]]) {
        const D = toDense(matrixOf(randomDense(m, n, seed), n, dtype));
        const got = linalg.leverageScores(matrixOf(D, n, dtype));
        expect(got).toBeInstanceOf(Float64Array);
        leverage(D, n).forEach((x, i) => expectBelow(Math.abs(got[i] - x), tol, `${m}×${n} score ${i}`));
      }
      // Blank and duplicated columns and a heavy row: rank 3.
      const base = randomDense(40, 3, 6);
      base[7] = [30, -20, 10];
      const D = toDense(matrixOf(base.map((r) => [r[0], 0, r[1], r[0], r[2]]), 5, dtype));
      const exact = linalg.leverageScores(matrixOf(D, 5, dtype));
      const ref = leverage(D, 5);
      ref.forEach((x, i) => expectBelow(Math.abs(exact[i] - x), tol, `rank-deficient score ${i}`));
      expect(exact.reduce((s, x) => s + x, 0)).toBeCloseTo(3, 3);
      const tall = toDense(matrixOf(randomDense(600, 6, 8), 6, dtype));
      tall[11] = [50, 1, 2, 3, 4, 5];
      const est = linalg.leverageScores(matrixOf(tall, 6, dtype), { exact: false, seed: 3 });
      const lev = leverage(tall, 6);
      lev.forEach((x, i) => expectBelow(Math.abs(Math.log(est[i] / x)), Math.log(4), `sketched score ${i} (${est[i]} vs ${x})`));
      expect(Array.from(est)).toEqual(Array.from(linalg.leverageScores(matrixOf(tall, 6, dtype), { exact: false, seed: 3 })));
      expect(linalg.leverageScores(new Matrix(0, 3, new Float64Array(0))).length).toBe(0);
      expect(Array.from(linalg.leverageScores(new Matrix(2, 0, new Float64Array(0))))).toEqual([0, 0]);
    });

    test('sampleRows: with replacement, frequencies follow p, weights 1/√(s·p), seeded', () => {
      const D = randomDense(8, 3, 9);
      D[2] = [0, 0, 0];
      D[5] = [4, 4, 4];
      const A = matrixOf(D, 3, dtype);
      const s = 8000;
      for (const by of ['leverage', 'uniform', 'rowNorm'] as const) {
        const { indices, weights } = linalg.sampleRows(A, s, { by, seed: 5 });
        expect(indices).toBeInstanceOf(Int32Array);
        expect(indices.length).toBe(s);
        const w = by === 'uniform' ? D.map(() => 1) : by === 'rowNorm' ? D.map((r) => r.reduce((t, x) => t + x * x, 0)) : leverage(toDense(A), 3);
        const total = w.reduce((t, x) => t + x, 0), count = new Array(8).fill(0);
        let worst = 0;
        indices.forEach((i, t) => {
          count[i]++;
          worst = Math.max(worst, Math.abs(weights[t] * Math.sqrt(s * w[i] / total) - 1));
        });
        expectBelow(worst, 1e-3, `${by} weights`);
        w.forEach((x, i) => expectBelow(Math.abs(count[i] / s - x / total), 0.02, `${by} frequency of row ${i}`));
        if (by !== 'uniform') expect(count[2]).toBe(0);
        const again = linalg.sampleRows(A, s, { by, seed: 5 });
        expect(Array.from(again.indices)).toEqual(Array.from(indices));
      }
      expect(linalg.sampleRows(A, 0).indices.length).toBe(0);
      expect(() => linalg.sampleRows(new Matrix(0, 2, new Float64Array(0)), 3)).toThrow(ValueError);
      expect(() => linalg.sampleRows(matrixOf([[0, 0], [0, 0]], 2, dtype), 3, { by: 'rowNorm' })).toThrow(ValueError);
    });

    (WEIGHTS ? test : test.skip)('cur on real weights (USE-Lite attention output, 512×512): within a small factor of the rank-k optimum', () => {
      const W = inDtype(readNpy(WEIGHTS), dtype);
      const s = linalg.svd(W).s;
      const fro = Math.sqrt(s.reduce((t, x) => t + x * x, 0));
      for (const k of [32]) {
        const res = linalg.cur(W, k, { seed: 2 });
        const optimal = Math.sqrt(s.slice(k).reduce((t, x) => t + x * x, 0)) / fro;
        expect([res.C.rows, res.C.cols, res.U.rows, res.U.cols, res.R.rows, res.R.cols]).toEqual([512, 2 * k, 2 * k, 2 * k, 2 * k, 512]);
        expect(res.C.dtype).toBe(dtype);
        expect(res.C.get(7, 3)).toBe(W.get(7, res.colIndices[3]));
        expect(res.R.get(3, 7)).toBe(W.get(res.rowIndices[3], 7));
        for (let i = 1; i < res.colIndices.length; i++) expect(res.colIndices[i]).toBeGreaterThan(res.colIndices[i - 1]);
        expectBelow(res.relError, 1.5 * optimal, `cur k=${k} relError vs optimal ${optimal.toFixed(4)}`);
      }
    });

    test('cur: exact on low rank, shapes, k = 0', () => {
      const D = multiply(randomDense(30, 3, 1), randomDense(3, 20, 2), 3, 20);
      const res = linalg.cur(matrixOf(D, 20, dtype), 3, { seed: 1 });
      expectBelow(res.relError, dtype === 'float32' ? 1e-5 : 1e-12, 'rank-3 CUR');
      const z = linalg.cur(matrixOf(D, 20, dtype), 0);
      expect([z.C.cols, z.R.rows, z.relError]).toEqual([0, 0, 1]);
      expect(() => linalg.cur(matrixOf(D, 20, dtype), 21)).toThrow(ShapeError);
    });

    test('nystrom: a PSD matrix with a known, decaying spectrum (and exact zeros); nystromAsync; choleskyAsync', async () => {
      const n = 80, next = rng(4);
      const V = orthonormalColumns(n, n, next);
      const lambda = Array.from({ length: n }, (_, i) => (i < 60 ? 2 ** -i : 0));
      const Dm = multiply(V.map((r) => r.map((x, j) => x * lambda[j])), transpose(V, n), n, n);
      const A = matrixOf(Dm, n, dtype);
      const k = 10;
      const { U, S } = linalg.nystrom(A, k, { seed: 3 });
      expect(S).toBeInstanceOf(Float64Array);
      expect([U.rows, U.cols, U.dtype]).toEqual([n, k, dtype]);
      // Each eigenvalue within 1% (the top ones far closer); ‖A − U·S·Uᵀ‖_F within 3× the best rank-k error.
      for (let i = 0; i < k; i++) expectBelow(Math.abs(S[i] - lambda[i]), (dtype === 'float32' ? 1e-5 : 1e-9) + 1e-2 * lambda[i], `eigenvalue ${i}`);
      const Ud = toDense(U), approx = multiply(Ud.map((r) => r.map((x, j) => x * S[j])), transpose(Ud, k), k, n);
      const err = Math.sqrt(approx.reduce((t, r, i) => t + r.reduce((u, x, j) => u + (x - Dm[i][j]) ** 2, 0), 0));
      const best = Math.sqrt(lambda.slice(k).reduce((t, x) => t + x * x, 0));
      expectBelow(err, 3 * best + (dtype === 'float32' ? 1e-5 : 1e-12), 'nystrom ‖A − USUᵀ‖_F');
      const again = await linalg.nystromAsync(A, k, { seed: 3 });
      expect(Array.from(again.S)).toEqual(Array.from(S));
      // Rank 2 exactly (Ωᵀ·A·Ω singular without the shift).
      const low = matrixOf(multiply(V.map((r) => [r[0] * 3, r[1]]), transpose(V.map((r) => [r[0], r[1]]), 2), 2, n), n, dtype);
      const r2 = linalg.nystrom(low, 5, { seed: 1 });
      expect(r2.S[0]).toBeCloseTo(3, 4);
      expect(r2.S[1]).toBeCloseTo(1, 4);
      for (let i = 2; i < 5; i++) expect(r2.S[i]).toBeLessThan(1e-4);
      expect(() => linalg.nystrom(matrixOf([[1, 0], [0, -1]], 2, dtype), 2)).toThrow(ValueError);
      const L = await linalg.choleskyAsync(matrixOf([[4, 2], [2, 5]], 2, dtype));
      expect(L.toArray()).toEqual(linalg.cholesky(matrixOf([[4, 2], [2, 5]], 2, dtype)).toArray());
      await expect(linalg.choleskyAsync(matrixOf([[1, 2], [2, 1]], 2, dtype))).rejects.toThrow(NotPositiveDefiniteError);
      const ac = new AbortController();
      ac.abort();
      await expect(linalg.nystromAsync(A, k, { signal: ac.signal })).rejects.toThrow(AbortError);
    });
  });
});
