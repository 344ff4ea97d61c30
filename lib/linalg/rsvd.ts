/**
 * Randomized SVD (Halko, Martinsson & Tropp 2011, Alg. 4.4: randomized range
 * finder with subspace iteration) and randomized PCA on top of it. The loops
 * are here; the flops are the GEMM (matmul), QR and the small exact SVD.
 */
import { describe, newArray } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { matmul } from '../dense/matmul';
import { gaussian, splitSeed } from '../random/index';
import { checkAllocation, checkDim, checkInt, checkOptions } from '../validate';
import { qr } from './qr';
import { svd } from './svd';

export interface RsvdOptions {
  /** Extra columns in the random sketch beyond k (default 10). */
  oversample?: number;
  /**
   * Subspace (power) iterations, each re-orthonormalized by QR. 'auto'
   * (default): 7 when k < 0.1·min(m, n), else 4 (scikit-learn's rule). More
   * iterations sharpen the k-th singular value when σ_k / σ_{k+1} is close to
   * 1 (the error shrinks like (σ_{k+1}/σ_k)^(2q+1)).
   */
  powerIters?: number | 'auto';
  /** Seeds the Gaussian test matrix: an integer in [0, 2^53) (default 0). The same seed gives the same result. */
  seed?: number;
}

export interface RsvdResult {
  /** m × k, orthonormal columns, A's dtype. */
  U: Matrix;
  /** k approximate singular values, descending, float64. */
  s: Float64Array;
  /** k × n, orthonormal rows, A's dtype. */
  Vt: Matrix;
}

interface Plan { A: Matrix; k: number; l: number; q: number; seed: number }

function plan(what: string, A: unknown, k: unknown, options: unknown): Plan {
  const o = checkOptions<RsvdOptions>(options, what, ['oversample', 'powerIters', 'seed']);
  const oversample = o.oversample === undefined ? 10 : checkInt(o.oversample, `${what}: oversample`, 0, 2 ** 32 - 1);
  let q: number | 'auto' = 'auto';
  if (o.powerIters !== undefined && o.powerIters !== 'auto') q = checkInt(o.powerIters, `${what}: powerIters`, 0, 1000);
  else if (o.powerIters !== undefined && typeof o.powerIters !== 'string') throw new ValueError(`${what}: powerIters must be 'auto' or an integer, got ${describe(o.powerIters)}`);
  const seed = o.seed === undefined ? 0 : o.seed;
  splitSeed(seed, what);
  const a = checkMatrix(A, `${what}: A`);
  const r = Math.min(a.rows, a.cols);
  const kk = checkDim(k, `${what}: k`);
  if (kk > r) throw new ShapeError(`${what}: k = ${kk} is more than min(m, n) = ${r} for a ${a.rows}×${a.cols} A`);
  const l = Math.min(kk + oversample, r);
  checkAllocation(a.rows, l, what);
  checkAllocation(a.cols, l, what);
  return { A: a, k: kk, l, q: q === 'auto' ? (kk < 0.1 * r ? 7 : 4) : q, seed };
}

/** An orthonormal basis of the columns of Y (its thin QR's Q). */
const basis = (Y: Matrix): Matrix => qr(Y).Q!;

/**
 * Rank-k approximate SVD of A: A ≈ U·diag(s)·Vt.
 *
 * Draws an n × (k + oversample) Gaussian Ω (from `seed`), finds an
 * orthonormal basis Q of A·Ω refined by `powerIters` rounds of Q ← qr(A·qr(Aᵀ·Q)),
 * then takes the exact SVD of the small Qᵀ·A. Results in A's dtype (s in
 * float64), signed as linalg.svd (each column of U has its largest-magnitude
 * entry positive).
 *
 * Accuracy: ‖A − U·diag(s)·Vt‖ is within a small factor of the best rank-k
 * error when the spectrum decays past k; with the defaults the top singular
 * values are typically accurate to 1e-6 relative or better when σ_k/σ_{k+1}
 * is not close to 1. When it is (e.g. σ20/σ21 = 1.009), raise `powerIters`
 * (each round multiplies the error by (σ_{k+1}/σ_k)²) or `oversample`.
 *
 * @throws ShapeError if k > min(m, n). @throws ValueError for a bad k, seed or options.
 * @example
 * const { U, s, Vt } = linalg.rsvd(A, 20, { seed: 1 });
 */
export function rsvd(A: Matrix, k: number, options?: RsvdOptions): RsvdResult {
  const what = 'rsvd';
  const p = plan(what, A, k, options);
  const { A: a, l } = p;
  const m = a.rows, n = a.cols;
  if (p.k === 0) return { U: new Matrix(m, 0, newArray(a.dtype, 0)), s: new Float64Array(0), Vt: new Matrix(0, n, newArray(a.dtype, 0)) };
  const omega = gaussian(n, l, { seed: p.seed, dtype: a.dtype });
  let Q = basis(matmul(a, omega));
  for (let i = 0; i < p.q; i++) {
    const Z = basis(matmul(a, Q, { transA: true }));
    Q = basis(matmul(a, Z));
  }
  const B = matmul(Q, a, { transA: true }); // l × n
  const small = svd(B);
  return truncate(matmul(Q, small.U), small.s, small.Vt, p.k);
}

/** The first k columns of U and rows of Vt, signed as linalg.svd. */
function truncate(Ul: Matrix, sl: Float64Array, Vtl: Matrix, k: number): RsvdResult {
  const m = Ul.rows, l = Ul.cols, n = Vtl.cols;
  const U = newArray(Ul.dtype, m * k), Vt = newArray(Ul.dtype, k * n);
  for (let j = 0; j < k; j++) {
    let big = 0;
    for (let i = 0; i < m; i++) {
      const u = Ul.data[i * l + j];
      if (Math.abs(u) > Math.abs(big)) big = u;
    }
    const sign = big < 0 ? -1 : 1;
    for (let i = 0; i < m; i++) U[i * k + j] = sign * Ul.data[i * l + j];
    for (let c = 0; c < n; c++) Vt[j * n + c] = sign * Vtl.data[j * n + c];
  }
  return { U: new Matrix(m, k, U), s: sl.slice(0, k), Vt: new Matrix(k, n, Vt) };
}
