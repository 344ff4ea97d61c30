/**
 * CUR decomposition by leverage-score selection (Mahoney & Drineas 2009):
 * actual columns and rows of A, so the factors are the data's own.
 */
import { newArray } from '../dtype';
import { ShapeError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { matmul } from '../dense/matmul';
import { splitSeed, uniform } from '../random/index';
import { checkAllocation, checkDim, checkInt, checkOptions } from '../validate';
import { lstsq } from './lstsq';
import { svd } from './svd';
import { rowNormsSquared } from './leverage';
import { transposed, zeros64 } from './solve-util';

/** Philox streams of the column and row selections. */
const COL_STREAM = 9, ROW_STREAM = 10;

export interface CurOptions {
  /** Seeds the selection (an integer in [0, 2^53), default 0). */
  seed?: number;
  /** Columns and rows chosen beyond k (default k, i.e. 2k of each, capped at n and m). */
  oversample?: number;
}

export interface CurResult {
  /** The chosen columns of A, ascending. */
  colIndices: Int32Array;
  /** The chosen rows of A, ascending. */
  rowIndices: Int32Array;
  /** m × c: A's columns colIndices. */
  C: Matrix;
  /** c × r: C⁺·A·R⁺ (the best U for these C and R in the Frobenius norm). */
  U: Matrix;
  /** r × n: A's rows rowIndices. */
  R: Matrix;
  /** ‖A − C·U·R‖_F / ‖A‖_F (0 for a zero A). */
  relError: number;
}

/**
 * `count` distinct indices drawn with probability ∝ weights, without
 * replacement (Efraimidis & Spirakis 2006: the largest keys ln(uᵢ)/wᵢ),
 * from the Philox stream `stream` of `seed`; zero weights come last, by index.
 */
function weightedDistinct(weights: Float64Array, count: number, seed: number, stream: number): Int32Array {
  const n = weights.length;
  const u = n === 0 ? new Float64Array(0) : (uniform(1, n, { seed, stream }).data as Float64Array);
  const key = zeros64(n);
  for (let i = 0; i < n; i++) key[i] = weights[i] > 0 ? Math.log(u[i] + 2 ** -54) / weights[i] : -Infinity;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (key[b] - key[a]) || a - b);
  return Int32Array.from(order.slice(0, count)).sort();
}

function columns(A: Matrix, idx: Int32Array): Matrix {
  const c = idx.length, out = new Matrix(A.rows, c, new (A.dtype === 'float32' ? Float32Array : Float64Array)(A.rows * c));
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < c; j++) out.data[i * c + j] = A.data[i * A.rowStride + idx[j]];
  return out;
}

/**
 * A ≈ C·U·R with C = c actual columns and R = r actual rows of A
 * (c = min(n, k + oversample), r = min(m, k + oversample)), drawn without
 * repeats with probabilities ∝ the rank-k leverage scores (squared row norms
 * of the top-k singular vectors, from the exact SVD), and U = C⁺·A·R⁺ through
 * linalg.lstsq (minimum-norm, rank cutoff n·eps). With the default 2k columns
 * and rows the error is typically within a small factor (1–2×) of the best
 * rank-k error ‖A − A_k‖_F; more oversampling lowers it.
 *
 * @throws ShapeError if k > min(m, n). @throws ValueError for a bad A, k, seed or options.
 * @example
 * const { colIndices, rowIndices, relError } = linalg.cur(W, 32, { seed: 1 });
 */
export function cur(A: Matrix, k: number, options?: CurOptions): CurResult {
  const what = 'cur';
  const o = checkOptions<CurOptions>(options, what, ['seed', 'oversample']);
  const seed = o.seed ?? 0;
  splitSeed(seed, what);
  const a = checkMatrix(A, `${what}: A`);
  const m = a.rows, n = a.cols;
  const kk = checkDim(k, `${what}: k`);
  if (kk > Math.min(m, n)) throw new ShapeError(`${what}: k = ${kk} is more than min(m, n) = ${Math.min(m, n)} for a ${m}×${n} A`);
  const over = o.oversample === undefined ? kk : checkInt(o.oversample, `${what}: oversample`, 0, 2 ** 32 - 1);
  const c = Math.min(n, kk + over), r = Math.min(m, kk + over);
  checkAllocation(m, c, what);
  checkAllocation(r, n, what);
  if (kk === 0) {
    // Nothing chosen: C·U·R = 0 (and no work proportional to a 0 × 2^32 − 1 A).
    const none = new Int32Array(0), C = new Matrix(m, 0, newArray(a.dtype, 0)), R = new Matrix(0, n, newArray(a.dtype, 0));
    let norm = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) norm += a.data[i * a.rowStride + j] ** 2;
    return { colIndices: none, rowIndices: none.slice(), C, U: new Matrix(0, 0, newArray(a.dtype, 0)), R, relError: norm === 0 ? 0 : 1 };
  }
  const { U: Us, Vt } = svd(a);
  const colIndices = weightedDistinct(rowNormsSquared(transposed(Vt), kk), c, seed, COL_STREAM);
  const rowIndices = weightedDistinct(rowNormsSquared(Us, kk), r, seed, ROW_STREAM);
  const C = columns(a, colIndices);
  const R = transposed(columns(transposed(a), rowIndices));
  // U = C⁺·A·R⁺: X = C⁺·A (c × n), then Uᵀ = (Rᵀ)⁺·Xᵀ.
  const X = lstsq(C, a.clone()).x;
  const U = transposed(lstsq(transposed(R), transposed(X)).x);
  let err = 0, norm = 0;
  if (c > 0 && r > 0) {
    const CUR = matmul(matmul(C, U), R);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const x = a.data[i * a.rowStride + j];
        err += (x - CUR.data[i * n + j]) ** 2;
        norm += x * x;
      }
    }
  } else for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) { const x = a.data[i * a.rowStride + j]; err += x * x; norm += x * x; }
  return { colIndices, rowIndices, C, U, R, relError: norm === 0 ? 0 : Math.sqrt(err / norm) };
}
