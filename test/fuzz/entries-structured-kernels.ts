/**
 * The fuzz market, continued: the operators on the FFT and N:M kernels
 * (toeplitz, circulant, nmSparse, and structured.load of their files). Valid
 * arguments (random sizes, strides, storage, NaN/Inf entries) must give the
 * product of the operator's dense form (checked in float64 when the entries
 * are finite); hostile ones a typed error.
 */
import fc from 'fast-check';
import { Matrix, structured } from '../../lib/api';
import type { DType } from '../../lib/dtype';
import { abs, closeTo, fromMatrix, mul, tr, UNDERFLOW } from '../reference/structured';
import { FuzzEntry, buildMatrix, matrixSpec } from './entries';

const EPS: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const dtype = fc.constantFrom<DType>('float32', 'float64');

function tame(M: Matrix): boolean {
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) {
    const v = M.data[i * M.rowStride + j];
    if (!Number.isFinite(v) || Math.abs(v) > 1e3) return false;
  }
  return true;
}

/** Y = X·Dᵀ within the usual bound (FFT rounding included: log2 L ≤ 7 here). */
function expectLinear(Y: Matrix, X: Matrix, D: number[][], cols: number, what: string): void {
  const Xd = fromMatrix(X), rows = D.length;
  const err = closeTo(fromMatrix(Y), mul(Xd, tr(D, cols), rows), mul(abs(Xd), tr(abs(D), cols), rows), 8 * (cols + rows + 16) * EPS[X.dtype], UNDERFLOW[X.dtype]);
  if (err) throw new Error(`${what}: ${err}`);
}

/** c (1 × m) and r (1 × n) as row matrices, X (s × n). */
const toeplitzArgs = fc.record({ m: fc.integer({ min: 1, max: 40 }), n: fc.integer({ min: 1, max: 40 }), s: fc.integer({ min: 0, max: 5 }), dt: dtype }).chain((o) =>
  fc.record({
    c: matrixSpec(fc.constant(1), fc.constant(o.m), fc.constant(o.dt)),
    r: matrixSpec(fc.constant(1), fc.constant(o.n), fc.constant(o.dt)),
    X: matrixSpec(fc.constant(o.s), fc.constant(o.n), fc.constant(o.dt)),
  }));

const rowOf = (M: Matrix): Float32Array | Float64Array => M.clone().data;

const nmArgs = fc.record({ rows: fc.integer({ min: 0, max: 6 }), groups: fc.integer({ min: 0, max: 12 }), m: fc.integer({ min: 1, max: 9 }), f: fc.double({ min: 0, max: 1, noNaN: true }), s: fc.integer({ min: 0, max: 5 }), dt: dtype })
  .chain((o) => fc.record({
    o: fc.constant({ ...o, n: 1 + Math.floor(o.f * (o.m - 1)) }),
    W: matrixSpec(fc.constant(o.rows), fc.constant(o.groups * o.m), fc.constant(o.dt)),
    X: matrixSpec(fc.constant(o.s), fc.constant(o.groups * o.m), fc.constant(o.dt)),
  }));

/** A saved toeplitz/circulant/nm operator with some bytes changed, cut or extended. */
const loadBytes = fc.record({ dt: dtype, kind: fc.constantFrom('toeplitz', 'circulant', 'nm24', 'nm35', 'bsr'), edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), cut: fc.option(fc.nat()) })
  .map(({ dt, kind, edits, cut }) => {
    const v = (n: number) => (dt === 'float32' ? new Float32Array(n) : new Float64Array(n)).map((_, i) => (i % 3) - 1);
    const W = new Matrix(3, 20, v(60));
    const op = kind === 'toeplitz' ? structured.toeplitz(v(3), v(5)) : kind === 'circulant' ? structured.circulant(v(6))
      : kind === 'bsr' ? structured.blockSparse({ rows: 4, cols: 6, blockSize: [2, 3], indptr: [0, 2, 3], indices: [1, 0, 1], blocks: v(18) })
      : structured.nmSparse(W, kind === 'nm24' ? { n: 2, m: 4 } : { n: 3, m: 5 });
    const b = structured.save(op);
    for (const [at, x] of edits) b[at % b.length] = x;
    return cut === null ? b : b.subarray(0, cut % (b.length + 1));
  });

export const STRUCTURED_KERNELS_ENTRIES: FuzzEntry[] = [
  {
    name: 'structured.toeplitz(c, r).linear',
    args: toeplitzArgs.map(({ c, r, X }) => [buildMatrix(c), buildMatrix(r), buildMatrix(X)]),
    hostileArgs: [2],
    call: (c, r, X) => structured.toeplitz(rowOf(c as Matrix), rowOf(r as Matrix)).linear(X as Matrix),
    check(args, res) {
      const [c, r, X] = args as Matrix[];
      if (!tame(c) || !tame(r) || !tame(X)) return;
      const cv = rowOf(c), rv = rowOf(r), m = cv.length, n = rv.length;
      const D = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => (i >= j ? cv[i - j] : rv[j - i])));
      expectLinear(res as Matrix, X, D, n, 'toeplitz.linear');
    },
  },
  {
    name: 'structured.circulant(c).transpose().linear',
    args: toeplitzArgs.map(({ r, X }) => [buildMatrix(r), buildMatrix(X)]),
    hostileArgs: [1],
    call: (c, X) => structured.circulant(rowOf(c as Matrix)).transpose().linear(X as Matrix),
    check(args, res) {
      const [c, X] = args as Matrix[];
      if (!tame(c) || !tame(X)) return;
      const cv = rowOf(c), n = cv.length;
      // Cᵀ[i, j] = c[(j − i) mod n]
      const D = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => cv[(j - i + n) % n]));
      expectLinear(res as Matrix, X, D, n, 'circulant.transpose().linear');
    },
  },
  {
    name: 'structured.nmSparse(W, { n, m }).linear',
    args: nmArgs.map(({ o, W, X }) => [buildMatrix(W), { n: o.n, m: o.m }, buildMatrix(X)]),
    options: { index: 1, keys: ['n', 'm'] },
    call: (W, o, X) => structured.nmSparse(W as Matrix, o as never).linear(X as Matrix),
    check(args, res) {
      const [W, o, X] = args as [Matrix, { n: number; m: number }, Matrix];
      if (!tame(W) || !tame(X)) return;
      const D = fromMatrix(structured.nmSparse(W, o).toDense());
      expectLinear(res as Matrix, X, D, W.cols, 'nm.linear');
    },
  },
  {
    name: 'structured.load (toeplitz, circulant, nm files)',
    args: loadBytes.map((b) => [b]),
    mayRefuse: true,
    call: (b) => {
      const op = structured.load(b as Uint8Array);
      return { op, Y: op.linear(new Matrix(2, op.cols, op.dtype === 'float32' ? new Float32Array(2 * op.cols) : new Float64Array(2 * op.cols))) };
    },
    check(_args, r) {
      const { op, Y } = r as { op: { rows: number; cols: number; toDense(): Matrix }; Y: Matrix };
      const D = op.toDense();
      if (D.rows !== op.rows || D.cols !== op.cols || Y.cols !== op.rows) throw new Error('load: an operator of inconsistent shape');
    },
  },
];

/** A BSR structure (random block pattern, repeats allowed), its blocks and X. */
const bsrArgs = fc.record({ mb: fc.integer({ min: 0, max: 5 }), nb: fc.integer({ min: 0, max: 5 }), br: fc.integer({ min: 1, max: 9 }), bc: fc.integer({ min: 1, max: 9 }), s: fc.integer({ min: 0, max: 5 }), dt: dtype })
  .chain((o) => fc.record({
    o: fc.constant(o),
    rowsOf: fc.array(fc.array(fc.integer({ min: 0, max: Math.max(o.nb - 1, 0) }), { maxLength: o.nb === 0 ? 0 : 6 }), { minLength: o.mb, maxLength: o.mb }),
    X: matrixSpec(fc.constant(o.s), fc.constant(o.nb * o.bc), fc.constant(o.dt)),
  }).chain((r) => fc.record({
    r: fc.constant(r),
    B: matrixSpec(fc.constant(r.rowsOf.reduce((a, l) => a + l.length, 0) * o.br), fc.constant(o.bc), fc.constant(o.dt)),
  })));

export const STRUCTURED_BSR_ENTRY: FuzzEntry = {
  name: 'structured.blockSparse(…).linear',
  args: bsrArgs.map(({ r, B }) => {
    const { o, rowsOf, X } = r;
    const indptr = [0];
    for (const l of rowsOf) indptr.push(indptr[indptr.length - 1] + l.length);
    return [{ rows: o.mb * o.br, cols: o.nb * o.bc, blockSize: [o.br, o.bc], indptr, indices: rowsOf.flat(), blocks: buildMatrix(B) }, buildMatrix(X)];
  }),
  options: { index: 0, keys: ['rows', 'cols', 'blockSize', 'indptr', 'indices', 'blocks'] },
  call: (spec, X) => structured.blockSparse(spec as never).linear(X as Matrix),
  check(args, res) {
    const spec = args[0] as { rows: number; cols: number; blockSize: [number, number]; indptr: number[]; indices: number[]; blocks: Matrix };
    const X = args[1] as Matrix;
    if (!tame(spec.blocks) || !tame(X)) return;
    const [br, bc] = spec.blockSize, Bd = fromMatrix(spec.blocks);
    const D = Array.from({ length: spec.rows }, () => new Array<number>(spec.cols).fill(0));
    for (let I = 0; I + 1 < spec.indptr.length; I++) for (let k = spec.indptr[I]; k < spec.indptr[I + 1]; k++)
      for (let i = 0; i < br; i++) for (let j = 0; j < bc; j++) D[I * br + i][spec.indices[k] * bc + j] += Bd[k * br + i][j];
    expectLinear(res as Matrix, X, D, spec.cols, 'blockSparse.linear');
  },
};
STRUCTURED_KERNELS_ENTRIES.push(STRUCTURED_BSR_ENTRY);
