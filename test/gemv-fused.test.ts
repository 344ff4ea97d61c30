/**
 * skm_gemv_fused (LSQR's one pass over A: y ← A·x + β·y, z ← Aᵀ·y, Σy²)
 * against two plain reference GEMVs, on every backend, f32 and f64: empty,
 * 1, primes, sizes past a 4096-row chunk (the partial sums are added in
 * chunk order), padded rows (lda > n), β = 0 with NaN in y (y not read).
 */
import { gemvFused } from '../lib/backend/core';
import type { DType } from '../lib/dtype';
import { newArray } from '../lib/dtype';
import { refGemm } from './reference/gemm';
import { forEachBackend } from './support/backends';
import { rng } from './support/data';

const SHAPES: Array<[number, number, number]> = [
  // m, n, lda − n
  [0, 0, 0], [0, 5, 0], [6, 0, 0], [1, 1, 0], [3, 7, 2], [4, 8, 0], [13, 17, 3], [61, 200, 0],
  [4097, 5, 1], [9001, 3, 0],
];
const BETAS = [0, -0.75, 1];
const EPS: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };

forEachBackend(() => {
  for (const dtype of ['float32', 'float64'] as const) {
    test.each(SHAPES)(`${dtype}: m = %i, n = %i, lda = n + %i`, (m, n, pad) => {
      const lda = n + pad;
      const r = rng(m * 31 + n * 7 + pad);
      const A = newArray(dtype, Math.max(0, (m - 1) * lda + n));
      for (let i = 0; i < A.length; i++) A[i] = r();
      const x = newArray(dtype, n);
      for (let j = 0; j < n; j++) x[j] = r();
      const y0 = newArray(dtype, m);
      for (let i = 0; i < m; i++) y0[i] = r();
      for (const beta of BETAS) {
        const y = newArray(dtype, m);
        y.set(beta === 0 ? y0.map(() => NaN) : y0);
        const z = newArray(dtype, n).fill(NaN);
        const ssq = gemvFused(m, n, A, lda, x, beta, y, z);
        // y against A·x + β·y0 in float64.
        const Ax = refGemm({ rows: m, cols: n, data: A, stride: lda }, false, { rows: n, cols: 1, data: x, stride: 1 }, false, 1, beta,
          { rows: m, cols: 1, data: y0, stride: 1 });
        const tol = 4 * (n + 2) * EPS[dtype];
        for (let i = 0; i < m; i++) expect(Math.abs(y[i] - Ax.value[i])).toBeLessThanOrEqual(tol * Ax.magnitude[i] + 1e-300);
        // z against Aᵀ·y of the y returned (the kernel's own y, as LSQR uses it).
        const Aty = refGemm({ rows: m, cols: n, data: A, stride: lda }, true, { rows: m, cols: 1, data: y, stride: 1 }, false, 1, 0, null);
        const tolZ = 4 * (m + 2) * EPS[dtype];
        for (let j = 0; j < n; j++) expect(Math.abs(z[j] - Aty.value[j])).toBeLessThanOrEqual(tolZ * Aty.magnitude[j] + 1e-300);
        let want = 0;
        for (let i = 0; i < m; i++) want += y[i] * y[i];
        expect(Math.abs(ssq - want)).toBeLessThanOrEqual(4 * (m + 1) * 2 ** -53 * want);
      }
    });
  }
});
