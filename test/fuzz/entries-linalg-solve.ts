/**
 * The fuzz market for lstsq, leverageScores, sampleRows, cur and nystrom
 * (issue 17): valid arguments (random shapes, strides, storage, NaN/Inf
 * entries) must give a typed error or an answer that keeps its promise
 * (checked in float64 on finite, moderate entries); hostile ones a typed error.
 */
import fc from 'fast-check';
import { Matrix, linalg } from '../../lib/api';
import { toDense } from '../reference/linalg';
import { optimalResidual, residualNorm } from '../reference/lstsq';
import { FuzzEntry, MatrixSpec, buildMatrix, matrixSpec } from './entries';

const size = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 17 }) });
const method = fc.constantFrom('qr', 'sketch-solve', 'sketch-precondition');
const seed = fc.integer({ min: 0, max: 2 ** 31 });

/** A and b with A's rows and dtype (b a vector or a matrix). */
const problem = fc.tuple(size, size, fc.integer({ min: 0, max: 3 })).chain(([m, n, r]) =>
  matrixSpec(fc.constant(m), fc.constant(n)).chain((A) =>
    fc.record({ A: fc.constant(A), B: matrixSpec(fc.constant(m), fc.constant(r), fc.constant(A.dtype)), vector: fc.boolean(), method, seed })));

function tame(M: Matrix): boolean {
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) {
    const x = M.data[i * M.rowStride + j];
    if (!Number.isFinite(x) || Math.abs(x) > 1e3) return false;
  }
  return true;
}

function problemArgs(p: { A: MatrixSpec; B: MatrixSpec; vector: boolean; method: string; seed: number }): unknown[] {
  const A = buildMatrix(p.A), B = buildMatrix(p.B);
  const b = p.vector ? (A.dtype === "float32" ? Float32Array : Float64Array).from(Array.from({ length: A.rows }, (_, i) => (B.cols > 0 ? B.get(i, 0) : i % 3))) : B;
  return [A, b, { method: p.method, seed: p.seed }];
}

/** f64, moderate entries, not sketch-solve: the residual is optimal. */
function checkLstsq(args: unknown[], r: unknown): void {
  const [A, b, o] = args as [Matrix, Float64Array | Matrix, { method: string }];
  if (A.dtype !== 'float64' || o.method === 'sketch-solve' || !tame(A)) return;
  const { x } = r as { x: Float64Array | Matrix };
  const D = toDense(A);
  const cols = b instanceof Matrix ? toDense(b)[0]?.map((_, j) => toDense(b).map((row) => row[j])) ?? [] : [Array.from(b)];
  if (!cols.every((bj) => bj.every((v) => Number.isFinite(v) && Math.abs(v) <= 1e3))) return; // non-finite b: NaN x (documented)
  cols.forEach((bj, j) => {
    const xj = x instanceof Matrix ? toDense(x).map((row) => row[j]) : Array.from(x);
    const got = residualNorm(D, xj, bj), best = optimalResidual(D, A.cols, bj);
    if (!(got <= best + 1e-6 * (Math.hypot(...bj) + 1))) throw new Error(`lstsq residual ${got} > optimal ${best}`);
  });
}

const spdSpec = size.chain((n) => matrixSpec(fc.constant(n), fc.constant(n)));
/** M·Mᵀ over M's storage: PSD when M is finite. */
function psd(s: MatrixSpec): Matrix {
  const M = buildMatrix(s), D = toDense(M), n = M.rows;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.data[i * M.rowStride + j] = D[i].reduce((t, x, k) => t + x * D[j][k], 0);
  return M;
}

export const LINALG_SOLVE_ENTRIES: FuzzEntry[] = [
  {
    name: 'linalg.lstsq',
    args: problem.map(problemArgs),
    options: { index: 2, keys: ['method', 'seed', 'tol', 'maxIter', 'rcond'] },
    call: (A, b, o) => linalg.lstsq(A as Matrix, b as Matrix, o as never),
    check: checkLstsq,
  },
  {
    name: 'linalg.lstsqAsync',
    args: problem.map(problemArgs),
    options: { index: 2, keys: ['method', 'seed', 'signal'] },
    call: (A, b, o) => linalg.lstsqAsync(A as Matrix, b as Matrix, o as never),
    check: checkLstsq,
  },
  {
    name: 'linalg.leverageScores',
    args: fc.tuple(matrixSpec(size, size), fc.boolean(), seed).map(([s, exact, sd]) => [buildMatrix(s), { exact, seed: sd }]),
    options: { index: 1, keys: ['exact', 'seed', 'rcond'] },
    call: (A, o) => linalg.leverageScores(A as Matrix, o as never),
  },
  {
    name: 'linalg.sampleRows',
    args: fc.tuple(matrixSpec(size, size), fc.integer({ min: 0, max: 50 }), fc.constantFrom('leverage', 'uniform', 'rowNorm'), seed)
      .map(([s, count, by, sd]) => [buildMatrix(s), count, { by, seed: sd }]),
    options: { index: 2, keys: ['by', 'seed', 'exact'] },
    mayRefuse: true, // documented: no rows, all probabilities zero, a non-finite entry
    call: (A, count, o) => linalg.sampleRows(A as Matrix, count as number, o as never),
    check: (args, r) => {
      const A = args[0] as Matrix, { indices } = r as { indices: Int32Array };
      for (const i of indices) if (!(i >= 0 && i < A.rows)) throw new Error(`sampleRows: index ${i} outside [0, ${A.rows})`);
    },
  },
  {
    name: 'linalg.cur',
    args: fc.tuple(matrixSpec(size, size), fc.integer({ min: 0, max: 4 }), seed).map(([s, k, sd]) => {
      const A = buildMatrix(s);
      return [A, Math.min(k, A.rows, A.cols), { seed: sd }];
    }),
    options: { index: 2, keys: ['seed', 'oversample'] },
    call: (A, k, o) => linalg.cur(A as Matrix, k as number, o as never),
  },
  {
    name: 'linalg.nystrom',
    args: fc.tuple(spdSpec, fc.integer({ min: 0, max: 4 }), seed).map(([s, k, sd]) => {
      const A = psd(s);
      return [A, Math.min(k, A.rows), { seed: sd }];
    }),
    options: { index: 2, keys: ['seed', 'oversample'] },
    mayRefuse: true, // documented: a non-finite entry, or not positive semidefinite in floating point
    call: (A, k, o) => linalg.nystrom(A as Matrix, k as number, o as never),
  },
];
