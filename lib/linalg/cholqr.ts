/**
 * CholeskyQR2 and shifted CholeskyQR3 (Fukaya, Nakatsukasa, Yanagisawa &
 * Yamamoto 2014/2020) for tall m × n matrices: the flops are two GEMMs per
 * pass (the n × n Gram YᵀY and Y·R⁻¹), plus a Cholesky and a triangular
 * inverse of n × n, so on a tall-skinny panel it runs at GEMM speed where
 * Householder runs at panel (matrix-vector) speed.
 *
 * One pass (Y = Q·R with RᵀR = YᵀY) loses orthogonality like κ(Y)²·eps; the
 * second pass on an already nearly orthonormal Q restores it to O(eps) when
 * κ(Y) < ~1/√eps (~4000 in float32, ~7e7 in float64). Beyond that the Gram
 * is not numerically positive definite: the first pass is retried with the
 * shift s = 11(mn + n(n+1))·eps·‖Y‖²_F on the Gram's diagonal, which makes
 * it positive definite for κ(Y) up to ~1/eps, and two unshifted passes follow
 * (CholeskyQR3). When even that fails (numerically rank-deficient Y, NaN),
 * the callers fall back to Householder QR.
 */
import { newArray } from '../dtype';
import type { DType, FloatArray } from '../dtype';
import { Matrix } from '../matrix';
import { cholesky as choleskyKernel, trsm } from '../backend/linalg';
import { call, mm, runAsync, runSync } from './steps';
import type { Work } from './steps';

/** Unit roundoff of a dtype. */
const epsOf = (dtype: DType): number => (dtype === 'float32' ? 2 ** -24 : 2 ** -53);

/** The Cholesky factor L (lower; upper triangle left as is) of the Gram g (n × n, in place), shifted first; false when not positive definite. */
function factorGram(g: FloatArray, m: number, n: number, dtype: DType, shift: boolean, what: string): boolean {
  if (shift) {
    let trace = 0;
    for (let i = 0; i < n; i++) trace += g[i * n + i];
    const s = 11 * (m * n + n * (n + 1)) * epsOf(dtype) * trace;
    for (let i = 0; i < n; i++) g[i * n + i] += s;
  }
  return choleskyKernel(true, n, g, what) === 0;
}

/** R⁻¹ = L⁻ᵀ (upper triangular) by one triangular solve against I; null if not finite. Q = Y·R⁻¹ is then a GEMM (a TRSM from the right would need Y transposed). */
function inverseOfR(L: FloatArray, n: number, dtype: DType, what: string): Matrix | null {
  const Rinv = newArray(dtype, n * n);
  for (let i = 0; i < n; i++) Rinv[i * n + i] = 1;
  trsm(true, true, false, n, n, L, n, Rinv, what);
  for (let i = 0; i < n * n; i++) if (!Number.isFinite(Rinv[i])) return null;
  return new Matrix(n, n, Rinv);
}

/** One pass: Q = Y·R⁻¹ with R = Lᵀ, L the Cholesky factor of YᵀY (+ shift). null when the Gram is not positive definite. The two GEMMs are steps (off the event loop when driven async); the n × n factorizations are small. */
function* pass(Y: Matrix, shift: boolean, what: string): Work<Pass | null> {
  const n = Y.cols;
  const g = (yield* call(mm(Y, Y, { transA: true }))).data;
  const off = offIdentity(g, n);
  if (!factorGram(g, Y.rows, n, Y.dtype, shift, what)) return null;
  const Rinv = inverseOfR(g, n, Y.dtype, what);
  return Rinv === null ? null : { Q: yield* call(mm(Y, Rinv)), L: g, off };
}

/** What a pass gives: Q, the factor L (R = Lᵀ), and max |YᵀY − I| of its input (how far from orthonormal Y was). */
interface Pass { Q: Matrix; L: FloatArray; off: number }

function offIdentity(g: FloatArray, n: number): number {
  let off = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) off = Math.max(off, Math.abs(g[i * n + j] - (i === j ? 1 : 0)));
  return off;
}

/** R_new = Lᵀ·R (both n × n upper triangular; L's upper triangle is not read). */
function chain(L: FloatArray, R: FloatArray, n: number): FloatArray {
  const out = newArray(R instanceof Float32Array ? 'float32' : 'float64', n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let t = i; t <= j; t++) s += L[t * n + i] * R[t * n + j];
      out[i * n + j] = s;
    }
  }
  return out;
}

/**
 * Y = Q·R by CholeskyQR2 (shifted CholeskyQR3 when the Gram is not
 * positive definite): Q m × n with orthonormal columns, R n × n upper
 * triangular with a positive diagonal. Y must be tall (m ≥ n ≥ 1), contiguous
 * or not. null when Y is numerically rank-deficient (or not finite): use
 * Householder then. As steps (steps.ts), for drivers that run it either way.
 */
export function* choleskyQr2Work(Y: Matrix, what: string): Work<{ Q: Matrix; R: Matrix } | null> {
  const n = Y.cols;
  let first = yield* pass(Y, false, what);
  let extra = 1;
  if (first === null) {
    first = yield* pass(Y, true, what);
    extra = 2;
    if (first === null) return null;
  }
  let { Q } = first;
  let R = newArray(Y.dtype, n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) R[i * n + j] = first.L[j * n + i];
  // A pass squares the distance from orthonormality (roughly ‖QᵀQ − I‖ ←
  // κ²·eps); when the input of the last pass was still far off (κ near
  // 1/√eps), one more pass, at most two more: then Householder.
  for (let e = 0; e < extra + 2; e++) {
    const next = yield* pass(Q, false, what);
    if (next === null) return null;
    R = chain(next.L, R, n);
    Q = next.Q;
    if (e + 1 >= extra && next.off < 1e-2) return { Q, R: new Matrix(n, n, R) };
  }
  return null;
}

/** choleskyQr2Work on the event loop. */
export function choleskyQr2(Y: Matrix, what: string): { Q: Matrix; R: Matrix } | null {
  return runSync(choleskyQr2Work(Y, what));
}

/** choleskyQr2Work off the event loop, with { signal }. */
export function choleskyQr2Async(Y: Matrix, what: string, signal?: AbortSignal): Promise<{ Q: Matrix; R: Matrix } | null> {
  return runAsync(choleskyQr2Work(Y, what), signal, what);
}

/**
 * A basis of span(Y) by one CholeskyQR pass, for the power iterations of the
 * randomized range finder: like scikit-learn's LU there, it only has to keep
 * the columns from collapsing onto the top singular vector, not to be
 * orthonormal to eps. null when the Gram is not positive definite.
 */
export function* choleskyBasisWork(Y: Matrix, what: string): Work<Matrix | null> {
  return (yield* pass(Y, false, what))?.Q ?? null;
}
