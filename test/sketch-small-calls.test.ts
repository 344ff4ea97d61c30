/**
 * Projects one call at a time, as a service makes them.
 *
 * The kernels keep what project generates from a seed (sketch_memo.h) for
 * small operators, from an operator's second project on. What is kept must
 * be exactly what would be generated: every call gives the same bits as the
 * first, operators that differ only in seed, kind, parameter or dtype never
 * answer for each other, and an operator dropped from the memo (more of them
 * than it holds) is generated again, the same.
 *
 * The sparse kinds sum a tile of one or two rows in scalar code (SmallTile
 * in sparse_sign.cc) in their vector lanes' order: a row projected alone or
 * in a pair has the bits it has inside a batch, over one block of S or
 * several (n > 4096 sums block by block).
 */
import { Matrix, matmul, sketch } from '../lib/api';
import type { DType } from '../lib/dtype';
import { forEachBackend } from './support/backends';
import { EPS, filled } from './support/data';

type Make = (seed: number) => { project(X: Matrix): Matrix; toDense(dtype?: DType): Matrix };
const KINDS: [string, (k: number, n: number) => Make][] = [
  ['gaussian', (k, n) => (seed) => sketch.gaussian({ k, n, seed })],
  ['rademacher', (k, n) => (seed) => sketch.rademacher({ k, n, seed })],
  ['sparseSign', (k, n) => (seed) => sketch.sparseSign({ k, n, seed, nnz: 4 })],
  ['countSketch', (k, n) => (seed) => sketch.countSketch({ k, n, seed })],
  ['verySparse', (k, n) => (seed) => sketch.verySparse({ k, n, seed, density: 0.2 })],
];

const bits = (M: Matrix) => Array.from(M.data.subarray(0, M.rows * M.cols));

forEachBackend(() => {
  describe.each(KINDS)('%s', (_name, make) => {
    test.each(['float32', 'float64'] as DType[])('%s: every call the same bits, each operator its own', (dtype) => {
      const k = 19, n = 37;
      const X = filled(5, n, dtype, 3);
      const A = make(k, n)(1), B = make(k, n)(2);
      const a = [A.project(X), A.project(X), A.project(X)];
      const b = [B.project(X), B.project(X), B.project(X)];
      a.push(A.project(X));
      for (const y of a) expect(bits(y)).toEqual(bits(a[0]));
      for (const y of b) expect(bits(y)).toEqual(bits(b[0]));
      expect(bits(a[0])).not.toEqual(bits(b[0]));
      // And the right operator: X·Sᵀ with S formed.
      const want = matmul(X, A.toDense(dtype), { transB: true });
      const tol = 4 * n * EPS[dtype];
      a[3].data.forEach((v, i) => expect(Math.abs(v - want.data[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(want.data[i]))));
    });

    test('the other dtype and a different size are other operators', () => {
      const k = 8, n = 29;
      const X32 = filled(3, n, 'float32', 5), X64 = filled(3, n, 'float64', 5);
      const S = make(k, n)(7);
      const first32 = S.project(X32);
      for (let i = 0; i < 3; i++) S.project(X64);
      expect(bits(S.project(X32))).toEqual(bits(first32));
      const wider = make(k, n + 1)(7);
      const Xw = filled(3, n + 1, 'float64', 5);
      const w0 = wider.project(Xw);
      for (let i = 0; i < 3; i++) expect(bits(wider.project(Xw))).toEqual(bits(w0));
      expect(bits(S.project(X64))).toEqual(bits(make(k, n)(7).project(X64)));
    });

    test('more operators than the memo holds: each still its own', () => {
      const k = 6, n = 11;
      const X = filled(2, n, 'float64', 9);
      const firsts = Array.from({ length: 40 }, (_, s) => bits(make(k, n)(100 + s).project(X)));
      for (let round = 0; round < 2; round++) {
        for (let s = 0; s < 40; s++) expect(bits(make(k, n)(100 + s).project(X))).toEqual(firsts[s]);
      }
    });
  });
});

forEachBackend(() => {
  describe.each(['float32', 'float64'] as DType[])('%s', (dtype) => {
    test.each([[1, 3], [40, 64], [5000, 9], [9001, 2]])('sparse kinds, n = %i, k = %i: a row alone or in a pair has its bits in the batch', (n, k) => {
      const X = filled(35, n, dtype, n + k);
      for (const S of [
        sketch.sparseSign({ k, n, seed: n, nnz: Math.min(4, k) }),
        sketch.countSketch({ k, n, seed: n + 1 }),
        sketch.verySparse({ k, n, seed: n + 2, density: 0.3 }),
      ]) {
        const whole = bits(S.project(X));
        for (const [r0, r1] of [[0, 1], [34, 35], [7, 9], [0, 35], [3, 6]]) {
          const part = bits(S.project(new Matrix(r1 - r0, n, X.data.subarray(r0 * n, r1 * n))));
          expect(part).toEqual(whole.slice(r0 * k, r1 * k));
        }
      }
    });
  });
});
