/**
 * Issue 17, the performance pieces, on every backend, f32 and f64:
 * CholeskyQR2 (qr method 'cholesky2'), rsvd on CsrMatrix / operators / with
 * tol, rsvdAsync and pcaAsync, pca of a CsrMatrix (implicit centering), and
 * Frequent Directions (bound on real data, merge, serialize round trip), plus
 * the GEMM's transposed skinny products against the reference at awkward sizes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AbortError, CsrMatrix, FormatError, Matrix, ValueError, linalg, matmul } from '../lib/api';
import type { DType } from '../lib/dtype';
import { distance, frobenius, multiply, orthogonalityError, toDense, withSpectrum } from './reference/linalg';
import { refGemm } from './reference/gemm';
import { forEachBackend } from './support/backends';
import { rng } from './support/data';
import { readNpy } from './support/npy';

const shared = (rel: string): string =>
  [join(__dirname, '../../shared/data', rel), join(__dirname, '../../../shared/data', rel), join('/work/shared/data', rel)].find((p) => existsSync(p)) ?? '';
const DIGITS = shared('tabular/sk_digits_1797x64.npy');
const MINILM = shared('embeddings/minilm_778x384.npy');
const EPS: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };

function inDtype(M: Matrix, dtype: DType): Matrix {
  const data = dtype === 'float32' ? Float32Array.from(M.data) : Float64Array.from(M.data);
  return new Matrix(M.rows, M.cols, data);
}

function gauss(rows: number, cols: number, dtype: DType, seed: number): Matrix {
  const next = rng(seed);
  const data = dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = next() * 2 - 1;
  return new Matrix(rows, cols, data);
}

/** ‖A − U·diag(s)·Vt‖_F in float64. */
function residual(A: number[][], U: Matrix, s: Float64Array, Vt: Matrix): number {
  const US = toDense(U).map((r) => r.map((x, j) => x * s[j]));
  return distance(multiply(US, toDense(Vt), s.length, Vt.cols), A);
}

/**
 * ‖M‖₂ of a symmetric M by power iteration on M² (its largest eigenvalue):
 * converges from below, so a test using it can only be too lenient, not flaky.
 */
function norm2Sym(M: number[][]): number {
  const n = M.length;
  let v = Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 13) / 13);
  let lam = 0;
  const apply = (x: number[]) => M.map((r) => r.reduce((t, a, j) => t + a * x[j], 0));
  for (let it = 0; it < 120; it++) {
    const w = apply(apply(v));
    const norm = Math.sqrt(w.reduce((t, x) => t + x * x, 0));
    if (norm === 0) return 0;
    lam = Math.sqrt(norm / Math.sqrt(v.reduce((t, x) => t + x * x, 0)));
    v = w.map((x) => x / norm);
  }
  return lam;
}

/** AᵀA in float64 (d × d). */
function gram(A: number[][], d: number): number[][] {
  const G = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const row of A) for (let i = 0; i < d; i++) { const x = row[i]; if (x !== 0) for (let j = 0; j < d; j++) G[i][j] += x * row[j]; }
  return G;
}

forEachBackend(() => {
  describe.each(['float32', 'float64'] as const)('%s', (dtype) => {
    test('transposed skinny products match the reference at awkward sizes', () => {
      for (const [m, n, k] of [[1, 2, 3], [7, 5, 13], [37, 3, 61], [61, 17, 1], [67, 33, 257], [0, 4, 5], [5, 0, 3]]) {
        const A = gauss(k, m, dtype, m + 1), B = gauss(k, n, dtype, n + 2);
        const ref = (X: Matrix) => ({ rows: X.rows, cols: X.cols, data: X.data, stride: X.rowStride });
        const C = matmul(A, B, { transA: true });
        const r1 = refGemm(ref(A), true, ref(B), false, 1, 0, null);
        for (let i = 0; i < m * n; i++) expect(Math.abs(C.data[i] - r1.value[i])).toBeLessThanOrEqual(2 * k * EPS[dtype] * r1.magnitude[i]);
        // Both transposed.
        const Bt = gauss(n, k, dtype, 9);
        const C2 = matmul(A, Bt, { transA: true, transB: true });
        const r2 = refGemm(ref(A), true, ref(Bt), true, 1, 0, null);
        for (let i = 0; i < m * n; i++) expect(Math.abs(C2.data[i] - r2.value[i])).toBeLessThanOrEqual(2 * k * EPS[dtype] * r2.magnitude[i]);
      }
    });

    test("qr method 'cholesky2': identities on tall, ill-conditioned and rank-deficient panels", () => {
      const next = rng(11);
      for (const [m, n, cond] of [[1, 1, 1], [50, 7, 1], [301, 60, 1e3], [200, 13, dtype === 'float32' ? 1e5 : 1e12]]) {
        const sigma = Array.from({ length: n }, (_, j) => cond ** (-j / Math.max(n - 1, 1)));
        const A = inDtype(new Matrix(m, n, Float64Array.from(withSpectrum(m, n, sigma, next).flat())), dtype);
        const { Q, R } = linalg.qr(A, { method: 'cholesky2' });
        expect([Q!.rows, Q!.cols, R.rows, R.cols]).toEqual([m, n, n, n]);
        expect(Q!.dtype).toBe(dtype);
        const rel = distance(multiply(toDense(Q!), toDense(R), n, n), toDense(A)) / frobenius(toDense(A));
        expect(rel).toBeLessThan(50 * n * EPS[dtype]);
        expect(orthogonalityError(toDense(Q!), n)).toBeLessThan(50 * n * EPS[dtype]);
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(R.data[i * n + j]).toBe(0);
      }
      // Exactly rank-deficient: the Gram is singular, Householder takes over.
      const D = gauss(40, 6, dtype, 3);
      for (let i = 0; i < 40; i++) D.data[i * 6 + 5] = D.data[i * 6 + 1];
      const f = linalg.qr(D, { method: 'cholesky2' });
      expect(distance(multiply(toDense(f.Q!), toDense(f.R), 6, 6), toDense(D)) / frobenius(toDense(D))).toBeLessThan(100 * EPS[dtype]);
      // Wide A: Householder (same result as the default).
      const W = gauss(4, 9, dtype, 4);
      expect(Array.from(linalg.qr(W, { method: 'cholesky2' }).R.data)).toEqual(Array.from(linalg.qr(W).R.data));
      expect(() => linalg.qr(W, { method: 'lu' as never })).toThrow(ValueError);
    });

    test('qrAsync cholesky2 agrees with qr', async () => {
      const A = gauss(90, 11, dtype, 5);
      const a = await linalg.qrAsync(A, { method: 'cholesky2' }), b = linalg.qr(A, { method: 'cholesky2' });
      expect(Array.from(a.R.data)).toEqual(Array.from(b.R.data));
    });

    test('rsvd on a CsrMatrix and on an operator equals rsvd on the dense matrix', () => {
      const next = rng(21);
      const m = 83, n = 47, dense = new Float64Array(m * n);
      for (let i = 0; i < dense.length; i++) if (next() < 0.2) dense[i] = next() - 0.5;
      const A = inDtype(new Matrix(m, n, dense), dtype);
      const S = CsrMatrix.fromDense(A);
      const op = {
        rows: m, cols: n, dtype,
        matmul: (X: Matrix) => matmul(A, X),
        transpose: () => ({ matmul: (Y: Matrix) => matmul(A, Y, { transA: true }) }),
      };
      const d = linalg.rsvd(A, 6, { seed: 2 }), s = linalg.rsvd(S, 6, { seed: 2 }), o = linalg.rsvd(op, 6, { seed: 2 });
      const tol = dtype === 'float32' ? 1e-4 : 1e-10;
      for (let i = 0; i < 6; i++) {
        expect(Math.abs(s.s[i] - d.s[i]) / d.s[0]).toBeLessThan(tol);
        expect(Math.abs(o.s[i] - d.s[i]) / d.s[0]).toBeLessThan(tol);
      }
      // A lying operator (wrong shape back) is a typed error.
      const liar = { ...op, matmul: (X: Matrix) => matmul(A, X).clone().constructor === Matrix ? new Matrix(1, 1, A.data.slice(0, 1)) : X };
      expect(() => linalg.rsvd(liar, 3)).toThrow(/returned 1×1/);
      expect(() => linalg.rsvd({ rows: 3 } as never, 1)).toThrow(ValueError);
      expect(() => linalg.rsvd(op, 3, { tol: 0.1 })).toThrow(ValueError);
    });

    test('rsvd with tol stops at the tolerance, within k; error tracked exactly', () => {
      const next = rng(31);
      const sigma = Array.from({ length: 40 }, (_, j) => 0.7 ** j);
      const D = withSpectrum(90, 40, sigma, next);
      const A = inDtype(new Matrix(90, 40, Float64Array.from(D.flat())), dtype);
      const normA = frobenius(D);
      for (const tol of [0.3, 0.05, 1e-3]) {
        const r = linalg.rsvd(A, 30, { tol, seed: 1, blockSize: 4 });
        expect(r.s.length).toBeLessThanOrEqual(30);
        expect(residual(D, r.U, r.s, r.Vt)).toBeLessThanOrEqual(tol * normA * 1.001 + 1e-5 * normA);
        // Not much bigger than the rank the spectrum needs.
        const need = sigma.findIndex((_, j) => Math.sqrt(sigma.slice(j).reduce((t, x) => t + x * x, 0)) <= tol * Math.sqrt(sigma.reduce((t, x) => t + x * x, 0)));
        expect(r.s.length).toBeLessThanOrEqual(need + 4);
      }
      expect(() => linalg.rsvd(A, 3, { tol: 0 })).toThrow(ValueError);
      expect(() => linalg.rsvd(A, 3, { tol: NaN })).toThrow(ValueError);
    });

    test('rsvdAsync and pcaAsync agree with the sync versions; an aborted signal rejects', async () => {
      const A = gauss(120, 30, dtype, 8);
      const a = await linalg.rsvdAsync(A, 5, { seed: 4 }), b = linalg.rsvd(A, 5, { seed: 4 });
      expect(Array.from(a.s)).toEqual(Array.from(b.s));
      const p = await linalg.pcaAsync(A, 4, { seed: 4 }), q = linalg.pca(A, 4, { seed: 4 });
      expect(Array.from(p.explainedVariance)).toEqual(Array.from(q.explainedVariance));
      const ac = new AbortController();
      ac.abort();
      await expect(linalg.rsvdAsync(A, 5, { signal: ac.signal })).rejects.toThrow(AbortError);
      await expect(linalg.pcaAsync(A, 5, { signal: ac.signal })).rejects.toThrow(AbortError);
    });

    test('pca of a CsrMatrix (implicit centering) equals pca of the dense matrix', () => {
      const next = rng(41);
      const m = 150, n = 25, dense = new Float64Array(m * n);
      for (let i = 0; i < dense.length; i++) if (next() < 0.3) dense[i] = 3 + next();
      const X = inDtype(new Matrix(m, n, dense), dtype);
      const pd = linalg.pca(X, 5, { seed: 3, powerIters: 8 }), ps = linalg.pca(CsrMatrix.fromDense(X), 5, { seed: 3, powerIters: 8 });
      const tol = dtype === 'float32' ? 2e-4 : 1e-9;
      for (let i = 0; i < 5; i++) expect(Math.abs(ps.explainedVarianceRatio[i] - pd.explainedVarianceRatio[i])).toBeLessThan(tol);
      for (let j = 0; j < n; j++) expect(Math.abs(ps.mean[j] - pd.mean[j])).toBeLessThan(1e-12 + tol * 10);
      // Components agree up to sign.
      for (let i = 0; i < 5; i++) {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += ps.components.data[i * n + j] * pd.components.data[i * n + j];
        expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(dtype === 'float32' ? 1e-3 : 1e-7);
      }
    });

    (MINILM && DIGITS ? test : test.skip)('FrequentDirections on real data: the bound holds after merge and a round trip', () => {
      for (const [file, ell] of [[DIGITS, 16], [MINILM, 32]] as const) {
        const all = readNpy(file);
        // At most 240 rows: the float64 reference Gram (d² per row) stays cheap.
        const X = inDtype(new Matrix(Math.min(all.rows, 240), all.cols, all.data.slice(0, Math.min(all.rows, 240) * all.cols)), dtype);
        const m = X.rows, d = X.cols;
        const Xd = toDense(X);
        const exact = linalg.svd(inDtype(X, 'float64')).s;
        const tail = (k: number) => exact.slice(k).reduce((t, x) => t + x * x, 0);
        const AtA = gram(Xd, d);
        const check = (fd: linalg.FrequentDirections) => {
          const B = fd.sketch();
          expect([B.rows, B.cols]).toEqual([ell, d]);
          const BtB = gram(toDense(B), d);
          const err = norm2Sym(AtA.map((r, i) => r.map((x, j) => x - BtB[i][j])));
          const slack = 50 * EPS[dtype] * tail(0);
          expect(err).toBeLessThanOrEqual(fd.covarianceErrorBound() + slack);
          for (const k of [0, 1, 4, ell >> 1]) expect(fd.covarianceErrorBound()).toBeLessThanOrEqual(tail(k) / (ell - k) * (1 + 1e-6) + slack);
        };
        // One sketch of all rows, in uneven batches.
        const one = new linalg.FrequentDirections(d, ell, { dtype });
        for (let i = 0; i < m; i += 97) one.update(new Matrix(Math.min(97, m - i), d, X.data.subarray(i * d, Math.min(m, i + 97) * d)));
        expect(one.rowsSeen).toBe(m);
        check(one);
        // Eight workers, merged.
        const parts = Array.from({ length: 8 }, () => new linalg.FrequentDirections(d, ell, { dtype }));
        for (let i = 0; i < m; i++) parts[i % 8].update(new Matrix(1, d, X.data.subarray(i * d, (i + 1) * d)));
        const merged = parts.reduce((a, b) => a.merge(b));
        expect(merged.rowsSeen).toBe(m);
        check(merged);
        // Round trip: the same sketch and bound, bit for bit.
        const back = linalg.FrequentDirections.deserialize(merged.serialize());
        expect(Array.from(back.sketch().data)).toEqual(Array.from(merged.sketch().data));
        expect(back.covarianceErrorBound()).toBe(merged.covarianceErrorBound());
        check(back);
      }
    });

    test('FrequentDirections: exact below ell rows, hostile bytes and inputs are typed errors', () => {
      const fd = new linalg.FrequentDirections(5, 3, { dtype });
      const A = gauss(3, 5, dtype, 1);
      fd.update(A);
      expect(fd.covarianceErrorBound()).toBe(0);
      expect(Array.from(fd.sketch().data)).toEqual(Array.from(A.data));
      expect(() => fd.update(gauss(2, 4, dtype, 1))).toThrow(/columns/);
      expect(() => fd.update(gauss(2, 5, dtype === 'float32' ? 'float64' : 'float32', 1))).toThrow(/float/);
      const nan = gauss(1, 5, dtype, 2);
      nan.data[3] = NaN;
      expect(() => fd.update(nan)).toThrow(ValueError);
      expect(fd.rowsSeen).toBe(3);
      expect(() => fd.merge(new linalg.FrequentDirections(5, 4, { dtype }))).toThrow(ValueError);
      expect(() => fd.merge({} as never)).toThrow(ValueError);
      expect(() => new linalg.FrequentDirections(0, 3)).toThrow(ValueError);
      expect(() => new linalg.FrequentDirections(3, 1.5)).toThrow(ValueError);
      const bytes = fd.serialize();
      expect(() => linalg.FrequentDirections.deserialize(bytes.subarray(0, bytes.length - 1))).toThrow(FormatError);
      for (const at of [0, 4, 5, 9, 30, 45, bytes.length - 1]) {
        const bad = bytes.slice();
        bad[at] ^= 0x40;
        expect(() => linalg.FrequentDirections.deserialize(bad)).toThrow(FormatError);
      }
      expect(() => linalg.FrequentDirections.deserialize(new Uint8Array(0))).toThrow(FormatError);
      expect(() => linalg.FrequentDirections.deserialize([1, 2, 3] as never)).toThrow(/Uint8Array/);
      // Merging into itself doubles it.
      fd.merge(fd);
      expect(fd.rowsSeen).toBe(6);
    });
  });
});
