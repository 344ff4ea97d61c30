/**
 * withResident (Backend.retain): arrays a driver reads in many kernel calls
 * are held by the backend for the run (WASM: copied into its heap once). The
 * products must be the ones without it, bit for bit; a call that writes a
 * held array must not leave a stale copy behind; holds nest; and after the
 * run nothing stays held (the heap does not keep growing run after run).
 */
import { gemm } from '../lib/backend/core';
import { withResident } from '../lib/backend/kernel';
import { newArray } from '../lib/dtype';
import { Matrix, linalg, matmul } from '../lib/index';
import { forEachBackend } from './support/backends';
import { rng } from './support/data';

function filled(rows: number, cols: number, dtype: 'float32' | 'float64', seed: number): Matrix {
  const r = rng(seed);
  const data = newArray(dtype, rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = r() - 0.5;
  return new Matrix(rows, cols, data);
}

const bits = (M: Matrix): number[] => Array.from(M.data);

forEachBackend((tb) => {
  for (const dtype of ['float32', 'float64'] as const) {
    test(`${dtype}: products inside a hold equal those outside, bit for bit`, () => {
      const A = filled(37, 23, dtype, 1), X = filled(23, 5, dtype, 2), Y = filled(37, 4, dtype, 3);
      const want = [bits(matmul(A, X)), bits(matmul(A, Y, { transA: true }))];
      const got = withResident([A.data], () => [bits(matmul(A, X)), bits(matmul(A, Y, { transA: true }))]);
      expect(got).toEqual(want);
    });

    test(`${dtype}: a call that writes a held array, then reads of it see the new values`, () => {
      const A = filled(9, 9, dtype, 4), B = filled(9, 9, dtype, 5), X = filled(9, 3, dtype, 6);
      const after = A.clone();
      // after ← after + B·B (the same update the held run makes to A below)
      gemm(false, false, 9, 9, 9, 1, B.data, 9, B.data, 9, 1, after.data, 9);
      const want = bits(matmul(after, X));
      const got = withResident([A.data], () => {
        matmul(A, X); // read through the held copy
        gemm(false, false, 9, 9, 9, 1, B.data, 9, B.data, 9, 1, A.data, 9); // writes A itself
        return bits(matmul(A, X));
      });
      expect(got).toEqual(want);
      expect(bits(A)).toEqual(bits(after));
    });

    test(`${dtype}: holds nest, an empty array is fine, and an error inside still releases`, () => {
      const A = filled(11, 6, dtype, 7), X = filled(6, 2, dtype, 8);
      const want = bits(matmul(A, X));
      const nested = withResident([A.data, newArray(dtype, 0)], () =>
        withResident([A.data], () => bits(matmul(A, X))).concat(bits(matmul(A, X))));
      expect(nested).toEqual(want.concat(want));
      expect(() => withResident([A.data], () => { throw new Error('inside'); })).toThrow('inside');
      expect(bits(matmul(A, X))).toEqual(want);
    });

    test(`${dtype}: rsvd runs leave nothing held (the heap stops growing)`, () => {
      const A = filled(300, 40, dtype, 9);
      const heap = () => tb.backend.heapBytes?.() ?? 0;
      linalg.rsvd(A, 5, { seed: 1 });
      const first = heap();
      const s0 = Array.from(linalg.rsvd(A, 5, { seed: 1 }).s);
      for (let i = 0; i < 5; i++) expect(Array.from(linalg.rsvd(A, 5, { seed: 1 }).s)).toEqual(s0);
      expect(heap()).toBe(first);
    });
  }
});
