/**
 * Structured operators on every backend, f32 and f64, against the dense
 * float64 references of test/reference/structured.ts: each operator's
 * linear, matmul, transpose().linear, linearAsync and toDense, with strided
 * inputs (NaN in the gaps) and awkward sizes.
 */
import { Matrix, structured, DTypeError, ShapeError, ValueError, AbortError } from '../lib/api';
import type { LinearOperator } from '../lib/api';
import type { DType } from '../lib/dtype';
import { forEachBackend } from './support/backends';
import { checkProducts, concat, tolOf, vec } from './support/operator-market';
import { EPS, filled, rng } from './support/data';
import { Dense, abs, blockDiag, closeTo, fromMatrix, kron, monarchDense, mul, toeplitzProjection, tr, zerosD } from './reference/structured';
import { symmetricEigenvalues, withSpectrum } from './reference/linalg';
import { existsSync } from 'node:fs';
import { readNpy } from './support/npy';

const DTYPES: DType[] = ['float32', 'float64'];

/** Checks every product of op against the dense D (|A|-magnitudes Dmag, default |D|). */
function checkOp(op: LinearOperator, D: Dense, dtype: DType, seed: number, Dmag: Dense = abs(D), inner = op.rows + op.cols): Promise<void> {
  return checkProducts(op, D, dtype, seed, { Dmag, inner });
}

function shuffled(n: number, seed: number): number[] {
  const next = rng(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(((next() + 1) / 2) * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Monarch blocks: R k blocks of t × p, L t blocks of q × k. */
function monarchBlocks(k: number, t: number, p: number, q: number, dtype: DType, seed: number) {
  const R = Array.from({ length: k }, (_, i) => filled(t, p, dtype, seed + i));
  const L = Array.from({ length: t }, (_, i) => filled(q, k, dtype, seed + 100 + i));
  return { R, L, D: monarchDense(L.map(fromMatrix), R.map(fromMatrix)) };
}

const MONARCH_SHAPES: [number, number, number, number][] = [
  // square n = b·b
  [1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3], [4, 4, 4, 4], [5, 5, 5, 5], [8, 8, 8, 8], [11, 11, 11, 11], [17, 17, 17, 17],
  // rectangular and uneven blocks
  [2, 3, 5, 7], [3, 1, 4, 2], [1, 4, 3, 1], [4, 8, 2, 3], [6, 5, 9, 1], [7, 2, 1, 13],
];

forEachBackend(() => {
  describe.each(DTYPES)('%s', (dtype) => {
    test.each(MONARCH_SHAPES)('monarch k=%i t=%i p=%i q=%i', async (k, t, p, q) => {
      const { R, L, D } = monarchBlocks(k, t, p, q, dtype, k * 1000 + t * 100 + p * 10 + q);
      const op = structured.monarch({ blocks: k, L, R });
      expect([op.rows, op.cols, op.params]).toEqual([t * q, k * p, k * t * p + t * q * k]);
      expect(op.flops(3)).toBe(2 * 3 * op.params);
      await checkOp(op, D, dtype, 7);
      // The same operator from stacked blocks.
      const stackedR = concat(R, dtype);
      const op2 = structured.monarch({ blocks: k, L: concat(L, dtype, q, k), R: stackedR });
      const X = filled(4, k * p, dtype, 3);
      expect(Array.from(op2.linear(X).data)).toEqual(Array.from(op.linear(X).data));
    });

    test('monarch: many rows (the four-row groups and their tail, cancellation polls)', () => {
      const { R, L, D } = monarchBlocks(8, 8, 8, 8, dtype, 5);
      const op = structured.monarch({ blocks: 8, L, R });
      const X = filled(131, 64, dtype, 9);
      const Xd = fromMatrix(X);
      expect(closeTo(fromMatrix(op.linear(X)), mul(Xd, tr(D)), mul(abs(Xd), tr(abs(D))), tolOf(dtype, 128))).toBeNull();
    });

    test('dense, diagonal, permutation, lowRank', async () => {
      for (const [m, n] of [[1, 1], [3, 7], [13, 5], [17, 17]]) {
        const W = filled(m, n, dtype, m * n, n + 3);
        await checkOp(structured.dense(W), fromMatrix(W), dtype, 1);
        const d = vec(dtype, n, n);
        const Dd: Dense = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? d[i] : 0)));
        await checkOp(structured.diagonal(d), Dd, dtype, 2);
        const p = shuffled(n, m + n);
        const Pd: Dense = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === p[i] ? 1 : 0)));
        await checkOp(structured.permutation(p, dtype), Pd, dtype, 3);
        for (const r of [0, 1, 3]) {
          const U = filled(m, r, dtype, 5, r + 1), V = filled(n, r, dtype, 6);
          const Ud = fromMatrix(U), Vd = fromMatrix(V);
          await checkOp(structured.lowRank(U, V), mul(Ud, tr(Vd, r), n), dtype, 4, mul(abs(Ud), tr(abs(Vd), r), n), m + n + r);
        }
      }
    });

    test('kronecker of two and three factors, matrices and operators, never formed', async () => {
      const A = filled(2, 3, dtype, 1), B = filled(4, 1, dtype, 2), C = filled(3, 5, dtype, 3);
      const Ad = fromMatrix(A), Bd = fromMatrix(B), Cd = fromMatrix(C);
      const AB = kron(Ad, Bd, 3, 1);
      await checkOp(structured.kronecker(A, B), AB, dtype, 1, abs(AB));
      const ABC = kron(AB, Cd, 3, 5);
      const op3 = structured.kronecker(A, B, C);
      expect(op3.params).toBe(6 + 4 + 15);
      await checkOp(op3, ABC, dtype, 2, abs(ABC));
      // nested flattens; an operator factor (low rank) works through its own products
      const U = filled(3, 2, dtype, 4), V = filled(4, 2, dtype, 5);
      const UVd = mul(fromMatrix(U), tr(fromMatrix(V), 2), 4);
      const opLr = structured.kronecker(structured.kronecker(A, structured.lowRank(U, V)), B);
      const ref = kron(kron(Ad, UVd, 3, 4), Bd, 12, 1);
      await checkOp(opLr, ref, dtype, 3, kron(kron(abs(Ad), mul(abs(fromMatrix(U)), tr(abs(fromMatrix(V)), 2), 4), 3, 4), abs(Bd), 12, 1));
    });

    test('kronecker of two dense factors runs as a Monarch matrix (and its transpose)', async () => {
      // 3×4 ⊗ 5×6: the Monarch copies (4·30 + 5·12 = 180 entries) fit in the
      // dense 15 × 24, so the product is one Monarch kernel call; 2×3 ⊗ 4×1
      // above (36 > 24) keeps the two GEMMs. Both must match the reference.
      for (const [mA, nA, mB, nB] of [[3, 4, 5, 6], [1, 7, 2, 1], [6, 1, 1, 5], [4, 4, 8, 8]]) {
        const A = filled(mA, nA, dtype, mA + 10 * nA), B = filled(mB, nB, dtype, mB + 10 * nB + 1);
        const AB = kron(fromMatrix(A), fromMatrix(B), nA, nB);
        const op = structured.kronecker(A, B);
        await checkOp(op, AB, dtype, mA * nB, abs(AB));
        await checkOp(op.transpose(), tr(AB, op.cols), dtype, nA * mB, tr(abs(AB), op.cols));
      }
      // An empty factor as wide as a Matrix gets is an empty product, at once
      // (the Monarch copies of 2^32 − 1 empty blocks once took 78 s).
      const empty = new Matrix(0, 2 ** 32 - 1, dtype === 'float32' ? new Float32Array(0) : new Float64Array(0));
      const B0 = new Matrix(2, 0, dtype === 'float32' ? new Float32Array(0) : new Float64Array(0));
      const Y = structured.kronecker(empty, B0).linear(new Matrix(6, 0, dtype === 'float32' ? new Float32Array(0) : new Float64Array(0)));
      expect([Y.rows, Y.cols]).toEqual([6, 0]);
    });

    test('product, sum, scale, blockDiagonal, transpose: lazy, flattened', async () => {
      const A = filled(4, 6, dtype, 1), B = filled(6, 3, dtype, 2), C = filled(3, 5, dtype, 3);
      const Ad = fromMatrix(A), Bd = fromMatrix(B), Cd = fromMatrix(C);
      const P = structured.product(structured.product(A, B), C);
      expect(P.params).toBe(24 + 18 + 15);
      expect(P.flops(2)).toBe(2 * 2 * (24 + 18 + 15));
      const PD = mul(mul(Ad, Bd), Cd);
      await checkOp(P, PD, dtype, 1, mul(mul(abs(Ad), abs(Bd)), abs(Cd)));
      const A2 = filled(4, 6, dtype, 11);
      const S = structured.sum(A, structured.sum(A2, structured.scale(-2, A)));
      const SD = Ad.map((r, i) => r.map((v, j) => v + fromMatrix(A2)[i][j] - 2 * v));
      await checkOp(S, SD, dtype, 2, Ad.map((r, i) => r.map((v, j) => 3 * Math.abs(v) + Math.abs(fromMatrix(A2)[i][j]))));
      const d = vec(dtype, 2, 9);
      const BD = structured.blockDiagonal(A, structured.diagonal(d), C);
      const BDd = blockDiag([Ad, [[d[0], 0], [0, d[1]]], Cd], [6, 2, 5]);
      await checkOp(BD, BDd, dtype, 3);
      const T = structured.transpose(P);
      await checkOp(T, tr(PD, 5), dtype, 4, tr(mul(mul(abs(Ad), abs(Bd)), abs(Cd)), 5));
      expect(structured.transpose(T)).toBeDefined();
      expect(structured.scale(2, structured.scale(3, A)).toDense().get(0, 0)).toBeCloseTo(6 * Ad[0][0], 4);
    });

    test('toeplitz, circulant, nmSparse', async () => {
      for (const [m, n] of [[1, 1], [4, 7], [9, 3], [13, 13]]) {
        const c = vec(dtype, m, m), r = vec(dtype, n, n + 50);
        const Td: Dense = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => (i >= j ? c[i - j] : r[j - i])));
        const T = structured.toeplitz(c, r);
        expect(T.params).toBe(m + n - 1);
        await checkOp(T, Td, dtype, 5);
        const Cd: Dense = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => r[(i - j + n) % n]));
        await checkOp(structured.circulant(r), Cd, dtype, 6);
      }
      for (const [rows, cols, nn, mm] of [[3, 8, 2, 4], [5, 12, 1, 3], [2, 20, 3, 5], [1, 4, 4, 4], [4, 9, 2, 9]]) {
        const W = filled(rows, cols, dtype, rows * cols, cols + 1);
        const op = structured.nmSparse(W, { n: nn, m: mm });
        const Wd = fromMatrix(W);
        // The reference: in each group keep the nn largest |w| (earlier column on ties).
        const Pd = zerosD(rows, cols);
        for (let i = 0; i < rows; i++) for (let g = 0; g < cols / mm; g++) {
          const idx = Array.from({ length: mm }, (_, j) => g * mm + j).sort((a, b) => Math.abs(Wd[i][b]) - Math.abs(Wd[i][a]) || a - b);
          for (const j of idx.slice(0, nn)) Pd[i][j] = Wd[i][j];
        }
        expect(op.params).toBe(rows * cols / mm * nn);
        expect(fromMatrix(op.toDense())).toEqual(Pd);
        await checkOp(op, Pd, dtype, 7);
      }
      const op24 = structured.nmSparse(filled(8, 16, dtype, 1), { n: 2, m: 4 }) as unknown as { indexBytes: number };
      expect(op24.indexBytes).toBe(8 * 16 / 2 / 4); // 2 bits per kept value
    });

    test('fit: lowRank reaches the tail of the singular values; rsvd close to it', () => {
      const next = rng(11);
      const sigma = [9, 5, 3, 2, 1, 0.5, 0.25];
      const W = Matrix.fromRows(withSpectrum(12, 9, sigma, next), dtype);
      const total = Math.hypot(...sigma);
      for (const rank of [0, 1, 3, 7]) {
        const { op, relError, paramRatio } = structured.fit(W, 'lowRank', { rank });
        expect(relError).toBeCloseTo(Math.hypot(...sigma.slice(rank)) / total, dtype === 'float32' ? 4 : 10);
        expect(paramRatio).toBeCloseTo((12 + 9) * rank / (12 * 9), 12);
        expect(op.dtype).toBe(dtype);
      }
      const r = structured.fit(W, 'lowRank', { rank: 3, method: 'rsvd', seed: 1 });
      expect(r.relError).toBeLessThan(Math.hypot(...sigma.slice(3)) / total * 1.01);
    });

    test('fit: monarch recovers a Monarch matrix and reaches the block-wise rank-1 optimum', () => {
      for (const [k, t, p, q] of [[3, 3, 3, 3], [2, 4, 3, 5], [4, 2, 5, 3]]) {
        const { R, L, D } = monarchBlocks(k, t, p, q, dtype, 3);
        const exact = structured.fit(Matrix.fromRows(D, dtype), 'monarch', { blocks: k, lBlocks: t });
        expect(exact.relError).toBeLessThan(dtype === 'float32' ? 1e-5 : 1e-12);
        expect(exact.paramRatio).toBeCloseTo((k * t * p + t * q * k) / (t * q * k * p), 12);
        void R; void L;
        const W = filled(t * q, k * p, dtype, 99);
        const Wd = fromMatrix(W);
        // Reference optimum: per (i0, j1), the q × p block's energy minus its top eigenvalue of BᵀB.
        let tail = 0, total = 0;
        for (let i0 = 0; i0 < t; i0++) for (let j1 = 0; j1 < k; j1++) {
          const B = Array.from({ length: q }, (_, i1) => Array.from({ length: p }, (_, j0) => Wd[i1 * t + i0][j1 * p + j0]));
          const ev = symmetricEigenvalues(mul(tr(B, p), B, p));
          tail += ev.reduce((a, b) => a + b, 0) - ev[ev.length - 1];
        }
        for (const r of Wd) for (const v of r) total += v * v;
        const fitted = structured.fit(W, 'monarch', { blocks: k, lBlocks: t });
        expect(fitted.relError).toBeCloseTo(Math.sqrt(tail / total), dtype === 'float32' ? 4 : 9);
        expect(fitted.op.rows).toBe(t * q);
        // The fitted operator's products agree with its dense form.
        const X = filled(3, k * p, dtype, 4);
        expect(closeTo(fromMatrix(fitted.op.linear(X)), mul(fromMatrix(X), tr(fromMatrix(fitted.op.toDense()))), mul(abs(fromMatrix(X)), tr(abs(fromMatrix(fitted.op.toDense())))), tolOf(dtype, 64))).toBeNull();
      }
    });

    test('fit: kronecker recovers A ⊗ B and sums of two', () => {
      const A = filled(3, 2, dtype, 1), B = filled(4, 5, dtype, 2), A2 = filled(3, 2, dtype, 3), B2 = filled(4, 5, dtype, 4);
      const AB = kron(fromMatrix(A), fromMatrix(B), 2, 5), AB2 = kron(fromMatrix(A2), fromMatrix(B2), 2, 5);
      const one = structured.fit(Matrix.fromRows(AB, dtype), 'kronecker', { shapes: [[3, 2], [4, 5]] });
      expect(one.relError).toBeLessThan(dtype === 'float32' ? 1e-5 : 1e-12);
      expect(closeTo(fromMatrix(one.op.toDense()), AB, abs(AB), tolOf(dtype, 64))).toBeNull();
      const sum2 = AB.map((r, i) => r.map((v, j) => v + AB2[i][j]));
      const two = structured.fit(Matrix.fromRows(sum2, dtype), 'kronecker', { shapes: [[3, 2], [4, 5]], rank: 2 });
      expect(two.relError).toBeLessThan(dtype === 'float32' ? 1e-5 : 1e-12);
      expect(two.paramRatio).toBeCloseTo(2 * (6 + 20) / (12 * 10), 12);
    });

    test('fit: toeplitz and circulant are the projections (and fix their own kind)', () => {
      const W = filled(7, 5, dtype, 8);
      const t = structured.fit(W, 'toeplitz');
      expect(closeTo(fromMatrix(t.op.toDense()), toeplitzProjection(fromMatrix(W), 5), abs(fromMatrix(W)), tolOf(dtype, 16))).toBeNull();
      const again = structured.fit(t.op.toDense(), 'toeplitz');
      expect(again.relError).toBeLessThan(tolOf(dtype, 16));
      const c = vec(dtype, 6, 3);
      const C = structured.circulant(c).toDense();
      const fc = structured.fit(C, 'circulant');
      expect(fc.relError).toBeLessThan(tolOf(dtype, 16));
      expect(fc.paramRatio).toBeCloseTo(1 / 6, 12);
      const nm = structured.fit(filled(4, 8, dtype, 2), 'nm', { n: 2, m: 4 });
      expect(nm.paramRatio).toBe(0.5);
    });

    test('save/load: every structure and composition rebuilt bit for bit', () => {
      const A = filled(4, 6, dtype, 1), B = filled(6, 3, dtype, 2);
      const { R, L } = monarchBlocks(3, 2, 2, 2, dtype, 4);
      const mon = structured.monarch({ blocks: 3, L, R });
      const ops: LinearOperator[] = [
        structured.dense(A),
        structured.diagonal(vec(dtype, 5, 1)),
        structured.diagonal(vec(dtype, 0, 1)),
        structured.permutation([2, 0, 1, 3], dtype),
        structured.lowRank(filled(4, 2, dtype, 3), filled(6, 2, dtype, 4)),
        mon,
        structured.toeplitz(vec(dtype, 4, 5), vec(dtype, 7, 6)),
        structured.circulant(vec(dtype, 5, 7)),
        structured.nmSparse(filled(3, 8, dtype, 8), { n: 2, m: 4 }),
        structured.nmSparse(filled(3, 10, dtype, 9), { n: 3, m: 5 }),
        structured.nmSparse(filled(5, 3, dtype, 9), { n: 1, m: 3 }),
        structured.product(structured.permutation([3, 1, 0, 2], dtype).transpose(), mon, structured.transpose(A), A, B),
        structured.sum(mon, structured.scale(-0.5, structured.transpose(structured.transpose(mon))), A),
        structured.blockDiagonal(A, mon, structured.kronecker(A, B)),
        structured.transpose(structured.kronecker(structured.lowRank(filled(2, 1, dtype, 1), filled(3, 1, dtype, 2)), mon)),
      ];
      for (const op of ops) {
        const bytes = structured.save(op);
        const back = structured.load(bytes);
        expect([back.rows, back.cols, back.dtype, back.kind, back.params]).toEqual([op.rows, op.cols, op.dtype, op.kind, op.params]);
        expect(Array.from(back.toDense().data)).toEqual(Array.from(op.toDense().data));
        const X = filled(3, op.cols, dtype, 11);
        expect(Array.from(back.linear(X).data)).toEqual(Array.from(op.linear(X).data));
        // saving the loaded operator gives the same bytes
        expect(Buffer.from(structured.save(back)).equals(Buffer.from(bytes))).toBe(true);
      }
    });

    test('typed errors: shapes, dtypes, non-operators, aborted signal', async () => {
      const other: DType = dtype === 'float32' ? 'float64' : 'float32';
      const A = filled(3, 4, dtype, 1);
      const op = structured.dense(A);
      expect(() => op.linear(filled(2, 3, dtype, 2))).toThrow(ShapeError);
      expect(() => op.matmul(filled(3, 2, dtype, 2))).toThrow(ShapeError);
      expect(() => op.linear(filled(2, 4, other, 2))).toThrow(DTypeError);
      expect(() => structured.product(A, A)).toThrow(ShapeError);
      expect(() => structured.sum(A, filled(4, 3, dtype, 1))).toThrow(ShapeError);
      expect(() => structured.sum(A, filled(3, 4, other, 1))).toThrow(DTypeError);
      expect(() => structured.lowRank(filled(3, 2, dtype, 1), filled(4, 3, dtype, 1))).toThrow(ShapeError);
      expect(() => structured.permutation([0, 0, 1])).toThrow(ValueError);
      expect(() => structured.monarch({ blocks: 3, L: filled(4, 3, dtype, 1), R: filled(4, 2, dtype, 1) })).toThrow(ShapeError);
      expect(() => structured.monarch({ blocks: 2, L: filled(4, 3, dtype, 1), R: filled(4, 2, dtype, 1) })).toThrow(ShapeError);
      expect(() => structured.monarch({ blocks: 2, L: filled(4, 2, other, 1), R: filled(4, 2, dtype, 1) })).toThrow(DTypeError);
      expect(() => structured.product({} as never)).toThrow(ValueError);
      const ac = new AbortController();
      ac.abort();
      await expect(op.linearAsync(filled(2, 4, dtype, 1), { signal: ac.signal })).rejects.toThrow(AbortError);
    });
  });
});

// The real weights: each fit's error pinned to NumPy's optimum for it
// (SVDs in float64 of the same rearrangements; see the READY note for the script).
describe('fits on use_lite_attn_out_512x512 (float32)', () => {
  // ../shared/data beside the checkout (as test/sketch-stats.test.ts); a worktree elsewhere falls back to /work/shared.
  const near = `${__dirname}/../../shared/data/weights/use_lite_attn_out_512x512.npy`;
  const W = readNpy(existsSync(near) ? near : '/work/shared/data/weights/use_lite_attn_out_512x512.npy');
  test.each([
    ['lowRank', { rank: 64 }, 0.7641911620, 2 * 512 * 64 / 512 ** 2],
    ['monarch', { blocks: 16 }, 0.9228568394, 2 * 16 * 32 * 16 / 512 ** 2],
    ['kronecker', { shapes: [[16, 16], [32, 32]] }, 0.9935317183, (256 + 1024) / 512 ** 2],
    ['kronecker', { shapes: [[16, 16], [32, 32]], rank: 4 }, 0.9775074919, 4 * (256 + 1024) / 512 ** 2],
    ['toeplitz', {}, 0.9980668538, 1023 / 512 ** 2],
    ['circulant', {}, 0.9990672156, 512 / 512 ** 2],
    ['nm', { n: 2, m: 4 }, 0.3599008229, 0.5],
  ] as const)('%s %j', (kind, opts, err, ratio) => {
    const r = structured.fit(W, kind, opts as never);
    expect(r.relError).toBeCloseTo(err, 4);
    expect(r.paramRatio).toBeCloseTo(ratio, 10);
    expect(r.op.dtype).toBe('float32');
  });
});
