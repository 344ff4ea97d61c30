/**
 * MUVERA fixed-dimensional encodings: equal to a reference written from the
 * paper's definition (partition sums / averages, the Hamming-nearest fill,
 * the ±1 inner projection, the final CountSketch) on every backend, f32 and
 * f64, awkward sizes (empty sets, one vector, k = 0 bits); the batch forms
 * equal to one call per set; FDE inner products tracking Chamfer similarity
 * on clustered multi-vector sets; JSON round trips.
 */
import { Matrix, features, random, sketch } from '../lib/api';
import type { DType } from '../lib/dtype';
import { chamfer, referenceFde } from './reference/features-more';
import { forEachBackend } from './support/backends';
import { filled, rng } from './support/data';

const DTYPES: DType[] = ['float64', 'float32'];

interface Params { dim: number; repetitions: number; simhashBits: number; projectionDim?: number; finalDim?: number; seed: number }

function reference(p: Params, V: Matrix, document: boolean): number[] {
  const G = random.gaussian(p.repetitions * p.simhashBits, p.dim, { seed: p.seed, stream: 0 });
  const S = p.projectionDim === undefined ? undefined
    : random.rademacher(p.repetitions * p.projectionDim, p.dim, { seed: p.seed, stream: 1, scale: 1 / Math.sqrt(p.projectionDim) });
  const fdeDim = p.repetitions * 2 ** p.simhashBits * (p.projectionDim ?? p.dim);
  const C = p.finalDim === undefined ? undefined : sketch.countSketch({ k: p.finalDim, n: fdeDim, seed: p.seed }).toDense();
  return referenceFde(V, document, p.repetitions, p.simhashBits, G, S, C);
}

const CASES: [string, Params, number[]][] = [
  ['no projection', { dim: 5, repetitions: 2, simhashBits: 2, seed: 1 }, [0, 1, 3, 9]],
  ['projection', { dim: 13, repetitions: 3, simhashBits: 3, projectionDim: 7, seed: 2 }, [1, 4, 17]],
  ['projection + final', { dim: 8, repetitions: 2, simhashBits: 4, projectionDim: 3, finalDim: 11, seed: 3 }, [2, 5, 31]],
  ['0 bits (one partition)', { dim: 4, repetitions: 1, simhashBits: 0, seed: 4 }, [1, 6]],
  ['1-d vectors', { dim: 1, repetitions: 3, simhashBits: 1, projectionDim: 2, seed: 5 }, [3]],
];

forEachBackend(() => {
  describe('muvera encodings', () => {
    describe.each(DTYPES)('%s', (dtype) => {
      test.each(CASES)('%s', (_label, p, sizes) => {
        const m = features.muvera(p);
        const sets = sizes.map((n, i) => filled(n, p.dim, dtype, 10 * i + n, p.dim + (i % 2)));
        const tol = dtype === 'float32' ? 1e-5 : 1e-12;
        for (const document of [false, true]) {
          const batch = document ? m.encodeDocuments(sets) : m.encodeQueries(sets);
          expect([batch.rows, batch.cols, batch.dtype]).toEqual([sets.length, m.outputDim, dtype]);
          sets.forEach((V, s) => {
            const want = reference(p, V, document);
            // One set alone goes through GEMMs of another shape than the batch: equal to rounding.
            const one = document ? m.encodeDocument(V) : m.encodeQuery(V);
            for (let j = 0; j < want.length; j++) {
              const bound = tol * (1 + Math.abs(want[j])) * p.dim;
              expect(Math.abs(one.data[j] - want[j])).toBeLessThanOrEqual(bound);
              expect(Math.abs(batch.data[s * m.outputDim + j] - want[j])).toBeLessThanOrEqual(bound);
            }
          });
        }
      });
    });

    test('a batch past one chunk (2048 vectors) equals one call per set, with and without finalDim', () => {
      for (const finalDim of [undefined, 37]) {
        const m = features.muvera({ dim: 6, repetitions: 2, simhashBits: 2, projectionDim: 3, finalDim, seed: 8 });
        const sets = Array.from({ length: 70 }, (_, i) => filled(i % 7 === 0 ? 0 : 40, 6, 'float64', 100 + i));
        const F = m.encodeDocuments(sets);
        sets.forEach((V, s) => {
          const one = m.encodeDocument(V);
          for (let j = 0; j < m.outputDim; j++) expect(Math.abs(F.data[s * m.outputDim + j] - one.data[j])).toBeLessThan(1e-12);
        });
      }
    });

    test('an empty list gives a 0 × outputDim matrix', () => {
      const m = features.muvera({ dim: 3, repetitions: 2, simhashBits: 1, seed: 1 });
      const E = m.encodeDocuments([]);
      expect([E.rows, E.cols]).toEqual([0, m.outputDim]);
    });
  });
});

describe('muvera tracks Chamfer similarity', () => {
  // Clustered multi-vector sets: each document is 24 unit vectors spread
  // around 4 of its own centres; its query is 8 noisy copies of its vectors.
  const dim = 32, D = 30;
  const next = rng(77);
  const gauss = () => { let s = 0; for (let i = 0; i < 6; i++) s += next(); return s / Math.sqrt(2); };
  const unit = (v: number[]) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
  const docs: Matrix[] = [], queries: Matrix[] = [];
  for (let k = 0; k < D; k++) {
    const centres = Array.from({ length: 4 }, () => unit(Array.from({ length: dim }, gauss)));
    const rows = Array.from({ length: 24 }, (_, i) => unit(centres[i % 4].map((c) => c + 0.25 * gauss())));
    docs.push(Matrix.fromRows(rows, 'float64'));
    queries.push(Matrix.fromRows(rows.slice(0, 8).map((r) => unit(r.map((c) => c + 0.2 * gauss()))), 'float64'));
  }
  const m = features.muvera({ dim, repetitions: 20, simhashBits: 4, projectionDim: 16, seed: 5 });
  const F = m.encodeDocuments(docs), Qf = m.encodeQueries(queries);
  const score = (q: number, d: number) => {
    let s = 0;
    for (let t = 0; t < m.outputDim; t++) s += Qf.data[q * m.outputDim + t] * F.data[d * m.outputDim + t];
    return s;
  };

  test("each query's own document scores highest", () => {
    for (let q = 0; q < D; q++) {
      const scores = docs.map((_, d) => score(q, d));
      expect(scores.indexOf(Math.max(...scores))).toBe(q);
    }
  });

  test('pairs of documents whose Chamfer scores differ clearly are ordered the same way', () => {
    // The FDE's error is additive (Dhulipala et al., Thm 2.2: about ε·|Q| for
    // unit vectors), so only differences well above it must keep their order.
    // "Clearly": more than 0.35 of the query's range of Chamfer scores: every
    // pair agrees. Above 0.25 of the range the FDE's noise shows: measured
    // 1191 of 1201 pairs (99.2%); at least 98% must agree.
    const count = (fraction: number) => {
      let pairs = 0, agree = 0;
      for (let q = 0; q < D; q++) {
        const ch = docs.map((P) => chamfer(queries[q], P));
        const range = Math.max(...ch) - Math.min(...ch);
        for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) {
          if (Math.abs(ch[a] - ch[b]) < fraction * range) continue;
          pairs++;
          if (Math.sign(ch[a] - ch[b]) === Math.sign(score(q, a) - score(q, b))) agree++;
        }
      }
      return { pairs, agree };
    };
    const clear = count(0.35);
    expect(clear.pairs).toBeGreaterThan(500);
    expect(clear.agree).toBe(clear.pairs);
    const close = count(0.25);
    expect(close.agree).toBeGreaterThanOrEqual(0.98 * close.pairs);
  });
});

describe('muvera JSON', () => {
  test('round trip (object and text), omitted widths as null', () => {
    const m = features.muvera({ dim: 6, repetitions: 2, simhashBits: 2, finalDim: 9, seed: 2 ** 40 });
    expect(m.toJSON()).toEqual({ kind: 'muvera', dim: 6, repetitions: 2, simhashBits: 2, projectionDim: null, finalDim: 9, seed: 2 ** 40 });
    const V = filled(5, 6, 'float64', 3);
    const g = features.fromJSON(JSON.stringify(m)) as ReturnType<typeof features.muvera>;
    expect(g.encodeDocument(V).data).toEqual(m.encodeDocument(V).data);
    expect(features.fromJSON(m.toJSON()).toJSON()).toEqual(m.toJSON());
  });
});
