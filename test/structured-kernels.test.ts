/**
 * The structured operators with their own kernels (issue 18, structured-kernels):
 * toeplitz and circulant (FFT convolution, native/kernels/fft_conv.cc) and
 * nmSparse (packed N:M, native/kernels/nm_sparse.cc), on every backend, f32
 * and f64. Each operator's linear, linearAsync, transpose().linear, matmul,
 * composition and save/load against its toDense() through the reference
 * GEMM, toDense() against the definition, with awkward sizes (0, 1, primes,
 * powers of two and their neighbours, not multiples of any vector width),
 * strided inputs (NaN in the gaps) and fixed seeds.
 */
import { CsrMatrix, Matrix, structured } from '../lib/api';
import type { LinearOperator } from '../lib/api';
import type { DType } from '../lib/dtype';
import { forEachBackend } from './support/backends';
import { checkProducts, tolOf, vec } from './support/operator-market';
import { EPS, filled, rng } from './support/data';
import { Dense, abs, closeTo, fromMatrix, mul, tr, zerosD } from './reference/structured';

const DTYPES: DType[] = ['float32', 'float64'];

/** FFT products are f64 inside: for f32 the result is one rounding from exact; f64 carries log2 L butterflies of error. */
/** Every product of op against D (its definition), and toDense() equal to D. */
async function market(op: LinearOperator, D: Dense, dtype: DType, seed: number, batches = [0, 1, 2, 5, 17]): Promise<void> {
  const m = op.rows, n = op.cols, Dm = abs(D);
  await checkProducts(op, D, dtype, seed, { batches, exactDense: true });
  const full = op.toDense();
  // Composition: (2·A)ᵀ·A is n × n, lazily; against the dense product.
  if (m > 0 && n > 0) {
    const C = structured.product(structured.scale(2, op.transpose()), op);
    const X = filled(3, n, dtype, seed + 7);
    const Xd = fromMatrix(X);
    const AtA = mul(tr(D, n), D, n).map((r) => r.map((v) => 2 * v));
    const AtAm = mul(tr(Dm, n), Dm, n).map((r) => r.map((v) => 2 * v));
    expect(closeTo(fromMatrix(C.linear(X)), mul(Xd, tr(AtA, n), n), mul(abs(Xd), tr(AtAm, n), n), tolOf(dtype, 2 * (m + n)))).toBeNull();
  }
  // Save/load: the same operator, bit for bit, and the same products.
  const back = structured.load(structured.save(op));
  expect([back.kind, back.rows, back.cols, back.dtype, back.params]).toEqual([op.kind, m, n, dtype, op.params]);
  expect(Array.from(back.toDense().data)).toEqual(Array.from(full.data));
  const X = filled(4, n, dtype, seed + 9);
  expect(Array.from(back.linear(X).data)).toEqual(Array.from(op.linear(X).data));
}

const TOEPLITZ_SHAPES: [number, number][] = [
  [1, 1], [1, 7], [7, 1], [2, 2], [3, 5], [5, 3], [8, 8], [9, 9], [16, 17], [17, 16], [31, 33], [64, 64], [63, 65], [100, 37],
];
const CIRCULANT_SIZES = [1, 2, 3, 4, 5, 7, 8, 13, 16, 31, 32, 33, 64, 97, 128];

/** [rows, cols, n, m]: 2:4 on and off the vector path (cols/2 values a row: multiples of 4 and 8, and tails). */
const NM_SHAPES: [number, number, number, number][] = [
  [1, 4, 2, 4], [3, 8, 2, 4], [5, 12, 2, 4], [2, 16, 2, 4], [7, 20, 2, 4], [4, 32, 2, 4], [3, 36, 2, 4], [9, 68, 2, 4], [2, 132, 2, 4],
  [5, 12, 1, 3], [2, 20, 3, 5], [1, 4, 4, 4], [4, 9, 2, 9], [3, 10, 1, 2], [6, 16, 1, 4], [3, 16, 4, 8], [2, 34, 5, 17], [2, 255, 7, 255],
  [3, 7, 1, 1], [4, 0, 2, 4], [0, 8, 2, 4],
];

/** The N:M projection by definition: in each group keep the n largest |w| (earlier column on ties). */
function nmProjection(W: Dense, cols: number, n: number, m: number): Dense {
  const P = zerosD(W.length, cols);
  for (let i = 0; i < W.length; i++) for (let g = 0; g < cols / m; g++) {
    const idx = Array.from({ length: m }, (_, j) => g * m + j).sort((a, b) => Math.abs(W[i][b]) - Math.abs(W[i][a]) || a - b);
    for (const j of idx.slice(0, n)) P[i][j] = W[i][j];
  }
  return P;
}

forEachBackend(() => {
  describe.each(DTYPES)('%s', (dtype) => {
    test.each(TOEPLITZ_SHAPES)('toeplitz %i × %i', async (m, n) => {
      const c = vec(dtype, m, m * 7 + 1), r = vec(dtype, n, n * 11 + 2);
      const D: Dense = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => (i >= j ? c[i - j] : r[j - i])));
      const T = structured.toeplitz(c, r);
      expect(T.params).toBe(m + n - 1);
      await market(T, D, dtype, m + n);
    });

    test.each(CIRCULANT_SIZES)('circulant %i', async (n) => {
      const c = vec(dtype, n, n * 13 + 3);
      const D: Dense = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => c[(i - j + n) % n]));
      await market(structured.circulant(c), D, dtype, n);
    });

    test('toeplitz and circulant: empty', async () => {
      const e = dtype === 'float32' ? new Float32Array(0) : new Float64Array(0);
      for (const op of [structured.toeplitz(e, e), structured.circulant(e)]) {
        expect([op.rows, op.cols, op.params]).toEqual([0, 0, 0]);
        expect(op.linear(filled(3, 0, dtype, 1)).rows).toBe(3);
        expect(op.linear(filled(3, 0, dtype, 1)).cols).toBe(0);
        expect((await op.linearAsync(filled(2, 0, dtype, 1))).rows).toBe(2);
        expect(structured.load(structured.save(op)).rows).toBe(0);
      }
    });

    test('toeplitz: a many-sample batch (pairs of samples share a transform, odd tail)', () => {
      const c = vec(dtype, 50, 1), r = vec(dtype, 70, 2);
      const D: Dense = Array.from({ length: 50 }, (_, i) => Array.from({ length: 70 }, (_, j) => (i >= j ? c[i - j] : r[j - i])));
      const X = filled(41, 70, dtype, 5);
      const Xd = fromMatrix(X);
      expect(closeTo(fromMatrix(structured.toeplitz(c, r).linear(X)), mul(Xd, tr(D, 70), 50), mul(abs(Xd), tr(abs(D), 70), 50), tolOf(dtype, 120))).toBeNull();
    });

    test.each(NM_SHAPES)('nmSparse %i × %i, %i:%i', async (rows, cols, n, m) => {
      const W = filled(rows, cols, dtype, rows * 31 + cols, cols + 1);
      const op = structured.nmSparse(W, { n, m });
      const P = nmProjection(fromMatrix(W), cols, n, m);
      expect(op.params).toBe((rows * cols / m) * n);
      // Batches for each path of nm_sparse.cc: one sample at a time (1-3), panels of one vector
      // (4, 17, 19 with a rest), of two and four (70: 4 × 16 + 6 in f32 on AVX-512), and the
      // transposed product's slabs (70 ≥ 64, finite X).
      await market(op, P, dtype, rows + cols, [0, 1, 2, 3, 4, 17, 19, 70]);
    });

    test('nmSparse: 2-bit metadata for 2:4, ceil(log2 m) bits otherwise, rows byte-aligned', () => {
      const bytes = (r: number, c: number, n: number, m: number) =>
        (structured.nmSparse(filled(r, c, dtype, 1), { n, m }) as unknown as { indexBytes: number }).indexBytes;
      expect(bytes(8, 16, 2, 4)).toBe(8 * 2); // 8 values × 2 bits a row
      expect(bytes(3, 12, 2, 4)).toBe(3 * 2); // 6 values × 2 bits = 12 bits → 2 bytes a row
      expect(bytes(2, 16, 1, 2)).toBe(2 * 1); // 8 values × 1 bit
      expect(bytes(2, 20, 3, 5)).toBe(2 * 5); // 12 values × 3 bits = 36 bits → 5 bytes a row
    });

    test('nmSparse: a wide 2:4 layer on the vector path, many samples (sample tiles)', () => {
      const W = filled(33, 264, dtype, 3);
      const op = structured.nmSparse(W, { n: 2, m: 4 });
      const P = nmProjection(fromMatrix(W), 264, 2, 4);
      const X = filled(37, 264, dtype, 4, 270);
      const Xd = fromMatrix(X);
      expect(closeTo(fromMatrix(op.linear(X)), mul(Xd, tr(P, 264), 33), mul(abs(Xd), tr(abs(P), 264), 33), tolOf(dtype, 300))).toBeNull();
    });

    /**
     * Y (batch × outs) against Σ over the kept entries only of x·w, where (x, w) for output o of
     * sample b come from terms(b, o): a non-finite x in a pruned place must not reach the sum.
     */
    const expectKeptSums = (Y: Matrix, batch: number, outs: number, len: number, terms: (b: number, o: number) => [number, number][]) => {
      for (let b = 0; b < batch; b++) {
        for (let o = 0; o < outs; o++) {
          let want = 0, mag = 0;
          for (const [x, w] of terms(b, o)) {
            want += x * w;
            mag += Math.abs(x * w);
          }
          const got = Y.data[b * outs + o];
          if (Number.isFinite(want)) expect(Math.abs(got - want)).toBeLessThanOrEqual(tolOf(dtype, len) * mag + 1e-30);
          else expect(got).toBe(want);
        }
      }
    };
    const kept = (P: Dense, pick: (i: number, j: number) => number, is: number, js: number) => (o: number, xAt: (i: number, j: number) => number) => {
      const t: [number, number][] = [];
      for (let i = 0; i < is; i++) for (let j = 0; j < js; j++) if (pick(i, j) === o && P[i][j] !== 0) t.push([xAt(i, j), P[i][j]]);
      return t;
    };

    test('nmSparse transposed: a NaN or ±Inf x_i stays out of the columns row i prunes, at every batch (the slabs take finite X only)', () => {
      const W = filled(9, 40, dtype, 6);
      const P = nmProjection(fromMatrix(W), 40, 2, 4);
      const op = structured.nmSparse(W, { n: 2, m: 4 }).transpose();
      const byColumn = kept(P, (_i, j) => j, 9, 40);
      for (const batch of [1, 7, 70]) {
        const X = filled(batch, 9, dtype, 8);
        for (let b = 0; b < batch; b++) X.data[b * 9 + 2] = [NaN, Infinity, -Infinity][b % 3];
        expectKeptSums(op.linear(X), batch, 40, 9, (b, c) => byColumn(c, (i) => X.data[b * 9 + i]));
      }
    });

    test('nmSparse: a NaN or ±Inf at a pruned column stays out of the sum, at every batch (no path reads it)', () => {
      const W = filled(9, 40, dtype, 6);
      const P = nmProjection(fromMatrix(W), 40, 2, 4);
      const byRow = kept(P, (i) => i, 9, 40);
      for (const batch of [1, 3, 7, 8, 37, 70]) {
        const X = filled(batch, 40, dtype, 7);
        // Column 0 is pruned in some row of W: put a non-finite x there in every sample.
        const col = P[0].findIndex((v) => v === 0);
        for (let b = 0; b < batch; b++) X.data[b * 40 + col] = [NaN, Infinity, -Infinity][b % 3];
        expectKeptSums(structured.nmSparse(W, { n: 2, m: 4 }).linear(X), batch, 9, 40, (b, i) => byRow(i, (_i, j) => X.data[b * 40 + j]));
      }
    });

    test('fit: nm and toeplitz go through the new kernels and equal their projections', () => {
      const W = filled(6, 16, dtype, 2);
      const f = structured.fit(W, 'nm', { n: 2, m: 4 });
      expect(fromMatrix(f.op.toDense())).toEqual(nmProjection(fromMatrix(W), 16, 2, 4));
      const X = filled(3, 16, dtype, 3);
      expect(Array.from(f.op.linear(X).data)).toEqual(Array.from(structured.nmSparse(W, { n: 2, m: 4 }).linear(X).data));
    });
    /** [block rows, block cols, br, bc, seed]: empty rows, repeated and unsorted block columns, 1 × 1 blocks. */
    test.each([[3, 4, 2, 3, 1], [1, 1, 1, 1, 2], [5, 2, 1, 7, 3], [4, 5, 8, 8, 4], [2, 3, 5, 1, 5], [6, 6, 3, 17, 6], [0, 3, 2, 2, 7], [3, 0, 2, 2, 8]])(
      'blockSparse %i × %i blocks of %i × %i', async (mb, nb, br, bc, seed) => {
        const next = rng(seed);
        const indptr = [0], indices: number[] = [];
        for (let I = 0; I < mb; I++) {
          const count = nb === 0 ? 0 : Math.floor(((next() + 1) / 2) * (nb + 2)); // may exceed nb: repeats
          for (let c = 0; c < count; c++) indices.push(Math.floor(((next() + 1) / 2) * nb) % nb);
          indptr.push(indices.length);
        }
        const blocks = vec(dtype, indices.length * br * bc, seed + 1);
        const op = structured.blockSparse({ rows: mb * br, cols: nb * bc, blockSize: [br, bc], indptr, indices, blocks });
        const D = zerosD(mb * br, nb * bc);
        const round = dtype === 'float32' ? Math.fround : (v: number) => v; // repeated blocks add up in the dtype
        for (let I = 0; I < mb; I++) for (let k = indptr[I]; k < indptr[I + 1]; k++)
          for (let i = 0; i < br; i++) for (let j = 0; j < bc; j++) D[I * br + i][indices[k] * bc + j] = round(D[I * br + i][indices[k] * bc + j] + blocks[(k * br + i) * bc + j]);
        expect(op.params).toBe(indices.length * br * bc);
        // toDense sums repeated blocks in storage order, as D does: exact.
        await market(op, D, dtype, seed * 3, [0, 1, 3, 17]);
      });

    test('csr: a CsrMatrix as an operator (unsorted and repeated columns)', async () => {
      const indptr = new Int32Array([0, 3, 3, 6, 7]), indices = new Int32Array([4, 0, 4, 1, 2, 3, 0]);
      const data = vec(dtype, 7, 9);
      const A = new CsrMatrix(4, 5, indptr, indices, data);
      const op = structured.csr(A);
      const D = zerosD(4, 5);
      const round = dtype === 'float32' ? Math.fround : (v: number) => v; // repeated entries add up in the dtype
      for (let i = 0; i < 4; i++) for (let p = indptr[i]; p < indptr[i + 1]; p++) D[i][indices[p]] = round(D[i][indices[p]] + data[p]);
      await market(op, D, dtype, 21);
      expect(op.kind).toBe('csr');
      data[0] = 99; // the operator holds a copy
      expect(fromMatrix(op.toDense())).toEqual(D);
    });

    test('fit: blockSparse keeps the blocks of largest Frobenius norm', () => {
      const W = filled(6, 8, dtype, 4);
      const Wd = fromMatrix(W);
      const f = structured.fit(W, 'blockSparse', { blockSize: [3, 2], density: 0.5 });
      // reference: the 4 of 8 blocks with the largest sums of squares
      const norms = Array.from({ length: 8 }, (_, b) => {
        const I = Math.floor(b / 4), J = b % 4;
        let s = 0;
        for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) s += Wd[I * 3 + i][J * 2 + j] ** 2;
        return s;
      });
      const kept = new Set(Array.from({ length: 8 }, (_, b) => b).sort((a, b) => norms[b] - norms[a] || a - b).slice(0, 4));
      const P = zerosD(6, 8);
      for (const b of kept) {
        const I = Math.floor(b / 4), J = b % 4;
        for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) P[I * 3 + i][J * 2 + j] = Wd[I * 3 + i][J * 2 + j];
      }
      expect(fromMatrix(f.op.toDense())).toEqual(P);
      expect(f.paramRatio).toBe(0.5);
      expect(structured.fit(W, 'blockSparse', { blockSize: 2, density: 1 }).relError).toBe(0);
      expect(structured.fit(W, 'blockSparse', { blockSize: 2, density: 0 }).relError).toBe(1);
    });
  });
});
