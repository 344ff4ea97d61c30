/**
 * Randomized SVD (Halko, Martinsson & Tropp 2011, Alg. 4.4: randomized range
 * finder with subspace iteration; with `tol`, the blocked adaptive variant of
 * Martinsson & Voronin 2016 / Yu, Gu & Li 2018) and randomized PCA on top of
 * it. The loops are here; the flops are the GEMM (matmul), CholeskyQR and the
 * small exact SVD.
 */
import { describe, newArray } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { Matrix } from '../matrix';
import { gaussian, splitSeed } from '../random/index';
import { checkAllocation, checkDim, checkInt, checkOptions, checkSignal, throwIfAborted } from '../validate';
import { qr, qrAsync } from './qr';
import { svd, svdAsync } from './svd';
import { choleskyBasisWork, choleskyQr2Work } from './cholqr';
import { call, mm, runAsync, runSync, step } from './steps';
import type { Step, Work } from './steps';
import { sourceOf } from './source';
import type { Source } from './source';
import { StepCounter, checkProgress } from './progress';
import type { OnProgress } from './progress';
import type { CsrMatrix } from '../sparse/csr';

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
  /**
   * Adaptive rank: grow the basis `blockSize` columns at a time and stop as
   * soon as ‖A − Q·B‖_F ≤ tol·‖A‖_F (tracked exactly: ‖A − QB‖²_F =
   * ‖A‖²_F − ‖B‖²_F), or when it has k columns. The result then has r ≤ k
   * components, r the basis size reached. A Matrix or CsrMatrix only (an
   * operator's ‖A‖_F is not known). A number in (0, 1).
   */
  tol?: number;
  /** Columns added per step with `tol` (default max(10, ⌈k/4⌉), at most k). */
  blockSize?: number;
  /** Cancels an rsvdAsync that has not finished (checked between products). rsvd itself checks it once, at the start (AbortError if it has fired). */
  signal?: AbortSignal;
}

export interface RsvdAsyncOptions extends RsvdOptions {
  /**
   * Called as each heavy step starts (the products with A and Aᵀ, then the
   * small SVD) with `{ done, total, stage }`, and once at the end with
   * `done === total` and stage 'done'. `total` is 2·powerIters + 3 (the
   * sketch A·Ω, two products per power iteration, Aᵀ·Q, the small SVD); with
   * `tol`, (2·powerIters + 2) per block up to k columns plus 1, shrinking to
   * the steps taken when the tolerance is met early. What the callback throws
   * rejects the call (between steps: no kernel is left running). rsvd refuses
   * this option: a synchronous call could not let anything redraw.
   * @example
   * await linalg.rsvdAsync(A, 20, { onProgress: ({ done, total, stage }) => bar.set(done / total, stage) });
   */
  onProgress?: OnProgress;
}

export interface RsvdResult {
  /** m × k, orthonormal columns, A's dtype. */
  U: Matrix;
  /** k approximate singular values, descending, float64 (fewer with `tol` when it stopped early). */
  s: Float64Array;
  /** The same array as `s` (the spelling: `{ U, S, Vt }`). */
  S: Float64Array;
  /** k × n, orthonormal rows, A's dtype. */
  Vt: Matrix;
}

interface Plan { A: Source; k: number; l: number; q: number; seed: number; tol?: number; block: number; signal?: AbortSignal; progress: StepCounter }

function plan(what: string, A: unknown, k: unknown, options: unknown, given: Source | undefined, async: boolean): Plan {
  const keys: (keyof RsvdAsyncOptions)[] = ['oversample', 'powerIters', 'seed', 'tol', 'blockSize', 'signal'];
  const o = checkOptions<RsvdAsyncOptions>(options, what, async ? [...keys, 'onProgress'] : keys, async ? undefined : `${what}Async`);
  const onProgress = checkProgress(o.onProgress, what);
  const oversample = o.oversample === undefined ? 10 : checkInt(o.oversample, `${what}: oversample`, 0, 2 ** 32 - 1);
  let q: number | 'auto' = 'auto';
  if (o.powerIters !== undefined && o.powerIters !== 'auto') q = checkInt(o.powerIters, `${what}: powerIters`, 0, 1000);
  else if (o.powerIters !== undefined && typeof o.powerIters !== 'string') throw new ValueError(`${what}: powerIters must be 'auto' or an integer, got ${describe(o.powerIters)}`);
  const seed = o.seed === undefined ? 0 : o.seed;
  splitSeed(seed, what);
  let tol: number | undefined;
  if (o.tol !== undefined) {
    if (typeof o.tol !== 'number' || !(o.tol > 0 && o.tol < 1)) throw new ValueError(`${what}: tol must be a number in (0, 1), got ${describe(o.tol)}`);
    tol = o.tol;
  }
  const signal = checkSignal(o.signal, what);
  const a = given ?? sourceOf(A, what);
  const r = Math.min(a.rows, a.cols);
  const kk = checkDim(k, `${what}: k`);
  if (kk > r) throw new ShapeError(`${what}: k = ${kk} is more than min(m, n) = ${r} for a ${a.rows}×${a.cols} A`);
  const block = o.blockSize === undefined ? Math.min(Math.max(10, Math.ceil(kk / 4)), Math.max(kk, 1)) : checkInt(o.blockSize, `${what}: blockSize`, 1, 2 ** 31 - 1);
  if (tol !== undefined && a.kind === 'operator') throw new ValueError(`${what}: tol needs a Matrix or CsrMatrix A (an operator's ‖A‖_F is not known); give a fixed k instead`);
  const l = Math.min(kk + oversample, r);
  checkAllocation(a.rows, l, what);
  checkAllocation(a.cols, l, what);
  const qq = q === 'auto' ? (kk < 0.1 * r ? 7 : 4) : q, bb = Math.min(block, Math.max(kk, 1));
  // The steps: per basis block, the sketch, 2 per power iteration and Aᵀ·Q; then the small SVD.
  const steps = (tol === undefined ? 1 : Math.ceil(kk / bb)) * (2 * qq + 2) + 1;
  return { A: a, k: kk, l, q: qq, seed, tol, block: bb, signal, progress: new StepCounter(onProgress, kk === 0 ? 0 : steps) };
}

/** Householder's Q of Y, as a step: the fallback of the two CholeskyQR uses below. */
const householderQ = (Y: Matrix): Step<Matrix> => step(() => qr(Y).Q!, async (signal) => (await qrAsync(Y, { signal })).Q!);

/** An orthonormal basis of the columns of Y: CholeskyQR2 (GEMM speed), Householder when Y is numerically rank-deficient. */
function* basis(Y: Matrix, what: string): Work<Matrix> {
  const c = Y.rows >= Y.cols ? yield* choleskyQr2Work(Y, what) : null;
  return c?.Q ?? (yield* call(householderQ(Y)));
}

/**
 * Keeps the power iterations' panel from collapsing onto the top singular
 * vectors (scikit-learn uses LU here): one CholeskyQR pass, at GEMM speed;
 * Householder when the Gram is not numerically positive definite.
 */
function* stabilize(Y: Matrix, what: string): Work<Matrix> {
  const Q = Y.rows >= Y.cols ? yield* choleskyBasisWork(Y, what) : null;
  return Q ?? (yield* call(householderQ(Y)));
}

/** A product with A (`mul`: A·X) or Aᵀ (`mulT`: Aᵀ·X) as a step: off the event loop when driven async. */
function product(A: Source, op: 'mul' | 'mulT', X: Matrix): Step<Matrix> {
  return op === 'mul'
    ? step(() => A.mul(X), (signal) => A.mulAsync(X, signal))
    : step(() => A.mulT(X), (signal) => A.mulTAsync(X, signal));
}

/** The power iterations' stage names ('power iteration 2/4 (Aᵀ·Y)'), prefixed for the adaptive blocks. */
const powerStage = (i: number, q: number, side: 'Aᵀ·Y' | 'A·Z', prefix = '') => `${prefix}power iteration ${i + 1}/${q} (${side})`;

/**
 * The fixed-rank algorithm, written once as steps (steps.ts): rsvd runs them
 * on the event loop, rsvdAsync off it (every GEMM, the CholeskyQR passes and
 * the small SVD included).
 */
function* fixedRank(p: Plan, what: string): Work<RsvdResult> {
  const { A: a, l } = p;
  const omega = gaussian(a.cols, l, { seed: p.seed, dtype: a.dtype });
  const progress = p.progress;
  progress.begin('sketch (A·Ω)');
  let Y = yield* call(product(a, 'mul', omega));
  for (let i = 0; i < p.q; i++) {
    const X = yield* stabilize(Y, what);
    progress.begin(powerStage(i, p.q, 'Aᵀ·Y'));
    const Z = yield* call(product(a, 'mulT', X));
    const W = yield* stabilize(Z, what);
    progress.begin(powerStage(i, p.q, 'A·Z'));
    Y = yield* call(product(a, 'mul', W));
  }
  const Q = yield* basis(Y, what);
  // Bᵀ = Aᵀ·Q (n × l) rather than B = Qᵀ·A: one product shape for every
  // source, and the SVD kernel works on the tall side anyway.
  progress.begin('project (Aᵀ·Q)');
  const Bt = yield* call(product(a, 'mulT', Q));
  progress.begin('small SVD');
  return yield* factor(Q, Bt, p.k);
}

/**
 * The adaptive algorithm (tol): blocks of Gaussian columns, each refined by
 * the power iterations, projected off the basis so far (twice: "twice is
 * enough"), appended; stops when ‖A‖²_F − ‖B‖²_F ≤ tol²·‖A‖²_F.
 */
function* adaptive(p: Plan, what: string): Work<RsvdResult> {
  const { A: a } = p;
  const total = a.frobenius2() ?? 0;
  const goal = p.tol! * p.tol! * total;
  let Q: Matrix | null = null, Bt: Matrix | null = null;
  let left = total, seed = p.seed;
  const progress = p.progress, blocks = Math.ceil(p.k / p.block);
  let blocksRun = 0;
  while ((Q === null ? 0 : Q.cols) < p.k && left > goal) {
    const have = Q === null ? 0 : Q.cols;
    const b = Math.min(p.block, p.k - have);
    const prefix = `block ${++blocksRun}/${blocks}: `;
    const omega = gaussian(a.cols, b, { seed, dtype: a.dtype });
    seed = (seed + 1) % 2 ** 53;
    // Every A-side panel is projected off the basis so far ((I − QQᵀ)·A is
    // what is left to find); otherwise the power iterations would converge
    // back onto the directions already found and leave rounding noise.
    const found: Matrix | null = Q;
    const deflate = function* (Y: Matrix): Work<Matrix> {
      if (found === null) return Y;
      for (let pass = 0; pass < 2; pass++) {
        const C = yield* call(mm(found, Y, { transA: true }));
        Y = minus(Y, yield* call(mm(found, C)));
      }
      return Y;
    };
    progress.begin(`${prefix}sketch (A·Ω)`);
    let Y = yield* deflate(yield* call(product(a, 'mul', omega)));
    for (let i = 0; i < p.q; i++) {
      const X = yield* stabilize(Y, what);
      progress.begin(powerStage(i, p.q, 'Aᵀ·Y', prefix));
      const Z = yield* call(product(a, 'mulT', X));
      const W = yield* stabilize(Z, what);
      progress.begin(powerStage(i, p.q, 'A·Z', prefix));
      Y = yield* deflate(yield* call(product(a, 'mul', W)));
    }
    let Qi = yield* basis(Y, what);
    if (found !== null) Qi = yield* basis(yield* deflate(Qi), what);
    progress.begin(`${prefix}project (Aᵀ·Q)`);
    const Bti = yield* call(product(a, 'mulT', Qi));
    let add = 0;
    for (let i = 0; i < Bti.data.length; i++) add += Bti.data[i] * Bti.data[i];
    left = Math.max(left - add, 0); // ‖A − QB‖²_F = ‖A‖²_F − ‖B‖²_F (Q orthonormal)
    Q = found === null ? Qi : joinColumns(found, Qi);
    Bt = Bt === null ? Bti : joinColumns(Bt, Bti);
  }
  // The tolerance was met before k columns: the blocks not run leave the total.
  progress.fewer(Math.max(0, blocks - blocksRun) * (2 * p.q + 2));
  if (Q === null || Bt === null) return empty(a.rows, a.cols, a.dtype);
  progress.begin('small SVD');
  return yield* factor(Q, Bt, Math.min(p.k, Q.cols));
}

/** The rank-k SVD of Q·B from Bᵀ = Aᵀ·Q: Bᵀ = W·diag(s)·Zᵀ, so U = Q·Z and Vt = Wᵀ. */
function* factor(Q: Matrix, Bt: Matrix, k: number): Work<RsvdResult> {
  const small = yield* call(step(() => svd(Bt), (signal) => svdAsync(Bt, { signal })));
  const n = Bt.rows, l = Bt.cols;
  const Ul = yield* call(mm(Q, small.Vt, { transB: true })); // m × l
  const Vtl = newArray(Bt.dtype, l * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < l; j++) Vtl[j * n + i] = small.U.data[i * l + j];
  return truncate(Ul, small.s, new Matrix(l, n, Vtl), k);
}

function minus(X: Matrix, Y: Matrix): Matrix {
  const out = X.clone();
  for (let i = 0; i < out.data.length; i++) out.data[i] -= Y.data[i];
  return out;
}

/** [X Y]: the columns of X then those of Y (same rows). */
function joinColumns(X: Matrix, Y: Matrix): Matrix {
  const m = X.rows, a = X.cols, b = Y.cols, out = newArray(X.dtype, m * (a + b));
  for (let i = 0; i < m; i++) {
    out.set(X.data.subarray(i * a, (i + 1) * a), i * (a + b));
    out.set(Y.data.subarray(i * b, (i + 1) * b), i * (a + b) + a);
  }
  return new Matrix(m, a + b, out);
}

function empty(m: number, n: number, dtype: Matrix['dtype']): RsvdResult {
  const s = new Float64Array(0);
  return { U: new Matrix(m, 0, newArray(dtype, 0)), s, S: s, Vt: new Matrix(0, n, newArray(dtype, 0)) };
}

/**
 * Rank-k approximate SVD of A: A ≈ U·diag(s)·Vt.
 *
 * A is a Matrix, a CsrMatrix (never densified: each product is one pass over
 * its entries) or any operator with rows, cols, dtype, matmul(X) (A·X) and
 * transpose().matmul(Y) (Aᵀ·Y), e.g. a structured LinearOperator; its
 * answers are checked (shape and dtype).
 *
 * Draws an n × (k + oversample) Gaussian Ω (from `seed`), finds a basis of
 * A·Ω refined by `powerIters` rounds of Y ← A·st(Aᵀ·st(Y)), where st is one
 * CholeskyQR pass (scikit-learn uses LU there: it only keeps the columns
 * apart), orthonormalizes the last Y by CholeskyQR2 (Householder when Y is
 * numerically rank-deficient) into Q, then takes the exact SVD of the small
 * B = Qᵀ·A (from Bᵀ = Aᵀ·Q). Results in A's dtype (s in float64), signed as
 * linalg.svd (each column of U has its largest-magnitude entry positive).
 * With `tol`, the basis grows `blockSize` columns at a time until
 * ‖A − QB‖_F ≤ tol·‖A‖_F or k columns (tol much below √eps of the dtype is
 * not resolved: the error is tracked as ‖A‖²_F − ‖B‖²_F).
 *
 * Accuracy: ‖A − U·diag(s)·Vt‖_F is within a small factor of the best rank-k
 * error (Halko et al. Thm 10.7); the subspace error shrinks like
 * (σ_{l+1}/σ_k)^(2q+1), l = k + oversample, q = powerIters. Measured on
 * scikit-learn's digits, centered (1797 × 64, σ20/σ21 = 1.009), k = 20,
 * five seeds, worst case:
 *
 * | options | max rel. error of s_1..s_20 | error / optimal | 1 − |⟨v20, v20*⟩| |
 * |---|---|---|---|
 * | defaults (oversample 10, q = 4) | 2.5e-4 | 1.00003 | 4.1e-4 |
 * | powerIters: 10 | 9.4e-9 | 1.00000 | 8.1e-9 |
 * | oversample: 20 | 2.2e-7 | 1.00000 | 5.7e-8 |
 * | both | 3e-15 | 1.00000 | 4e-16 |
 *
 * So the defaults give a near-optimal approximation and singular values to
 * a few 1e-4; more `powerIters` (each round multiplies the gap term by
 * (σ_{l+1}/σ_k)²) or more `oversample` (the gap that counts is σ_k against
 * σ_{l+1}, not σ_{k+1}) buy the last digits and the k-th singular vectors,
 * at the price of 2 more products per iteration or wider products.
 *
 * @throws ShapeError if k > min(m, n). @throws ValueError for a bad k, seed, tol or options, or an A that is none of the three kinds.
 * @example
 * const { U, s, Vt } = linalg.rsvd(A, 20, { seed: 1 });
 */
export function rsvd(A: Matrix | CsrMatrix | RsvdOperator, k: number, options?: RsvdOptions): RsvdResult {
  return rsvdOf('rsvd', A, k, options);
}

/** rsvd for callers that hold a Source already (pca's implicitly centered data). @internal */
export function rsvdOf(what: string, A: unknown, k: unknown, options: unknown, given?: Source): RsvdResult {
  const p = plan(what, A, k, options, given, false);
  throwIfAborted(p.signal, what);
  if (p.k === 0) return empty(p.A.rows, p.A.cols, p.A.dtype);
  // Every product reads A: held by the backend once for all of them.
  return p.A.resident(() => runSync(p.tol === undefined ? fixedRank(p, what) : adaptive(p, what)));
}

/**
 * rsvd with its products off the event loop (dense A: the GEMM runs on a
 * worker thread; sparse and operator A: between awaits). The signal is
 * checked between products and stops a running dense product at its next
 * block. `onProgress` hears of each product as it starts (see
 * {@link RsvdAsyncOptions.onProgress}). A must not change until the Promise settles.
 * @throws as rsvd, as a rejected Promise; AbortError when `signal` fires first;
 *   whatever `onProgress` throws.
 * @example
 * const { U, s, Vt } = await linalg.rsvdAsync(A, 20, { seed: 1, signal });
 * await linalg.rsvdAsync(A, 20, { onProgress: (p) => console.log(`${p.stage}: ${p.done}/${p.total}`) });
 */
export function rsvdAsync(A: Matrix | CsrMatrix | RsvdOperator, k: number, options?: RsvdAsyncOptions): Promise<RsvdResult> {
  return rsvdOfAsync('rsvdAsync', A, k, options);
}

/** rsvdAsync on a Source. @internal */
export async function rsvdOfAsync(what: string, A: unknown, k: unknown, options: unknown, given?: Source): Promise<RsvdResult> {
  const p = plan(what, A, k, options, given, true);
  if (p.k === 0) {
    p.progress.finish();
    return empty(p.A.rows, p.A.cols, p.A.dtype);
  }
  // Every product reads A: held for them (WASM's worker keeps one copy).
  const result = await p.A.residentAsync(() => runAsync(p.tol === undefined ? fixedRank(p, what) : adaptive(p, what), p.signal, what));
  p.progress.finish();
  return result;
}

/** Any operator rsvd accepts besides Matrix and CsrMatrix: its size, dtype, A·X and Aᵀ (e.g. a structured LinearOperator). */
export interface RsvdOperator {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: Matrix['dtype'];
  matmul(X: Matrix): Matrix;
  transpose(): { matmul(X: Matrix): Matrix };
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
  const s = sl.slice(0, k);
  return { U: new Matrix(m, k, U), s, S: s, Vt: new Matrix(k, n, Vt) };
}
