/**
 * Plain float64 references for positive features, MUVERA encodings and
 * FastRP: written straight from the papers' formulas, slow on purpose.
 */
import type { Matrix } from '../../lib/matrix';
import type { CsrMatrix } from '../../lib/sparse/csr';

const at = (M: Matrix, i: number, j: number): number => M.data[i * M.rowStride + j];

/** exp(ω_jᵀx − ‖x‖²/2 − c_x)/√m, c_x per `stabilize`. */
export function referencePositive(X: Matrix, W: Matrix, stabilize: 'none' | 'row' | 'matrix' = 'none'): number[][] {
  const m = W.rows, d = X.cols;
  const E: number[][] = [];
  for (let i = 0; i < X.rows; i++) {
    let h = 0;
    for (let t = 0; t < d; t++) h += at(X, i, t) ** 2;
    const row: number[] = [];
    for (let j = 0; j < m; j++) {
      let z = 0;
      for (let t = 0; t < d; t++) z += at(X, i, t) * W.data[j * d + t];
      row.push(z - h / 2);
    }
    E.push(row);
  }
  const all = Math.max(...E.flat());
  return E.map((row) => {
    const c = stabilize === 'row' ? Math.max(...row) : stabilize === 'matrix' ? all : 0;
    return row.map((e) => Math.exp(e - c) / Math.sqrt(m));
  });
}

/** Chamfer similarity Σ_q max_p ⟨q, p⟩. */
export function chamfer(Q: Matrix, P: Matrix): number {
  let s = 0;
  for (let i = 0; i < Q.rows; i++) {
    let best = -Infinity;
    for (let j = 0; j < P.rows; j++) {
      let dot = 0;
      for (let t = 0; t < Q.cols; t++) dot += at(Q, i, t) * at(P, j, t);
      best = Math.max(best, dot);
    }
    s += best;
  }
  return s;
}

/**
 * The MUVERA encoding of one set V from the paper's definition, given the
 * hyperplanes G (reps·k × dim), the ±1 map S (reps·w × dim, already scaled;
 * undefined: none) and the final CountSketch as a dense finalDim × fdeDim
 * matrix (undefined: none).
 */
export function referenceFde(
  V: Matrix, document: boolean, reps: number, k: number, G: Matrix, S: Matrix | undefined, C: Matrix | undefined,
): number[] {
  const d = V.cols, n = V.rows, B = 2 ** k, w = S ? S.rows / reps : d;
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    const part: number[] = [];
    const proj: number[][] = [];
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let b = 0; b < k; b++) {
        let z = 0;
        for (let t = 0; t < d; t++) z += G.data[(r * k + b) * d + t] * at(V, i, t);
        if (z > 0) c += 2 ** b;
      }
      part.push(c);
      const y: number[] = [];
      for (let u = 0; u < w; u++) {
        if (!S) { y.push(at(V, i, u)); continue; }
        let z = 0;
        for (let t = 0; t < d; t++) z += S.data[(r * w + u) * d + t] * at(V, i, t);
        y.push(z);
      }
      proj.push(y);
    }
    for (let c = 0; c < B; c++) {
      const members = part.map((p, i) => (p === c ? i : -1)).filter((i) => i >= 0);
      const block = new Array(w).fill(0);
      for (const i of members) for (let u = 0; u < w; u++) block[u] += proj[i][u];
      if (document && members.length > 0) for (let u = 0; u < w; u++) block[u] /= members.length;
      if (document && members.length === 0 && n > 0) {
        const hamming = (a: number, b: number) => { let x = a ^ b, s = 0; while (x) { s += x & 1; x >>>= 1; } return s; };
        let best = 0;
        for (let i = 1; i < n; i++) if (hamming(part[i], c) < hamming(part[best], c)) best = i;
        for (let u = 0; u < w; u++) block[u] = proj[best][u];
      }
      out.push(...block);
    }
  }
  if (!C) return out;
  const f: number[] = [];
  for (let i = 0; i < C.rows; i++) {
    let s = 0;
    for (let j = 0; j < out.length; j++) s += C.data[i * C.cols + j] * out[j];
    f.push(s);
  }
  return f;
}

/**
 * FastRP (Chen et al. 2019, Alg. 1) with dense matrices: Σ_i w_i (D⁻¹A)^i L R,
 * R from the uniforms U (n × dim) as the library documents.
 */
export function referenceFastRP(A: CsrMatrix, U: Matrix, weights: number[], beta: number): number[][] {
  const n = A.rows, dim = U.cols;
  const dense = A.toDense();
  const deg = Array.from({ length: n }, (_, i) => { let s = 0; for (let j = 0; j < n; j++) s += dense.data[i * n + j]; return s; });
  const total = deg.reduce((a, b) => a + b, 0);
  let N: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: dim }, (_, j) => {
    const u = U.data[i * dim + j];
    const r = u < 1 / 6 ? Math.sqrt(3) : u >= 5 / 6 ? -Math.sqrt(3) : 0;
    return deg[i] > 0 ? r * (deg[i] / total) ** beta : 0;
  }));
  const out = Array.from({ length: n }, () => new Array(dim).fill(0));
  for (const w of weights) {
    N = Array.from({ length: n }, (_, i) => Array.from({ length: dim }, (_, t) => {
      if (deg[i] === 0) return 0;
      let s = 0;
      for (let j = 0; j < n; j++) s += dense.data[i * n + j] * N[j][t];
      return s / deg[i];
    }));
    for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) out[i][t] += w * N[i][t];
  }
  return out;
}
