/** Small dense linear algebra for test references (slow, plain, f64). */

/** Eigenvalues of a symmetric matrix (cyclic Jacobi rotations), ascending. */
export function symmetricEigenvalues(A: number[][]): number[] {
  const n = A.length;
  const a = A.map((r) => r.slice());
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        // Rotation that zeroes a[p][q] (Golub & Van Loan, Alg. 8.5.1).
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((r, i) => r[i]).sort((x, y) => x - y);
}

/** An n × d matrix with orthonormal columns (modified Gram–Schmidt, twice), row-major. */
export function orthonormalColumns(n: number, d: number, next: () => number): number[][] {
  const Q = Array.from({ length: n }, () => Array.from({ length: d }, () => next()));
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += Q[r][i] * Q[r][j];
        for (let r = 0; r < n; r++) Q[r][j] -= dot * Q[r][i];
      }
      let norm = 0;
      for (let r = 0; r < n; r++) norm += Q[r][j] * Q[r][j];
      norm = Math.sqrt(norm);
      for (let r = 0; r < n; r++) Q[r][j] /= norm;
    }
  }
  return Q;
}

// ---- dense helpers for the factorization tests (test/linalg.test.ts) -------

export type Dense = number[][];

/** A Matrix-like (rows, cols, data, rowStride) as nested arrays of numbers. */
export function toDense(M: { rows: number; cols: number; data: ArrayLike<number>; rowStride: number }): Dense {
  return Array.from({ length: M.rows }, (_, i) => Array.from({ length: M.cols }, (_, j) => M.data[i * M.rowStride + j]));
}

export function transpose(A: Dense, cols = A[0]?.length ?? 0): Dense {
  return Array.from({ length: cols }, (_, j) => A.map((r) => r[j]));
}

/** A·B in float64 (inner dimension `k` given for empty operands). */
export function multiply(A: Dense, B: Dense, k = B.length, n = B[0]?.length ?? 0): Dense {
  return A.map((row) => {
    const out = new Array<number>(n).fill(0);
    for (let p = 0; p < k; p++) {
      const a = row[p];
      if (a === 0) continue;
      const b = B[p];
      for (let j = 0; j < n; j++) out[j] += a * b[j];
    }
    return out;
  });
}

export function frobenius(A: Dense): number {
  let s = 0;
  for (const r of A) for (const x of r) s += x * x;
  return Math.sqrt(s);
}

/** ‖A − B‖_F. */
export function distance(A: Dense, B: Dense): number {
  let s = 0;
  A.forEach((r, i) => r.forEach((x, j) => { s += (x - B[i][j]) ** 2; }));
  return Math.sqrt(s);
}

/** ‖AᵀA − I‖_F for the columns of A (m × k). */
export function orthogonalityError(A: Dense, k: number): number {
  const G = multiply(transpose(A, k), A, A.length, k);
  for (let i = 0; i < k; i++) G[i][i] -= 1;
  return frobenius(G);
}

/** U·diag(sigma)·Vᵀ with random orthonormal U (m × r) and V (n × r), r = sigma.length. */
export function withSpectrum(m: number, n: number, sigma: number[], next: () => number): Dense {
  const r = sigma.length;
  const U = orthonormalColumns(m, r, next), V = orthonormalColumns(n, r, next);
  const US = U.map((row) => row.map((x, j) => x * sigma[j]));
  return multiply(US, transpose(V, r), r, n);
}

/** Solves op(T)·x = b by substitution in float64 (T square, b a column of values). */
export function substitute(T: Dense, b: number[], lower: boolean, trans: boolean, unit: boolean): number[] {
  const n = T.length;
  const at = (i: number, j: number) => (trans ? T[j][i] : T[i][j]);
  const forward = lower !== trans;
  const x = b.slice();
  const order = Array.from({ length: n }, (_, i) => (forward ? i : n - 1 - i));
  for (const i of order) {
    let s = x[i];
    for (let j = 0; j < n; j++) if (forward ? j < i : j > i) s -= at(i, j) * x[j];
    x[i] = unit ? s : s / at(i, i);
  }
  return x;
}
