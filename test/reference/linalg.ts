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
