/** Plain reference for GEMM/GEMV: triple loops in float64, obviously correct. */

export interface RefMatrix {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
  stride: number;
}

export function at(M: RefMatrix, i: number, j: number, trans: boolean): number {
  return trans ? M.data[j * M.stride + i] : M.data[i * M.stride + j];
}

/**
 * alpha·op(A)·op(B) + beta·C in float64, and the matching sum of |terms|
 * (the scale an accumulated rounding error is bounded by).
 */
export function refGemm(
  A: RefMatrix, transA: boolean, B: RefMatrix, transB: boolean,
  alpha: number, beta: number, C: RefMatrix | null,
): { value: Float64Array; magnitude: Float64Array; m: number; n: number } {
  const m = transA ? A.cols : A.rows;
  const k = transA ? A.rows : A.cols;
  const n = transB ? B.rows : B.cols;
  const value = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, mag = 0;
      for (let p = 0; p < k; p++) {
        const t = at(A, i, p, transA) * at(B, p, j, transB);
        s += t;
        mag += Math.abs(t);
      }
      const c = beta !== 0 && C ? C.data[i * C.stride + j] : 0;
      value[i * n + j] = alpha * s + (beta !== 0 ? beta * c : 0);
      magnitude[i * n + j] = Math.abs(alpha) * mag + (beta !== 0 ? Math.abs(beta * c) : 0);
    }
  }
  return { value, magnitude, m, n };
}
