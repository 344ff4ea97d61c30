/**
 * Fitting a dense W (out × in, the user's weights) onto a structure:
 * `structured.fit(W, kind, opts)` → { op, relError, paramRatio }, with
 * relError = ‖W − Â‖_F / ‖W‖_F and paramRatio = Â.params / (out·in).
 * Each fit is the Frobenius-optimal member of its structure where that is
 * known in closed form (all of the kinds here).
 */
import type { DType } from '../dtype';
import { describe, newArray } from '../dtype';
import { ShapeError, ValueError, readingCallerValue } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { svd } from '../linalg/svd';
import { rsvd } from '../linalg/rsvd';
import { eigh } from '../linalg/eigh';
import { matmul } from '../dense/matmul';
import { checkInt, checkOptions } from '../validate';
import { LowRankOp } from './basic';
import { KroneckerOp, SumOp } from './compose';
import { MonarchOp } from './monarch';
import { NmSparseOp, nmSparse } from './nm';
import { LinearOperator } from './operator';
import { CirculantOp, ToeplitzOp } from './toeplitz';
import { DenseOp } from './basic';
// BLAST and CUR fits (fit-blast.ts, fit-cur.ts): their kinds, options and fitters.
import { fitBlast } from './fit-blast';
import { fitCur } from './fit-cur';
type FitKindFits = 'blast' | 'cur';
const FIT_KINDS_FITS: readonly FitKindFits[] = ['blast', 'cur'];
const FIT_OPTION_KEYS_FITS: Record<FitKindFits, readonly (keyof FitOptions)[]> = { blast: ['blocks', 'rank', 'seed', 'iters'], cur: ['rank', 'seed'] };
const FITTERS_FITS: Record<FitKindFits, Fitter> = { blast: fitBlast, cur: fitCur };

// Block sparse fit (sparse.ts): its kind, options and fitter.
import { fitBlockSparse } from './sparse';
type FitKindKernels = 'blockSparse';
const FIT_KINDS_KERNELS: readonly FitKindKernels[] = ['blockSparse'];
const FIT_OPTION_KEYS_KERNELS: Record<FitKindKernels, readonly (keyof FitOptions)[]> = { blockSparse: ['blockSize', 'density'] };
const FITTERS_KERNELS: Record<FitKindKernels, Fitter> = { blockSparse: fitBlockSparse };

export type FitKind = 'lowRank' | 'monarch' | 'kronecker' | 'toeplitz' | 'circulant' | 'nm' | FitKindKernels | FitKindFits;

export interface FitOptions {
  /** lowRank: the rank r (1 ≤ r ≤ min(out, in)). kronecker: terms in the sum (default 1). */
  rank?: number;
  /** lowRank: 'svd' (exact, default) or 'rsvd' (randomized, for large W). */
  method?: 'svd' | 'rsvd';
  /** lowRank with 'rsvd': the seed. */
  seed?: number;
  /** monarch: k, the number of R blocks (must divide in); L has `lBlocks` blocks (default k, must divide out). */
  blocks?: number;
  lBlocks?: number;
  /** kronecker: [[m1, n1], [m2, n2]] with m1·m2 = out and n1·n2 = in. */
  shapes?: readonly (readonly [number, number])[];
  /** nm: n kept of every m along each row. */
  n?: number;
  m?: number;
  /** blast: alternating-least-squares sweeps after the SVD start (default 10). */
  iters?: number;
  /** blockSparse: the block size (br × bc as [br, bc], or one number) and the share of blocks kept (0 … 1). */
  blockSize?: number | readonly [number, number];
  density?: number;
}

export interface FitResult {
  op: LinearOperator;
  /** ‖W − Â‖_F / ‖W‖_F (0 when W = 0). */
  relError: number;
  /** Â.params / (out·in). */
  paramRatio: number;
}

export const KINDS: readonly FitKind[] = ['lowRank', 'monarch', 'kronecker', 'toeplitz', 'circulant', 'nm', ...FIT_KINDS_KERNELS, ...FIT_KINDS_FITS];
/** The options each kind takes (any other key is a ValueError, as everywhere). */
const OPTION_KEYS: Record<FitKind, readonly (keyof FitOptions)[]> = {
  lowRank: ['rank', 'method', 'seed'], monarch: ['blocks', 'lBlocks'], kronecker: ['shapes', 'rank'],
  toeplitz: [], circulant: [], nm: ['n', 'm'],
  ...FIT_OPTION_KEYS_FITS,
  ...FIT_OPTION_KEYS_KERNELS,
};

/**
 * Fits W onto the named structure (see FitOptions for each kind's options).
 * @throws ValueError for an unknown kind or bad options. @throws ShapeError when the sizes do not divide.
 * @example
 * const { op, relError } = structured.fit(W, 'monarch', { blocks: 16 });
 */
export function fit(W: Matrix, kind: FitKind, options?: FitOptions): FitResult {
  const what = 'structured.fit';
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    throw new ValueError(`${what}: kind must be one of ${KINDS.map((k) => `'${k}'`).join(', ')}, got ${describe(kind)}`);
  }
  const o = checkOptions<FitOptions>(options, `${what}(${kind})`, OPTION_KEYS[kind]);
  const w = checkMatrix(W, `${what}: W`).clone();
  const op = fitters[kind](w, o, `${what}(${kind})`);
  const relError = knownRelError.get(op) ?? relativeError(w, op.toDense());
  return { op, relError, paramRatio: w.rows * w.cols === 0 ? 0 : op.params / (w.rows * w.cols) };
}

type Fitter = (W: Matrix, o: Partial<FitOptions>, what: string) => LinearOperator;

const fitters: Record<FitKind, Fitter> = { lowRank: fitLowRank, monarch: fitMonarch, kronecker: fitKronecker, toeplitz: fitToeplitz, circulant: fitCirculant, nm: fitNm, ...FITTERS_KERNELS, ...FITTERS_FITS };

/**
 * relError a fitter computed itself from its own pieces (entry by entry, as
 * toDense would round them), sparing fit() the dense product: Monarch's
 * toDense at 4096² was a fifth of its fit's time.
 */
const knownRelError = new WeakMap<LinearOperator, number>();

/** ‖W − A‖_F / ‖W‖_F in float64 (both contiguous, same shape). */
export function relativeError(W: Matrix, A: Matrix): number {
  let num = 0, den = 0;
  for (let i = 0; i < W.rows * W.cols; i++) {
    const d = W.data[i] - A.data[i];
    num += d * d;
    den += W.data[i] * W.data[i];
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

function fitLowRank(W: Matrix, o: Partial<FitOptions>, what: string): LinearOperator {
  const kmax = Math.min(W.rows, W.cols);
  const r = checkInt(o.rank, `${what}: rank`, 0, kmax);
  const method = o.method ?? 'svd';
  if (method !== 'svd' && method !== 'rsvd') throw new ValueError(`${what}: method must be 'svd' or 'rsvd', got ${describe(method)}`);
  const f = method === 'svd' || r === 0 ? svd(W) : rsvd(W, r, o.seed === undefined ? {} : { seed: o.seed });
  // U·diag(√s) and V·diag(√s): the two factors carry equal scale (kinder to float32).
  const U = newArray(W.dtype, W.rows * r), V = newArray(W.dtype, W.cols * r);
  const k = f.U.cols;
  for (let j = 0; j < r; j++) {
    const g = Math.sqrt(f.s[j]);
    for (let i = 0; i < W.rows; i++) U[i * r + j] = f.U.data[i * k + j] * g;
    for (let i = 0; i < W.cols; i++) V[i * r + j] = f.Vt.data[j * W.cols + i] * g;
  }
  return new LowRankOp(new Matrix(W.rows, r, U), new Matrix(W.cols, r, V));
}

/**
 * The best rank-1 σ·u·vᵀ of the rows × cols matrix held at at(i, j): returns
 * √σ·u and √σ·v. The top singular pair comes from the top eigenvector of the
 * smaller Gram matrix (BᵀB or BBᵀ, formed by the GEMM): one eigh of that size
 * costs a sixth of an SVD (64 × 64: 0.3 ms against 1.8 ms), which is what
 * makes Monarch's thousands of block fits affordable. The residual of a
 * rank-1 fit is second order in the vector's error, so squaring the condition
 * costs nothing measurable in relError.
 */
function rank1(dtype: DType, rows: number, cols: number, at: (i: number, j: number) => number): { u: Float64Array; v: Float64Array } {
  const B = newArray(dtype, rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) B[i * cols + j] = at(i, j);
  const u = new Float64Array(rows), v = new Float64Array(cols);
  if (rows === 0 || cols === 0) return { u, v };
  const M = new Matrix(rows, cols, B);
  const wide = cols > rows; // Gram of the smaller side: BBᵀ (rows × rows) when B is wide
  const G = matmul(M, M, wide ? { transB: true } : { transA: true });
  const e = eigh(G);
  const n = G.rows, top = new Float64Array(n);
  for (let i = 0; i < n; i++) top[i] = e.vectors.data[i * n + n - 1];
  // The other side: B·v (or Bᵀ·u) in float64, whose norm is σ.
  const [small, big] = wide ? [u, v] : [v, u];
  small.set(top);
  let norm2 = 0;
  for (let i = 0; i < big.length; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += (wide ? B[j * cols + i] : B[i * cols + j]) * top[j];
    big[i] = sum;
    norm2 += sum * sum;
  }
  const sigma = Math.sqrt(norm2);
  if (!(sigma > 0)) return { u: u.fill(0), v: v.fill(0) };
  // big = σ·(unit vector); √σ·unit = big / √σ; small (unit) gets √σ.
  const root = Math.sqrt(sigma);
  for (let i = 0; i < big.length; i++) big[i] /= root;
  for (let i = 0; i < small.length; i++) small[i] *= root;
  return { u, v };
}

/**
 * Monarch's closed-form optimum: W[(i1, i0), (j1, j0)] over (i1, j0) is, for
 * each pair (i0, j1), the outer product L_{i0}[:, j1] ⊗ R_{j1}[i0, :]; the pairs
 * own disjoint parameters, so the best fit is each pair's best rank-1 (SVD).
 */
function fitMonarch(W: Matrix, o: Partial<FitOptions>, what: string): LinearOperator {
  const k = checkInt(o.blocks, `${what}: blocks`, 1, 2 ** 31 - 1);
  const t = o.lBlocks === undefined ? k : checkInt(o.lBlocks, `${what}: lBlocks`, 1, 2 ** 31 - 1);
  if (W.cols % k !== 0) throw new ShapeError(`${what}: W has ${W.cols} columns, not a multiple of blocks = ${k}`);
  if (W.rows % t !== 0) throw new ShapeError(`${what}: W has ${W.rows} rows, not a multiple of ${t} L blocks`);
  const p = W.cols / k, q = W.rows / t, n = W.cols;
  const R = newArray(W.dtype, k * t * p), L = newArray(W.dtype, t * q * k);
  for (let i0 = 0; i0 < t; i0++) {
    for (let j1 = 0; j1 < k; j1++) {
      const { u, v } = rank1(W.dtype, q, p, (i1, j0) => W.data[(i1 * t + i0) * n + j1 * p + j0]);
      for (let i1 = 0; i1 < q; i1++) L[(i0 * q + i1) * k + j1] = u[i1];
      for (let j0 = 0; j0 < p; j0++) R[(j1 * t + i0) * p + j0] = v[j0];
    }
  }
  // ‖W − M‖_F entry by entry, M's entries L·R rounded to the dtype as the kernel's toDense gives them.
  const f32 = W.dtype === 'float32';
  let num = 0, den = 0;
  for (let i1 = 0; i1 < q; i1++) for (let i0 = 0; i0 < t; i0++) {
    const row = (i1 * t + i0) * n, lrow = (i0 * q + i1) * k;
    for (let j1 = 0; j1 < k; j1++) {
      const l = L[lrow + j1], r0 = (j1 * t + i0) * p;
      for (let j0 = 0; j0 < p; j0++) {
        const w = W.data[row + j1 * p + j0], lr = l * R[r0 + j0];
        const d = w - (f32 ? Math.fround(lr) : lr);
        num += d * d;
        den += w * w;
      }
    }
  }
  const op = new MonarchOp(k, t, p, q, new Matrix(k * t, p, R), new Matrix(t * q, k, L));
  knownRelError.set(op, den === 0 ? Math.sqrt(num) : Math.sqrt(num / den));
  return op;
}

/**
 * Van Loan–Pitsianis: ‖W − A ⊗ B‖_F = ‖R(W) − vec(A)·vec(B)ᵀ‖_F with R(W)
 * the (m1·n1) × (m2·n2) rearrangement, so the best sum of r Kronecker
 * products is R(W)'s best rank r.
 */
function fitKronecker(W: Matrix, o: Partial<FitOptions>, what: string): LinearOperator {
  const bad = () => new ValueError(`${what}: shapes must be [[m1, n1], [m2, n2]] (two factors), got ${describe(o.shapes)}`);
  const shapes = readingCallerValue(`${what}: reading shapes`, () => {
    const v = o.shapes as unknown;
    if (!Array.isArray(v) || v.length !== 2) throw bad();
    return v.map((s: unknown) => {
      if (!Array.isArray(s) || s.length !== 2) throw bad();
      return [s[0], s[1]] as unknown[];
    });
  });
  const [[m1, n1], [m2, n2]] = shapes.map((s, i) => [checkInt(s[0], `${what}: shapes[${i}][0]`, 1, 2 ** 32 - 1), checkInt(s[1], `${what}: shapes[${i}][1]`, 1, 2 ** 32 - 1)]);
  if (m1 * m2 !== W.rows || n1 * n2 !== W.cols) {
    throw new ShapeError(`${what}: shapes give a ${m1 * m2}×${n1 * n2} product but W is ${W.rows}×${W.cols}`);
  }
  const r = o.rank === undefined ? 1 : checkInt(o.rank, `${what}: rank`, 1, Math.min(m1 * n1, m2 * n2));
  const rows = m1 * n1, cols = m2 * n2, n = W.cols;
  const Rw = newArray(W.dtype, rows * cols);
  for (let i = 0; i < m1; i++) for (let j = 0; j < n1; j++)
    for (let k = 0; k < m2; k++) for (let l = 0; l < n2; l++) Rw[(i * n1 + j) * cols + k * n2 + l] = W.data[(i * m2 + k) * n + j * n2 + l];
  const f = svd(new Matrix(rows, cols, Rw));
  const kk = f.U.cols;
  const terms: LinearOperator[] = [];
  for (let s = 0; s < r; s++) {
    const g = Math.sqrt(f.s[s]);
    const A = newArray(W.dtype, rows), B = newArray(W.dtype, cols);
    for (let i = 0; i < rows; i++) A[i] = f.U.data[i * kk + s] * g;
    for (let j = 0; j < cols; j++) B[j] = f.Vt.data[s * cols + j] * g;
    terms.push(new KroneckerOp([new DenseOp(new Matrix(m1, n1, A)), new DenseOp(new Matrix(m2, n2, B))]));
  }
  return terms.length === 1 ? terms[0] : new SumOp(terms);
}

/** The Frobenius projection onto Toeplitz matrices: each diagonal's mean. */
function fitToeplitz(W: Matrix): LinearOperator {
  const m = W.rows, n = W.cols;
  const c = newArray(W.dtype, m), r = newArray(W.dtype, n);
  for (let d = -(m - 1); d < n; d++) {
    let s = 0, cnt = 0;
    for (let i = Math.max(0, -d); i < m && i + d < n; i++) { s += W.data[i * n + i + d]; cnt++; }
    const mean = cnt === 0 ? 0 : s / cnt;
    if (d <= 0) c[-d] = mean;
    if (d >= 0) r[d] = mean;
  }
  return new ToeplitzOp(c, r, W.dtype);
}

/** The Frobenius projection onto circulant matrices: each wrapped diagonal's mean. */
function fitCirculant(W: Matrix, _o: Partial<FitOptions>, what: string): LinearOperator {
  const n = W.rows;
  if (W.cols !== n) throw new ShapeError(`${what}: W must be square for a circulant fit, got ${W.rows}×${W.cols}`);
  const c = newArray(W.dtype, n);
  for (let d = 0; d < n; d++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += W.data[((j + d) % n) * n + j];
    c[d] = s / n;
  }
  return new CirculantOp(c, W.dtype);
}

function fitNm(W: Matrix, o: Partial<FitOptions>, what: string): NmSparseOp {
  if (o.n === undefined || o.m === undefined) throw new ValueError(`${what}: needs n and m (e.g. { n: 2, m: 4 })`);
  return nmSparse(W, { n: o.n, m: o.m }) as NmSparseOp;
}
