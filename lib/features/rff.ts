/**
 * Random Fourier features (Rahimi & Recht 2007) for the Gaussian kernel
 * k(x, y) = exp(−gamma‖x − y‖²): with m = dim/2 frequencies ω_j ~ N(0, 2·gamma·I),
 * φ(x) = [cos(Ωx), sin(Ωx)] / √m, so that φ(x)·φ(y) = (1/m) Σ_j cos(ω_j·(x − y))
 * is an unbiased estimate of k(x, y) with variance O(1/m).
 *
 * The Laplacian kernel k(x, y) = exp(−gamma‖x − y‖₁) is the Fourier transform
 * of a product of Cauchy densities: its frequencies have independent
 * Cauchy(0, gamma) entries, gamma·tan(π(u − ½)) with u uniform (stream 2).
 * That distribution is not rotation invariant, so only the 'iid' coupling
 * applies to it.
 *
 * Couplings:
 * - 'iid': Ω = √(2·gamma)·G, G's rows independent N(0, I) (random.gaussian, stream 0).
 * - 'orthogonal': orthogonal random features (Yu et al. 2016): Ω is built in
 *   blocks of inputDim rows; block b is the Gram–Schmidt orthonormalization of
 *   rows b·d .. b·d + d − 1 of the same G, each row rescaled to the length of
 *   an independent N(0, I_d) vector (stream 1, same row), so every ω_j still
 *   has the N(0, 2·gamma·I) distribution while the rows of a block are
 *   exactly orthogonal, which lowers the estimator's variance.
 * - 'simplex': simplex random features (Reid et al. 2023): the directions
 *   of a block are the d vertices of a regular simplex centred at 0
 *   (pairwise cosine −1/(d − 1)), rotated at random: (q_i − q̄)·√(d/(d − 1))
 *   for the rows q_i of a random orthogonal matrix (the Gram–Schmidt of d
 *   rows of G) and their mean q̄; lengths as for 'orthogonal'. Each ω_j keeps
 *   its N(0, 2·gamma·I) distribution. For cos/sin features its error is
 *   that of 'orthogonal' (the gain of simplex directions is for positive
 *   features, features.positive); a last block of fewer than d rows takes
 *   the first rows of a full simplex.
 *
 * The frequencies are made in float64 in TypeScript from the Philox draws
 * (the same bits on every backend); transform runs X·Ωᵀ through the GEMM
 * (agrees across backends to rounding), then one kernel pass of vector cos
 * and sin (native/kernels/rff.cc, at most 3 ULP).
 */
import type { DType } from '../dtype';
import { describe, newArray } from '../dtype';
import { ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, isMatrix, leadingDim } from '../matrix';
import { cosSin } from '../backend/features';
import { matmul, matmulAsync } from '../dense/matmul';
import { gaussian as randomGaussian, uniform as randomUniform, splitSeed } from '../random/index';
import { checkAllocation, checkDim, checkOptions, checkSignal } from '../validate';
import { checkEncoderInput } from './input';

export type RffCoupling = 'iid' | 'orthogonal' | 'simplex';
export type RffKernel = 'gaussian' | 'laplacian';

export interface RffOptions {
  /** Output width: an even integer ≥ 2 (dim/2 frequencies, each giving a cos and a sin feature). */
  dim: number;
  /** Length of the input vectors. */
  inputDim: number;
  /** The kernel approximated: 'gaussian' (default) or 'laplacian'. */
  kernel?: RffKernel;
  /** gamma > 0 in exp(−gamma‖x − y‖²) (Laplacian: exp(−gamma‖x − y‖₁)). */
  gamma: number;
  /** An integer in [0, 2^53). */
  seed: number;
  /** 'iid' (default), 'orthogonal' or 'simplex' (the last two for 'gaussian' only). */
  coupling?: RffCoupling;
}

export interface RffJSON {
  kind: 'rff';
  dim: number;
  inputDim: number;
  kernel: RffKernel;
  gamma: number;
  seed: number;
  coupling: RffCoupling;
}

export interface TransformAsyncOptions {
  signal?: AbortSignal;
}

/** inputDim³ work per orthogonal block: past this, building Ω would take minutes. */
const MAX_ORTHOGONAL_INPUT_DIM = 4096;

/** A coupling name, and inputDim small enough for the coupled ones. */
export function checkCoupling(coupling: unknown, inputDim: number, what: string): asserts coupling is RffCoupling {
  if (coupling !== 'iid' && coupling !== 'orthogonal' && coupling !== 'simplex') {
    throw new ValueError(`${what}: coupling must be 'iid', 'orthogonal' or 'simplex', got ${describe(coupling)}`);
  }
  if (coupling !== 'iid' && inputDim > MAX_ORTHOGONAL_INPUT_DIM) {
    throw new ValueError(`${what}: coupling '${coupling}' takes inputDim ≤ ${MAX_ORTHOGONAL_INPUT_DIM} (its blocks cost inputDim³), got ${inputDim}`);
  }
}

const built = new WeakSet<object>();
let constructing = false;

function self(f: unknown, method: string): RandomFourierFeatures {
  if (typeof f !== 'object' || f === null || !built.has(f)) {
    throw new ValueError(`RandomFourierFeatures.${method} was called on ${describe(f)}, not on an rff encoder (pass a bound function, e.g. X => f.${method}(X))`);
  }
  return f as RandomFourierFeatures;
}

/** Ω (m × d, float64): the Laplacian kernel's frequencies, independent Cauchy(0, gamma) entries. */
function cauchyFrequencies(m: number, d: number, gamma: number, seed: number): Float64Array {
  const U = randomUniform(m, d, { seed, stream: 2 }).data as Float64Array;
  // u ∈ [0, 1): u = 0 gives tan(−π/2) ≈ −1.6e16, finite.
  for (let i = 0; i < U.length; i++) U[i] = gamma * Math.tan(Math.PI * (U[i] - 0.5));
  return U;
}

/** Ω (m × d, float64): the frequencies of a coupling, scaled by √(2·gamma). */
function frequencies(m: number, d: number, gamma: number, seed: number, coupling: RffCoupling): Float64Array {
  return coupledGaussian(m, d, seed, coupling, Math.sqrt(2 * gamma));
}

/**
 * m × d rows distributed as N(0, I)·scale each, coupled within blocks of d
 * rows: independent ('iid'), orthogonal, or simplex directions (see the
 * module comment). Shared with features.positive.
 */
export function coupledGaussian(m: number, d: number, seed: number, coupling: RffCoupling, scale: number): Float64Array {
  if (coupling === 'iid') {
    const G = randomGaussian(m, d, { seed, stream: 0 }).data as Float64Array;
    for (let i = 0; i < G.length; i++) G[i] *= scale;
    return G;
  }
  // Simplex blocks need the whole d × d rotation even when the last block is short.
  const mAll = coupling === 'simplex' ? Math.ceil(m / d) * d : m;
  const G = randomGaussian(mAll, d, { seed, stream: 0 }).data as Float64Array;
  const lengths = randomGaussian(mAll, d, { seed, stream: 1 }).data as Float64Array;
  for (let b0 = 0; b0 < mAll; b0 += d) {
    const rows = Math.min(d, mAll - b0);
    // Modified Gram–Schmidt on the block's rows (rows ≤ d, so they are
    // independent with probability 1).
    for (let i = b0; i < b0 + rows; i++) {
      const gi = G.subarray(i * d, (i + 1) * d);
      for (let p = b0; p < i; p++) {
        const gp = G.subarray(p * d, (p + 1) * d);
        let dot = 0;
        for (let t = 0; t < d; t++) dot += gi[t] * gp[t];
        for (let t = 0; t < d; t++) gi[t] -= dot * gp[t];
      }
      let norm = 0, len = 0;
      for (let t = 0; t < d; t++) {
        norm += gi[t] * gi[t];
        len += lengths[i * d + t] * lengths[i * d + t];
      }
      const f = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let t = 0; t < d; t++) gi[t] *= f;
      // Orthonormal for the next rows' projections; the length goes on after the block.
      lengths[i * d] = Math.sqrt(len);
    }
    if (coupling === 'simplex' && d > 1) {
      // Vertices of a regular simplex, rotated: q_i − q̄ has length
      // √((d − 1)/d) and dot −1/d with q_j − q̄ (j ≠ i), so the rescaled rows
      // are unit vectors with pairwise cosine −1/(d − 1).
      const mean = new Float64Array(d);
      for (let i = b0; i < b0 + rows; i++) for (let t = 0; t < d; t++) mean[t] += G[i * d + t] / d;
      const f = Math.sqrt(d / (d - 1));
      for (let i = b0; i < b0 + rows; i++) for (let t = 0; t < d; t++) G[i * d + t] = (G[i * d + t] - mean[t]) * f;
    }
    for (let i = b0; i < b0 + rows; i++) {
      const s = lengths[i * d] * scale;
      for (let t = 0; t < d; t++) G[i * d + t] *= s;
    }
  }
  return mAll === m ? G : G.slice(0, m * d);
}

export class RandomFourierFeatures {
  readonly dim: number;
  readonly inputDim: number;
  readonly kernel: RffKernel;
  readonly gamma: number;
  readonly seed: number;
  readonly coupling: RffCoupling;
  private readonly omega: Record<DType, Matrix>;

  /** @internal Built by features.rff / features.fromJSON only. */
  constructor(dim: number, inputDim: number, kernel: RffKernel, gamma: number, seed: number, coupling: RffCoupling) {
    if (!constructing) throw new ValueError('RandomFourierFeatures: build it with features.rff({ dim, inputDim, gamma, seed }) or features.fromJSON');
    this.dim = dim;
    this.inputDim = inputDim;
    this.kernel = kernel;
    this.gamma = gamma;
    this.seed = seed;
    this.coupling = coupling;
    const m = dim / 2;
    const w = kernel === 'laplacian' ? cauchyFrequencies(m, inputDim, gamma, seed) : frequencies(m, inputDim, gamma, seed, coupling);
    const w32 = newArray('float32', w.length);
    w32.set(w);
    this.omega = { float64: new Matrix(m, inputDim, w), float32: new Matrix(m, inputDim, w32) };
    Object.freeze(this);
    built.add(this);
  }

  /**
   * φ(X): X is N × inputDim (float32 or float64); the result is a new
   * N × dim Matrix of X's dtype, columns 0 .. dim/2 − 1 the cosines and
   * dim/2 .. dim − 1 the sines, scaled by 1/√(dim/2), so φ(x)·φ(y) ≈ exp(−gamma‖x − y‖²).
   *
   * @throws ValueError if X is not a Matrix (or its buffer was detached).
   * @throws ShapeError if X does not have inputDim columns.
   * @example
   * const f = features.rff({ dim: 1024, inputDim: 384, gamma: 0.5, seed: 1, coupling: 'orthogonal' });
   * const Z = f.transform(X); // N × 1024
   */
  transform(X: Matrix): Matrix {
    const f = self(this, 'transform');
    const x = f.checkX(X, 'rff.transform');
    return f.finish(matmul(x, f.omega[x.dtype], { transB: true }), 'rff.transform');
  }

  /**
   * transform with the GEMM off the event loop.
   *
   * @throws as transform, as a rejected Promise; AbortError when `signal` fires first.
   */
  async transformAsync(X: Matrix, options?: TransformAsyncOptions): Promise<Matrix> {
    const f = self(this, 'transformAsync');
    const what = 'rff.transformAsync';
    const o = checkOptions<TransformAsyncOptions>(options, what, ['signal']);
    const signal = checkSignal(o.signal, what);
    const x = f.checkX(X, what);
    return f.finish(await matmulAsync(x, f.omega[x.dtype], { transB: true, signal }), what);
  }

  /** The m × inputDim frequencies Ω (rows ω_j), for inspection and tests. */
  frequencies(dtype: DType = 'float64'): Matrix {
    const f = self(this, 'frequencies');
    const W = f.omega[dtype === 'float32' ? 'float32' : 'float64'];
    return W.clone();
  }

  /** `{ kind: 'rff', dim, inputDim, kernel, gamma, seed, coupling }`: features.fromJSON of it rebuilds this encoder. */
  toJSON(): RffJSON {
    const f = self(this, 'toJSON');
    return { kind: 'rff', dim: f.dim, inputDim: f.inputDim, kernel: f.kernel, gamma: f.gamma, seed: f.seed, coupling: f.coupling };
  }

  private checkX(X: unknown, what: string): Matrix {
    return checkEncoderInput(X, this.inputDim, what, this.dim);
  }

  /** Z = X·Ωᵀ (N × m) → [cos Z, sin Z] / √m (N × dim), by one kernel pass (skm_cos_sin_*). */
  private finish(Z: Matrix, what: string): Matrix {
    const m = this.dim / 2, N = Z.rows;
    const out = new Matrix(N, this.dim, newArray(Z.dtype, checkAllocation(N, this.dim, what)));
    if (N === 0) return out;
    cosSin(N, m, Z.data, leadingDim(Z), 1 / Math.sqrt(m), out.data, this.dim, what);
    return out;
  }
}

/**
 * Random Fourier features for the Gaussian kernel exp(−gamma‖x − y‖²) or the
 * Laplacian kernel exp(−gamma‖x − y‖₁).
 *
 * @throws ValueError for dim not an even integer ≥ 2, inputDim not an integer
 *   in [1, 2^32) (at most 4096 for 'orthogonal' and 'simplex'), kernel other than
 *   'gaussian' or 'laplacian' (which takes 'iid' only),
 *   gamma not a finite number > 0, a bad seed, or an unknown coupling.
 * @example
 * const f = features.rff({ dim: 512, inputDim: 384, gamma: 1, seed: 3, coupling: 'orthogonal' });
 * const Z = f.transform(X); // Z·Zᵀ ≈ the Gaussian kernel matrix of X's rows
 */
export function rff(options: RffOptions): RandomFourierFeatures {
  const what = 'features.rff';
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${what}: expected options { dim, inputDim, gamma, seed }, got ${describe(options)}`);
  }
  const o = checkOptions<RffOptions>(options, what, ['dim', 'inputDim', 'kernel', 'gamma', 'seed', 'coupling']);
  const dim = checkDim(o.dim, `${what}: dim`);
  if (dim < 2 || dim % 2 !== 0) throw new ValueError(`${what}: dim must be an even integer ≥ 2 (cos and sin per frequency), got ${dim}`);
  const inputDim = checkDim(o.inputDim, `${what}: inputDim`);
  if (inputDim < 1) throw new ValueError(`${what}: inputDim must be at least 1, got 0`);
  const kernel = o.kernel === undefined ? 'gaussian' : o.kernel;
  if (kernel !== 'gaussian' && kernel !== 'laplacian') {
    throw new ValueError(`${what}: kernel must be 'gaussian' or 'laplacian', got ${describe(o.kernel)}`);
  }
  if (typeof o.gamma !== 'number' || !Number.isFinite(o.gamma) || !(o.gamma > 0)) {
    throw new ValueError(`${what}: gamma must be a finite number > 0, got ${describe(o.gamma)}`);
  }
  if (o.seed === undefined) throw new ValueError(`${what}: a seed is required, e.g. { dim, inputDim, gamma, seed: 42 }`);
  splitSeed(o.seed, what);
  const coupling = o.coupling === undefined ? 'iid' : o.coupling;
  checkCoupling(coupling, inputDim, what);
  if (kernel === 'laplacian' && coupling !== 'iid') {
    throw new ValueError(`${what}: kernel 'laplacian' takes coupling 'iid' only (its Cauchy frequencies are not rotation invariant), got ${describe(coupling)}`);
  }
  checkAllocation(dim / 2, inputDim, what);
  constructing = true;
  try {
    return new RandomFourierFeatures(dim, inputDim, kernel, o.gamma, o.seed, coupling);
  } finally {
    constructing = false;
  }
}
