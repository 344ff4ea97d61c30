/**
 * Random Fourier features: transform against a float64 TypeScript reference
 * built from the encoder's own frequencies on every backend; the frequencies
 * (iid = the scaled Philox Gaussians, orthogonal blocks exactly orthogonal);
 * the kernel error shrinking like 1/√D and orthogonal beating iid on average
 * over seeds on the MiniLM embeddings; JSON round trips.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, features, random } from '../lib/api';
import type { DType } from '../lib/dtype';
import { forEachBackend } from './support/backends';
import { filled } from './support/data';
import { readNpy } from './support/npy';

const DTYPES: DType[] = ['float64', 'float32'];

/** [cos(XΩᵀ), sin(XΩᵀ)] / √m in float64. */
function referenceRff(X: Matrix, W: Matrix): number[][] {
  const m = W.rows, s = 1 / Math.sqrt(m);
  const out: number[][] = [];
  for (let i = 0; i < X.rows; i++) {
    const row = new Array(2 * m).fill(0);
    for (let j = 0; j < m; j++) {
      let z = 0;
      for (let t = 0; t < X.cols; t++) z += X.data[i * X.rowStride + t] * W.data[j * W.cols + t];
      row[j] = Math.cos(z) * s;
      row[m + j] = Math.sin(z) * s;
    }
    out.push(row);
  }
  return out;
}

forEachBackend(() => {
  describe('rff.transform', () => {
    describe.each(DTYPES)('%s', (dtype) => {
      test.each([
        [0, 13, 10, 'iid', 'gaussian'], [1, 1, 2, 'iid', 'gaussian'], [7, 13, 10, 'iid', 'gaussian'], [5, 6, 30, 'orthogonal', 'gaussian'],
        [3, 17, 8, 'orthogonal', 'gaussian'], [6, 7, 22, 'simplex', 'gaussian'], [2, 1, 6, 'simplex', 'gaussian'],
        [5, 11, 14, 'iid', 'laplacian'], [1, 3, 2, 'iid', 'laplacian'],
      ] as const)('N=%i inputDim=%i dim=%i %s %s', (N, d, dim, coupling, kernel) => {
        const f = features.rff({ dim, inputDim: d, gamma: 0.7, seed: 4, coupling, kernel });
        const X = filled(N, d, dtype, N + d, d + 2);
        const got = f.transform(X);
        expect([got.rows, got.cols, got.dtype]).toEqual([N, dim, dtype]);
        const want = referenceRff(X, f.frequencies('float64'));
        // |z| ≤ Σ|x||ω| ~ d·4; cos/sin move by at most the error in z, which
        // is the GEMM's rounding of ω (f32: rounded) and of the sum. Cauchy
        // frequencies are heavy-tailed: the error scales with the largest |ω|.
        const W = f.frequencies('float64');
        const big = Math.max(4, ...Array.from(W.data, Math.abs));
        const tol = (dtype === 'float32' ? 2e-5 : 1e-12) * d * 2 * big;
        for (let i = 0; i < N; i++) for (let j = 0; j < dim; j++) {
          expect(Math.abs(got.data[i * dim + j] - want[i][j])).toBeLessThan(tol);
        }
      });
    });

    test('transformAsync equals transform', async () => {
      const f = features.rff({ dim: 16, inputDim: 9, gamma: 1, seed: 2, coupling: 'orthogonal' });
      const X = filled(11, 9, 'float32', 5);
      expect((await f.transformAsync(X)).data).toEqual(f.transform(X).data);
    });
  });
});

describe('rff frequencies', () => {
  test("iid: √(2·gamma) times random.gaussian's stream 0", () => {
    const f = features.rff({ dim: 12, inputDim: 5, gamma: 0.3, seed: 9 });
    const G = random.gaussian(6, 5, { seed: 9, stream: 0 });
    const W = f.frequencies();
    for (let i = 0; i < 30; i++) expect(W.data[i]).toBeCloseTo(G.data[i] * Math.sqrt(0.6), 14);
  });

  test('laplacian: gamma·tan(π(u − ½)) of random.uniform stream 2 (Cauchy(0, gamma))', () => {
    const f = features.rff({ dim: 10, inputDim: 3, gamma: 0.4, seed: 6, kernel: 'laplacian' });
    const U = random.uniform(5, 3, { seed: 6, stream: 2 });
    const W = f.frequencies();
    for (let i = 0; i < 15; i++) expect(W.data[i]).toBe(0.4 * Math.tan(Math.PI * (U.data[i] - 0.5)));
  });

  test('simplex: rows of a block have pairwise cosine −1/(d − 1), the norms of orthogonal', () => {
    const d = 5;
    const S = features.rff({ dim: 2 * 12, inputDim: d, gamma: 1, seed: 3, coupling: 'simplex' }).frequencies();
    const O = features.rff({ dim: 2 * 12, inputDim: d, gamma: 1, seed: 3, coupling: 'orthogonal' }).frequencies();
    const norm = (W: typeof S, i: number) => Math.hypot(...Array.from(W.data.subarray(i * d, (i + 1) * d)));
    for (let b0 = 0; b0 < 12; b0 += d) {
      for (let i = b0; i < Math.min(12, b0 + d); i++) {
        expect(norm(S, i)).toBeCloseTo(norm(O, i), 12);
        for (let j = b0; j < i; j++) {
          let dot = 0;
          for (let t = 0; t < d; t++) dot += S.data[i * d + t] * S.data[j * d + t];
          expect(dot / (norm(S, i) * norm(S, j))).toBeCloseTo(-1 / (d - 1), 12);
        }
      }
    }
  });

  test('orthogonal: rows of a block are orthogonal; blocks of inputDim rows', () => {
    const d = 7;
    const W = features.rff({ dim: 2 * 17, inputDim: d, gamma: 2, seed: 3, coupling: 'orthogonal' }).frequencies();
    expect(W.rows).toBe(17);
    for (let b0 = 0; b0 < 17; b0 += d) {
      for (let i = b0; i < Math.min(17, b0 + d); i++) for (let j = b0; j < i; j++) {
        let dot = 0, ni = 0, nj = 0;
        for (let t = 0; t < d; t++) { dot += W.data[i * d + t] * W.data[j * d + t]; ni += W.data[i * d + t] ** 2; nj += W.data[j * d + t] ** 2; }
        expect(Math.abs(dot) / Math.sqrt(ni * nj)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('kernel approximation on MiniLM embeddings', () => {
  // Beside the checkout (../shared), or the machine's shared folder when the tests run from a worktree.
  const file = [join(__dirname, '../../shared/data/embeddings/minilm_778x384.npy'), '/work/shared/data/embeddings/minilm_778x384.npy']
    .find((f) => existsSync(f))!;
  const all = readNpy(file);
  const P = 40, d = all.cols, gamma = 1;
  const X = new Matrix(P, d, Float64Array.from(all.data.subarray(0, P * d)));
  const exact: number[] = [];
  for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += (X.data[i * d + t] - X.data[j * d + t]) ** 2;
    exact.push(Math.exp(-gamma * s));
  }
  // The Laplacian kernel exp(−γ‖x − y‖₁) at γ = 0.05 (values in [0.35, 0.67] on these rows).
  const gammaL1 = 0.05;
  const exactL1: number[] = [];
  for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += Math.abs(X.data[i * d + t] - X.data[j * d + t]);
    exactL1.push(Math.exp(-gammaL1 * s));
  }
  /** Mean squared error of φ(x)·φ(y) over all pairs. */
  function mse(dim: number, seed: number, coupling: 'iid' | 'orthogonal' | 'simplex', kernel: 'gaussian' | 'laplacian' = 'gaussian'): number {
    const want = kernel === 'gaussian' ? exact : exactL1;
    const Z = features.rff({ dim, inputDim: d, gamma: kernel === 'gaussian' ? gamma : gammaL1, seed, coupling, kernel }).transform(X);
    let e = 0, p = 0;
    for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) {
      let s = 0;
      for (let t = 0; t < dim; t++) s += Z.data[i * dim + t] * Z.data[j * dim + t];
      e += (s - want[p++]) ** 2;
    }
    return e / want.length;
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  test('error ∝ 1/√D: RMSE at D = 32 is about 4× the RMSE at D = 512 (mean over 8 seeds)', () => {
    // Var of the iid estimator is (1 + k(2δ) − 2k(δ)²)/(2m) per pair: MSE ∝ 1/D, so
    // RMSE(32)/RMSE(512) = √16 = 4. Averaged over 780 pairs and 8 seeds the MSE's
    // relative spread is a few percent: [3, 5.3] is a loose band around 4.
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const small = Math.sqrt(mean(seeds.map((s) => mse(32, s, 'iid'))));
    const large = Math.sqrt(mean(seeds.map((s) => mse(512, s, 'iid'))));
    expect(small / large).toBeGreaterThan(3);
    expect(small / large).toBeLessThan(5.3);
  });

  test('laplacian: RMSE at D = 32 is about 4× the RMSE at D = 512 (mean over 8 seeds)', () => {
    // The same variance argument (independent frequencies, bounded cosines): MSE ∝ 1/D.
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const small = Math.sqrt(mean(seeds.map((s) => mse(32, s, 'iid', 'laplacian'))));
    const large = Math.sqrt(mean(seeds.map((s) => mse(512, s, 'iid', 'laplacian'))));
    expect(small / large).toBeGreaterThan(3);
    expect(small / large).toBeLessThan(5.3);
  });

  test('orthogonal and simplex couplings: lower mean error than iid at D = 768 (m = inputDim, over 8 seeds)', () => {
    // Measured (12 seeds): iid 9.3e-4, orthogonal 2.4e-4, simplex 2.4e-4: for
    // cos/sin features simplex matches orthogonal, as Reid et al. show.
    const seeds = [11, 12, 13, 14, 15, 16, 17, 18];
    const iid = mean(seeds.map((s) => mse(768, s, 'iid')));
    const orth = mean(seeds.map((s) => mse(768, s, 'orthogonal')));
    const simplex = mean(seeds.map((s) => mse(768, s, 'simplex')));
    expect(orth).toBeLessThan(0.5 * iid);
    expect(simplex).toBeLessThan(0.5 * iid);
    expect(Math.abs(simplex - orth)).toBeLessThan(0.3 * orth);
  });
});

describe('rff JSON', () => {
  test('laplacian and simplex round trip', () => {
    const X = filled(3, 4, 'float32', 2);
    for (const o of [{ kernel: 'laplacian' as const }, { coupling: 'simplex' as const }]) {
      const f = features.rff({ dim: 6, inputDim: 4, gamma: 0.5, seed: 7, ...o });
      const g = features.fromJSON(JSON.stringify(f)) as ReturnType<typeof features.rff>;
      expect(g.toJSON()).toEqual(f.toJSON());
      expect(g.transform(X).data).toEqual(f.transform(X).data);
    }
  });

  test('round trip (object and text) gives the same features', () => {
    const f = features.rff({ dim: 6, inputDim: 4, gamma: 0.25, seed: 2 ** 40, coupling: 'orthogonal' });
    const X = filled(3, 4, 'float64', 1);
    expect(f.toJSON()).toEqual({ kind: 'rff', dim: 6, inputDim: 4, kernel: 'gaussian', gamma: 0.25, seed: 2 ** 40, coupling: 'orthogonal' });
    expect(features.fromJSON(f.toJSON()).transform(X).data).toEqual(f.transform(X).data);
    const g = features.fromJSON(JSON.stringify(f));
    expect('transform' in g && g.transform(X).data).toEqual(f.transform(X).data);
  });
});
