/**
 * Slow, obviously-correct float64 references for the least squares family
 * (test/linalg-solve.test.ts): an orthonormal basis of range(A) by modified
 * Gram–Schmidt (twice, dropping columns that are numerically in the span of
 * the earlier ones), hence the optimal residual; row norms of that basis
 * (leverage scores); and the normal-equations solution of small, well
 * conditioned problems.
 */
import type { Dense } from './linalg';

/** Columns of an orthonormal basis of range(A) (each an m-vector), dropping dependent columns (relative tol). */
export function rangeBasis(A: Dense, n: number, tol = 1e-10): number[][] {
  const m = A.length;
  const basis: number[][] = [];
  let big = 0;
  for (let j = 0; j < n; j++) big = Math.max(big, Math.hypot(...A.map((r) => r[j])));
  for (let j = 0; j < n; j++) {
    const q = A.map((r) => r[j]);
    for (let pass = 0; pass < 2; pass++) {
      for (const e of basis) {
        let d = 0;
        for (let i = 0; i < m; i++) d += e[i] * q[i];
        for (let i = 0; i < m; i++) q[i] -= d * e[i];
      }
    }
    const nq = Math.hypot(...q);
    if (nq > tol * big && nq > 0) basis.push(q.map((x) => x / nq));
  }
  return basis;
}

/** min_x ‖A·x − b‖: the norm of b's component outside range(A). */
export function optimalResidual(A: Dense, n: number, b: number[], tol?: number): number {
  const r = b.slice();
  for (const e of rangeBasis(A, n, tol)) {
    let d = 0;
    for (let i = 0; i < r.length; i++) d += e[i] * r[i];
    for (let i = 0; i < r.length; i++) r[i] -= d * e[i];
  }
  return Math.hypot(...r);
}

/** Leverage scores: squared row norms of an orthonormal basis of range(A). */
export function leverage(A: Dense, n: number, tol?: number): number[] {
  const Q = rangeBasis(A, n, tol);
  return A.map((_, i) => Q.reduce((s, e) => s + e[i] * e[i], 0));
}

/** ‖b − A·x‖ in float64. */
export function residualNorm(A: Dense, x: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  A.forEach((row, i) => {
    let ax = 0;
    row.forEach((a, j) => { ax += a * x[j]; });
    s += (b[i] - ax) ** 2;
  });
  return Math.sqrt(s);
}
