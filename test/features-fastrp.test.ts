/**
 * FastRP: equal to a dense reference (Chen et al. 2019, Alg. 1) on small
 * graphs on every backend, f32 and f64: isolated nodes, self loops,
 * weighted and directed edges, unsorted and repeated column indices, β < 0,
 * 0 and > 0, dims that are not a multiple of the vector width; a graph large
 * enough to split across threads equal to its own reference.
 */
import { CsrMatrix, features, random } from '../lib/api';
import type { DType } from '../lib/dtype';
import { referenceFastRP } from './reference/features-more';
import { forEachBackend } from './support/backends';
import { rng } from './support/data';

const DTYPES: DType[] = ['float64', 'float32'];

/** A random graph: n nodes, about `edges` undirected edges (stored both ways) or directed ones. */
function randomGraph(n: number, edges: number, dtype: DType, seed: number, directed = false, weighted = true): CsrMatrix {
  const next = rng(seed);
  const rows: [number, number][][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < edges; e++) {
    const a = Math.floor(((next() + 1) / 2) * n), b = Math.floor(((next() + 1) / 2) * n);
    const w = weighted ? 0.25 + (next() + 1) : 1;
    rows[a].push([b, w]);
    if (!directed && a !== b) rows[b].push([a, w]);
  }
  const indptr = new Int32Array(n + 1), indices: number[] = [], data: number[] = [];
  rows.forEach((r, i) => { for (const [j, w] of r) { indices.push(j); data.push(w); } indptr[i + 1] = indices.length; });
  return new CsrMatrix(n, n, indptr, Int32Array.from(indices), dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data));
}

forEachBackend(() => {
  describe('features.fastRP', () => {
    describe.each(DTYPES)('%s', (dtype) => {
      test.each([
        [1, 0, 1, [1], 0, false],
        [5, 0, 3, [1, 2], -0.5, false],
        [7, 9, 5, [0, 1, 1], -0.9, false],
        [13, 30, 17, [0.5, 0, 2, 1], 0, true],
        [31, 80, 8, [1, 1, 1], 0.3, false],
        [40, 120, 33, [0, 0, 1, 6], -0.5, true],
      ] as const)('n=%i edges=%i dim=%i weights=%j β=%d directed=%s', (n, edges, dim, weights, beta, directed) => {
        const A = randomGraph(n, edges, dtype, n + edges + dim, directed);
        const seed = 9 + n;
        const E = features.fastRP(A, { dim, weights: [...weights], normalizationStrength: beta, seed });
        expect([E.rows, E.cols, E.dtype]).toEqual([n, dim, dtype]);
        const want = referenceFastRP(A, random.uniform(n, dim, { seed }), [...weights], beta);
        let scale = 0;
        for (const row of want) for (const v of row) scale = Math.max(scale, Math.abs(v));
        const tol = (dtype === 'float32' ? 1e-5 : 1e-13) * (scale + 1) * weights.length;
        for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) {
          expect(Math.abs(E.data[i * dim + t] - want[i][t])).toBeLessThanOrEqual(tol);
        }
      });
    });

    test('unsorted and repeated column indices add up, as in the dense matrix', () => {
      // Row 0: (2, 1), (1, 1), (2, 0.5); row 1: (0, 2); row 2: none.
      const A = new CsrMatrix(3, 3, new Int32Array([0, 3, 4, 4]), new Int32Array([2, 1, 2, 0]), new Float64Array([1, 1, 0.5, 2]));
      const E = features.fastRP(A, { dim: 4, weights: [1, 1], seed: 3 });
      const want = referenceFastRP(A, random.uniform(3, 4, { seed: 3 }), [1, 1], 0);
      for (let i = 0; i < 3; i++) for (let t = 0; t < 4; t++) expect(E.data[i * 4 + t]).toBeCloseTo(want[i][t], 12);
    });

    test('a graph split across threads (many blocks of rows) equals the reference', () => {
      const n = 600, dim = 24;
      const A = randomGraph(n, 9000, 'float64', 5);
      const E = features.fastRP(A, { dim, weights: [1, 0.5, 0.25], normalizationStrength: -0.3, seed: 1 });
      const want = referenceFastRP(A, random.uniform(n, dim, { seed: 1 }), [1, 0.5, 0.25], -0.3);
      for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) expect(Math.abs(E.data[i * dim + t] - want[i][t])).toBeLessThan(1e-12);
    });

    test('fastRPAsync equals fastRP; the graph changed after the call does not matter', async () => {
      const A = randomGraph(50, 200, 'float32', 3);
      const o = { dim: 7, weights: [0, 1, 2], normalizationStrength: -0.5, seed: 4 };
      const want = features.fastRP(A, o);
      const p = features.fastRPAsync(A, o);
      expect((await p).data).toEqual(want.data);
    });

    test('an empty graph gives 0 × dim', () => {
      const A = new CsrMatrix(0, 0, new Int32Array([0]), new Int32Array(0), new Float64Array(0));
      const E = features.fastRP(A, { dim: 5, weights: [1], seed: 1 });
      expect([E.rows, E.cols]).toEqual([0, 5]);
    });
  });
});
