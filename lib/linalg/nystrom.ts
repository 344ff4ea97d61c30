/**
 * Randomized Nyström approximation of a positive semidefinite matrix, the
 * numerically stable shifted variant (Tropp, Yurtsever, Udell & Cevher 2017,
 * Alg. 3; Li et al. 2017): A ≈ U·diag(S)·Uᵀ.
 */
import { ValueError, ShapeError, NotPositiveDefiniteError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { gaussian, splitSeed } from '../random/index';
import { checkDim, checkInt, checkOptions, checkSignal } from '../validate';
import { qr, qrAsync } from './qr';
import { cholesky, choleskyAsync } from './cholesky';
import { solveTriangular } from './triangular';
import { svd, svdAsync } from './svd';
import { checkSquare } from './common';
import { MACHINE_EPS, transposed, zeros64 } from './solve-util';
import { Work, call, mm, runAsync, runSync, step } from './steps';
import { StepCounter, checkProgress } from './progress';
import type { OnProgress } from './progress';

export interface NystromOptions {
  /** Seeds the Gaussian test matrix (an integer in [0, 2^53), default 0). */
  seed?: number;
  /** Columns of the test matrix beyond k (default 10; capped at n). */
  oversample?: number;
  /** Cancels a nystromAsync that has not finished. */
  signal?: AbortSignal;
}

export interface NystromAsyncOptions extends NystromOptions {
  /**
   * Called as each heavy step starts, with `{ done, total, stage }`: the QR
   * of Ω, A·Ω, the Cholesky factorization (with its triangular solve), the
   * SVD (total 4), then once with done === total, stage 'done'. What the
   * callback throws rejects the call. nystrom refuses this option.
   * @example
   * await linalg.nystromAsync(K, 50, { onProgress: ({ done, total, stage }) => console.log(stage, done, total) });
   */
  onProgress?: OnProgress;
}

export interface NystromResult {
  /** n × k, orthonormal columns, A's dtype (each column's largest-magnitude entry positive). */
  U: Matrix;
  /** The k approximate eigenvalues, descending, ≥ 0 (float64). */
  S: Float64Array;
}

interface Plan { what: string; A: Matrix; k: number; l: number; seed: number; signal?: AbortSignal; progress: StepCounter }

function plan(what: string, A: unknown, k: unknown, options: unknown, async: boolean): Plan {
  const o = checkOptions<NystromAsyncOptions>(options, what, ['seed', 'oversample', ...(async ? ['signal', 'onProgress'] as const : [])], async ? undefined : `${what}Async`);
  const seed = o.seed ?? 0;
  splitSeed(seed, what);
  const over = o.oversample === undefined ? 10 : checkInt(o.oversample, `${what}: oversample`, 0, 2 ** 32 - 1);
  const signal = async ? checkSignal(o.signal, what) : undefined;
  const onProgress = checkProgress(o.onProgress, what);
  let a = checkMatrix(A, `${what}: A`);
  const n = checkSquare(a, what);
  const kk = checkDim(k, `${what}: k`);
  if (kk > n) throw new ShapeError(`${what}: k = ${kk} is more than n = ${n} for a ${n}×${n} A`);
  if (async) a = a.clone();
  return { what, A: a, k: kk, l: Math.min(n, kk + over), seed, signal, progress: new StepCounter(onProgress, 4) };
}

function* nystromWork(p: Plan): Work<NystromResult> {
  const { A, k, l } = p;
  const n = A.rows, dtype = A.dtype;
  if (k === 0) return { U: new Matrix(n, 0, new (dtype === 'float32' ? Float32Array : Float64Array)(0)), S: new Float64Array(0) };
  // Ω: n × l with orthonormal columns (QR of a Gaussian); Y = A·Ω.
  const G = gaussian(n, l, { seed: p.seed, dtype });
  p.progress.begin('orthonormalize Ω (QR)');
  const Omega = (yield* call(step(() => qr(G).Q!, async (signal) => (await qrAsync(G, { signal })).Q!)));
  p.progress.begin('sketch (A·Ω)');
  const Y = yield* call(mm(A, Omega));
  // The shift ν = √n·eps·‖Y‖_F keeps Ωᵀ·(A + νI)·Ω positive definite in floating point.
  let ssq = 0;
  for (let i = 0; i < Y.data.length; i++) ssq += Y.data[i] * Y.data[i];
  const nu = Math.sqrt(n) * MACHINE_EPS[dtype] * Math.sqrt(ssq);
  if (!Number.isFinite(nu)) throw new ValueError(`${p.what}: A has a non-finite entry`);
  for (let i = 0; i < Y.data.length; i++) Y.data[i] += nu * Omega.data[i];
  // B = Ωᵀ·Y_ν (symmetrized) = L·Lᵀ; F = Y_ν·L⁻ᵀ, so A_ν ≈ F·Fᵀ.
  const B = yield* call(mm(Omega, Y, { transA: true }));
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) {
    const s = (B.data[i * l + j] + B.data[j * l + i]) / 2;
    B.data[i * l + j] = s;
    B.data[j * l + i] = s;
  }
  let L: Matrix;
  p.progress.begin('Cholesky');
  try {
    L = yield* call(step(() => cholesky(B), (signal) => choleskyAsync(B, { signal })));
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) throw new ValueError(`${p.what}: A is not positive semidefinite (Ωᵀ·(A + νI)·Ω has a non-positive pivot ${e.pivot})`, { cause: e });
    throw e;
  }
  const Ft = solveTriangular(L, transposed(Y)); // l × n: L·Fᵀ = Y_νᵀ
  const F = transposed(Ft);
  p.progress.begin('SVD');
  const { U, s } = yield* call(step(() => svd(F), (signal) => svdAsync(F, { signal })));
  const S = zeros64(k);
  for (let i = 0; i < k; i++) S[i] = Math.max(0, s[i] * s[i] - nu);
  const Uk = new Matrix(n, k, new (dtype === 'float32' ? Float32Array : Float64Array)(n * k));
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) Uk.data[i * k + j] = U.data[i * l + j];
  return { U: Uk, S };
}

/**
 * Rank-k Nyström approximation of the symmetric positive semidefinite n × n
 * A: A ≈ U·diag(S)·Uᵀ, from one product A·Ω with an n × (k + oversample)
 * Gaussian test matrix (orthonormalized), shifted by ν = √n·eps·‖A·Ω‖_F
 * before the Cholesky factorization so that rounding cannot make it fail,
 * and ν taken off the eigenvalues after (Tropp et al. 2017, Alg. 3).
 * The error is within a small factor of the best rank-k error when the
 * spectrum decays; oversample buys more. A is read whole (both triangles).
 *
 * @throws ShapeError if A is not square or k > n. @throws ValueError for a bad A, k, seed or options, a
 *   non-finite entry, or an A that is clearly not positive semidefinite.
 * @example
 * const { U, S } = linalg.nystrom(K, 50, { seed: 1 });   // K ≈ U·diag(S)·Uᵀ
 */
export function nystrom(A: Matrix, k: number, options?: NystromOptions): NystromResult {
  return runSync(nystromWork(plan('nystrom', A, k, options, false)));
}

/**
 * nystrom off the event loop, on its own copy of A; `onProgress` hears of
 * each step as it starts (see {@link NystromAsyncOptions.onProgress}).
 * @throws as nystrom; AbortError when `signal` fires first; whatever `onProgress` throws.
 * @example
 * const { U, S } = await linalg.nystromAsync(K, 50, { seed: 1, signal });
 */
export async function nystromAsync(A: Matrix, k: number, options?: NystromAsyncOptions): Promise<NystromResult> {
  const p = plan('nystromAsync', A, k, options, true);
  const result = await runAsync(nystromWork(p), p.signal, p.what);
  p.progress.finish();
  return result;
}
