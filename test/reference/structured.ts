/**
 * Slow, obviously-correct references for the structured operators: every
 * operator written out as a dense float64 array of rows from its definition,
 * and products by triple loops.
 */
export type Dense = number[][];

export function fromMatrix(M: { rows: number; cols: number; rowStride: number; data: ArrayLike<number> }): Dense {
  const out: Dense = [];
  for (let i = 0; i < M.rows; i++) {
    const r: number[] = [];
    for (let j = 0; j < M.cols; j++) r.push(M.data[i * M.rowStride + j]);
    out.push(r);
  }
  return out;
}

export const zerosD = (m: number, n: number): Dense => Array.from({ length: m }, () => new Array<number>(n).fill(0));

export function mul(A: Dense, B: Dense, n = B[0]?.length ?? 0): Dense {
  const m = A.length, k = B.length;
  const C = zerosD(m, n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
    const a = A[i][p];
    for (let j = 0; j < n; j++) C[i][j] += a * B[p][j];
  }
  return C;
}

export function abs(A: Dense): Dense { return A.map((r) => r.map(Math.abs)); }

export function tr(A: Dense, cols = A[0]?.length ?? 0): Dense {
  const out = zerosD(cols, A.length);
  for (let i = 0; i < A.length; i++) for (let j = 0; j < cols; j++) out[j][i] = A[i][j];
  return out;
}

export function kron(A: Dense, B: Dense, aCols: number, bCols: number): Dense {
  const out = zerosD(A.length * B.length, aCols * bCols);
  for (let i = 0; i < A.length; i++) for (let j = 0; j < aCols; j++)
    for (let k = 0; k < B.length; k++) for (let l = 0; l < bCols; l++) out[i * B.length + k][j * bCols + l] = A[i][j] * B[k][l];
  return out;
}

export function blockDiag(blocks: Dense[], cols: number[]): Dense {
  const m = blocks.reduce((s, b) => s + b.length, 0), n = cols.reduce((s, c) => s + c, 0);
  const out = zerosD(m, n);
  let r0 = 0, c0 = 0;
  blocks.forEach((b, t) => {
    for (let i = 0; i < b.length; i++) for (let j = 0; j < cols[t]; j++) out[r0 + i][c0 + j] = b[i][j];
    r0 += b.length;
    c0 += cols[t];
  });
  return out;
}

/**
 * Monarch from the formula M[(i1, i0), (j1, j0)] = L_{i0}[i1, j1]·R_{j1}[i0, j0]
 * (Dao et al. 2022), blocks as nested arrays: R[j1] is t × p, L[i0] is q × k.
 */
export function monarchDense(L: Dense[], R: Dense[]): Dense {
  const k = R.length, t = L.length, p = R[0][0]?.length ?? 0, q = L[0].length;
  const M = zerosD(t * q, k * p);
  for (let i1 = 0; i1 < q; i1++) for (let i0 = 0; i0 < t; i0++)
    for (let j1 = 0; j1 < k; j1++) for (let j0 = 0; j0 < p; j0++) M[i1 * t + i0][j1 * p + j0] = L[i0][i1][j1] * R[j1][i0][j0];
  return M;
}

/** Nearest Toeplitz matrix in the Frobenius norm: each diagonal replaced by its mean. */
export function toeplitzProjection(W: Dense, cols: number): Dense {
  const m = W.length;
  const out = zerosD(m, cols);
  for (let d = -(m - 1); d < cols; d++) {
    let s = 0, c = 0;
    for (let i = 0; i < m; i++) { const j = i + d; if (j >= 0 && j < cols) { s += W[i][j]; c++; } }
    for (let i = 0; i < m; i++) { const j = i + d; if (j >= 0 && j < cols) out[i][j] = s / c; }
  }
  return out;
}

/**
 * Checks Y against Yref elementwise: |y − ref| ≤ tol·(mag + max mag / 16) + floor,
 * mag the matching entry of |X|·|A|ᵀ-style magnitudes (rounding scales with it);
 * floor covers products that underflow in the kernel's dtype (UNDERFLOW[dtype]).
 */
export function closeTo(Y: Dense, ref: Dense, mag: Dense, tol: number, floor = 1e-300): string | null {
  let top = 0;
  for (const r of mag) for (const v of r) top = Math.max(top, v);
  if (Y.length !== ref.length) return `rows ${Y.length} vs ${ref.length}`;
  for (let i = 0; i < ref.length; i++) {
    if (Y[i].length !== ref[i].length) return `row ${i}: ${Y[i].length} vs ${ref[i].length} columns`;
    for (let j = 0; j < ref[i].length; j++) {
      const err = Math.abs(Y[i][j] - ref[i][j]);
      if (!(err <= tol * (mag[i][j] + top / 16) + floor)) return `(${i}, ${j}): ${Y[i][j]} vs ${ref[i][j]} (mag ${mag[i][j]})`;
    }
  }
  return null;
}

/** An absolute error floor per dtype: float32 products below ~1e-38 flush to zero or lose bits. */
export const UNDERFLOW = { float32: 1e-35, float64: 1e-300 } as const;
