/**
 * Statistical checks of the sketches, with fixed seeds and bounds from the
 * theory (derivations beside each test). They can fail: a wrong scale, a
 * biased structure or too few nonzeros breaks them. The operators are the
 * same bits on every backend (sketch.test.ts), so these run on the default one.
 */
import { join } from 'node:path';
import { Matrix, sketch } from '../lib/index';
import type { SketchOperator } from '../lib/sketch/index';
import { orthonormalColumns, symmetricEigenvalues } from './reference/linalg';
import { readNpy } from './support/npy';
import { rng } from './support/data';

type Make = (k: number, n: number, seed: number) => SketchOperator;
const KINDS: [string, Make][] = [
  ['gaussian', (k, n, seed) => sketch.gaussian({ k, n, seed })],
  ['rademacher', (k, n, seed) => sketch.rademacher({ k, n, seed })],
  ['sparseSign', (k, n, seed) => sketch.sparseSign({ k, n, nnz: 8, seed })],
  ['countSketch', (k, n, seed) => sketch.countSketch({ k, n, seed })],
  ['verySparse', (k, n, seed) => sketch.verySparse({ k, n, seed })],
  ['srht', (k, n, seed) => sketch.srht({ k, n, seed })],
];

describe('E‖Sx‖² = ‖x‖² (unbiased), over 400 seeds', () => {
  // Y_s = ‖S_s x‖² for T independent seeds. Each kind is unbiased (E Y = 1 for
  // ‖x‖ = 1) with Var Y ≤ (2 + 1/(p·n)) / k for a spread-out x (Σ x_i⁴ = 1/n):
  // Gaussian 2/k; Rademacher, sparse sign, CountSketch ≤ 2/k; very sparse
  // ≤ (2 + (1/p − 3)/n)/k with p = 1/√n; SRHT ≤ 2/k·(n₂/(n₂−1)). With
  // k = 64, n = 100 the bound is (2 + 0.07)/64 ≈ 0.032, so the mean of T = 400
  // draws has SD ≤ 0.009 and we allow 5 SD ≈ 0.045 (false alarm < 1e-6 by the
  // CLT). A missing 1/√ in the scale,
  // or a biased column structure, moves the mean by far more. The sample
  // variance must also stay below 2× the bound (a too-sparse S fails that).
  const k = 64, n = 100, T = 400;
  const x = new Float64Array(n);
  const next = rng(3);
  for (let i = 0; i < n; i++) x[i] = next() < 0 ? -0.1 : 0.1; // ‖x‖ = 1, Σ x⁴ = 1/n
  const X = new Matrix(1, n, x);
  test.each(KINDS)('%s', (_name, make) => {
    let sum = 0, sum2 = 0;
    for (let s = 0; s < T; s++) {
      const y = make(k, n, 1000 + s).project(X).data;
      let q = 0;
      for (const v of y) q += v * v;
      sum += q;
      sum2 += q * q;
    }
    const mean = sum / T, variance = sum2 / T - mean * mean;
    const bound = (2 + (1 / (1 / Math.sqrt(n)) - 3) / n) / k;
    expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt(bound / T));
    expect(variance).toBeLessThan(2 * bound);
  });

  test('tensorSketch: E‖S(x⊗x)‖² = ‖x‖⁴', () => {
    // For TensorSketch of degree 2 (±1 entries), E‖Sx^{⊗2}‖² = ‖x‖⁴ and
    // Var ≤ (2 + 2·Σx_i⁴ ...)/k ≤ 3/k for this x (Pham & Pagh 2013, Lemma 2's
    // variance of a product of CountSketches with independent hashes).
    let sum = 0;
    for (let s = 0; s < T; s++) {
      const y = sketch.tensorSketch({ k, n, degree: 2, seed: 5000 + s }).project(X).data;
      for (const v of y) sum += v * v;
    }
    expect(Math.abs(sum / T - 1)).toBeLessThan(5 * Math.sqrt(3 / k / T));
  });
});

describe('Johnson–Lindenstrauss on real embeddings (MiniLM, 778 × 384)', () => {
  // All 302 253 pairwise squared distances of 778 sentence embeddings, before
  // and after projecting to k = jlMinDim(778, 0.5) = 320 dimensions. The JL
  // lemma (Dasgupta & Gupta 2003) keeps every ratio within [1 − ε, 1 + ε] with
  // probability ≥ 1 − 1/n for Gaussian projections, and the same k suffices
  // for Rademacher (Achlioptas 2003), very sparse (Li et al. 2006), sparse
  // sign with nnz = 8 (Kane & Nelson 2014, up to constants) and SRHT (Ailon &
  // Chazelle 2009, up to log factors). Fixed seeds; the test fails if any pair
  // leaves the band, or if the mean ratio is off by more than 2%.
  const X = readNpy(join(__dirname, '../../shared/data/embeddings/minilm_778x384.npy'));
  const eps = 0.5;
  const k = sketch.jlMinDim(X.rows, eps);
  const pairDistances = (M: Matrix): Float64Array => {
    const N = M.rows, d = M.cols, out = new Float64Array((N * (N - 1)) / 2);
    let p = 0;
    for (let i = 0; i < N; i++) {
      for (let j = i + 1; j < N; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) {
          const t = M.data[i * d + c] - M.data[j * d + c];
          s += t * t;
        }
        out[p++] = s;
      }
    }
    return out;
  };
  const before = pairDistances(X);

  test('the data and the target dimension', () => {
    expect([X.rows, X.cols, X.dtype]).toEqual([778, 384, 'float32']);
    expect(k).toBe(320);
  });

  test.each(KINDS.filter(([name]) => name !== 'countSketch'))('%s keeps every pair within 1 ± ε', (_name, make) => {
    const Y = make(k, X.cols, 11).project(X);
    const after = pairDistances(Y);
    let lo = Infinity, hi = 0, mean = 0;
    for (let p = 0; p < before.length; p++) {
      const r = after[p] / before[p];
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
      mean += r / before.length;
    }
    expect(lo).toBeGreaterThan(1 - eps);
    expect(hi).toBeLessThan(1 + eps);
    expect(Math.abs(mean - 1)).toBeLessThan(0.02);
  });
});

describe('subspace embedding: singular values of S·U within [1 − ε, 1 + ε]', () => {
  // U is n × d with orthonormal columns. For Gaussian S with k rows, the
  // singular values of SU lie in 1 ± (√(d/k) + t/√k) with probability
  // ≥ 1 − 2e^{−t²/2} (Davidson & Szarek); d = 8, k = 256, t = 4 gives ±0.43,
  // inside ε = 0.5. Sparse sign (nnz = 8), very sparse, Rademacher and SRHT
  // are subspace embeddings at this k up to constants/log factors (Nelson &
  // Nguyen 2013; Tropp 2011). CountSketch needs k ≳ d²/(ε²δ) (Clarkson &
  // Woodruff 2013): k = 2048 for δ ≈ 0.1. σ(SU)² are the eigenvalues of
  // (SU)ᵀ(SU), found by Jacobi rotations.
  const d = 8, eps = 0.5;
  test.each(KINDS)('%s', (name, make) => {
    const n = name === 'countSketch' ? 4000 : 600;
    const k = name === 'countSketch' ? 2048 : 256;
    const U = orthonormalColumns(n, d, rng(21));
    const Um = new Matrix(n, d, Float64Array.from(U.flat()));
    const SU = make(k, n, 99).apply(Um);
    const G = Array.from({ length: d }, (_, a) =>
      Array.from({ length: d }, (_, b) => {
        let s = 0;
        for (let i = 0; i < k; i++) s += SU.data[i * d + a] * SU.data[i * d + b];
        return s;
      }),
    );
    const sv = symmetricEigenvalues(G).map(Math.sqrt);
    expect(sv[0]).toBeGreaterThan(1 - eps);
    expect(sv[d - 1]).toBeLessThan(1 + eps);
  });
});
