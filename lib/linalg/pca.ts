/** Randomized PCA (rsvd of the centered data; sparse data centered implicitly). */
import { newArray } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, sameDType } from '../matrix';
import { matmul } from '../dense/matmul';
import { markPrivate } from '../backend/kernel';
import { CsrMatrix, checkCsr, isCsrMatrix } from '../sparse/csr';
import { checkBool, checkOptions, checkSignal, throwIfAborted } from '../validate';
import { rsvdOf, rsvdOfAsync } from './rsvd';
import type { RsvdResult } from './rsvd';
import { sourceOf } from './source';
import type { Source } from './source';
import { checkProgress } from './progress';
import type { OnProgress } from './progress';

export interface PcaOptions {
  /** Seeds the randomized SVD (default 0). */
  seed?: number;
  /** Subtract the column means first (default true). */
  center?: boolean;
  /** As rsvd's (default 10). */
  oversample?: number;
  /** As rsvd's (default 'auto'). */
  powerIters?: number | 'auto';
  /** Cancels a pcaAsync that has not finished. pca itself checks it once, at the start (AbortError if it has fired). */
  signal?: AbortSignal;
}

export interface PcaAsyncOptions extends PcaOptions {
  /**
   * As rsvdAsync's: called as each product with the (centered) X starts, with
   * `{ done, total, stage }`; total = 2·powerIters + 3 (the sketch, two
   * products per power iteration, the projection, the small SVD), and a last
   * call with done === total, stage 'done'. Centering runs before the first
   * call. What the callback throws rejects the call. pca refuses this option.
   * @example
   * await linalg.pcaAsync(X, 10, { onProgress: ({ done, total }) => console.log(`${done}/${total}`) });
   */
  onProgress?: OnProgress;
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
  // Ours alone: async products read it in place (markPrivate).
  return new Matrix(m, n, markPrivate(out));
}

/**
 * (X − 1·meanᵀ) as a Source without forming it: A·V − 1·(meanᵀV) and
 * Aᵀ·Y − mean·(1ᵀY), for sparse X whose centered copy would be dense.
 */
function centeredSource(src: Source, mean: Float64Array): Source {
  const m = src.rows, n = src.cols;
  const fixMul = (Y: Matrix, X: Matrix): Matrix => {
    const b = X.cols, shift = new Float64Array(b);
    for (let j = 0; j < n; j++) for (let c = 0; c < b; c++) shift[c] += mean[j] * X.data[j * X.rowStride + c];
    for (let i = 0; i < m; i++) for (let c = 0; c < b; c++) Y.data[i * b + c] -= shift[c];
    return Y;
  };
  const fixMulT = (Z: Matrix, Y: Matrix): Matrix => {
    const b = Y.cols, sums = new Float64Array(b);
    for (let i = 0; i < m; i++) for (let c = 0; c < b; c++) sums[c] += Y.data[i * Y.rowStride + c];
    for (let j = 0; j < n; j++) for (let c = 0; c < b; c++) Z.data[j * b + c] -= mean[j] * sums[c];
    return Z;
  };
  return {
    rows: m, cols: n, dtype: src.dtype, kind: src.kind,
    resident: (fn) => src.resident(fn),
    residentAsync: (fn) => src.residentAsync(fn),
    mul: (X) => fixMul(src.mul(X), X),
    mulT: (Y) => fixMulT(src.mulT(Y), Y),
    mulAsync: async (X, signal) => fixMul(await src.mulAsync(X, signal), X),
    mulTAsync: async (Y, signal) => fixMulT(await src.mulTAsync(Y, signal), Y),
    frobenius2: () => undefined,
  };
}

interface Prepared { source: Source; mean: Float64Array; total: number; m: number; options: object }

/** Checks X and options; the column means, the total variance and what rsvd runs on. */
function prepare(what: string, X: unknown, options: unknown, async: boolean): Prepared {
  const keys: (keyof PcaAsyncOptions)[] = ['seed', 'center', 'oversample', 'powerIters', 'signal'];
  const o = checkOptions<PcaAsyncOptions>(options, what, async ? [...keys, 'onProgress'] : keys, async ? undefined : `${what}Async`);
  const center = o.center === undefined ? true : checkBool(o.center, `${what}: center`);
  const signal = checkSignal(o.signal, what);
  if (!async) throwIfAborted(signal, what);
  checkProgress(o.onProgress, what);
  const rsvdOptions = { seed: o.seed, oversample: o.oversample, powerIters: o.powerIters, signal: o.signal, ...(async ? { onProgress: o.onProgress } : {}) };
  if (isCsrMatrix(X)) {
    const a = checkCsr(X, `${what}: X`);
    const m = a.rows, n = a.cols;
    const mean = new Float64Array(n);
    const { indptr, indices, data } = a;
    if (center && m > 0) {
      for (let p = 0; p < indptr[m]; p++) mean[indices[p]] += data[p];
      for (let j = 0; j < n; j++) mean[j] /= m;
    }
    // Σ_ij (x_ij − μ_j)² over all m·n entries without visiting the zeros:
    // densify one row at a time is O(n) per row; instead, the stored entries
    // (summed per column within a row, as toDense does) contribute
    // (x − μ)² − μ², and every entry contributes μ² once.
    let mu2 = 0;
    for (let j = 0; j < n; j++) mu2 += mean[j] * mean[j];
    let total = m * mu2;
    const acc = new Map<number, number>();
    for (let i = 0; i < m; i++) {
      acc.clear();
      for (let p = indptr[i]; p < indptr[i + 1]; p++) acc.set(indices[p], (acc.get(indices[p]) ?? 0) + data[p]);
      for (const [j, x] of acc) total += (x - mean[j]) * (x - mean[j]) - mean[j] * mean[j];
    }
    total = Math.max(total, 0) / Math.max(m - 1, 1);
    if (!Number.isFinite(total)) throw new ValueError(`${what}: X has NaN or infinite entries`);
    const src = sourceOf(a, what);
    return { source: center ? centeredSource(src, mean) : src, mean, total, m, options: rsvdOptions };
  }
  const x = checkMatrix(X, `${what}: X`);
  const m = x.rows, n = x.cols;
  const mean = new Float64Array(n);
  if (center && m > 0) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mean[j] += x.data[i * x.rowStride + j];
    for (let j = 0; j < n; j++) mean[j] /= m;
  }
  // Dense X is centered explicitly: the copy costs one pass, and subtracting
  // before the products keeps the digits a large mean would cancel.
  const Xc = centered(x, mean);
  let total = 0;
  for (let i = 0; i < Xc.data.length; i++) total += Xc.data[i] * Xc.data[i];
  total /= Math.max(m - 1, 1);
  if (!Number.isFinite(total)) throw new ValueError(`${what}: X has NaN or infinite entries`);
  return { source: sourceOf(Xc, what), mean, total, m, options: rsvdOptions };
}

const finish = (p: Prepared, r: RsvdResult): Pca => new Pca(r.Vt, p.mean, r.s, p.m, p.total);

/**
 * Principal component analysis of the rows of X (m samples × n features) by
 * randomized SVD of the centered data. Dense X is centered into a copy;
 * a CsrMatrix X is centered implicitly (X − 1·meanᵀ is never formed: each
 * product with it is the sparse product plus a rank-one correction), so the
 * memory stays that of X plus m × (k + oversample).
 *
 * @returns a Pca with components (k × n), mean, explainedVariance,
 *   explainedVarianceRatio, singularValues, transform(Y) and inverseTransform(Z).
 * @throws ShapeError if k > min(m, n). @throws ValueError for bad options or X.
 * @example
 * const p = linalg.pca(X, 10, { seed: 1 });
 * const Z = p.transform(X);
 */
export function pca(X: Matrix | CsrMatrix, k: number, options?: PcaOptions): Pca {
  const what = 'pca';
  const p = prepare(what, X, options, false);
  const { signal: _s, ...o } = p.options as PcaOptions;
  void _s;
  return finish(p, rsvdOf(what, null, k, o, p.source));
}

/**
 * pca with the products off the event loop (dense X) or between awaits; the
 * signal is checked between products, and `onProgress` hears of each product
 * as it starts (see {@link PcaAsyncOptions.onProgress}).
 * @throws as pca, as a rejected Promise; AbortError when `signal` fires first;
 *   whatever `onProgress` throws.
 * @example
 * const p = await linalg.pcaAsync(X, 10, { seed: 1, signal });
 */
export async function pcaAsync(X: Matrix | CsrMatrix, k: number, options?: PcaAsyncOptions): Promise<Pca> {
  const what = 'pcaAsync';
  const p = prepare(what, X, options, true);
  return finish(p, await rsvdOfAsync(what, null, k, p.options, p.source));
}
