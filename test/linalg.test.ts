/**
 * Dense factorizations on every backend, f32 and f64, checked by their
 * defining identities in float64 (test/reference/linalg.ts):
 *   qr        ‖A − QR‖/‖A‖, ‖QᵀQ − I‖, R upper trapezoidal
 *   svd       ‖A − U diag(s) Vt‖/‖A‖, ‖UᵀU − I‖, ‖VtVtᵀ − I‖, s descending ≥ 0,
 *             the sign convention, s against a known spectrum
 *   eigh      ‖AV − VΛ‖/‖A‖, ‖VᵀV − I‖, ascending, signs, values against Jacobi
 *   cholesky  ‖A − LLᵀ‖/‖A‖, the zero triangle, the failing pivot
 *   solveTriangular  the residual against ‖T‖‖X‖ and the f64 substitution
 * Tolerances are c·u·size for backward errors (independent of conditioning:
 * these algorithms are backward stable) and c·u·‖A‖ for eigen/singular values
 * (Weyl: a backward error of ‖E‖ moves each by at most ‖E‖); u is the unit
 * roundoff of the dtype.
 */
import {
  Matrix, NotPositiveDefiniteError, ShapeError, ValueError, AbortError, linalg, matmul,
  qr, svd, eigh, cholesky, solveTriangular,
} from '../lib/api';
import type { DType } from '../lib/dtype';
import {
  Dense, distance, frobenius, multiply, orthogonalityError, substitute, symmetricEigenvalues, toDense, transpose,
  withSpectrum,
} from './reference/linalg';
import { forEachBackend } from './support/backends';
import { EPS, rng } from './support/data';

const DTYPES: DType[] = ['float32', 'float64'];

/** A Matrix holding D in `dtype`, rows `pad` elements apart beyond cols (padding NaN: reading it shows). */
function matrixOf(D: Dense, cols: number, dtype: DType, pad = 0): Matrix {
  const rows = D.length, stride = cols + pad;
  const n = rows === 0 ? 0 : (rows - 1) * stride + cols;
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  data.fill(NaN);
  D.forEach((r, i) => r.forEach((x, j) => { data[i * stride + j] = x; }));
  return new Matrix(rows, cols, data, { rowStride: stride });
}

function randomDense(m: number, n: number, seed: number): Dense {
  const next = rng(seed);
  return Array.from({ length: m }, () => Array.from({ length: n }, () => next()));
}

/** The matrix as its dtype holds it, back in float64 (what the factorization saw). */
const seen = (M: Matrix): Dense => toDense(M);

function expectBelow(value: number, bound: number, what: string): void {
  if (!(value <= bound)) throw new Error(`${what}: ${value.toExponential(3)} > ${bound.toExponential(3)}`);
}

function checkSignConvention(M: Dense, k: number, what: string): void {
  for (let j = 0; j < k; j++) {
    let big = 0;
    for (const r of M) if (Math.abs(r[j]) > Math.abs(big)) big = r[j];
    if (big < 0) throw new Error(`${what}: column ${j}'s largest entry ${big} is negative`);
  }
}

// Shapes: empty, 1×1, tiny, primes, tall and wide, more than one 32-column QR panel.
const SHAPES: [number, number][] = [
  [0, 0], [0, 5], [5, 0], [1, 1], [1, 7], [7, 1], [2, 3], [13, 5], [5, 13], [37, 37], [97, 33], [33, 97], [130, 70],
];
const SQUARES = [0, 1, 2, 5, 17, 64, 65, 131];

function qrChecks(A: Matrix, dtype: DType, label: string): void {
  const m = A.rows, n = A.cols, k = Math.min(m, n);
  const { Q, R } = qr(A);
  expect(Q!.rows).toBe(m); expect(Q!.cols).toBe(k); expect(R.rows).toBe(k); expect(R.cols).toBe(n);
  expect(Q!.dtype).toBe(dtype); expect(R.dtype).toBe(dtype);
  const Rd = toDense(R), Qd = toDense(Q!), Ad = seen(A);
  for (let i = 0; i < k; i++) for (let j = 0; j < Math.min(i, n); j++) expect(Rd[i][j]).toBe(0);
  const u = EPS[dtype], size = Math.max(m, n, 1);
  if (k > 0) {
    expectBelow(distance(multiply(Qd, Rd, k, n), Ad) / (frobenius(Ad) || 1), 10 * size * u, `${label} ‖A − QR‖/‖A‖`);
    expectBelow(orthogonalityError(Qd, k), 10 * size * u, `${label} ‖QᵀQ − I‖`);
  }
  const only = qr(A, { mode: 'r' });
  expect(only.Q).toBeUndefined();
  expect(toDense(only.R)).toEqual(Rd);
}

function svdChecks(A: Matrix, dtype: DType, label: string, sigma?: number[]): void {
  const m = A.rows, n = A.cols, k = Math.min(m, n);
  const { U, s, Vt } = svd(A);
  expect(s).toBeInstanceOf(Float64Array);
  expect([U.rows, U.cols, s.length, Vt.rows, Vt.cols]).toEqual([m, k, k, k, n]);
  expect(U.dtype).toBe(dtype); expect(Vt.dtype).toBe(dtype);
  const u = EPS[dtype], size = Math.max(m, n, 1);
  const Ud = toDense(U), Vd = toDense(Vt), Ad = seen(A), norm = frobenius(Ad);
  for (let i = 0; i < k; i++) {
    expect(s[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
  }
  if (k === 0) return;
  const US = Ud.map((r) => r.map((x, j) => x * s[j]));
  expectBelow(distance(multiply(US, Vd, k, n), Ad) / (norm || 1), 20 * size * u, `${label} ‖A − USVᵀ‖/‖A‖`);
  expectBelow(orthogonalityError(Ud, k), 20 * size * u, `${label} ‖UᵀU − I‖`);
  expectBelow(orthogonalityError(transpose(Vd, n), k), 20 * size * u, `${label} ‖VᵀV − I‖`);
  checkSignConvention(Ud, k, `${label} U`);
  if (sigma) {
    // Weyl: |s_i − σ_i| ≤ ‖E‖ for a backward error E (and the rounding of A into the dtype).
    for (let i = 0; i < k; i++) expectBelow(Math.abs(s[i] - (sigma[i] ?? 0)), 20 * size * u * sigma[0], `${label} s[${i}]`);
  }
}

function eighChecks(A: Matrix, dtype: DType, label: string): void {
  const n = A.rows;
  const { values, vectors } = eigh(A);
  expect(values).toBeInstanceOf(Float64Array);
  expect([values.length, vectors.rows, vectors.cols]).toEqual([n, n, n]);
  expect(vectors.dtype).toBe(dtype);
  if (n === 0) return;
  const u = EPS[dtype];
  // The kernel reads the lower triangle: the matrix it factors is its mirror.
  const L = seen(A), S = L.map((r, i) => r.map((x, j) => (j <= i ? x : L[j][i])));
  const V = toDense(vectors), norm = frobenius(S) || 1;
  const AV = multiply(S, V, n, n), VL = V.map((r) => r.map((x, j) => x * values[j]));
  expectBelow(distance(AV, VL) / norm, 20 * n * u, `${label} ‖AV − VΛ‖/‖A‖`);
  expectBelow(orthogonalityError(V, n), 20 * n * u, `${label} ‖VᵀV − I‖`);
  for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  checkSignConvention(V, n, `${label} V`);
  if (n <= 40) {
    const ref = symmetricEigenvalues(S);
    ref.forEach((x, i) => expectBelow(Math.abs(values[i] - x), 20 * n * u * norm, `${label} value ${i}`));
  }
}

forEachBackend((tb) => {
  describe.each(DTYPES)('%s', (dtype) => {
    const u = EPS[dtype];

    test('qr: random shapes, strided rows', () => {
      SHAPES.forEach(([m, n], i) => qrChecks(matrixOf(randomDense(m, n, 100 + i), n, dtype, i % 3), dtype, `${m}×${n}`));
    });

    test('qr: rank-deficient, zero and ill-conditioned matrices', () => {
      const next = rng(7);
      const lowRank = multiply(randomDense(60, 4, 1), randomDense(4, 45, 2), 4, 45);
      qrChecks(matrixOf(lowRank, 45, dtype), dtype, 'rank 4');
      qrChecks(matrixOf(randomDense(20, 9, 3).map((r) => r.map(() => 0)), 9, dtype), dtype, 'zero');
      const sigma = Array.from({ length: 30 }, (_, j) => 10 ** (-(dtype === 'float64' ? 12 : 6) * j / 29));
      qrChecks(matrixOf(withSpectrum(50, 30, sigma, next), 30, dtype, 2), dtype, 'ill-conditioned');
    });

    test('svd: random shapes, strided rows, signs and order', () => {
      SHAPES.forEach(([m, n], i) => svdChecks(matrixOf(randomDense(m, n, 200 + i), n, dtype, (i + 1) % 3), dtype, `${m}×${n}`));
    });

    test('svd: known spectra (cond 1e12 in f64), rank-deficient, zero, repeated values', () => {
      const next = rng(11);
      const cond = dtype === 'float64' ? 1e12 : 1e6;
      for (const [m, n] of [[60, 40], [40, 60], [33, 33]] as const) {
        const k = Math.min(m, n);
        const sigma = Array.from({ length: k }, (_, j) => 3 * cond ** (-j / (k - 1)));
        svdChecks(matrixOf(withSpectrum(m, n, sigma, next), n, dtype, 1), dtype, `cond ${cond} ${m}×${n}`, sigma);
      }
      const rank3 = [5, 2, 0.5];
      svdChecks(matrixOf(withSpectrum(30, 20, rank3, next), 20, dtype), dtype, 'rank 3', [...rank3, ...Array(17).fill(0)]);
      svdChecks(matrixOf(withSpectrum(25, 25, [2, 2, 2, 1, 1], next), 25, dtype), dtype, 'repeated', [2, 2, 2, 1, 1, ...Array(20).fill(0)]);
      svdChecks(matrixOf(randomDense(9, 6, 1).map((r) => r.map(() => 0)), 6, dtype), dtype, 'zero', Array(6).fill(0));
      const oneZeroColumn = randomDense(12, 7, 5).map((r) => r.map((x, j) => (j === 3 ? 0 : x)));
      svdChecks(matrixOf(oneZeroColumn, 7, dtype), dtype, 'zero column');
    });

    test('svd { full }: U m × m and Vt n × n orthogonal, the thin part unchanged, A = U·Σ·Vt', () => {
      for (const [m, n] of [[7, 3], [3, 7], [5, 5], [1, 4], [4, 1], [0, 3], [6, 0], [13, 11]] as const) {
        const D = randomDense(m, n, 300 + m * 17 + n);
        const A = matrixOf(D, n, dtype, 1);
        const thin = svd(A);
        const { U, S, s, Vt } = svd(A, { full: true });
        expect([U.rows, U.cols, Vt.rows, Vt.cols, S.length]).toEqual([m, m, n, n, Math.min(m, n)]);
        expect(S).toBe(s);
        const Ud = toDense(U), Vd = toDense(Vt);
        expectBelow(orthogonalityError(Ud, m), 50 * Math.max(m, 1) * u, `${m}×${n} UᵀU`);
        expectBelow(orthogonalityError(transpose(Vd, n), n), 50 * Math.max(n, 1) * u, `${m}×${n} VVᵀ`);
        const k = Math.min(m, n);
        for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) expect(U.get(i, j)).toBe(thin.U.get(i, j));
        for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) expect(Vt.get(i, j)).toBe(thin.Vt.get(i, j));
        const Sigma: Dense = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? s[i] : 0)));
        if (m > 0 && n > 0) expectBelow(distance(multiply(multiply(Ud, Sigma, m, n), Vd, n, n), D) / Math.max(frobenius(D), 1e-300), 50 * Math.max(m, n) * u, `${m}×${n} A`);
      }
      expect(() => svd(matrixOf([[1]], 1, dtype), { full: 1 as never })).toThrow(ValueError);
    });

    test('svd: extreme magnitudes do not overflow', () => {
      const big = dtype === 'float32' ? 1e30 : 1e300, tiny = dtype === 'float32' ? 1e-30 : 1e-300;
      for (const scale of [big, tiny]) {
        const D = randomDense(15, 8, 9).map((r) => r.map((x) => x * scale));
        const A = matrixOf(D, 8, dtype);
        const { s } = svd(A);
        const ref = svd(matrixOf(randomDense(15, 8, 9), 8, dtype)).s;
        s.forEach((x, i) => expectBelow(Math.abs(x / scale - ref[i]), 100 * u * ref[0], `scale ${scale} s[${i}]`));
      }
    });

    test('rank-one constant matrices (libFuzzer finds: underflow in reflectors, QL and Jacobi)', () => {
      const ones = (m: number, n: number) => Array.from({ length: m }, () => Array(n).fill(-1));
      svdChecks(matrixOf(ones(90, 13), 13, dtype), dtype, 'svd 90×13 of −1', [Math.sqrt(90 * 13), ...Array(12).fill(0)]);
      svdChecks(matrixOf(ones(21, 5), 5, dtype), dtype, 'svd 21×5 of −1', [Math.sqrt(21 * 5), 0, 0, 0, 0]);
      eighChecks(matrixOf(ones(63, 63), 63, dtype), dtype, 'eigh 63×63 of −1');
      eighChecks(matrixOf(ones(72, 72), 72, dtype), dtype, 'eigh 72×72 of −1');
      qrChecks(matrixOf(ones(40, 30), 30, dtype), dtype, 'qr 40×30 of −1');
    });

    test('svd and eigh: NaN in, NaN out', () => {
      const D = randomDense(6, 4, 3);
      D[2][1] = NaN;
      const r = svd(matrixOf(D, 4, dtype));
      expect(Array.from(r.s).every(Number.isNaN)).toBe(true);
      const S = randomDense(5, 5, 4);
      S[3][0] = Infinity;
      expect(Array.from(eigh(matrixOf(S, 5, dtype)).values).every(Number.isNaN)).toBe(true);
    });

    test('eigh: random symmetric, strided, upper triangle ignored', () => {
      SQUARES.forEach((n, i) => {
        const D = randomDense(n, n, 300 + i);
        // Upper triangle set to garbage: only the lower one may be read.
        const A = D.map((r, a) => r.map((x, b) => (b <= a ? x : 1e6 * (a + b))));
        eighChecks(matrixOf(A, n, dtype, i % 2), dtype, `n=${n}`);
      });
    });

    // Native splits the reduction's A·v by rows and the QL rotations by columns (WASM has one thread).
    if (tb.label.startsWith('native')) test('eigh: the same bits on 1, 2 and 3 threads', () => {
      const b = tb.backend;
      const before = b.threads();
      try {
        // Past the split points: A·v in chunks of 2^15 entries (r > 181), a sweep's rotations
        // in blocks of 64 columns once count·n ≥ 2^15 (n = 260: 5 blocks, the last of 4).
        const n = 260, D = randomDense(n, n, 77), A = matrixOf(D.map((r, i) => r.map((x, j) => (j <= i ? x : D[j][i]))), n, dtype);
        const runs = [1, 2, 3].map((t) => {
          b.setThreads(t);
          const { values, vectors } = eigh(A);
          return [Array.from(values), Array.from(vectors.data)];
        });
        expect(runs[1]).toEqual(runs[0]);
        expect(runs[2]).toEqual(runs[0]);
      } finally {
        b.setThreads(before);
      }
    });

    test('eigh: ill-conditioned, repeated and zero spectra', () => {
      const next = rng(21);
      const cond = dtype === 'float64' ? 1e12 : 1e6;
      // V·diag(lambda)·Vᵀ with V orthogonal (withSpectrum of all ones is U·Vᵀ).
      const spectrum = (lambda: number[]): Dense => {
        const n = lambda.length;
        const V = withSpectrum(n, n, Array(n).fill(1), next);
        return multiply(V.map((r) => r.map((x, j) => x * lambda[j])), transpose(V, n), n, n);
      };
      const n = 30;
      eighChecks(matrixOf(spectrum(Array.from({ length: n }, (_, j) => cond ** (-j / (n - 1)))), n, dtype), dtype, 'ill-conditioned');
      eighChecks(matrixOf(spectrum([3, 3, 3, -1, -1, 0, 0, 0, 2, 5]), 10, dtype), dtype, 'repeated');
      // Past one panel of the blocked reduction (32 columns): graded, and rank 5 of 70.
      const m = 70;
      eighChecks(matrixOf(spectrum(Array.from({ length: m }, (_, j) => cond ** (-j / (m - 1)))), m, dtype), dtype, 'ill-conditioned, 70');
      eighChecks(matrixOf(spectrum(Array.from({ length: m }, (_, j) => (j < 5 ? j + 1 : 0))), m, dtype), dtype, 'rank 5 of 70');
      eighChecks(matrixOf(randomDense(8, 8, 1).map((r) => r.map(() => 0)), 8, dtype), dtype, 'zero');
      const diag = [4, -2, 7, 0.5];
      const D = diag.map((d, i) => diag.map((_, j) => (i === j ? d : 0)));
      const { values, vectors } = eigh(matrixOf(D, 4, dtype));
      expect(Array.from(values)).toEqual([-2, 0.5, 4, 7]);
      expect(toDense(vectors)).toEqual([[0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 1, 0, 0]]);
    });

    test('cholesky: SPD matrices, lower and upper, strided', () => {
      const next = rng(31);
      SQUARES.forEach((n, i) => {
        const B = randomDense(n, n, 400 + i);
        const S = multiply(B, transpose(B, n), n, n).map((r, a) => r.map((x, b) => x + (a === b ? n : 0)));
        for (const lower of [true, false]) {
          // The triangle not named is garbage: it must not be read.
          const A = S.map((r, a) => r.map((x, b) => ((lower ? b <= a : b >= a) ? x : -1e6)));
          const M = matrixOf(A, n, dtype, i % 2);
          const F = cholesky(M, { lower });
          expect([F.rows, F.cols]).toEqual([n, n]);
          expect(F.dtype).toBe(dtype);
          const L = toDense(F);
          for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (lower ? b > a : b < a) expect(L[a][b]).toBe(0);
          if (n === 0) continue;
          const LLt = lower ? multiply(L, transpose(L, n), n, n) : multiply(transpose(L, n), L, n, n);
          const Md = toDense(M);
          const Sseen = Md.map((r, a) => r.map((x, b) => ((lower ? b <= a : b >= a) ? x : Md[b][a])));
          expectBelow(distance(LLt, Sseen) / frobenius(Sseen), 20 * n * u, `n=${n} lower=${lower}`);
        }
      });
      // Ill-conditioned SPD (cond 1e12 in f64) still factors, backward stably.
      const n = 30, cond = dtype === 'float64' ? 1e12 : 1e5;
      const V = withSpectrum(n, n, Array(n).fill(1), next);
      const lambda = Array.from({ length: n }, (_, j) => cond ** (-j / (n - 1)));
      const S = multiply(V.map((r) => r.map((x, j) => x * lambda[j])), transpose(V, n), n, n);
      const Ssym = S.map((r, a) => r.map((x, b) => (b <= a ? x : S[b][a])));
      const M = matrixOf(Ssym, n, dtype);
      const L = toDense(cholesky(M));
      expectBelow(distance(multiply(L, transpose(L, n), n, n), seen(M)) / frobenius(seen(M)), 20 * n * u, 'ill-conditioned');
    });

    test('cholesky: not positive definite names the pivot', () => {
      const A = matrixOf([[4, 2, 0], [2, 1, 0], [0, 0, 1]], 3, dtype);
      let err: unknown;
      try { cholesky(A); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(NotPositiveDefiniteError);
      expect(err).toBeInstanceOf(ValueError);
      expect((err as NotPositiveDefiniteError).pivot).toBe(1);
      expect((err as Error).name).toBe('NotPositiveDefiniteError');
      expect((err as Error).message).toMatch(/pivot 1/);
      // Past the first block (64 columns): pivot 100 is negative.
      const n = 120;
      const D = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? (i === 100 ? -1 : 2) : 0)));
      expect(() => cholesky(matrixOf(D, n, dtype), { lower: false })).toThrow(expect.objectContaining({ pivot: 100 }));
      const nan = matrixOf([[NaN]], 1, dtype);
      expect(() => cholesky(nan)).toThrow(NotPositiveDefiniteError);
    });

    test('solveTriangular: every flag, matrices and vectors, strided', () => {
      for (const [n, r] of [[0, 3], [1, 1], [5, 0], [7, 3], [65, 4], [131, 9]] as const) {
        const B = randomDense(n, r, 500 + n);
        const T0 = randomDense(n, n, 600 + n).map((row, i) => row.map((x, j) => (i === j ? 2 + Math.abs(x) : x / Math.sqrt(n))));
        for (const lower of [true, false]) for (const trans of [false, true]) for (const unitDiagonal of [false, true]) {
          const T = T0.map((row, i) => row.map((x, j) => ((lower ? j <= i : j >= i) ? x : NaN)));
          const Tm = matrixOf(T, n, dtype, 1), Bm = matrixOf(B, r, dtype, 2);
          const X = solveTriangular(Tm, Bm, { lower, trans, unitDiagonal });
          expect([X.rows, X.cols]).toEqual([n, r]);
          const Ts = toDense(Tm), Bs = toDense(Bm), Xd = toDense(X);
          for (let c = 0; c < r; c++) {
            const want = substitute(Ts, Bs.map((row) => row[c]), lower, trans, unitDiagonal);
            // Substitution is backward stable and these T are well conditioned (dominant diagonal).
            want.forEach((x, i) => expectBelow(Math.abs(Xd[i][c] - x), 50 * n * u * (1 + Math.abs(x)), `n=${n} (${i},${c})`));
          }
          if (r > 0 && n > 0) {
            const b = Bm.clone().data.subarray(0, n * r).filter((_, idx) => idx % r === 0);
            const x = solveTriangular(Tm, b, { lower, trans, unitDiagonal });
            expect(x).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
            Array.from(x).forEach((v, i) => expectBelow(Math.abs(v - Xd[i][0]), 4 * n * u * (1 + Math.abs(Xd[i][0])), 'vector'));
          }
        }
      }
      expect(() => solveTriangular(matrixOf([[1, 0], [3, 0]], 2, dtype), matrixOf([[1], [1]], 1, dtype))).toThrow(/singular/);
      expect(() => solveTriangular(matrixOf([[1, 0], [3, 0]], 2, dtype), matrixOf([[1], [1]], 1, dtype), { unitDiagonal: true })).not.toThrow();
    });

    test('shapes and dtypes are checked', () => {
      const A = matrixOf(randomDense(3, 4, 1), 4, dtype);
      expect(() => cholesky(A)).toThrow(ShapeError);
      expect(() => eigh(A)).toThrow(ShapeError);
      expect(() => solveTriangular(A, A)).toThrow(ShapeError);
      const other = matrixOf(randomDense(3, 3, 1), 3, dtype === 'float32' ? 'float64' : 'float32');
      expect(() => solveTriangular(other, A)).toThrow(/mixing float32 and float64|is float/);
      expect(() => qr(A, { mode: 'complete' as 'r' })).toThrow(ValueError);
    });

    test('async variants match the sync ones and abort', async () => {
      const A = matrixOf(randomDense(40, 25, 3), 25, dtype, 3);
      const q = await linalg.qrAsync(A);
      const qs = qr(A);
      expect(toDense(q.R)).toEqual(toDense(qs.R));
      expect(toDense(q.Q!)).toEqual(toDense(qs.Q!));
      expect((await linalg.qrAsync(A, { mode: 'r' })).Q).toBeUndefined();
      const s = await linalg.svdAsync(A);
      expect(Array.from(s.s)).toEqual(Array.from(svd(A).s));
      expect(toDense(s.U)).toEqual(toDense(svd(A).U));
      const S = matrixOf(randomDense(20, 20, 4), 20, dtype);
      const e = await linalg.eighAsync(S);
      expect(Array.from(e.values)).toEqual(Array.from(eigh(S).values));
      expect(toDense(e.vectors)).toEqual(toDense(eigh(S).vectors));
      const empty = await linalg.svdAsync(matrixOf([], 0, dtype));
      expect(empty.s.length).toBe(0);
      const ac = new AbortController();
      ac.abort();
      await expect(linalg.svdAsync(A, { signal: ac.signal })).rejects.toThrow(AbortError);
      await expect(linalg.qrAsync(A, { signal: ac.signal })).rejects.toThrow(AbortError);
      await expect(linalg.eighAsync(S, { signal: ac.signal })).rejects.toThrow(AbortError);
    });

    test('the sync functions check a signal once, at the start', () => {
      const A = matrixOf(randomDense(40, 25, 5), 25, dtype, 5);
      const S = matrixOf(randomDense(20, 20, 6), 20, dtype);
      const fired = new AbortController();
      fired.abort();
      const live = new AbortController().signal;
      const calls: [string, (signal?: AbortSignal) => unknown][] = [
        ['matmul', (signal) => matmul(A, A, { transA: true, signal }).data],
        ['svd', (signal) => svd(A, { signal }).s],
        ['qr', (signal) => qr(A, { signal }).R.data],
        ['eigh', (signal) => eigh(S, { signal }).values],
        ['rsvd', (signal) => linalg.rsvd(A, 4, { seed: 2, signal }).s],
        ['pca', (signal) => linalg.pca(A, 4, { seed: 2, signal }).explainedVariance],
      ];
      for (const [name, run] of calls) {
        expect(() => run(fired.signal)).toThrow(AbortError);
        expect(() => run(fired.signal)).toThrow(new RegExp(`^${name}: the signal had fired before the call`));
        // A signal that has not fired changes nothing.
        expect(run(live)).toEqual(run(undefined));
      }
    });
  });
});
