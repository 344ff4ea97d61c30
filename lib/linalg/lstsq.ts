/**
 * Linear least squares min ‖A·x − b‖₂ (minimum-norm x when A is rank
 * deficient): Householder QR, sketch-and-solve, and sketch-and-precondition
 * (Blendenpik / LSRN: a sparse sign sketch S·A, its SVD as a right
 * preconditioner, LSQR on A·N). The loops are here; the flops are the QR,
 * SVD, GEMM and GEMV kernels.
 */
import { DType, FloatArray, copyInto, describe, dtypeOf, newArray, subarrayOfArray } from '../dtype';
import { ValueError } from '../errors';
import { Matrix, checkMatrix, isMatrix, leadingDim } from '../matrix';
import { gemv, gemvFused } from '../backend/core';
import { matmul } from '../dense/matmul';
import { markPrivate, withResident, withResidentWhile } from '../backend/kernel';
import { qr as qrKernel, qrAsync as qrKernelAsync, trsm } from '../backend/linalg';
import { splitSeed } from '../random/index';
import { sparseSign } from '../sketch/sparse';
import { checkAllocation, checkFinite, checkInt, checkOptions, checkSignal } from '../validate';
import { svd, svdAsync } from './svd';
import type { SvdResult } from './svd';
import { MACHINE_EPS, block, checkRhs, numericalRank, sideBySide, zeros64 } from './solve-util';
import { Work, call, mm, pause, runAsync, runSync, step } from './steps';
import { ownedData } from './common';
import { StepCounter, checkProgress } from './progress';
import type { OnProgress } from './progress';

export type LstsqMethod = 'qr' | 'sketch-solve' | 'sketch-precondition';

export interface LstsqOptions {
  /**
   * 'qr' (default): Householder QR of [A | b] (by blocks of rows when A is
   * tall, TSQR), then an SVD of the small R for the rank and the
   * minimum-norm solution; accurate as LAPACK's gelsd.
   * 'sketch-solve': the same on a sparse sign sketch S·[A | b] with 4n rows;
   * fast, but the residual is only within a small factor of optimal.
   * 'sketch-precondition': S·A (12n rows) preconditions LSQR on A itself; full
   * accuracy on tall, ill-conditioned A at a fraction of QR's flops.
   */
  method?: LstsqMethod;
  /** Seeds the sketch (an integer in [0, 2^53), default 0); unused by 'qr'. */
  seed?: number;
  /** LSQR's stopping tolerance (atol = btol; 'sketch-precondition' only): in (0, 1), default the dtype's machine epsilon. */
  tol?: number;
  /** LSQR's iteration cap per right-hand side (default 100; 'sketch-precondition' only). */
  maxIter?: number;
  /** Singular values below rcond·σ_max (of R, or of S·A) count as zero: default n·eps of the dtype. */
  rcond?: number;
  /**
   * Rows of the sparse sign sketch of the sketching methods, at least n
   * (default 4n for 'sketch-solve'; min(12n, max(4n, m)) for
   * 'sketch-precondition'). More rows: a better preconditioner (LSQR's rate is about
   * √(n/rows) per iteration) and a closer sketch-and-solve residual, at the
   * cost of a larger SVD.
   */
  sketchRows?: number;
  /** Cancels an lstsqAsync that has not finished. */
  signal?: AbortSignal;
}

export interface LstsqAsyncOptions extends LstsqOptions {
  /**
   * Called as each heavy step starts, with `{ done, total, stage }`, and once
   * at the end with done === total, stage 'done'. The steps: 'qr': the QR of
   * [A | b], the SVD of R, the residual (3). 'sketch-solve': the sketch, then
   * as 'qr' (4). 'sketch-precondition': the sketch, the QR of the sketch,
   * the LSQR iterations, the residual. For one right-hand side, one step per
   * LSQR iteration: `total` counts them up to `maxIter` and shrinks when LSQR
   * converges sooner (typically 25–30 of the default 100), so the bar jumps
   * at the end. For r > 1 columns of b, one step per column (r + 3 in all),
   * whose rate predicts the rest. What the callback throws rejects the call.
   * lstsq refuses this option.
   * @example
   * await linalg.lstsqAsync(A, b, { method: 'sketch-precondition', onProgress: (p) => console.log(p.stage, p.done, p.total) });
   */
  onProgress?: OnProgress;
}

export interface LstsqResult<X extends FloatArray | Matrix> {
  /** The minimum-norm least squares solution: a vector of length n for a vector b, else an n × r Matrix (A's dtype). */
  x: X;
  /** ‖b − A·x‖₂ (recomputed from x in float64): a number for a vector b, else one per column. */
  residualNorm: X extends Matrix ? Float64Array : number;
  /** LSQR iterations (the most over the columns of b); 0 for 'qr' and 'sketch-solve'. */
  iterations: number;
  /** The numerical rank found (of A for 'qr', of S·A for the sketching methods). */
  rank: number;
}

const METHODS: readonly LstsqMethod[] = ['qr', 'sketch-solve', 'sketch-precondition'];

interface Plan {
  what: string; A: Matrix; B: Matrix; vector: boolean; method: LstsqMethod;
  seed: number; tol: number; maxIter: number; rcond: number; sketchRows: number; signal?: AbortSignal; progress: StepCounter;
}

function plan(what: string, A: unknown, b: unknown, options: unknown, async: boolean, copyA = async): Plan {
  const keys: (keyof LstsqAsyncOptions)[] = ['method', 'seed', 'tol', 'maxIter', 'rcond', 'sketchRows'];
  const o = checkOptions<LstsqAsyncOptions>(options, what, async ? [...keys, 'signal', 'onProgress'] : keys, async ? undefined : `${what}Async`);
  const method = o.method ?? 'qr';
  if (!METHODS.includes(method)) throw new ValueError(`${what}: method must be 'qr', 'sketch-solve' or 'sketch-precondition', got ${describe(method)}`);
  const seed = o.seed ?? 0;
  splitSeed(seed, what);
  const tol = o.tol === undefined ? undefined : checkFinite(o.tol, `${what}: tol`);
  if (tol !== undefined && !(tol > 0 && tol < 1)) throw new ValueError(`${what}: tol must be in (0, 1), got ${tol}`);
  const maxIter = o.maxIter === undefined ? 100 : checkInt(o.maxIter, `${what}: maxIter`, 1, 1e6);
  const rcond = o.rcond === undefined ? undefined : checkFinite(o.rcond, `${what}: rcond`);
  if (rcond !== undefined && !(rcond >= 0 && rcond < 1)) throw new ValueError(`${what}: rcond must be in [0, 1), got ${rcond}`);
  const signal = async ? checkSignal(o.signal, what) : undefined;
  const onProgress = checkProgress(o.onProgress, what);
  const rows = o.sketchRows === undefined ? undefined : checkInt(o.sketchRows, `${what}: sketchRows`, 1, 2 ** 32 - 1);
  let a = checkMatrix(A, `${what}: A`);
  const rhs = checkRhs(what, a, b);
  if (rows !== undefined && rows < a.cols) throw new ValueError(`${what}: sketchRows = ${rows} is less than n = ${a.cols}: the sketch would lose directions of A`);
  // Defaults: 4n for sketch-solve (Blendenpik's size); for sketch-precondition 12n (capped by max(4n, m)):
  // each LSQR iteration is a pass over A, and at 12n they drop from ~45 to ~26 on cond 1e8 for a
  // slightly larger SVD of S·A (bench/lstsq.mjs: 100000 × 200, 3.9 s at 4n, 2.3 s at 12n).
  const n = a.cols;
  const sketchRows = rows ?? (method === 'sketch-precondition' ? Math.min(12 * n, Math.max(4 * n, a.rows)) : 4 * n);
  checkAllocation(sketchRows, a.cols + rhs.B.cols, what);
  const eps = MACHINE_EPS[a.dtype];
  // lstsqAsync works on its own copy: the caller may change A while it waits.
  if (copyA) a = new Matrix(a.rows, a.cols, markPrivate(ownedData(a)));
  const B = rhs.vector ? rhs.B : new Matrix(rhs.B.rows, rhs.B.cols, ownedData(rhs.B));
  // The heavy steps (see LstsqAsyncOptions.onProgress): LSQR's iterations counted up to the cap.
  const steps = method === 'qr' ? 3 : method === 'sketch-solve' ? 4 : 3 + (B.cols > 1 ? B.cols : maxIter);
  return {
    what, A: a, B, vector: rhs.vector, method, seed, maxIter, signal,
    tol: tol ?? eps, rcond: rcond ?? Math.max(a.cols, 1) * eps, sketchRows, progress: new StepCounter(onProgress, steps),
  };
}

interface Solved { X: Matrix; rank: number; iterations: number }

function* solve(p: Plan): Work<LstsqResult<FloatArray | Matrix>> {
  const { A, B } = p;
  const m = A.rows, n = A.cols, r = B.cols;
  let s: Solved;
  if (m === 0 || n === 0 || r === 0) s = { X: new Matrix(n, r, newArray(A.dtype, n * r)), rank: 0, iterations: 0 };
  // sketch-precondition sees a NaN or Inf of A in S·A (every row of A lands in 8 rows of it), a cheaper scan.
  else if (!allFinite(B) || (p.method !== 'sketch-precondition' && !allFinite(A))) {
    return notFinite(p);
  }
  else if (p.method === 'qr') s = yield* minimumNorm(sideBySide(A, B), n, p);
  else if (p.method === 'sketch-solve') {
    p.progress.begin('sketch (S·[A | b])');
    const S = sparseSign({ k: p.sketchRows, n: m, seed: p.seed });
    s = yield* minimumNorm(S.apply(sideBySide(A, B)), n, p);
  } else {
    const pre = yield* preconditioned(p);
    if (pre === undefined) return notFinite(p);
    s = pre;
  }
  const residualNorm = yield* residuals(A, s.X, B, p.progress);
  const x = p.vector ? s.X.data : s.X;
  return { x, residualNorm: (p.vector ? residualNorm[0] : residualNorm) as never, iterations: s.iterations, rank: s.rank };
}

/** As linalg.svd: NaN everywhere (LSQR's recurrences would otherwise turn Inf into NaN halfway). */
function notFinite(p: Plan): LstsqResult<FloatArray | Matrix> {
  const n = p.A.cols, r = p.B.cols;
  const X = new Matrix(n, r, newArray(p.A.dtype, n * r).fill(NaN));
  return { x: p.vector ? X.data : X, residualNorm: (p.vector ? NaN : zeros64(r).fill(NaN)) as never, iterations: 0, rank: 0 };
}

function allFinite(M: Matrix): boolean {
  for (let i = 0; i < M.rows; i++) {
    for (let j = 0; j < M.cols; j++) if (!Number.isFinite(M.data[i * M.rowStride + j])) return false;
  }
  return true;
}

/**
 * ‖B − A·X‖ per column, in float64. A·X by blocks of rows (~4 MiB of A),
 * with a turn of the event loop between blocks when driven async: it reads A
 * once, and an async product would copy A first (the caller may change it
 * while a kernel runs), which at 100000 × 200 cost more than the product.
 */
function* residuals(A: Matrix, X: Matrix, B: Matrix, progress: StepCounter): Work<Float64Array> {
  const m = A.rows, n = A.cols, r = B.cols;
  const ssq = zeros64(r);
  if (n === 0 || m === 0 || r === 0) {
    for (let j = 0; j < r; j++) for (let i = 0; i < m; i++) ssq[j] += B.data[i * B.rowStride + j] ** 2;
    return ssq.map(Math.sqrt);
  }
  progress.begin('residual');
  const mb = Math.max(64, Math.floor((4 << 20) / (n * A.data.BYTES_PER_ELEMENT)));
  for (let i0 = 0; i0 < m; i0 += mb) {
    if (i0 > 0) yield* call(pause);
    const rows = Math.min(mb, m - i0);
    const AX = matmul(A.rowsView(i0, i0 + rows), X);
    for (let j = 0; j < r; j++) {
      let s = 0;
      for (let i = 0; i < rows; i++) {
        const d = B.data[(i0 + i) * B.rowStride + j] - AX.data[i * r + j];
        s += d * d;
      }
      ssq[j] += s;
    }
  }
  return ssq.map(Math.sqrt);
}

/** An SVD as a step (svdAsync off the event loop). */
const svdStep = (M: Matrix) => step<SvdResult>(() => svd(M), (signal) => svdAsync(M, { signal }));

/**
 * The minimum-norm solution of min ‖A·X − B‖ from F = [A | B] (rows × (n + r),
 * contiguous, owned: factored in place). QR of F leaves [R | C] with
 * C = Qᵀ·B on its top min(rows, n) rows, and ‖A·X − B‖² = ‖R·X − C‖² + const,
 * so X solves the small problem. Unpivoted QR does not reveal rank on R's
 * diagonal (a duplicated column can leave a zero R_jj with nonzeros right
 * of it), so the small problem is solved through the SVD of R: its cost,
 * O(n³), is small beside the QR's O(rows·n²), and it gives the rank and the
 * minimum-norm solution directly.
 */
function* minimumNorm(F: Matrix, n: number, p: Plan): Work<Solved> {
  const r = F.cols - n;
  if (Math.min(F.rows, n) === 0) return { X: new Matrix(n, r, newArray(F.dtype, n * r)), rank: 0, iterations: 0 };
  p.progress.begin(p.method === 'qr' ? 'QR of [A | b]' : 'QR of the sketch');
  const { R, C } = yield* qrSideBySide(F, n, p.what);
  p.progress.begin('SVD of R');
  const { U, s, Vt } = yield* call(svdStep(R));
  const rank = numericalRank(s, p.rcond);
  return { X: yield* pseudoSolve(U, s, Vt, C, rank), rank, iterations: 0 };
}

/**
 * QR of F = [A | B] (rows × (n + r), contiguous, owned: factored in place):
 * R (k × n, upper triangular, k = min(rows, n)) and C = Qᵀ·B (k × r), its top rows.
 * A tall F goes by blocks of rows (tallR): the same R and C up to the signs
 * of R's rows, which C shares.
 */
function* qrSideBySide(F: Matrix, n: number, what: string): Work<{ R: Matrix; C: Matrix }> {
  const rows = F.rows, w = F.cols, k = Math.min(rows, n);
  const mb = tallBlockRows(w, F.data.BYTES_PER_ELEMENT);
  const top = rows >= 4 * mb ? yield* tallR(F, mb, what) : new Matrix(rows, w, yield* factorInPlace(F.data, rows, w, what));
  const R = block(top, k, 0, n);
  for (let i = 1; i < k; i++) R.data.fill(0, i * n, i * n + Math.min(i, n)); // the reflectors below the diagonal
  return { R, C: block(top, k, n, w - n) };
}

/** Householder QR of the rows × w block `data` in place (R in its top rows, reflectors below). */
function* factorInPlace(data: FloatArray, rows: number, w: number, what: string): Work<FloatArray> {
  return yield* call(step<FloatArray>(
    () => { qrKernel(rows, w, data, newArray(dtypeOf(data), Math.min(rows, w)), what); return data; },
    async (signal) => (await qrKernelAsync(rows, w, data, what, signal)).F,
  ));
}

/**
 * Rows per block of a tall QR: about 8 MiB of F, so a block stays in L3
 * while its Householder panels sweep it (a panel of the whole 100000 × 201 F
 * streams from memory at every column), and at least 2w rows, so a block's
 * R is a small part of it. 100000 × 200 f64 (bench/lstsq.mjs, Zen 5): 1.0 s
 * in one piece, 0.48 s by blocks of 8 MiB (0.49 at 4, 0.52 at 2, 0.62 at 1);
 * NumPy's LAPACK 0.66 s.
 */
function tallBlockRows(w: number, bytesPerElement: number): number {
  return Math.max(2 * w, Math.floor((8 << 20) / Math.max(1, w * bytesPerElement)));
}

/**
 * The R factor of a tall F (TSQR, Demmel et al. 2012, one level): each block
 * of mb rows factored in place, the blocks' R factors stacked, the stack
 * factored. As stable as Householder on the whole; the top w rows of the
 * result are F's R (row signs aside). Exported for its test. @internal
 */
export function* tallR(F: Matrix, mb: number, what: string): Work<Matrix> {
  const rows = F.rows, w = F.cols, blocks = Math.ceil(rows / mb);
  const S = newArray(F.dtype, blocks * w * w);
  for (let b = 0; b < blocks; b++) {
    const r0 = b * mb, r1 = Math.min(rows, r0 + mb), h = Math.min(r1 - r0, w);
    const f = yield* factorInPlace(subarrayOfArray(F.data, r0 * w, r1 * w), r1 - r0, w, what);
    // Its R: the upper triangle (trapezoid for a short last block) of the top rows.
    for (let i = 0; i < h; i++) copyInto(S, subarrayOfArray(f, i * w + i, (i + 1) * w), (b * w + i) * w + i);
  }
  return new Matrix(blocks * w, w, yield* factorInPlace(S, blocks * w, w, what));
}

/** V_rank·diag(1/s)·U_rankᵀ·C (n × r). */
function* pseudoSolve(U: Matrix, s: Float64Array, Vt: Matrix, C: Matrix, rank: number): Work<Matrix> {
  const n = Vt.cols, r = C.cols;
  if (rank === 0) return new Matrix(n, r, newArray(C.dtype, n * r));
  const W = yield* call(mm(U, C, { transA: true }));
  const Wr = new Matrix(rank, r, W.data.slice(0, rank * r));
  for (let i = 0; i < rank; i++) for (let j = 0; j < r; j++) Wr.data[i * r + j] /= s[i];
  const Vr = new Matrix(rank, n, subarrayOfArray(Vt.data, 0, rank * n));
  return yield* call(mm(Vr, Wr, { transA: true }));
}

/**
 * Sketch-and-precondition (Blendenpik, with LSRN's SVD where rank is in
 * doubt). S is a sparse sign of d rows (default 12n); QR of [S·A | S·B]
 * gives S·A = Q·R and C = Qᵀ·S·B in one factorization of a small matrix.
 * - R safely nonsingular (every |R_jj| above 10³·n·eps·max|R_jj|): N = R⁻¹,
 *   applied by triangular solves. A·N is well conditioned (singular values
 *   in about [1/(1 + √(n/d)), 1/(1 − √(n/d))]) whatever A's condition.
 * - Otherwise (rank deficiency shows as a tiny R_jj): R = U·Σ·Vᵀ and
 *   N = V_r·Σ_r⁻¹ over the singular values above the cutoff, so range(N) =
 *   range(Aᵀ) and LSQR from y = 0 gives the minimum-norm x = N·y.
 * LSQR on min ‖A·N·y − b‖ starts from the sketch-and-solve answer (y₀ = C,
 * or U_rᵀ·C), which lies in range(N) too. The QR replaced an SVD of S·A
 * here: a quarter of the setup's time at 100000 × 200 (the SVD's Jacobi
 * sweeps on R were 40 ms of it), and only rank-deficient input pays for one.
 */
function* preconditioned(p: Plan): Work<Solved | undefined> {
  const { A, B } = p;
  const n = A.cols, nrhs = B.cols, dtype = A.dtype, progress = p.progress;
  progress.begin('sketch (S·A)');
  const S = sparseSign({ k: p.sketchRows, n: A.rows, seed: p.seed });
  const SA = S.apply(A);
  if (!allFinite(SA)) return undefined; // A has a NaN or ±Inf (or overflows in the sketch)
  const d = SA.rows;
  // One step for the preconditioner, its SVD (when rank is in doubt) included: small beside the QR.
  progress.begin('QR of the sketch');
  const { R, C } = yield* qrSideBySide(sideBySide(SA, S.apply(B)), n, p.what);
  const X = new Matrix(n, nrhs, newArray(dtype, n * nrhs));
  let op: Preconditioned, W: Matrix;
  if (d >= n && safelyNonsingular(R, dtype)) {
    op = { A, lda: leadingDim(A), rank: n, N: R.data, triangular: true, t: newArray(dtype, n), z: newArray(dtype, n) };
    W = C;
  } else {
    const { U, s, Vt } = yield* call(svdStep(R));
    const rank = numericalRank(s, p.rcond);
    // What the sketch drops must be A's null space. A sketch of few rows can
    // fold directions of A together (the fuzz met a 2 × 2 A whose 8-row
    // sparse sign had opposite columns: S·A of rank 1); then QR decides.
    if (rank < n && (yield* losesDirections(A, Vt, rank, p.rcond))) return yield* minimumNorm(sideBySide(A, B), n, { ...p, method: 'qr' });
    if (rank === 0) {
      progress.fewer(nrhs > 1 ? nrhs : p.maxIter);
      return { X, rank, iterations: 0 };
    }
    // N (n × rank) = V_r·diag(1/σ).
    const N = newArray(dtype, n * rank);
    for (let i = 0; i < rank; i++) for (let j = 0; j < n; j++) N[j * rank + i] = Vt.data[i * n + j] / s[i];
    op = { A, lda: leadingDim(A), rank, N, triangular: false, t: newArray(dtype, n), z: newArray(dtype, n) };
    W = yield* call(mm(U, C, { transA: true }));
  }
  const rank = op.rank;
  let iterations = 0;
  const m = A.rows;
  const u = newArray(dtype, m), v = newArray(dtype, rank), y0 = newArray(dtype, rank), yd = newArray(dtype, rank);
  for (let j = 0; j < nrhs; j++) {
    // One b: a step per LSQR iteration (up to the cap). Several: a step per column, whose
    // rate predicts the rest (columns converge in similar counts, far below the cap).
    if (nrhs > 1) progress.begin(`LSQR, column ${j + 1}/${nrhs}`);
    for (let i = 0; i < rank; i++) y0[i] = W.data[i * nrhs + j];
    // One pass over A starts LSQR on the correction: u = (A·N·y₀ − b)/β = −r₀/β, v = (A·N)ᵀ·u; then flip both signs.
    for (let i = 0; i < m; i++) u[i] = B.data[i * B.rowStride + j];
    const beta = bidiagonalStep(op, y0, 1, u, v, p.what);
    for (let i = 0; i < m; i++) u[i] = -u[i];
    for (let i = 0; i < rank; i++) v[i] = -v[i];
    const { y, iters } = yield* lsqr(op, u, beta, v, p, nrhs > 1 ? () => {} : (i) => progress.begin(`LSQR iteration ${i}/${p.maxIter}`));
    if (nrhs === 1) progress.fewer(p.maxIter - iters); // converged before the cap
    iterations = Math.max(iterations, iters);
    for (let i = 0; i < rank; i++) yd[i] = y0[i] + y[i];
    applyN(op, yd, op.t, p.what);
    for (let i = 0; i < n; i++) X.data[i * nrhs + j] = op.t[i];
  }
  return { X, rank: op.rank, iterations };
}

/**
 * Whether A moves a direction the sketch's R dropped (rows rank.. of R's Vt):
 * ‖A·v‖ above 100·rcond·‖A‖_F, far above the rounding a true null direction
 * of A leaves. One product with A, only when the sketch looks rank-deficient.
 */
function* losesDirections(A: Matrix, Vt: Matrix, rank: number, rcond: number): Work<boolean> {
  const n = A.cols, drop = n - rank;
  const V = new Matrix(n, drop, newArray(A.dtype, n * drop));
  for (let j = 0; j < drop; j++) for (let i = 0; i < n; i++) V.data[i * drop + j] = Vt.data[(rank + j) * n + i];
  const AV = yield* call(mm(A, V));
  let frob = 0;
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < n; j++) frob += A.data[i * A.rowStride + j] ** 2;
  const limit = 100 * rcond * Math.sqrt(frob);
  for (let j = 0; j < drop; j++) {
    let ss = 0;
    for (let i = 0; i < A.rows; i++) ss += AV.data[i * drop + j] ** 2;
    if (Math.sqrt(ss) > limit) return true;
  }
  return false;
}

/** Every |R_jj| above 10³·n·eps·max|R_jj|: R⁻¹ is a safe preconditioner (see preconditioned). */
function safelyNonsingular(R: Matrix, dtype: DType): boolean {
  const n = R.cols;
  let lo = Infinity, hi = 0;
  for (let j = 0; j < n; j++) {
    const v = Math.abs(R.data[j * n + j]);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi > 0 && lo > 1e3 * n * MACHINE_EPS[dtype] * hi;
}

/**
 * The preconditioner N: R⁻¹ (triangular, n × n, applied by solves) or
 * V_r·Σ_r⁻¹ (dense, n × rank). t, z: scratch of n entries.
 */
interface Preconditioned { A: Matrix; lda: number; N: FloatArray; rank: number; triangular: boolean; t: FloatArray; z: FloatArray }

/** out (n) = N·v (v: rank entries). */
function applyN(op: Preconditioned, v: FloatArray, out: FloatArray, what: string): void {
  const n = op.A.cols;
  if (!op.triangular) return gemv(false, n, op.rank, 1, op.N, op.rank, v, 1, 0, out, 1, what);
  out.set(v.subarray(0, n));
  trsm(false, false, false, n, 1, op.N, n, out, what);
}

/** out (rank) = Nᵀ·z (z: n entries). */
function applyNt(op: Preconditioned, z: FloatArray, out: FloatArray, what: string): void {
  const n = op.A.cols;
  if (!op.triangular) return gemv(true, n, op.rank, 1, op.N, op.rank, z, 1, 0, out, 1, what);
  out.set(z.subarray(0, n));
  trsm(false, true, false, n, 1, op.N, n, out, what);
}

/**
 * One Golub–Kahan step on A·N in one pass over A (skm_gemv_fused): u ←
 * A·N·v − α·u, β = ‖u‖, u ← u/β, out = Nᵀ·Aᵀ·u. The normalization is
 * deferred (Aᵀ·(u/β) = (Aᵀ·u)/β), so each group of rows is read once for
 * both products: LSQR on a tall A is bound by memory, and this halves the
 * traffic. Returns β.
 */
function bidiagonalStep(op: Preconditioned, v: FloatArray, alpha: number, u: FloatArray, out: FloatArray, what: string): number {
  const { A, t, z, lda } = op;
  const m = A.rows, n = A.cols;
  applyN(op, v, t, what);
  const beta = Math.sqrt(gemvFused(m, n, A.data, lda, t, -alpha, u, z, what));
  if (beta > 0) {
    for (let i = 0; i < m; i++) u[i] /= beta;
    for (let j = 0; j < n; j++) z[j] /= beta;
  }
  applyNt(op, z, out, what);
  return beta;
}

function norm2(v: ArrayLike<number>, len: number): number {
  let scale = 0, ssq = 1;
  for (let i = 0; i < len; i++) {
    const x = Math.abs(v[i]);
    if (x === 0) continue;
    if (scale < x) { ssq = 1 + ssq * (scale / x) ** 2; scale = x; } else ssq += (x / scale) ** 2;
  }
  return scale * Math.sqrt(ssq);
}

/**
 * LSQR (Paige & Saunders 1982) on the operator A·N from y = 0, started by
 * the caller: u = rhs/β (unit, overwritten), β = ‖rhs‖, v = (A·N)ᵀ·u (overwritten). Stops when ‖r‖ ≤ tol·(‖b‖ + ‖A·N‖·‖y‖)
 * (a consistent system) or ‖(A·N)ᵀr‖ ≤ tol·‖A·N‖·‖r‖ (a least squares
 * optimum), with LSQR's own estimates of these norms, or after maxIter.
 * The y update runs in float64; the products in A's dtype.
 */
function* lsqr(op: Preconditioned, u: FloatArray, beta: number, v: FloatArray, p: Plan, onIteration: (i: number) => void): Work<{ y: Float64Array; iters: number }> {
  const { tol, maxIter, what } = p, dtype = p.A.dtype;
  const r = op.rank;
  const y = zeros64(r);
  if (beta === 0) return { y, iters: 0 };
  const Atu = newArray(dtype, r);
  let alpha = norm2(v, r);
  if (alpha === 0) return { y, iters: 0 };
  for (let i = 0; i < r; i++) v[i] /= alpha;
  const w = Float64Array.from(v);
  const bnorm = beta;
  let phibar = beta, rhobar = alpha, anorm = 0, iters = 0;
  while (iters < maxIter) {
    iters++;
    onIteration(iters);
    beta = bidiagonalStep(op, v, alpha, u, Atu, what);
    anorm = Math.hypot(anorm, alpha, beta);
    for (let i = 0; i < r; i++) v[i] = Atu[i] - beta * v[i];
    alpha = norm2(v, r);
    if (alpha > 0) for (let i = 0; i < r; i++) v[i] /= alpha;
    const rho = Math.hypot(rhobar, beta), c = rhobar / rho, sn = beta / rho;
    const theta = sn * alpha;
    rhobar = -c * alpha;
    const phi = c * phibar;
    phibar = sn * phibar;
    const t1 = phi / rho, t2 = -theta / rho;
    for (let i = 0; i < r; i++) {
      y[i] += t1 * w[i];
      w[i] = v[i] + t2 * w[i];
    }
    const rnorm = phibar, arnorm = phibar * alpha * Math.abs(c);
    const ynorm = norm2(y, r);
    if (rnorm <= tol * (bnorm + anorm * ynorm)) break;
    if (rnorm === 0 || arnorm <= tol * anorm * rnorm) break;
    yield* call(pause);
  }
  return { y, iters };
}

/**
 * The least squares solution of A·x ≈ b: the x minimizing ‖A·x − b‖₂, and
 * of those the one of least norm (A may be rank deficient: blank or
 * duplicated columns are normal input).
 *
 * A is m × n (any shape); b is a vector of length m or an m × r Matrix of
 * right-hand sides, of A's dtype. x has A's dtype: a vector of length n, or
 * an n × r Matrix. Directions with a singular value at or below
 * rcond·σ_max (default n·eps) are dropped: a cutoff of eps alone would keep
 * rounding noise and miss the optimal residual on rank-deficient data.
 *
 * What the methods give (f64, the defaults):
 * - 'qr' (default): backward stable, as LAPACK's gelsd; forward error about
 *   eps·(κ + κ²·‖r‖/(‖A‖‖x‖)).
 * - 'sketch-solve': one QR of a 4n × n sketch; its residual is within a
 *   small factor (≲ 1.5 in tests) of optimal, x only roughly right. A first guess.
 * - 'sketch-precondition': LSQR preconditioned by the sketch (typically
 *   25–30 iterations to eps with the default 12n rows); forward error
 *   within 10·eps·(κ + κ²‖r‖/(‖A‖‖x‖)), though less far inside it than
 *   'qr' (the products A·N·v round at about eps·κ). Each iteration is one
 *   pass over A (A·t and Aᵀ·u through the GEMV, by row blocks).
 * Seeded methods give the same x for the same seed on every backend, to rounding.
 * A NaN or infinite entry in A or b gives NaN in x and residualNorm (rank 0), as linalg.svd.
 *
 * @throws ShapeError if b's length or rows differ from m. @throws DTypeError if A and b differ in dtype.
 * @throws ValueError for a bad method, seed, tol, maxIter, rcond or options, A or b not a Matrix/vector.
 * @example
 * const { x, residualNorm } = linalg.lstsq(A, b);
 * const fast = linalg.lstsq(A, b, { method: 'sketch-precondition', seed: 1 });
 */
export function lstsq<X extends FloatArray | Matrix>(A: Matrix, b: X, options?: LstsqOptions): LstsqResult<X>;
export function lstsq(A: Matrix, b: FloatArray | Matrix, options?: LstsqOptions): LstsqResult<FloatArray | Matrix> {
  // LSQR reads A at every iteration: held by the backend once for all of them.
  return withResident(isMatrix(A) ? [A.data] : [], () => runSync(solve(plan('lstsq', A, b, options, false))));
}

/**
 * lstsq off the event loop (its QR and SVD on the backend's worker; the
 * LSQR iterations yield to the event loop between them), on its own copies
 * of A and b. `onProgress` hears of each step as it starts (see
 * {@link LstsqAsyncOptions.onProgress}).
 * @throws as lstsq, as a rejected Promise; AbortError when `signal` fires first; whatever `onProgress` throws.
 * @example
 * const { x } = await linalg.lstsqAsync(A, b, { method: 'sketch-precondition', signal });
 */
export function lstsqAsync<X extends FloatArray | Matrix>(A: Matrix, b: X, options?: LstsqAsyncOptions): Promise<LstsqResult<X>>;
export function lstsqAsync(A: Matrix, b: FloatArray | Matrix, options?: LstsqAsyncOptions): Promise<LstsqResult<FloatArray | Matrix>> {
  return lstsqAsyncOf(A, b, options, true);
}

/**
 * lstsqAsync, copying A or not: the CLI hands over a matrix it read from a
 * file and never touches again, which need not be held twice. @internal
 */
export async function lstsqAsyncOf<X extends FloatArray | Matrix>(A: Matrix, b: X, options: LstsqAsyncOptions | undefined, copyA: boolean): Promise<LstsqResult<X>> {
  const p = plan('lstsqAsync', A, b, options, true, copyA);
  // Its own copy of A, held for the passes over it on the event loop (LSQR, the residual), as lstsq holds A.
  const result = await withResidentWhile([p.A.data], () => runAsync(solve(p), p.signal, p.what));
  p.progress.finish();
  return result as LstsqResult<X>;
}
