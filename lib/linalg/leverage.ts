/**
 * Statistical leverage scores and row sampling (Drineas, Magdon-Ismail,
 * Mahoney & Woodruff 2012 for the sketched scores). Sampling draws from the
 * Philox streams (lib/random), so a seed gives the same rows on every backend.
 */
import { describe } from '../dtype';
import { OutOfMemoryError, ValueError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { matmul } from '../dense/matmul';
import { gaussian, splitSeed, uniform } from '../random/index';
import { sparseSign } from '../sketch/sparse';
import { checkAllocation, checkBool, checkDim, checkFinite, checkOptions } from '../validate';
import { svd } from './svd';
import { MACHINE_EPS, numericalRank, zeros64 } from './solve-util';

/** Philox stream of the sampling uniforms (the seed's stream 0 feeds the sketches). */
const SAMPLE_STREAM = 7;
/** Philox stream of the Gaussian JL matrix of the sketched scores. */
const JL_STREAM = 8;

export interface LeverageOptions {
  /** true (default): from the thin SVD of A. false: sketched (Drineas et al. 2012), for tall A. */
  exact?: boolean;
  /** Seeds the sketches when exact is false (an integer in [0, 2^53), default 0). */
  seed?: number;
  /** Singular values below rcond·σ_max count as zero (default n·eps of the dtype). */
  rcond?: number;
}

interface LeveragePlan { A: Matrix; exact: boolean; seed: number; rcond: number }

function leveragePlan(what: string, A: unknown, o: Partial<LeverageOptions>): LeveragePlan {
  const exact = o.exact === undefined ? true : checkBool(o.exact, `${what}: exact`);
  const seed = o.seed ?? 0;
  splitSeed(seed, what);
  const rcond = o.rcond === undefined ? undefined : checkFinite(o.rcond, `${what}: rcond`);
  if (rcond !== undefined && !(rcond >= 0 && rcond < 1)) throw new ValueError(`${what}: rcond must be in [0, 1), got ${rcond}`);
  const a = checkMatrix(A, `${what}: A`);
  return { A: a, exact, seed, rcond: rcond ?? Math.max(a.cols, 1) * MACHINE_EPS[a.dtype] };
}

/** Squared row norms of the first `cols` columns of M, in float64. */
export function rowNormsSquared(M: Matrix, cols = M.cols): Float64Array {
  const out = zeros64(M.rows);
  for (let i = 0; i < M.rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += M.data[i * M.rowStride + j] ** 2;
    out[i] = s;
  }
  return out;
}

function scores(p: LeveragePlan): Float64Array {
  const { A } = p;
  const m = A.rows, n = A.cols;
  if (m === 0 || n === 0) return zeros64(m);
  if (p.exact) {
    const { U, s } = svd(A);
    if (Number.isNaN(s[0])) return zeros64(m).fill(NaN); // a non-finite entry (svd's NaN convention)
    return rowNormsSquared(U, numericalRank(s, p.rcond));
  }
  // R⁻¹ from a sparse sign sketch (8n rows), as its SVD V_r·Σ_r⁻¹ so that
  // rank-deficient A works: A·N has orthonormal columns up to the sketch's
  // distortion. Then a Gaussian JL map G (r × ⌈8 ln m⌉) keeps each row
  // norm of A·N within a constant factor: ℓ̃ᵢ = ‖(A·N·G)ᵢ‖².
  const S = sparseSign({ k: 8 * n, n: m, seed: p.seed });
  const { s, Vt } = svd(S.apply(A));
  if (Number.isNaN(s[0])) return zeros64(m).fill(NaN);
  const r = numericalRank(s, p.rcond);
  if (r === 0) return zeros64(m);
  const N = new Matrix(n, r, new (A.dtype === 'float32' ? Float32Array : Float64Array)(n * r));
  for (let i = 0; i < r; i++) for (let j = 0; j < n; j++) N.data[j * r + i] = Vt.data[i * n + j] / s[i];
  const jl = Math.ceil(8 * Math.log(m + 1));
  const Omega = jl >= r ? N : matmul(N, gaussian(r, jl, { seed: p.seed, stream: JL_STREAM, dtype: A.dtype, scale: 1 / Math.sqrt(jl) }));
  return rowNormsSquared(matmul(A, Omega));
}

/**
 * Leverage scores of the rows of A: ℓᵢ = ‖Uᵢ‖², U an orthonormal basis of
 * range(A) (directions with σ ≤ rcond·σ_max dropped). They lie in [0, 1] and
 * sum to rank(A).
 *
 * exact (default): from the thin SVD of A. exact: false (for tall A, m ≫ n):
 * Drineas et al.'s estimate: R from a sparse sign sketch S·A (8n rows), then
 * the rows of A·R⁻¹·G with a Gaussian G of ⌈8 ln(m + 1)⌉ columns, seeded;
 * each score is within a modest constant factor of the exact one (enough for
 * sampling, which needs only that), at O(mn·log m) cost.
 *
 * @returns a new Float64Array of length m (NaN everywhere when A has a NaN or infinite entry).
 * @throws ValueError for a bad A, seed, rcond or options.
 * @example
 * const lev = linalg.leverageScores(A);            // exact
 * const est = linalg.leverageScores(A, { exact: false, seed: 1 });
 */
export function leverageScores(A: Matrix, options?: LeverageOptions): Float64Array {
  const what = 'leverageScores';
  const o = checkOptions<LeverageOptions>(options, what, ['exact', 'seed', 'rcond']);
  return scores(leveragePlan(what, A, o));
}

export type SampleBy = 'leverage' | 'uniform' | 'rowNorm';

export interface SampleRowsOptions extends LeverageOptions {
  /** 'leverage' (default): p ∝ leverage scores; 'rowNorm': p ∝ ‖aᵢ‖²; 'uniform': p = 1/m. */
  by?: SampleBy;
}

export interface SampleRowsResult {
  /** The sampled row indices, in the order drawn (repeats possible: sampling is with replacement). */
  indices: Int32Array;
  /** 1/√(count·pᵢ) for each draw: diag(weights)·A[indices] is an unbiased sketch (E[AᵀWᵀWA] = AᵀA). */
  weights: Float64Array;
}

/**
 * Samples `count` rows of A independently with replacement (as the theory
 * of leverage and norm sampling assumes) with probabilities p: by leverage
 * score, by squared row norm or uniformly, and returns the rows' indices and
 * their rescaling weights 1/√(count·pᵢ). The draws come from the Philox
 * stream 7 of `seed` (uniforms in [0, 1), inverted through the cumulative
 * distribution), so a seed gives the same rows on every backend.
 *
 * @throws ValueError for a bad A, count, by, seed or options; when A has no
 *   rows (count > 0), or all its probabilities are zero (a zero A by leverage
 *   or rowNorm), or an entry is not finite.
 * @example
 * const { indices, weights } = linalg.sampleRows(A, 500, { by: 'leverage', seed: 3 });
 */
export function sampleRows(A: Matrix, count: number, options?: SampleRowsOptions): SampleRowsResult {
  const what = 'sampleRows';
  const o = checkOptions<SampleRowsOptions>(options, what, ['by', 'exact', 'seed', 'rcond']);
  const by = o.by ?? 'leverage';
  if (by !== 'leverage' && by !== 'uniform' && by !== 'rowNorm') throw new ValueError(`${what}: by must be 'leverage', 'uniform' or 'rowNorm', got ${describe(by)}`);
  const p = leveragePlan(what, A, o);
  const s = checkDim(count, `${what}: count`);
  checkAllocation(s, 2, what);
  const m = p.A.rows;
  if (s === 0) return { indices: new Int32Array(0), weights: new Float64Array(0) };
  if (m === 0) throw new ValueError(`${what}: A has no rows to sample`);
  if (m > 2 ** 31 - 1) throw new ValueError(`${what}: A has ${m} rows, more than an Int32Array index holds`);
  const w = by === 'uniform' ? zeros64(m).fill(1) : by === 'rowNorm' ? rowNormsSquared(p.A) : scores(p);
  const cdf = zeros64(m);
  let total = 0;
  for (let i = 0; i < m; i++) {
    total += w[i];
    cdf[i] = total;
  }
  if (!Number.isFinite(total)) throw new ValueError(`${what}: A has a non-finite entry`);
  if (!(total > 0)) throw new ValueError(`${what}: A is zero: every row has probability 0 by ${by}`);
  const u = uniform(1, s, { seed: p.seed, stream: SAMPLE_STREAM }).data;
  let indices: Int32Array;
  try {
    indices = new Int32Array(s);
  } catch (e) {
    throw new OutOfMemoryError(`${what}: could not allocate ${s} indices: ${(e as Error).message}`);
  }
  const weights = zeros64(s);
  for (let t = 0; t < s; t++) {
    const target = u[t] * total;
    let lo = 0, hi = m - 1; // the first i with cdf[i] > target (the last if rounding leaves none)
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > target) hi = mid; else lo = mid + 1;
    }
    while (lo > 0 && w[lo] === 0) lo--; // rounding at the very top: the last row that can be drawn
    indices[t] = lo;
    weights[t] = 1 / Math.sqrt(s * (w[lo] / total));
  }
  return { indices, weights };
}
