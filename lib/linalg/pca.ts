/** Randomized PCA (rsvd of the centered data). */
import { newArray } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, sameDType } from '../matrix';
import { matmul } from '../dense/matmul';
import { checkBool, checkOptions } from '../validate';
import { rsvd } from './rsvd';

export interface PcaOptions {
  /** Seeds the randomized SVD (default 0). */
  seed?: number;
  /** Subtract the column means first (default true). */
  center?: boolean;
  /** As rsvd's (default 10). */
  oversample?: number;
  /** As rsvd's (default 'auto'). */
  powerIters?: number | 'auto';
}

/** A fitted PCA: the top-k principal axes of the rows of X. */
export class Pca {
  /** k × n: principal axes, one per row, unit length (X's dtype). */
  readonly components: Matrix;
  /** The column means subtracted (zeros when center was false), float64. */
  readonly mean: Float64Array;
  /** Variance along each component, s²/(m − 1), descending (float64). */
  readonly explainedVariance: Float64Array;
  /** explainedVariance over the total variance of X. */
  readonly explainedVarianceRatio: Float64Array;
  /** The singular values of the centered X. */
  readonly singularValues: Float64Array;

  /** @internal built by pca(). */
  constructor(components: Matrix, mean: Float64Array, s: Float64Array, rows: number, totalVariance: number) {
    this.components = components;
    this.mean = mean;
    this.singularValues = s;
    const denom = Math.max(rows - 1, 1);
    this.explainedVariance = s.map((x) => (x * x) / denom);
    this.explainedVarianceRatio = this.explainedVariance.map((v) => (totalVariance > 0 ? v / totalVariance : 0));
  }

  /** (Y − mean)·componentsᵀ: p × k scores for p rows of n features (X's dtype). */
  transform(Y: Matrix): Matrix {
    const what = 'Pca.transform';
    const y = checkMatrix(Y, `${what}: Y`);
    sameDType(what, ['components', this.components], ['Y', y]);
    const n = this.components.cols;
    if (y.cols !== n) throw new ShapeError(`${what}: Y has ${y.cols} columns but the PCA was fitted on ${n}`);
    return matmul(centered(y, this.mean), this.components, { transB: true });
  }

  /** Z·components + mean: back to feature space (p × n) from p × k scores. */
  inverseTransform(Z: Matrix): Matrix {
    const what = 'Pca.inverseTransform';
    const z = checkMatrix(Z, `${what}: Z`);
    sameDType(what, ['components', this.components], ['Z', z]);
    if (z.cols !== this.components.rows) throw new ShapeError(`${what}: Z has ${z.cols} columns but the PCA has ${this.components.rows} components`);
    const out = matmul(z, this.components);
    const n = out.cols;
    for (let i = 0; i < out.rows; i++) for (let j = 0; j < n; j++) out.data[i * n + j] += this.mean[j];
    return out;
  }
}

/** A contiguous copy of X minus the row vector mean. */
function centered(X: Matrix, mean: Float64Array): Matrix {
  const m = X.rows, n = X.cols, out = newArray(X.dtype, m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = X.data[i * X.rowStride + j] - mean[j];
  return new Matrix(m, n, out);
}

/**
 * Principal component analysis of the rows of X (m samples × n features) by
 * randomized SVD of the centered data (explicitly centered: X is dense).
 *
 * @returns a Pca with components (k × n), mean, explainedVariance,
 *   explainedVarianceRatio, singularValues, transform(Y) and inverseTransform(Z).
 * @throws ShapeError if k > min(m, n). @throws ValueError for bad options or X.
 * @example
 * const p = linalg.pca(X, 10, { seed: 1 });
 * const Z = p.transform(X);
 */
export function pca(X: Matrix, k: number, options?: PcaOptions): Pca {
  const what = 'pca';
  const o = checkOptions<PcaOptions>(options, what, ['seed', 'center', 'oversample', 'powerIters']);
  const center = o.center === undefined ? true : checkBool(o.center, `${what}: center`);
  const x = checkMatrix(X, `${what}: X`);
  const m = x.rows, n = x.cols;
  const mean = new Float64Array(n);
  if (center && m > 0) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mean[j] += x.data[i * x.rowStride + j];
    for (let j = 0; j < n; j++) mean[j] /= m;
  }
  const Xc = centered(x, mean);
  let total = 0;
  for (let i = 0; i < Xc.data.length; i++) total += Xc.data[i] * Xc.data[i];
  total /= Math.max(m - 1, 1);
  if (!Number.isFinite(total)) throw new ValueError(`${what}: X has NaN or infinite entries`);
  const r = rsvd(Xc, k, { seed: o.seed, oversample: o.oversample, powerIters: o.powerIters });
  return new Pca(r.Vt, mean, r.s, m, total);
}
