/**
 * The fuzz market for issue 19's later features: positive random features,
 * MUVERA encodings and FastRP, each against its float64 reference
 * (test/reference/features-more.ts) where the inputs are finite; with NaN,
 * Inf or huge values only a typed error or a crash-free run is asked for.
 * features.fromJSON of their JSON is fuzzed in entries-features.ts.
 */
import fc from 'fast-check';
import { CsrMatrix, Matrix, features, random, sketch } from '../../lib/api';
import type { DType } from '../../lib/dtype';
import { referenceFastRP, referenceFde, referencePositive } from '../reference/features-more';
import { FuzzEntry, MatrixSpec, buildMatrix, matrixSpec } from './entries';

const seed = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.constant(2 ** 53 - 1));
const coupling = fc.constantFrom<'iid' | 'orthogonal' | 'simplex'>('iid', 'orthogonal', 'simplex');

/** All entries finite and at most `limit` in magnitude (the references' exactness holds there). */
function moderate(M: Matrix, limit: number): boolean {
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) {
    if (!(Math.abs(M.data[i * M.rowStride + j]) <= limit)) return false;
  }
  return true;
}

export const positiveSpec = fc.record({ dim: fc.integer({ min: 1, max: 9 }), inputDim: fc.integer({ min: 1, max: 9 }), seed, coupling });

const muveraSpec = fc.record({
  dim: fc.integer({ min: 1, max: 6 }), repetitions: fc.integer({ min: 1, max: 3 }), simhashBits: fc.integer({ min: 0, max: 3 }),
  projectionDim: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  finalDim: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }), seed,
});

/** A small graph: n nodes, edges (a, b, weight) with weights ≥ 0. */
const graphSpec = fc.record({
  n: fc.integer({ min: 0, max: 9 }), dtype: fc.constantFrom<DType>('float32', 'float64'),
  edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(0, 0.5, 1, 3, 1e-3)), { maxLength: 30 }),
});

function buildGraph(g: { n: number; dtype: DType; edges: [number, number, number][] }): CsrMatrix {
  const rows: [number, number][][] = Array.from({ length: g.n }, () => []);
  if (g.n > 0) for (const [a, b, w] of g.edges) rows[a % g.n].push([b % g.n, w]);
  const indptr = new Int32Array(g.n + 1), indices: number[] = [], data: number[] = [];
  rows.forEach((r, i) => { for (const [j, w] of r) { indices.push(j); data.push(w); } indptr[i + 1] = indices.length; });
  return new CsrMatrix(g.n, g.n, indptr, Int32Array.from(indices), g.dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data));
}

export const FEATURES_MORE_ENTRIES: FuzzEntry[] = [
  {
    name: 'features.positive.transform',
    args: positiveSpec.chain((o) => fc.tuple(
      matrixSpec(fc.integer({ min: 0, max: 5 }), fc.constant(o.inputDim)),
      fc.constantFrom('none', 'row', 'matrix'),
    ).map(([X, stabilize]) => [o, buildMatrix(X as MatrixSpec), { stabilize }])),
    hostileArgs: [1, 2],
    options: { index: 2, keys: ['stabilize'] },
    call: (o, X, t) => features.positive(o as never).transform(X as Matrix, t as never),
    check: ([o, X, t], result) => {
      const M = X as Matrix;
      if (!moderate(M, 2)) return; // specials: only a crash-free run
      const f = features.positive(o as never);
      const want = referencePositive(M, f.frequencies('float64'), (t as { stabilize: 'none' | 'row' | 'matrix' }).stabilize);
      const Z = result as Matrix, m = f.dim;
      const rel = (M.dtype === 'float32' ? 4e-6 : 1e-14) * (M.cols * 16 + 8);
      for (let i = 0; i < M.rows; i++) for (let j = 0; j < m; j++) {
        const w = want[i][j], g = Z.data[i * m + j];
        if (!(Math.abs(g - w) <= rel * w + 1e-300)) throw new Error(`feature (${i}, ${j}) = ${g}, expected ${w}`);
      }
    },
  },
  {
    name: 'features.muvera.encodeDocuments',
    args: muveraSpec.chain((o) => fc.tuple(
      fc.array(matrixSpec(fc.integer({ min: 0, max: 4 }), fc.constant(o.dim), fc.constant<DType>('float64')), { maxLength: 3 }),
      fc.boolean(),
    ).map(([sets, document]) => [o, sets.map((s) => buildMatrix(s as MatrixSpec)), document])),
    hostileArgs: [1],
    call: (o, sets, document) => {
      const m = features.muvera(o as never);
      return document ? m.encodeDocuments(sets as Matrix[]) : m.encodeQueries(sets as Matrix[]);
    },
    check: ([o, sets, document], result) => {
      const p = o as { dim: number; repetitions: number; simhashBits: number; projectionDim?: number; finalDim?: number; seed: number };
      const list = sets as Matrix[];
      if (!list.every((V) => moderate(V, 2))) return;
      const G = random.gaussian(p.repetitions * p.simhashBits, p.dim, { seed: p.seed, stream: 0 });
      // A projection within rounding of 0 may take either sign: skip those inputs.
      for (const V of list) for (let i = 0; i < V.rows; i++) for (let h = 0; h < G.rows; h++) {
        let z = 0, mag = 0;
        for (let t = 0; t < p.dim; t++) { z += G.data[h * p.dim + t] * V.data[i * V.rowStride + t]; mag += Math.abs(G.data[h * p.dim + t] * V.data[i * V.rowStride + t]); }
        if (Math.abs(z) <= 1e-9 * mag || (mag > 0 && mag < 1e-250)) return;
      }
      const S = p.projectionDim === undefined ? undefined
        : random.rademacher(p.repetitions * p.projectionDim, p.dim, { seed: p.seed, stream: 1, scale: 1 / Math.sqrt(p.projectionDim) });
      const fdeDim = p.repetitions * 2 ** p.simhashBits * (p.projectionDim ?? p.dim);
      const C = p.finalDim === undefined ? undefined : sketch.countSketch({ k: p.finalDim, n: fdeDim, seed: p.seed }).toDense();
      const F = result as Matrix;
      list.forEach((V, s) => {
        const want = referenceFde(V, document as boolean, p.repetitions, p.simhashBits, G, S, C);
        want.forEach((w, j) => {
          const g = F.data[s * F.cols + j];
          if (!(Math.abs(g - w) <= 1e-12 * (1 + Math.abs(w)) * 64)) throw new Error(`set ${s} value ${j} = ${g}, expected ${w}`);
        });
      });
    },
  },
  {
    name: 'features.fastRP',
    args: fc.tuple(graphSpec, fc.record({
      dim: fc.integer({ min: 1, max: 9 }), weights: fc.array(fc.constantFrom(0, 1, -0.5, 2), { minLength: 1, maxLength: 4 }),
      normalizationStrength: fc.constantFrom(0, -0.5, -1, 0.7), seed,
    })).map(([g, o]) => [buildGraph(g), o]),
    options: { index: 1, keys: ['dim', 'weights', 'normalizationStrength', 'seed'] },
    call: (A, o) => features.fastRP(A as CsrMatrix, o as never),
    check: ([A, o], result) => {
      const G = A as CsrMatrix, p = o as { dim: number; weights: number[]; normalizationStrength: number; seed: number };
      const want = referenceFastRP(G, random.uniform(G.rows, p.dim, { seed: p.seed }), p.weights, p.normalizationStrength);
      const E = result as Matrix;
      let scale = 1;
      for (const row of want) for (const v of row) scale = Math.max(scale, Math.abs(v));
      const tol = (G.dtype === 'float32' ? 1e-5 : 1e-13) * scale * 8;
      want.forEach((row, i) => row.forEach((w, t) => {
        if (!(Math.abs(E.data[i * p.dim + t] - w) <= tol)) throw new Error(`embedding (${i}, ${t}) = ${E.data[i * p.dim + t]}, expected ${w}`);
      }));
    },
  },
];
