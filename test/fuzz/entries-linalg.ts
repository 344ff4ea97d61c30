/**
 * The fuzz market, continued: the dense factorizations (issue 17). Valid
 * arguments (random shapes, strides, storage, NaN/Inf entries) must give a
 * factorization that satisfies its defining identity (checked in float64 when
 * the entries are finite); hostile ones a typed error.
 */
import fc from 'fast-check';
import { Matrix, NotPositiveDefiniteError, linalg } from '../../lib/api';
import type { DType } from '../../lib/dtype';
import { distance, frobenius, multiply, orthogonalityError, toDense, transpose } from '../reference/linalg';
import { FuzzEntry, MatrixSpec, buildMatrix, matrixSpec } from './entries';

const EPS: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const size = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 23 }) });
const general = matrixSpec(size, size);
const square = size.chain((n) => matrixSpec(fc.constant(n), fc.constant(n)));

function finite(M: Matrix): boolean {
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) if (!Number.isFinite(M.data[i * M.rowStride + j])) return false;
  return true;
}

function below(value: number, bound: number, what: string): void {
  if (!(value <= bound)) throw new Error(`${what}: ${value} > ${bound}`);
}

/** Moderate entries only: the specials include 1e15, whose squares are far from the others' rounding. */
function tame(M: Matrix): boolean {
  if (!finite(M)) return false;
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) if (Math.abs(M.data[i * M.rowStride + j]) > 1e3) return false;
  return true;
}

/** S = M·Mᵀ + n·I written over M (same storage and stride): symmetric positive definite when M is finite. */
function spd(s: MatrixSpec): Matrix {
  const M = buildMatrix(s);
  const n = M.rows, D = toDense(M);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = i === j ? n : 0;
      for (let k = 0; k < n; k++) v += D[i][k] * D[j][k];
      M.data[i * M.rowStride + j] = v;
    }
  }
  return M;
}

function checkQr(args: unknown[], r: unknown): void {
  const A = args[0] as Matrix, { Q, R } = r as { Q: Matrix; R: Matrix };
  if (!tame(A)) return;
  const k = Math.min(A.rows, A.cols), u = EPS[A.dtype], Ad = toDense(A);
  if (k === 0) return;
  below(distance(multiply(toDense(Q), toDense(R), k, A.cols), Ad), 20 * Math.max(A.rows, A.cols) * u * (frobenius(Ad) || 1), 'qr ‖A − QR‖');
  below(orthogonalityError(toDense(Q), k), 20 * A.rows * u, 'qr ‖QᵀQ − I‖');
}

function checkSvd(args: unknown[], r: unknown): void {
  const A = args[0] as Matrix, { U, s, Vt } = r as { U: Matrix; s: Float64Array; Vt: Matrix };
  if (!tame(A)) return;
  const k = Math.min(A.rows, A.cols), u = EPS[A.dtype], Ad = toDense(A), tol = 40 * Math.max(A.rows, A.cols, 1) * u;
  if (k === 0) return;
  const US = toDense(U).map((row) => row.map((x, j) => x * s[j]));
  below(distance(multiply(US, toDense(Vt), k, A.cols), Ad), tol * (frobenius(Ad) || 1), 'svd ‖A − USVᵀ‖');
  below(orthogonalityError(toDense(U), k), tol, 'svd ‖UᵀU − I‖');
  below(orthogonalityError(transpose(toDense(Vt), A.cols), k), tol, 'svd ‖VVᵀ − I‖');
  for (let i = 1; i < k; i++) if (!(s[i] <= s[i - 1])) throw new Error('svd: s is not descending');
}

function checkEigh(args: unknown[], r: unknown): void {
  const A = args[0] as Matrix, { values, vectors } = r as { values: Float64Array; vectors: Matrix };
  if (!tame(A) || A.rows === 0) return;
  const n = A.rows, u = EPS[A.dtype], L = toDense(A);
  const S = L.map((row, i) => row.map((x, j) => (j <= i ? x : L[j][i])));
  const V = toDense(vectors), VL = V.map((row) => row.map((x, j) => x * values[j]));
  below(distance(multiply(S, V, n, n), VL), 40 * n * u * (frobenius(S) || 1), 'eigh ‖AV − VΛ‖');
  below(orthogonalityError(V, n), 40 * n * u, 'eigh ‖VᵀV − I‖');
}

function checkCholesky(args: unknown[], r: unknown): void {
  const A = args[0] as Matrix;
  if (r === 'not positive definite' || !tame(A) || A.rows === 0) return;
  const n = A.rows, u = EPS[A.dtype], L = toDense(r as Matrix), Ad = toDense(A);
  const S = Ad.map((row, i) => row.map((x, j) => (j <= i ? x : Ad[j][i])));
  below(distance(multiply(L, transpose(L, n), n, n), S), 40 * n * u * frobenius(S), 'cholesky ‖A − LLᵀ‖');
}

/** A lower triangular T with a dominant diagonal (well conditioned) and B with T's rows. */
const triangular = size.chain((n) =>
  fc.record({ T: matrixSpec(fc.constant(n), fc.constant(n)), r: fc.integer({ min: 0, max: 5 }), lower: fc.boolean(), trans: fc.boolean(), unitDiagonal: fc.boolean() })
    .chain((o) => fc.record({ T: fc.constant(o.T), B: matrixSpec(fc.constant(n), fc.constant(o.r), fc.constant(o.T.dtype)), o: fc.constant({ lower: o.lower, trans: o.trans, unitDiagonal: o.unitDiagonal }) })));

function triangularArgs(x: { T: MatrixSpec; B: MatrixSpec; o: object }): unknown[] {
  const T = buildMatrix(x.T);
  for (let i = 0; i < T.rows; i++) T.data[i * T.rowStride + i] = 2 + T.rows; // nonzero, dominant
  return [T, buildMatrix(x.B), x.o];
}

function checkTriangular(args: unknown[], r: unknown): void {
  const [T, B, o] = args as [Matrix, Matrix, { lower: boolean; trans: boolean; unitDiagonal: boolean }];
  if (!tame(T) || !tame(B) || B.rows === 0 || B.cols === 0) return;
  const n = T.rows, u = EPS[T.dtype], X = toDense(r as Matrix);
  const Td = toDense(T).map((row, i) => row.map((x, j) => ((o.lower ? j <= i : j >= i) ? (i === j && o.unitDiagonal ? 1 : x) : 0)));
  const opT = o.trans ? transpose(Td, n) : Td;
  const residual = distance(multiply(opT, X, n, B.cols), toDense(B));
  below(residual, 40 * n * u * (frobenius(Td) * frobenius(X) + frobenius(toDense(B))), 'solveTriangular residual');
}

export const LINALG_ENTRIES: FuzzEntry[] = [
  {
    name: 'linalg.qr',
    args: fc.tuple(general, fc.constantFrom<'reduced' | 'r'>('reduced', 'r')).map(([s, mode]) => [buildMatrix(s), { mode }]),
    options: { index: 1, keys: ['mode'] },
    call: (A, o) => linalg.qr(A as Matrix, o as never),
    check: (args, r) => ((args[1] as { mode: string }).mode === 'reduced' ? checkQr(args, r) : undefined),
  },
  {
    name: 'linalg.qrAsync',
    args: general.map((s) => [buildMatrix(s), {}]),
    options: { index: 1, keys: ['mode', 'signal'] },
    call: (A, o) => linalg.qrAsync(A as Matrix, o as never),
    check: checkQr,
  },
  {
    name: 'linalg.svd',
    args: general.map((s) => [buildMatrix(s)]),
    call: (A) => linalg.svd(A as Matrix),
    check: checkSvd,
  },
  {
    name: 'linalg.svdAsync',
    args: general.map((s) => [buildMatrix(s), {}]),
    options: { index: 1, keys: ['signal'] },
    call: (A, o) => linalg.svdAsync(A as Matrix, o as never),
    check: checkSvd,
  },
  {
    name: 'linalg.eigh',
    args: square.map((s) => [buildMatrix(s)]),
    call: (A) => linalg.eigh(A as Matrix),
    check: checkEigh,
  },
  {
    name: 'linalg.eighAsync',
    args: square.map((s) => [buildMatrix(s), {}]),
    options: { index: 1, keys: ['signal'] },
    call: (A, o) => linalg.eighAsync(A as Matrix, o as never),
    check: checkEigh,
  },
  {
    name: 'linalg.cholesky',
    args: fc.tuple(square, fc.boolean()).map(([s, lower]) => [spd(s), { lower }]),
    options: { index: 1, keys: ['lower'] },
    call: (A, o) => {
      try {
        return linalg.cholesky(A as Matrix, o as never);
      } catch (e) {
        // M·Mᵀ + n·I of non-finite or huge (1e15) entries need not be numerically positive definite.
        if (e instanceof NotPositiveDefiniteError && !tame(A as Matrix)) return 'not positive definite';
        throw e;
      }
    },
    check: (args, r) => ((args[1] as { lower: boolean }).lower ? checkCholesky(args, r) : undefined),
  },
  {
    name: 'linalg.solveTriangular',
    args: triangular.map(triangularArgs),
    options: { index: 2, keys: ['lower', 'trans', 'unitDiagonal'] },
    call: (T, B, o) => linalg.solveTriangular(T as Matrix, B as Matrix, o as never),
    check: checkTriangular,
  },
];
