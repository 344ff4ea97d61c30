/**
 * withResident (Backend.retain): arrays a driver reads in many kernel calls
 * are held by the backend for the run (WASM: copied into its heap once). The
 * products must be the ones without it, bit for bit; a call that writes a
 * held array must not leave a stale copy behind; holds nest; and after the
 * run nothing stays held (the heap does not keep growing run after run).
 * withResidentAsync (Backend.retainAsync) does the same for async calls and
 * the library's own arrays (markPrivate): WASM's worker keeps one copy.
 */
import { gemm } from '../lib/backend/core';
import { markPrivate, withResident, withResidentAsync } from '../lib/backend/kernel';
import { newArray } from '../lib/dtype';
import { AbortError, Matrix, linalg, matmul, matmulAsync } from '../lib/index';
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

    test(`${dtype}: async products of a private array held for them equal those without, bit for bit; released after, also after an abort`, async () => {
      const A = filled(37, 23, dtype, 11), X = filled(23, 5, dtype, 12), Y = filled(37, 4, dtype, 13);
      const want = [bits(matmul(A, X)), bits(matmul(A, Y, { transA: true }))];
      const own = new Matrix(37, 23, markPrivate(A.data.slice()));
      const b = tb.backend;
      const held = (M: Matrix) => b.holdsAsync?.(M.data) ?? false;
      const got = await withResidentAsync([own.data], async () => {
        // WASM's worker holds it; native reads it in place and holds nothing.
        expect(held(own)).toBe(b.retainAsync !== undefined);
        return [bits(await matmulAsync(own, X)), bits(await matmulAsync(own, Y, { transA: true }))];
      });
      expect(got).toEqual(want);
      expect(held(own)).toBe(false);
      expect(own.data.length).toBe(37 * 23); // still ours: never transferred away
      // The caller's arrays are never held: they may change under the call.
      await withResidentAsync([A.data], async () => expect(held(A)).toBe(false));
      const ac = new AbortController();
      ac.abort();
      await expect(withResidentAsync([own.data], () => matmulAsync(own, X, { signal: ac.signal }))).rejects.toThrow(AbortError);
      expect(held(own)).toBe(false);
      expect(bits(await matmulAsync(own, X))).toEqual(want[0]);
    });

    test(`${dtype}: rsvdAsync and pcaAsync (A held for their products) equal rsvd and pca, bit for bit`, async () => {
      const A = filled(300, 40, dtype, 14);
      const s = linalg.rsvd(A, 5, { seed: 2 }), a = await linalg.rsvdAsync(A, 5, { seed: 2 });
      expect([Array.from(a.s), bits(a.U), bits(a.Vt)]).toEqual([Array.from(s.s), bits(s.U), bits(s.Vt)]);
      const p = linalg.pca(A, 4, { seed: 3 }), q = await linalg.pcaAsync(A, 4, { seed: 3 });
      expect(bits(q.components)).toEqual(bits(p.components));
      expect(bits(A)).toEqual(bits(filled(300, 40, dtype, 14))); // the caller's A untouched
    });

    test(`${dtype}: rsvdAsync runs drop what they held (the worker's heap stops growing)`, async () => {
      const A = filled(1000, 200, dtype, 15);
      await linalg.rsvdAsync(A, 5, { seed: 1, powerIters: 1 });
      const first = tb.backend.asyncHeapBytes?.() ?? 0;
      // Undropped, each run's copy of A (0.8 or 1.6 MB) would stay in the heap: 19 MB after these.
      for (let i = 0; i < (dtype === 'float32' ? 24 : 12); i++) await linalg.rsvdAsync(A, 5, { seed: 1, powerIters: 1 });
      expect(tb.backend.asyncHeapBytes?.() ?? 0).toBe(first);
      if (tb.backend.retainAsync) expect(first).toBeGreaterThan(0);
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
