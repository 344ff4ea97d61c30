/**
 * Randomized SVD and PCA on every backend, f32 and f64: against the exact SVD
 * (linalg.svd) on real data (scikit-learn's digits, ../shared/data) and on
 * known spectra; PCA's explained variance against scikit-learn's exact PCA.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, ShapeError, ValueError, linalg, matmul } from '../lib/api';
import type { DType } from '../lib/dtype';
import { distance, frobenius, multiply, orthogonalityError, toDense, transpose, withSpectrum } from './reference/linalg';
import { forEachBackend } from './support/backends';
import { rng } from './support/data';
import { readNpy } from './support/npy';

// ../shared/data beside the checkout (as test/sketch-stats.test.ts); a worktree elsewhere falls back to /work/shared.
const DIGITS = [join(__dirname, '../../shared/data/tabular/sk_digits_1797x64.npy'), '/work/shared/data/tabular/sk_digits_1797x64.npy']
  .find((p) => existsSync(p)) ?? '';
const haveDigits = existsSync(DIGITS);

function inDtype(M: Matrix, dtype: DType): Matrix {
  const data = dtype === 'float32' ? Float32Array.from(M.data) : Float64Array.from(M.data);
  return new Matrix(M.rows, M.cols, data);
}

/** ‖A − U·diag(s)·Vt‖_F in float64. */
function residual(A: Matrix, U: Matrix, s: Float64Array, Vt: Matrix): number {
  const k = s.length;
  const US = toDense(U).map((r) => r.map((x, j) => x * s[j]));
  return distance(multiply(US, toDense(Vt), k, A.cols), toDense(A));
}

/** The best rank-k error ‖A − A_k‖_F from the exact singular values. */
const optimal = (s: Float64Array, k: number) => Math.sqrt(s.slice(k).reduce((t, x) => t + x * x, 0));

forEachBackend(() => {
  describe.each(['float32', 'float64'] as const)('%s', (dtype) => {
    (haveDigits ? test : test.skip)('rsvd on digits (1797×64): near-optimal error, singular values, orthonormal factors', () => {
      const X = inDtype(readNpy(DIGITS), dtype);
      const exact = linalg.svd(X);
      for (const k of [5, 10, 20]) {
        const r = linalg.rsvd(X, k, { seed: 7 });
        expect([r.U.rows, r.U.cols, r.s.length, r.Vt.rows, r.Vt.cols]).toEqual([1797, k, k, k, 64]);
        expect(r.U.dtype).toBe(dtype);
        // Halko et al. Thm 10.7: with 4+ power iterations the error is within a few percent of optimal here.
        expect(residual(X, r.U, r.s, r.Vt)).toBeLessThanOrEqual(1.01 * optimal(exact.s, k));
        for (let i = 0; i < k; i++) expect(Math.abs(r.s[i] - exact.s[i]) / exact.s[i]).toBeLessThan(1e-3);
        const tol = dtype === 'float32' ? 1e-4 : 1e-12;
        expect(orthogonalityError(toDense(r.U), k)).toBeLessThan(tol);
        expect(orthogonalityError(transpose(toDense(r.Vt), 64), k)).toBeLessThan(tol);
      }
      // Seeded: the same seed gives the same bits, another seed (nearly) the same answer.
      const a = linalg.rsvd(X, 10, { seed: 3 }), b = linalg.rsvd(X, 10, { seed: 3 });
      expect(Array.from(a.s)).toEqual(Array.from(b.s));
      expect(Array.from(a.U.data)).toEqual(Array.from(b.U.data));
    });

    test('rsvd on a known spectrum with a small gap: more power iterations, closer', () => {
      const next = rng(5);
      const sigma = Array.from({ length: 40 }, (_, j) => (j < 10 ? 1 : 0.9 * 0.95 ** (j - 10)));
      const A = inDtype(new Matrix(120, 60, Float64Array.from(withSpectrum(120, 60, sigma, next).flat())), dtype);
      const errs = [0, 2, 8].map((q) => {
        const r = linalg.rsvd(A, 10, { seed: 1, powerIters: q, oversample: 2 });
        expect(r.S).toBe(r.s);
        return residual(A, r.U, r.s, r.Vt);
      });
      const best = Math.sqrt(sigma.slice(10).reduce((t, x) => t + x * x, 0));
      expect(errs[2]).toBeLessThanOrEqual(errs[0]);
      expect(errs[2]).toBeLessThan(1.05 * best);
    });

    (haveDigits ? test : test.skip)('pca on digits matches the exact PCA (scikit-learn values)', () => {
      const X = inDtype(readNpy(DIGITS), dtype);
      const p = linalg.pca(X, 10, { seed: 1 });
      // sklearn.decomposition.PCA(10, svd_solver='full').fit(X).explained_variance_ratio_
      const sklearn = [0.148906, 0.13618766, 0.1179458, 0.08409984, 0.05782415, 0.04916915, 0.04315985, 0.03661372, 0.0335325, 0.03078807];
      sklearn.forEach((v, i) => expect(Math.abs(p.explainedVarianceRatio[i] - v)).toBeLessThan(2e-5));
      expect(p.components.rows).toBe(10);
      expect(p.mean.length).toBe(64);
      const Z = p.transform(X);
      expect([Z.rows, Z.cols]).toEqual([1797, 10]);
      // Scores have the explained variances as their variances.
      for (let j = 0; j < 10; j++) {
        let ss = 0;
        for (let i = 0; i < 1797; i++) ss += Z.data[i * 10 + j] ** 2;
        expect(Math.abs(ss / 1796 - p.explainedVariance[j]) / p.explainedVariance[j]).toBeLessThan(1e-4);
      }
      // inverseTransform(transform(X)) is the rank-10 reconstruction: its error is the discarded variance.
      const back = p.inverseTransform(Z);
      const err = distance(toDense(back), toDense(X)) ** 2 / 1796;
      const total = p.explainedVariance.reduce((t, v) => t + v, 0) / p.explainedVarianceRatio.reduce((t, v) => t + v, 0);
      const kept = p.explainedVariance.reduce((t, v) => t + v, 0);
      expect(Math.abs(err - (total - kept)) / (total - kept)).toBeLessThan(1e-3);
      expect(frobenius(toDense(matmul(p.components, p.components, { transB: true }))) ** 2).toBeCloseTo(10, 3);
    });

    test('bad k, options and shapes are typed errors; k = 0 is empty', () => {
      const A = new Matrix(6, 4, dtype === 'float32' ? new Float32Array(24).fill(1) : new Float64Array(24).fill(1));
      expect(() => linalg.rsvd(A, 5)).toThrow(ShapeError);
      expect(() => linalg.rsvd(A, -1)).toThrow(ValueError);
      expect(() => linalg.rsvd(A, 2, { powerIters: 'many' as never })).toThrow(ValueError);
      expect(() => linalg.rsvd(A, 2, { seed: -1 })).toThrow(ValueError);
      expect(() => linalg.rsvd(A, 2, { oversample: 1.5 })).toThrow(ValueError);
      expect(() => linalg.pca(A, 2, { center: 'yes' as never })).toThrow(ValueError);
      expect(linalg.rsvd(A, 0).s.length).toBe(0);
      const p = linalg.pca(A, 2);
      expect(() => p.transform(new Matrix(1, 3, A.data.slice(0, 3)))).toThrow(ShapeError);
    });
  });
});
