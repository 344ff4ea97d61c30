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
        [0, 13, 10, 'iid'], [1, 1, 2, 'iid'], [7, 13, 10, 'iid'], [5, 6, 30, 'orthogonal'], [3, 17, 8, 'orthogonal'],
      ] as const)('N=%i inputDim=%i dim=%i %s', (N, d, dim, coupling) => {
        const f = features.rff({ dim, inputDim: d, gamma: 0.7, seed: 4, coupling });
        const X = filled(N, d, dtype, N + d, d + 2);
        const got = f.transform(X);
        expect([got.rows, got.cols, got.dtype]).toEqual([N, dim, dtype]);
        const want = referenceRff(X, f.frequencies('float64'));
        // |z| ≤ Σ|x||ω| ~ d·4; cos/sin move by at most the error in z, which
        // is the GEMM's rounding of ω (f32: rounded) and of the sum.
        const tol = (dtype === 'float32' ? 2e-5 : 1e-12) * d * 8;
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
  /** Mean squared error of φ(x)·φ(y) over all pairs. */
  function mse(dim: number, seed: number, coupling: 'iid' | 'orthogonal'): number {
    const Z = features.rff({ dim, inputDim: d, gamma, seed, coupling }).transform(X);
    let e = 0, p = 0;
    for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) {
      let s = 0;
      for (let t = 0; t < dim; t++) s += Z.data[i * dim + t] * Z.data[j * dim + t];
      e += (s - exact[p++]) ** 2;
    }
    return e / exact.length;
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

  test('orthogonal coupling: lower mean error than iid at D = 768 (m = inputDim, over 8 seeds)', () => {
    const seeds = [11, 12, 13, 14, 15, 16, 17, 18];
    const iid = mean(seeds.map((s) => mse(768, s, 'iid')));
    const orth = mean(seeds.map((s) => mse(768, s, 'orthogonal')));
    expect(orth).toBeLessThan(iid);
  });
});

describe('rff JSON', () => {
  test('round trip (object and text) gives the same features', () => {
    const f = features.rff({ dim: 6, inputDim: 4, gamma: 0.25, seed: 2 ** 40, coupling: 'orthogonal' });
    const X = filled(3, 4, 'float64', 1);
    expect(f.toJSON()).toEqual({ kind: 'rff', dim: 6, inputDim: 4, kernel: 'gaussian', gamma: 0.25, seed: 2 ** 40, coupling: 'orthogonal' });
    expect(features.fromJSON(f.toJSON()).transform(X).data).toEqual(f.transform(X).data);
    const g = features.fromJSON(JSON.stringify(f));
    expect('transform' in g && g.transform(X).data).toEqual(f.transform(X).data);
  });
});
