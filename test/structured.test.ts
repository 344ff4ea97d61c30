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
import { EPS, filled, rng } from './support/data';
import { Dense, abs, blockDiag, closeTo, fromMatrix, kron, monarchDense, mul, tr } from './reference/structured';

const DTYPES: DType[] = ['float32', 'float64'];

function tolOf(dtype: DType, inner: number): number {
  return EPS[dtype] * 8 * (inner + 8);
}

/** Checks every product of op against the dense D (|A|-magnitudes Dmag, default |D|). */
async function checkOp(op: LinearOperator, D: Dense, dtype: DType, seed: number, Dmag: Dense = abs(D), inner = op.rows + op.cols): Promise<void> {
  const m = op.rows, n = op.cols, tol = tolOf(dtype, inner);
  expect(op.dtype).toBe(dtype);
  const full = op.toDense();
  expect([full.rows, full.cols, full.dtype]).toEqual([m, n, dtype]);
  expect(closeTo(fromMatrix(full), D, Dmag, tol)).toBeNull();
  for (const s of [0, 1, 5]) {
    const X = filled(s, n, dtype, seed + s, n + 2);
    const Xd = fromMatrix(X);
    const Y = op.linear(X);
    expect([Y.rows, Y.cols, Y.dtype]).toEqual([s, m, dtype]);
    expect(closeTo(fromMatrix(Y), mul(Xd, tr(D, n), m), mul(abs(Xd), tr(Dmag, n), m), tol)).toBeNull();
    const Ya = await op.linearAsync(X);
    expect(Array.from(Ya.data)).toEqual(Array.from(Y.data));
    const X2 = filled(s, m, dtype, seed + 10 + s, m + 1);
    const X2d = fromMatrix(X2);
    const T = op.transpose();
    expect([T.rows, T.cols]).toEqual([n, m]);
    const Yt = T.linear(X2);
    expect([Yt.rows, Yt.cols, Yt.dtype]).toEqual([s, n, dtype]);
    expect(closeTo(fromMatrix(Yt), mul(X2d, D, n), mul(abs(X2d), Dmag, n), tol)).toBeNull();
    const Xc = filled(n, s, dtype, seed + 20 + s, s + 3);
    const Xcd = fromMatrix(Xc);
    const Z = op.matmul(Xc);
    expect([Z.rows, Z.cols, Z.dtype]).toEqual([m, s, dtype]);
    expect(closeTo(fromMatrix(Z), mul(D, Xcd, s), mul(Dmag, abs(Xcd), s), tol)).toBeNull();
  }
}

function vec(dtype: DType, n: number, seed: number): Float32Array | Float64Array {
  const next = rng(seed);
  const v = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = next();
  return v;
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

function concat(blocks: Matrix[], dtype: DType, rows = blocks[0].rows, cols = blocks[0].cols): Matrix {
  const data = dtype === 'float32' ? new Float32Array(blocks.length * rows * cols) : new Float64Array(blocks.length * rows * cols);
  blocks.forEach((b, i) => data.set(b.clone().data, i * rows * cols));
  return new Matrix(blocks.length * rows, cols, data);
}
