/**
 * BLAST and CUR operators on every backend, f32 and f64, against the dense
 * float64 references of test/reference/blast.ts (linear, matmul,
 * transpose().linear, linearAsync, toDense, composition, save/load), with
 * strided inputs (NaN in the gaps) and awkward sizes; then the fits (BLAST by
 * ALS, CUR by leverage) and fitBudget, with errors on the real weights pinned.
 */
import { Matrix, structured } from '../lib/api';
import type { LinearOperator } from '../lib/api';
import type { DType } from '../lib/dtype';
import { forEachBackend, testBackends } from './support/backends';
import { checkProducts, concat, tolOf } from './support/operator-market';
import { EPS, filled, rng } from './support/data';
import { Dense, abs, closeTo, fromMatrix, mul, tr } from './reference/structured';
import { withSpectrum } from './reference/linalg';
import { blastMagnitude, blastRef, relErr } from './reference/blast';
import { existsSync } from 'node:fs';
import { readNpy } from './support/npy';

const DTYPES: DType[] = ['float32', 'float64'];

/** Every product of op against the dense D (magnitudes Dmag bound the rounding). */
function checkOp(op: LinearOperator, D: Dense, Dmag: Dense, dtype: DType, seed: number, inner: number): Promise<void> {
  return checkProducts(op, D, dtype, seed, { Dmag, inner, batches: [0, 1, 5, 9] });
}

/** A BLAST operator's pieces: b blocks U_i (p × r), V_j (q × r), S (b² × r). */
function blastPieces(b: number, p: number, q: number, r: number, dtype: DType, seed: number) {
  const Ub = Array.from({ length: b }, (_, i) => filled(p, r, dtype, seed + i, r + 1));
  const Vb = Array.from({ length: b }, (_, j) => filled(q, r, dtype, seed + 50 + j));
  const S = filled(b * b, r, dtype, seed + 99, r + 2);
  const Ud = Ub.flatMap(fromMatrix), Vd = Vb.flatMap(fromMatrix), Sd = fromMatrix(S);
  return { Ub, Vb, S, D: blastRef(Ud, Vd, Sd, b, r), Dmag: blastMagnitude(Ud, Vd, Sd, b, r) };
}

const BLAST_SHAPES: [number, number, number, number][] = [
  // b, p, q, r
  [1, 1, 1, 1], [1, 3, 5, 0], [1, 4, 7, 3], [2, 3, 5, 2], [2, 1, 1, 1], [3, 7, 2, 5], [4, 1, 1, 3], [5, 4, 3, 7],
  [2, 13, 11, 17], [7, 3, 5, 2], [3, 17, 19, 9],
];

// The addon's SIMD cap and the selected backend are per process: leave the best native level selected for
// the fits below and for the files this jest worker runs next (the CLI tests compare a child process's
// uncapped answer with an in-process one).
afterAll(() => testBackends()[0]?.activate());

forEachBackend(() => {
  describe.each(DTYPES)('%s', (dtype) => {
    test.each(BLAST_SHAPES)('blast b=%i p=%i q=%i r=%i', async (b, p, q, r) => {
      const { Ub, Vb, S, D, Dmag } = blastPieces(b, p, q, r, dtype, b * 1000 + p * 100 + q * 10 + r);
      const op = structured.blast({ blocks: b, U: Ub, V: Vb, S });
      expect([op.rows, op.cols, op.kind]).toEqual([b * p, b * q, 'blast']);
      expect(op.params).toBe(r * (b * p + b * q + b * b));
      expect(op.flops(3)).toBe(2 * 3 * op.params);
      await checkOp(op, D, Dmag, dtype, 7, 3 * r + 8);
      // The same operator from stacked bases, bit for bit.
      const op2 = structured.blast({ blocks: b, U: concat(Ub, dtype), V: concat(Vb, dtype), S });
      const X = filled(4, b * q, dtype, 3);
      expect(Array.from(op2.linear(X).data)).toEqual(Array.from(op.linear(X).data));
    });

    test('blast: more samples than a chunk (256), and composition', async () => {
      const { Ub, Vb, S, D, Dmag } = blastPieces(3, 5, 4, 6, dtype, 17);
      const op = structured.blast({ blocks: 3, U: Ub, V: Vb, S });
      const X = filled(301, 12, dtype, 9, 13);
      const Xd = fromMatrix(X);
      expect(closeTo(fromMatrix(op.linear(X)), mul(Xd, tr(D, 12), 15), mul(abs(Xd), tr(Dmag, 12), 15), tolOf(dtype, 32))).toBeNull();
      const Yt = op.transpose().linear(filled(263, 15, dtype, 4));
      expect(closeTo(fromMatrix(Yt), mul(fromMatrix(filled(263, 15, dtype, 4)), D, 12), mul(abs(fromMatrix(filled(263, 15, dtype, 4))), Dmag, 12), tolOf(dtype, 32))).toBeNull();
      // B·Bᵀ and B + B (lazy compositions through the kernel).
      const P = structured.product(op, op.transpose());
      const PD = mul(D, tr(D, 12), 15), PM = mul(Dmag, tr(Dmag, 12), 15);
      await checkOp(P, PD, PM, dtype, 5, 64);
      const Sm = structured.sum(op, structured.scale(-2, op));
      await checkOp(Sm, D.map((row) => row.map((v) => -v)), Dmag.map((row) => row.map((v) => 3 * v)), dtype, 6, 32);
    });

    test('cur operator: C·U·R', async () => {
      for (const [m, c, k, n] of [[1, 1, 1, 1], [7, 3, 2, 5], [4, 0, 0, 6], [13, 5, 5, 11]]) {
        const C = filled(m, c, dtype, m, c + 1), U = filled(c, k, dtype, c + 5), R = filled(k, n, dtype, k + 9, n + 2);
        const Cd = fromMatrix(C), Ud = fromMatrix(U), Rd = fromMatrix(R);
        const op = structured.cur(C, U, R);
        expect(op.params).toBe(m * c + c * k + k * n);
        expect([op.rows, op.cols, op.kind]).toEqual([m, n, 'cur']);
        const D = c === 0 ? Array.from({ length: m }, () => new Array<number>(n).fill(0)) : mul(mul(Cd, Ud, k), Rd, n);
        const Dm = c === 0 ? D : mul(mul(abs(Cd), abs(Ud), k), abs(Rd), n);
        await checkOp(op, D, Dm, dtype, 3, c + k + 8);
      }
    });

    test('save/load: blast and cur (built and fitted) rebuilt bit for bit', () => {
      const { Ub, Vb, S } = blastPieces(3, 4, 2, 3, dtype, 5);
      const W = filled(12, 8, dtype, 3);
      const ops: LinearOperator[] = [
        structured.blast({ blocks: 3, U: Ub, V: Vb, S }),
        structured.cur(filled(5, 2, dtype, 1), filled(2, 3, dtype, 2), filled(3, 4, dtype, 3)),
        structured.fit(W, 'cur', { rank: 3 }).op,
        structured.fit(W, 'blast', { blocks: 2, rank: 2, iters: 2 }).op,
        structured.product(structured.blast({ blocks: 3, U: Ub, V: Vb, S }).transpose(), structured.dense(filled(12, 5, dtype, 4))),
      ];
      for (const op of ops) {
        const bytes = structured.save(op);
        const back = structured.load(bytes);
        expect([back.rows, back.cols, back.dtype, back.kind, back.params]).toEqual([op.rows, op.cols, op.dtype, op.kind, op.params]);
        expect(Array.from(back.toDense().data)).toEqual(Array.from(op.toDense().data));
        const X = filled(3, op.cols, dtype, 11);
        expect(Array.from(back.linear(X).data)).toEqual(Array.from(op.linear(X).data));
        expect(Buffer.from(structured.save(back)).equals(Buffer.from(bytes))).toBe(true);
      }
      const fitted = structured.load(structured.save(ops[2])) as unknown as { columnIndices: Int32Array; rowIndices: Int32Array };
      expect(Array.from(fitted.columnIndices)).toEqual(Array.from((ops[2] as unknown as { columnIndices: Int32Array }).columnIndices));
      expect(fitted.rowIndices.length).toBe(3);
    });
  });
});

describe.each(DTYPES)('fits (%s)', (dtype) => {
  beforeAll(() => testBackends()[0]?.activate());
  test('blast: iters 0 is the rank-r SVD answer; sweeps never raise the error; the fitted op matches its dense form', () => {
    const W = filled(24, 18, dtype, 5);
    const lr = structured.fit(W, 'lowRank', { rank: 3 });
    const start = structured.fit(W, 'blast', { blocks: 3, rank: 3, iters: 0 });
    expect(start.relError).toBeCloseTo(lr.relError, dtype === 'float32' ? 5 : 10);
    let prev = start.relError;
    for (const iters of [1, 2, 3, 5, 10]) {
      const r = structured.fit(W, 'blast', { blocks: 3, rank: 3, iters });
      expect(r.relError).toBeLessThanOrEqual(prev + (dtype === 'float32' ? 1e-5 : 1e-12));
      prev = r.relError;
      expect(r.paramRatio).toBeCloseTo(3 * (24 + 18 + 9) / (24 * 18), 12);
    }
    expect(prev).toBeLessThan(start.relError * 0.97);
    const { op } = structured.fit(W, 'blast', { blocks: 3, rank: 3, iters: 3 });
    expect(op.dtype).toBe(dtype);
    const X = filled(4, 18, dtype, 2);
    const D = fromMatrix(op.toDense());
    expect(closeTo(fromMatrix(op.linear(X)), mul(fromMatrix(X), tr(D, 18), 24), mul(abs(fromMatrix(X)), tr(abs(D), 18), 24), tolOf(dtype, 64))).toBeNull();
    // relError is what it says
    expect(structured.fit(W, 'blast', { blocks: 3, rank: 3, iters: 3 }).relError).toBeCloseTo(relErr(fromMatrix(W), D), dtype === 'float32' ? 5 : 12);
  });

  test('blast: a random BLAST matrix is fitted far better than by low rank at equal parameters', () => {
    for (const [b, p, q, r] of [[3, 4, 5, 2], [2, 6, 6, 2], [4, 5, 3, 3]]) {
      const { Ub, Vb, S } = blastPieces(b, p, q, r, dtype, 40 + b);
      const W = structured.blast({ blocks: b, U: Ub, V: Vb, S }).toDense();
      const bl = structured.fit(W, 'blast', { blocks: b, rank: r, iters: 30 });
      const lr = structured.fit(W, 'lowRank', { rank: Math.floor(bl.op.params / (b * p + b * q)) });
      expect(bl.op.params).toBeGreaterThanOrEqual(lr.op.params);
      expect(bl.relError).toBeLessThan(0.6 * lr.relError);
    }
  });

  test('cur: exact on a rank-k matrix; indices are actual columns and rows; seeded draws repeat', () => {
    const next = rng(8);
    const Wd = withSpectrum(20, 15, [5, 3, 2, 1], next);
    const W = Matrix.fromRows(Wd, dtype);
    const r = structured.fit(W, 'cur', { rank: 4 });
    expect(r.relError).toBeLessThan(dtype === 'float32' ? 1e-4 : 1e-10);
    expect(r.paramRatio).toBeCloseTo((20 * 4 + 16 + 4 * 15) / 300, 12);
    const op = r.op as unknown as { C: Matrix; R: Matrix; columnIndices: Int32Array; rowIndices: Int32Array };
    op.columnIndices.forEach((j, c) => { for (let i = 0; i < 20; i++) expect(op.C.get(i, c)).toBe(W.get(i, j)); });
    op.rowIndices.forEach((i, c) => { for (let j = 0; j < 15; j++) expect(op.R.get(c, j)).toBe(W.get(i, j)); });
    const a = structured.fit(W, 'cur', { rank: 4, seed: 7 }), b = structured.fit(W, 'cur', { rank: 4, seed: 7 });
    expect(Array.from(a.op.toDense().data)).toEqual(Array.from(b.op.toDense().data));
    expect(a.relError).toBeLessThan(dtype === 'float32' ? 1e-4 : 1e-10);
    expect(structured.fit(W, 'cur', { rank: 0 }).relError).toBeCloseTo(1, 12);
  });

  test('fitBudget: within the budget, the minimum of its own table, both budgets', () => {
    const W = filled(32, 24, dtype, 4);
    const budgets: ({ params: number } | { flops: number })[] = [{ params: 200 }, { params: 400 }, { flops: 900 }, { params: 32 * 24 }];
    for (const budget of budgets) {
      const res = structured.fitBudget(W, budget);
      const limit = 'params' in budget ? budget.params : budget.flops;
      const cost = 'params' in budget ? res.op.params : res.op.flops(1);
      expect(cost).toBeLessThanOrEqual(limit);
      const ok = res.tried.filter((t) => t.ok);
      expect(ok.length).toBeGreaterThan(0);
      expect(res.relError).toBe(Math.min(...ok.map((t) => t.relError)));
      for (const t of ok) expect('params' in budget ? t.params : t.flops).toBeLessThanOrEqual(limit);
      expect(res.paramRatio).toBeCloseTo(res.op.params / (32 * 24), 12);
      const kinds = new Set(res.tried.map((t) => t.kind));
      for (const k of ['lowRank', 'toeplitz', 'cur']) expect(kinds.has(k as never)).toBe(true);
    }
    expect(structured.fitBudget(W, { params: 32 * 24 }).relError).toBe(0);
  });
});

// The real weights (../shared/data beside the checkout; a worktree elsewhere falls back to /work/shared).
function weights(name: string): Matrix {
  const near = `${__dirname}/../../shared/data/weights/${name}`;
  return readNpy(existsSync(near) ? near : `/work/shared/data/weights/${name}`);
}

describe('fits on the real weights (float32)', () => {
  beforeAll(() => testBackends()[0]?.activate());
  const A = weights('use_lite_attn_out_512x512.npy');
  const B = weights('ppocrv4_rec_conv_480x480.npy');
  const of = (which: string) => (which === 'attn' ? A : B);

  // BLAST b = 4, r = 64 against low rank at the largest rank within BLAST's parameters (65): three
  // sweeps already beat it, ten by more. Pinned to what this fit gives (native, float32 W, float64 sweeps).
  test.each([
    ['attn', 0.7612867, 0.7520378, 0.7614020],
    ['ocr', 0.5674477, 0.5443591, 0.5972039],
  ] as const)('blast beats low rank at equal parameters: %s', (which, err3, err10, errLr) => {
    const W = of(which);
    const lr = structured.fit(W, 'lowRank', { rank: 65 });
    expect(lr.relError).toBeCloseTo(errLr, 5);
    for (const [iters, err] of [[3, err3], [10, err10]]) {
      const bl = structured.fit(W, 'blast', { blocks: 4, rank: 64, iters });
      expect(Math.floor(bl.op.params / (W.rows + W.cols))).toBe(65);
      expect(lr.op.params).toBeLessThanOrEqual(bl.op.params);
      expect(bl.relError).toBeLessThan(lr.relError);
      expect(bl.relError).toBeCloseTo(err, 4);
      expect(bl.op.dtype).toBe('float32');
    }
  });

  // CUR at rank k (k columns, k rows, top-k leverage) within 1.3× of the rank-k optimum (the SVD's
  // tail, pinned: fit(W, 'lowRank', { rank: k }) gives it, as test/structured.test.ts checks for attn k = 64).
  test.each([
    ['attn', 64, 0.9329602, 0.7641912],
    ['attn', 32, 0.9645285, 0.8584493],
    ['ocr', 64, 0.7114350, 0.6000523],
    ['ocr', 32, 0.7490606, 0.6979778],
  ] as const)('cur near the rank-k optimum: %s, k = %i', (which, rank, errCur, errOpt) => {
    const W = of(which);
    const r = structured.fit(W, 'cur', { rank });
    expect(r.relError).toBeCloseTo(errCur, 4);
    expect(r.relError).toBeLessThan(1.3 * errOpt);
    expect(r.relError).toBeGreaterThanOrEqual(errOpt);
    expect(r.paramRatio).toBeCloseTo((rank * (W.rows + W.cols) + rank * rank) / (W.rows * W.cols), 12);
  });

  test('fitBudget at a quarter of the parameters (ocr 480²): BLAST 16 × 16 blocks wins; the table pinned', () => {
    const res = structured.fitBudget(B, { params: Math.floor(0.25 * 480 * 480) });
    expect(res.kind).toBe('blast');
    expect(res.relError).toBeCloseTo(0.5062484, 4);
    expect(res.paramRatio).toBeLessThanOrEqual(0.25);
    const table = Object.fromEntries(res.tried.map((t) => [`${t.kind} ${JSON.stringify(t.opts)}`, t.relError]));
    const pins: [string, number][] = [
      ['lowRank {"rank":60}', 0.61156], ['monarch {"blocks":60}', 0.52778], ['monarch {"blocks":48}', 0.56346],
      ['blast {"blocks":8,"rank":56,"seed":0}', 0.53248], ['kronecker {"shapes":[[20,20],[24,24]],"rank":59}', 0.57679],
      ['toeplitz {}', 0.96135], ['circulant {}', 0.96187], ['cur {"rank":56}', 0.72042],
    ];
    for (const [key, err] of pins) expect(table[key]).toBeCloseTo(err, 4);
    for (const t of res.tried) if (t.kind !== 'blockSparse') expect(t.ok).toBe(true);
    expect(res.relError).toBe(Math.min(...res.tried.filter((t) => t.ok).map((t) => t.relError)));
  });
});
