/**
 * The fuzz market, continued: BLAST, CUR and fitBudget (issue 18,
 * structured-fits). Valid arguments (random block shapes, strides, storage,
 * NaN/Inf entries) must give the product of the operator's dense form
 * (checked in float64 when the entries are finite); hostile ones a typed error.
 */
import fc from 'fast-check';
import { Matrix, structured } from '../../lib/api';
import type { DType } from '../../lib/dtype';
import { abs, closeTo, fromMatrix, mul, tr, UNDERFLOW } from '../reference/structured';
import { blastMagnitude, blastRef } from '../reference/blast';
import { FuzzEntry, buildMatrix, matrixSpec } from './entries';

const EPS: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const small = fc.integer({ min: 0, max: 6 });
const positive = fc.integer({ min: 1, max: 5 });
const dtype = fc.constantFrom<DType>('float32', 'float64');

function tame(M: Matrix): boolean {
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) {
    const v = M.data[i * M.rowStride + j];
    if (!Number.isFinite(v) || Math.abs(v) > 1e3) return false;
  }
  return true;
}

/** BLAST pieces: U (b·p) × r, V (b·q) × r, S b² × r, X s × b·q, one dtype. */
const blastArgs = fc.record({ b: positive, p: small, q: small, r: small, s: small, dt: dtype, trans: fc.boolean() }).chain((o) =>
  fc.record({
    o: fc.constant(o),
    U: matrixSpec(fc.constant(o.b * o.p), fc.constant(o.r), fc.constant(o.dt)),
    V: matrixSpec(fc.constant(o.b * o.q), fc.constant(o.r), fc.constant(o.dt)),
    S: matrixSpec(fc.constant(o.b * o.b), fc.constant(o.r), fc.constant(o.dt)),
    X: matrixSpec(fc.constant(o.s), fc.constant(o.trans ? o.b * o.p : o.b * o.q), fc.constant(o.dt)),
  }));

const curArgs = fc.record({ m: small, c: small, k: small, n: small, s: small, dt: dtype }).chain((o) =>
  fc.record({
    C: matrixSpec(fc.constant(o.m), fc.constant(o.c), fc.constant(o.dt)),
    U: matrixSpec(fc.constant(o.c), fc.constant(o.k), fc.constant(o.dt)),
    R: matrixSpec(fc.constant(o.k), fc.constant(o.n), fc.constant(o.dt)),
    X: matrixSpec(fc.constant(o.s), fc.constant(o.n), fc.constant(o.dt)),
  }));

const fitArgs = fc.record({ b: positive, c: positive, dt: dtype, kind: fc.constantFrom('blast', 'cur') })
  .chain((o) => fc.record({ o: fc.constant(o), W: matrixSpec(fc.constant(o.b * 2), fc.constant(o.c * 2), fc.constant(o.dt)) }));

const budgetArgs = fc.record({ m: positive, n: positive, dt: dtype, frac: fc.double({ min: 0.05, max: 1.2, noNaN: true }), flops: fc.boolean() })
  .chain((o) => fc.record({ o: fc.constant(o), W: matrixSpec(fc.constant(o.m * 2), fc.constant(o.n * 2), fc.constant(o.dt)) }));

export const STRUCTURED_FITS_ENTRIES: FuzzEntry[] = [
  {
    name: 'structured.blast(…).linear',
    args: blastArgs.map(({ o, U, V, S, X }) => [{ blocks: o.b, U: buildMatrix(U), V: buildMatrix(V), S: buildMatrix(S) }, buildMatrix(X), o.trans]),
    options: { index: 0, keys: ['blocks', 'U', 'V', 'S'] },
    hostileArgs: [0, 1],
    call: (spec, X, trans) => {
      const op = structured.blast(spec as never);
      return (trans ? op.transpose() : op).linear(X as Matrix);
    },
    check(args, r) {
      const spec = args[0] as { blocks: number; U: Matrix; V: Matrix; S: Matrix }, X = args[1] as Matrix, trans = args[2] as boolean;
      if (!tame(spec.U) || !tame(spec.V) || !tame(spec.S) || !tame(X)) return;
      const b = spec.blocks, r0 = spec.U.cols;
      const Ud = fromMatrix(spec.U), Vd = fromMatrix(spec.V), Sd = fromMatrix(spec.S);
      const m = spec.U.rows, n = spec.V.rows;
      let D = blastRef(Ud, Vd, Sd, b, r0), Dm = blastMagnitude(Ud, Vd, Sd, b, r0);
      if (trans) { D = tr(D, n); Dm = tr(Dm, n); }
      const rows = trans ? n : m, cols = trans ? m : n, Xd = fromMatrix(X);
      const err = closeTo(fromMatrix(r as Matrix), mul(Xd, tr(D, cols), rows), mul(abs(Xd), tr(Dm, cols), rows), 8 * (cols + rows + 3 * r0 + 8) * EPS[X.dtype], UNDERFLOW[X.dtype]);
      if (err) throw new Error(`blast.linear: ${err}`);
    },
  },
  {
    name: 'structured.cur(C, U, R).linear',
    args: curArgs.map(({ C, U, R, X }) => [buildMatrix(C), buildMatrix(U), buildMatrix(R), buildMatrix(X)]),
    call: (C, U, R, X) => structured.cur(C as Matrix, U as Matrix, R as Matrix).linear(X as Matrix),
    check(args, r) {
      const [C, U, R, X] = args as Matrix[];
      if (!tame(C) || !tame(U) || !tame(R) || !tame(X)) return;
      const n = R.cols, m = C.rows;
      const D = C.cols === 0 || U.cols === 0 ? Array.from({ length: m }, () => new Array<number>(n).fill(0)) : mul(mul(fromMatrix(C), fromMatrix(U), U.cols), fromMatrix(R), n);
      const Dm = C.cols === 0 || U.cols === 0 ? D : mul(mul(abs(fromMatrix(C)), abs(fromMatrix(U)), U.cols), abs(fromMatrix(R)), n);
      const Xd = fromMatrix(X);
      const err = closeTo(fromMatrix(r as Matrix), mul(Xd, tr(D, n), m), mul(abs(Xd), tr(Dm, n), m), 8 * (n + m + C.cols + U.cols + 8) * EPS[X.dtype], UNDERFLOW[X.dtype]);
      if (err) throw new Error(`cur.linear: ${err}`);
    },
  },
  {
    name: 'structured.fit(blast | cur)',
    args: fitArgs.map(({ o, W }) => [buildMatrix(W), o.kind, o.kind === 'blast' ? { blocks: 2, rank: 1, iters: 2 } : { rank: 1, seed: 3 }]),
    options: { index: 2, keys: ['rank', 'blocks', 'seed', 'iters'] },
    // Non-finite W: the SVD start may refuse it with a typed error.
    mayRefuse: true,
    call: (W, kind, o) => structured.fit(W as Matrix, kind as never, o as never),
    check(args, r) {
      const W = args[0] as Matrix, { op, relError } = r as { op: { rows: number; cols: number; dtype: DType }; relError: number };
      if (op.rows !== W.rows || op.cols !== W.cols || op.dtype !== W.dtype) throw new Error('fit: operator of the wrong shape or dtype');
      if (!tame(W)) return;
      if (!(relError <= 1 + 1e3 * EPS[W.dtype])) throw new Error(`fit ${String(args[1])}: relError ${relError} > 1`);
    },
  },
  {
    name: 'structured.fitBudget',
    args: budgetArgs.map(({ o, W }) => {
      const Wm = buildMatrix(W), size = Wm.rows * Wm.cols;
      return [Wm, o.flops ? { flops: 2 * o.frac * size } : { params: o.frac * size }];
    }),
    options: { index: 1, keys: ['params', 'flops'] },
    // A budget below every structure, or a non-finite W, is refused with a typed error.
    mayRefuse: true,
    call: (W, b) => structured.fitBudget(W as Matrix, b as never),
    check(args, r) {
      const b = args[1] as { params?: number; flops?: number };
      const res = r as { op: { params: number; flops(n: number): number }; relError: number; tried: { ok: boolean; relError: number }[] };
      const cost = b.params !== undefined ? res.op.params : res.op.flops(1);
      if (!(cost <= (b.params ?? b.flops)!)) throw new Error(`fitBudget: cost ${cost} over the budget`);
      const best = Math.min(...res.tried.filter((t) => t.ok).map((t) => t.relError));
      if (res.relError !== best) throw new Error(`fitBudget: picked ${res.relError}, the table's best is ${best}`);
    },
  },
];
