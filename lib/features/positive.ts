/**
 * Positive random features for the softmax kernel k(x, y) = exp(xᵀy)
 * (FAVOR+, Choromanski et al. 2021): with m = dim frequencies ω_j ~ N(0, I),
 * φ(x) = exp(Ωx − ‖x‖²/2) / √m, so that φ(x)·φ(y) = (1/m) Σ_j exp(ω_jᵀ(x + y) − ‖x‖²/2 − ‖y‖²/2)
 * is an unbiased estimate of exp(xᵀy) (E exp(ωᵀz) = exp(‖z‖²/2)), and every
 * feature is positive, so estimates of sums of kernels (attention's
 * denominators) never cancel to 0 or go negative.
 *
 * Couplings are those of features.rff ('iid', 'orthogonal', 'simplex'), made
 * by the same code from the same Philox streams; for positive features the
 * simplex coupling has the lowest variance of the three (Reid et al. 2023).
 *
 * transform runs X·Ωᵀ through the GEMM, then one kernel pass of the vector
 * exponential (native/kernels/positive.cc) with the per-row ‖x‖²/2.
 *
 * Stability: exp(ωᵀx − ‖x‖²/2) overflows for long x. `stabilize` subtracts
 * a constant in log space before the exponential, which multiplies rows by
 * constants the caller can cancel:
 * - 'row': each row by exp(−c_x), c_x its own largest exponent (the largest
 *   feature of each row is 1/√m). φ(x)·φ(y) then estimates exp(xᵀy − c_x − c_y):
 *   right for the queries of softmax attention, whose per-query normalization
 *   divides c_x out.
 * - 'matrix': every row by the same exp(−c), c the largest exponent of the
 *   whole call: right for keys (any ratio of sums over keys keeps it out).
 * - 'none' (default): the unbiased estimator itself.
 */
import type { DType } from '../dtype';
import { describe, newArray } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, isMatrix, leadingDim } from '../matrix';
import { expRows } from '../backend/features';
import { matmul, matmulAsync } from '../dense/matmul';
import { splitSeed } from '../random/index';
import { checkAllocation, checkDim, checkOptions, checkSignal } from '../validate';
import { RffCoupling, checkCoupling, coupledGaussian } from './rff';
import { checkEncoderInput } from './input';

export type PositiveStabilize = 'none' | 'row' | 'matrix';

export interface PositiveOptions {
  /** Output width m ≥ 1: the number of frequencies (one feature each). */
  dim: number;
  /** Length of the input vectors. */
  inputDim: number;
  /** An integer in [0, 2^53). */
  seed: number;
  /** 'iid' (default), 'orthogonal' or 'simplex'. */
  coupling?: RffCoupling;
}

export interface PositiveJSON {
  kind: 'positive';
  dim: number;
  inputDim: number;
  seed: number;
  coupling: RffCoupling;
}

export interface PositiveTransformOptions {
  /** 'none' (default), 'row' or 'matrix': see the module comment. */
  stabilize?: PositiveStabilize;
}

export interface PositiveTransformAsyncOptions extends PositiveTransformOptions {
  signal?: AbortSignal;
}

const built = new WeakSet<object>();
let constructing = false;

function self(f: unknown, method: string): PositiveRandomFeatures {
  if (typeof f !== 'object' || f === null || !built.has(f)) {
    throw new ValueError(`PositiveRandomFeatures.${method} was called on ${describe(f)}, not on a positive-features encoder (pass a bound function, e.g. X => f.${method}(X))`);
  }
  return f as PositiveRandomFeatures;
}

function checkStabilize(v: unknown, what: string): PositiveStabilize {
  const s = v === undefined ? 'none' : v;
  if (s !== 'none' && s !== 'row' && s !== 'matrix') {
    throw new ValueError(`${what}: stabilize must be 'none', 'row' or 'matrix', got ${describe(v)}`);
  }
  return s;
}

export class PositiveRandomFeatures {
  readonly dim: number;
  readonly inputDim: number;
  readonly seed: number;
  readonly coupling: RffCoupling;
  private readonly omega: Record<DType, Matrix>;

  /** @internal Built by features.positive / features.fromJSON only. */
  constructor(dim: number, inputDim: number, seed: number, coupling: RffCoupling) {
    if (!constructing) throw new ValueError('PositiveRandomFeatures: build it with features.positive({ dim, inputDim, seed }) or features.fromJSON');
    this.dim = dim;
    this.inputDim = inputDim;
    this.seed = seed;
    this.coupling = coupling;
    const w = coupledGaussian(dim, inputDim, seed, coupling, 1);
    const w32 = newArray('float32', w.length);
    w32.set(w);
    this.omega = { float64: new Matrix(dim, inputDim, w), float32: new Matrix(dim, inputDim, w32) };
    Object.freeze(this);
    built.add(this);
  }

  /**
   * φ(X): X is N × inputDim (float32 or float64); the result is a new
   * N × dim Matrix of X's dtype with entries exp(ω_jᵀx − ‖x‖²/2)/√dim, each
   * row multiplied by a constant when `stabilize` asks (module comment).
   *
   * @throws ValueError if X is not a Matrix (or its buffer was detached), or for an unknown stabilize.
   * @throws ShapeError if X does not have inputDim columns.
   * @example
   * const f = features.positive({ dim: 256, inputDim: 64, seed: 1, coupling: 'simplex' });
   * const Qf = f.transform(Q, { stabilize: 'row' }), Kf = f.transform(K, { stabilize: 'matrix' });
   */
  transform(X: Matrix, options?: PositiveTransformOptions): Matrix {
    const f = self(this, 'transform');
    const what = 'positive.transform';
    const o = checkOptions<PositiveTransformOptions>(options, what, ['stabilize']);
    const stabilize = checkStabilize(o.stabilize, what);
    const x = f.checkX(X, what);
    return f.finish(x, matmul(x, f.omega[x.dtype], { transB: true }), stabilize, what);
  }

  /**
   * transform with the GEMM off the event loop.
   *
   * @throws as transform, as a rejected Promise; AbortError when `signal` fires first.
   */
  async transformAsync(X: Matrix, options?: PositiveTransformAsyncOptions): Promise<Matrix> {
    const f = self(this, 'transformAsync');
    const what = 'positive.transformAsync';
    const o = checkOptions<PositiveTransformAsyncOptions>(options, what, ['signal', 'stabilize']);
    const signal = checkSignal(o.signal, what);
    const stabilize = checkStabilize(o.stabilize, what);
    const x = f.checkX(X, what);
    const Z = await matmulAsync(x, f.omega[x.dtype], { transB: true, signal });
    return f.finish(checkMatrix(x, `${what}: X`), Z, stabilize, what);
  }

  /** The dim × inputDim frequencies Ω (rows ω_j), for inspection and tests. */
  frequencies(dtype: DType = 'float64'): Matrix {
    const f = self(this, 'frequencies');
    return f.omega[dtype === 'float32' ? 'float32' : 'float64'].clone();
  }

  /** `{ kind: 'positive', dim, inputDim, seed, coupling }`: features.fromJSON of it rebuilds this encoder. */
  toJSON(): PositiveJSON {
    const f = self(this, 'toJSON');
    return { kind: 'positive', dim: f.dim, inputDim: f.inputDim, seed: f.seed, coupling: f.coupling };
  }

  private checkX(X: unknown, what: string): Matrix {
    return checkEncoderInput(X, this.inputDim, what, this.dim);
  }

  /** Z = X·Ωᵀ (N × m) → exp(Z − ‖x‖²/2 − shift)/√m by one kernel pass (skm_exp_rows_*). */
  private finish(x: Matrix, Z: Matrix, stabilize: PositiveStabilize, what: string): Matrix {
    const m = this.dim, N = Z.rows, d = x.cols, ldx = leadingDim(x), ldz = leadingDim(Z);
    const out = new Matrix(N, m, newArray(Z.dtype, checkAllocation(N, m, what)));
    if (N === 0) return out;
    // ‖x‖²/2 in float64, then rounded to the dtype (as the GEMM's Z is).
    const shift = newArray(Z.dtype, N);
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += x.data[i * ldx + t] ** 2;
      shift[i] = s / 2;
    }
    if (stabilize === 'matrix') {
      // One constant for every row: the largest exponent of the call (NaN skipped).
      let c = -Infinity;
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < m; j++) {
          const v = Z.data[i * ldz + j] - shift[i];
          if (v > c) c = v;
        }
      }
      if (Number.isFinite(c)) for (let i = 0; i < N; i++) shift[i] += c;
    }
    expRows(N, m, Z.data, ldz, shift, stabilize === 'row', 1 / Math.sqrt(m), out.data, m, what);
    return out;
  }
}

/**
 * Positive random features for the softmax kernel exp(xᵀy).
 *
 * @throws ValueError for dim not an integer ≥ 1, inputDim not an integer in
 *   [1, 2^32) (at most 4096 for 'orthogonal' and 'simplex'), a bad seed, or an
 *   unknown coupling.
 * @example
 * const f = features.positive({ dim: 512, inputDim: 64, seed: 3, coupling: 'simplex' });
 * const Z = f.transform(X); // Z·Zᵀ ≈ exp(X·Xᵀ), entrywise
 */
export function positive(options: PositiveOptions): PositiveRandomFeatures {
  const what = 'features.positive';
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${what}: expected options { dim, inputDim, seed }, got ${describe(options)}`);
  }
  const o = checkOptions<PositiveOptions>(options, what, ['dim', 'inputDim', 'seed', 'coupling']);
  const dim = checkDim(o.dim, `${what}: dim`);
  if (dim < 1) throw new ValueError(`${what}: dim must be at least 1, got 0`);
  const inputDim = checkDim(o.inputDim, `${what}: inputDim`);
  if (inputDim < 1) throw new ValueError(`${what}: inputDim must be at least 1, got 0`);
  if (o.seed === undefined) throw new ValueError(`${what}: a seed is required, e.g. { dim, inputDim, seed: 42 }`);
  splitSeed(o.seed, what);
  const coupling = o.coupling === undefined ? 'iid' : o.coupling;
  checkCoupling(coupling, inputDim, what);
  checkAllocation(coupling === 'simplex' ? Math.ceil(dim / inputDim) * inputDim : dim, inputDim, what);
  constructing = true;
  try {
    return new PositiveRandomFeatures(dim, inputDim, o.seed, coupling);
  } finally {
    constructing = false;
  }
}
