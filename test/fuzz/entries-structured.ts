/**
 * The fuzz market, continued: structured operators (issue 18). Valid
 * arguments (random block shapes, strides, storage, NaN/Inf entries) must
 * give the product of the operator's dense form (checked in float64 when the
 * entries are finite); hostile ones a typed error.
 */
import fc from 'fast-check';
import { Matrix, structured } from '../../lib/api';
import type { DType } from '../../lib/dtype';
import { abs, closeTo, fromMatrix, kron, monarchDense, mul, tr, UNDERFLOW } from '../reference/structured';
import { FuzzEntry, MatrixSpec, buildMatrix, matrixSpec } from './entries';

const EPS: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const small = fc.integer({ min: 0, max: 6 });
const positive = fc.integer({ min: 1, max: 6 });
const dtype = fc.constantFrom<DType>('float32', 'float64');

function tame(M: Matrix): boolean {
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) {
    const v = M.data[i * M.rowStride + j];
    if (!Number.isFinite(v) || Math.abs(v) > 1e3) return false;
  }
  return true;
}

function expectLinear(Y: Matrix, X: Matrix, D: number[][], cols: number, what: string): void {
  const Xd = fromMatrix(X), rows = D.length;
  const err = closeTo(fromMatrix(Y), mul(Xd, tr(D, cols), rows), mul(abs(Xd), tr(abs(D), cols), rows), 8 * (cols + rows + 8) * EPS[X.dtype], UNDERFLOW[X.dtype]);
  if (err) throw new Error(`${what}: ${err}`);
}

/** Monarch blocks (k R blocks t × p, L stacked (t·q) × k) and X (s × k·p) of one dtype. */
const monarchArgs = fc.record({ k: positive, t: positive, p: small, q: small, s: small, dt: dtype }).chain((o) =>
  fc.record({
    o: fc.constant(o),
    R: matrixSpec(fc.constant(o.k * o.t), fc.constant(o.p), fc.constant(o.dt)),
    L: matrixSpec(fc.constant(o.t * o.q), fc.constant(o.k), fc.constant(o.dt)),
    X: matrixSpec(fc.constant(o.s), fc.constant(o.k * o.p), fc.constant(o.dt)),
  }));

function monarchCall(spec: unknown, X: unknown): unknown {
  const op = structured.monarch(spec as never);
  return { op, Y: op.linear(X as Matrix) };
}

function checkMonarch(args: unknown[], r: unknown): void {
  const spec = args[0] as { blocks: number; L: Matrix; R: Matrix }, X = args[1] as Matrix;
  if (!tame(spec.L) || !tame(spec.R) || !tame(X)) return;
  const k = spec.blocks, t = spec.R.rows / k, p = spec.R.cols, q = spec.L.rows / t;
  const Rd = fromMatrix(spec.R), Ld = fromMatrix(spec.L);
  const D = monarchDense(
    Array.from({ length: t }, (_, i0) => Ld.slice(i0 * q, (i0 + 1) * q)),
    Array.from({ length: k }, (_, j1) => Rd.slice(j1 * t, (j1 + 1) * t)),
  );
  expectLinear((r as { Y: Matrix }).Y, X, p === 0 ? D.map(() => []) : D, k * p, 'monarch.linear');
}

const kronArgs = fc.record({ m1: small, n1: small, m2: small, n2: small, s: small, dt: dtype }).chain((o) =>
  fc.record({
    A: matrixSpec(fc.constant(o.m1), fc.constant(o.n1), fc.constant(o.dt)),
    B: matrixSpec(fc.constant(o.m2), fc.constant(o.n2), fc.constant(o.dt)),
    X: matrixSpec(fc.constant(o.s), fc.constant(o.n1 * o.n2), fc.constant(o.dt)),
  }));

const fitArgs = fc.record({ b: positive, c: positive, dt: dtype, kind: fc.constantFrom('lowRank', 'monarch', 'toeplitz', 'nm', 'kronecker') })
  .chain((o) => fc.record({ o: fc.constant(o), W: matrixSpec(fc.constant(o.b * 2), fc.constant(o.c * 4), fc.constant(o.dt)) }));

function fitOptions(kind: string, W: MatrixSpec): object {
  switch (kind) {
    case 'lowRank': return { rank: Math.min(W.rows, W.cols, 2) };
    case 'monarch': return { blocks: 4, lBlocks: 2 };
    case 'nm': return { n: 2, m: 4 };
    case 'kronecker': return { shapes: [[2, 4], [W.rows / 2, W.cols / 4]] };
    default: return {};
  }
}

/** A saved operator, then some of its bytes changed, cut or extended (or bytes from nowhere). */
const loadBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.record({ dt: dtype, edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), cut: fc.option(fc.nat()), nm: fc.boolean() })
    .map(({ dt, edits, cut, nm }) => {
      const W = new Matrix(4, 4, dt === 'float32' ? new Float32Array(16).fill(0.5) : new Float64Array(16).fill(0.5));
      const B = new Matrix(4, 2, W.data.subarray(0, 8));
      const op = nm ? structured.nmSparse(W, { n: 2, m: 4 }) : structured.sum(structured.monarch({ blocks: 2, L: B, R: B }), structured.transpose(W));
      const b = structured.save(op);
      for (const [at, v] of edits) b[at % b.length] = v;
      return cut === null ? b : b.subarray(0, cut % (b.length + 1));
    }),
);

export const STRUCTURED_ENTRIES: FuzzEntry[] = [
  {
    name: 'structured.load',
    args: loadBytes.map((b) => [b]),
    mayRefuse: true,
    call: (b) => structured.load(b as Uint8Array),
    check(_args, r) {
      const op = r as { rows: number; cols: number; toDense(): Matrix };
      const D = op.toDense();
      if (D.rows !== op.rows || D.cols !== op.cols) throw new Error('load: an operator whose dense form has the wrong shape');
    },
  },
  {
    name: 'structured.monarch(…).linear',
    args: monarchArgs.map(({ o, R, L, X }) => [{ blocks: o.k, R: buildMatrix(R), L: buildMatrix(L) }, buildMatrix(X)]),
    options: { index: 0, keys: ['blocks', 'L', 'R'] },
    call: monarchCall,
    check: checkMonarch,
  },
  {
    name: 'structured.kronecker(A, B).linear',
    args: kronArgs.map(({ A, B, X }) => [buildMatrix(A), buildMatrix(B), buildMatrix(X)]),
    call: (A, B, X) => structured.kronecker(A as Matrix, B as Matrix).linear(X as Matrix),
    check(args, r) {
      const [A, B, X] = args as Matrix[];
      if (!tame(A) || !tame(B) || !tame(X)) return;
      expectLinear(r as Matrix, X, kron(fromMatrix(A), fromMatrix(B), A.cols, B.cols), A.cols * B.cols, 'kronecker.linear');
    },
  },
  {
    name: 'structured.fit',
    args: fitArgs.map(({ o, W }) => [buildMatrix(W), o.kind, fitOptions(o.kind, W)]),
    options: { index: 2, keys: ['rank', 'blocks', 'n', 'm', 'shapes'] },
    call: (W, kind, o) => structured.fit(W as Matrix, kind as never, o as never),
    check(args, r) {
      const W = args[0] as Matrix, { op, relError, paramRatio } = r as { op: { rows: number; cols: number; dtype: DType }; relError: number; paramRatio: number };
      if (op.rows !== W.rows || op.cols !== W.cols || op.dtype !== W.dtype) throw new Error('fit: operator of the wrong shape or dtype');
      if (!tame(W)) return;
      // Zero is in every family, so the best fit is never worse than it.
      if (!(relError <= 1 + 1e3 * EPS[W.dtype])) throw new Error(`fit ${String(args[1])}: relError ${relError} > 1`);
      if (!(paramRatio >= 0)) throw new Error(`fit: paramRatio ${paramRatio}`);
    },
  },
];
