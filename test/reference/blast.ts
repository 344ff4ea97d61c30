/**
 * Slow, obviously-correct references for BLAST and CUR: the dense matrix from
 * the definitions, entry by entry, in float64.
 */
import type { Dense } from './structured';
import { zerosD } from './structured';

/**
 * BLAST (Lee et al. 2024): A[i·p + a][j·q + c] = Σ_k U[i·p + a][k]·S[i·b + j][k]·V[j·q + c][k],
 * i.e. block (i, j) is U_i·diag(s_ij)·V_jᵀ with U_i, V_j the stacked blocks of U and V.
 */
export function blastRef(U: Dense, V: Dense, S: Dense, b: number, r: number): Dense {
  const p = U.length / b, q = V.length / b;
  const A = zerosD(b * p, b * q);
  for (let i = 0; i < b; i++) for (let j = 0; j < b; j++)
    for (let a = 0; a < p; a++) for (let c = 0; c < q; c++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += U[i * p + a][k] * S[i * b + j][k] * V[j * q + c][k];
      A[i * p + a][j * q + c] = s;
    }
  return A;
}

/** |U|·|S|·|V| in the same pattern: the magnitude bound for rounding errors. */
export function blastMagnitude(U: Dense, V: Dense, S: Dense, b: number, r: number): Dense {
  const abs = (D: Dense) => D.map((row) => row.map(Math.abs));
  return blastRef(abs(U), abs(V), abs(S), b, r);
}

/** ‖W − A‖_F / ‖W‖_F in float64. */
export function relErr(W: Dense, A: Dense): number {
  let num = 0, den = 0;
  for (let i = 0; i < W.length; i++) for (let j = 0; j < W[i].length; j++) {
    num += (W[i][j] - A[i][j]) ** 2;
    den += W[i][j] ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}
