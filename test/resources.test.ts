/**
 * Resources under load (issue 12): async calls keep their inputs alive and
 * run 100 at a time on the same inputs; AbortSignal cancels; WASM
 * out-of-memory is a typed error after which the module keeps working, also
 * with heap addresses past 2 GiB. (Leaks over 10^6 calls: scripts/leak-test.mjs.)
 */
import { CsrMatrix, Matrix, matmul, matmulAsync, sketch, AbortError, OutOfMemoryError, ValueError } from '../lib/api';
import { forEachBackend, testBackends } from './support/backends';
import { filled } from './support/data';
import { fullGC } from './support/gc';

forEachBackend(() => {
  test('100 matmulAsync at once on the same inputs, under GC pressure, all equal the sync result', async () => {
    const A = filled(37, 53, 'float64', 1, 55), B = filled(53, 29, 'float64', 2);
    const want = matmul(A, B);
    const pending: Promise<Matrix>[] = [];
    for (let i = 0; i < 100; i++) {
      // Only the Promise keeps what the call needs: drop our references to
      // the temporaries and collect while the calls are in flight.
      pending.push(matmulAsync(A.clone(), B.clone(), { alpha: 1 }));
      if (i % 10 === 0) {
        new Array(1e4).fill(0).map((_, j) => ({ j, junk: new Float64Array(16) }));
        fullGC();
      }
    }
    const results = await Promise.all(pending);
    for (const C of results) expect(Buffer.compare(Buffer.from(C.data.buffer), Buffer.from(want.data.buffer))).toBe(0);
  });

  test('matmulAsync with out: 20 calls into 20 outs at once, inputs overwritten right after the calls', async () => {
    const A = filled(20, 30, 'float32', 3), B = filled(30, 10, 'float32', 4);
    const want = matmul(A, B);
    const outs = Array.from({ length: 20 }, () => Matrix.zeros(20, 10, 'float32'));
    const pending = outs.map((out) => matmulAsync(A, B, { out }));
    A.data.fill(NaN); // each call took its own copy already
    await Promise.all(pending);
    for (const out of outs) expect(Array.from(out.data)).toEqual(Array.from(want.data));
  });

  test('AbortSignal: aborted while running rejects with AbortError at once and leaves out untouched', async () => {
    const A = filled(300, 300, 'float64', 5), B = filled(300, 300, 'float64', 6);
    const out = Matrix.zeros(300, 300, 'float64');
    out.data.fill(NaN);
    const ac = new AbortController();
    const p = matmulAsync(A, B, { out, signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    await new Promise((r) => setTimeout(r, 50)); // the kernel may still finish in the background
    expect(out.data.every(Number.isNaN)).toBe(true);
    // Already aborted: rejected before any work; not a signal: ValueError.
    await expect(matmulAsync(A, B, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    await expect(matmulAsync(A, B, { signal: { aborted: false } as unknown as AbortSignal })).rejects.toBeInstanceOf(ValueError);
    // A signal that never fires changes nothing.
    const C = await matmulAsync(A, B, { signal: new AbortController().signal });
    expect(Array.from(C.data)).toEqual(Array.from(matmul(A, B).data));
  });
});

describe('WASM heap limits', () => {
  const wasm = testBackends().find((t) => t.label === 'wasm-simd') ?? testBackends().find((t) => t.label === 'wasm');
  const maybe = wasm ? test : test.skip;

  maybe('filling the 4 GiB heap is OutOfMemoryError, and the module keeps working', () => {
    wasm!.activate();
    // A, B and C (beta ≠ 0, so C is copied in too) are 1.4 GiB each in
    // float32: the first two copies fit in wasm32's 4 GiB, the third cannot.
    // All three heap allocations come before any copy, and the arrays are
    // lazily zeroed, so no page is touched before the failure.
    const d = 19_390;
    const A = new Matrix(d, d, new Float32Array(d * d)), B = new Matrix(d, d, new Float32Array(d * d));
    const out = new Matrix(d, d, new Float32Array(d * d));
    expect(() => matmul(A, B, { out, beta: 1 })).toThrow(OutOfMemoryError);
    const grown = wasm!.backend.heapBytes!();
    expect(grown).toBeGreaterThanOrEqual(2 * d * d * 4); // the heap did grow for the first two
    // Still works; what the failed call allocated was freed, so failing again does not grow the heap.
    const small = matmul(filled(3, 4, 'float32', 7), filled(4, 2, 'float32', 8));
    expect([small.rows, small.cols]).toEqual([3, 2]);
    expect(() => matmul(A, B, { out, beta: 1 })).toThrow(OutOfMemoryError);
    expect(wasm!.backend.heapBytes!()).toBe(grown);
    // One copy larger than a single wasm32 allocation can be (2 GiB) is the same typed error.
    const k = 2 ** 29;
    const big = new Float32Array(k);
    expect(() => matmul(new Matrix(1, k, big), new Matrix(k, 1, big))).toThrow(OutOfMemoryError);
    expect(matmul(filled(2, 2, 'float64', 9), filled(2, 2, 'float64', 10)).rows).toBe(2);
  });

  test.each(['wasm-simd', 'wasm'])('%s: a large k keeps project\'s scratch small (no 32-bit size wraps)', (label) => {
    const tb = testBackends().find((t) => t.label === label);
    if (!tb) throw new Error(`${label} did not load`);
    tb.activate();
    // Dense project accumulates a tile of X against at most 2048 rows of S at
    // a time. It used to keep an accumulator row per row of S: for k = 2^24
    // in float64 that is 2^32 bytes, which wasm32's size_t wrapped to ~1 KB
    // (the kernel then wrote far past it); scratch sizes are also computed in
    // 64 bits now (native/kernels/alloc.h). k = 2^20 + 5 here keeps the test
    // quick (the work is O(k) even for one row). Dense and CSR inputs take
    // different kernels: their results must agree.
    const k = 2 ** 20 + 5;
    const S = sketch.countSketch({ k, n: 3, seed: 1 });
    const X = filled(1, 3, 'float64', 5);
    const dense = S.project(X), csr = S.project(CsrMatrix.fromDense(X));
    expect(dense.cols).toBe(k);
    expect(Buffer.compare(Buffer.from(dense.data.buffer), Buffer.from(csr.data.buffer))).toBe(0);
    const l1 = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + Math.abs(v), 0);
    expect(l1(dense.data)).toBeCloseTo(l1(X.data), 12);
  });

  test.each(['wasm-simd', 'wasm'])('%s: an SRHT whose padded row n₂ = 2^31 floats is OutOfMemoryError (no 32-bit wrap)', (label) => {
    const tb = testBackends().find((t) => t.label === label);
    if (!tb) throw new Error(`${label} did not load`);
    tb.activate();
    // A row block of a huge operator is small, but the FWHT runs at length
    // n₂ = 2^31: 8 GiB of float32, a byte count wasm32's size_t wrapped to
    // 0 (a division by zero, or a small allocation written past).
    const S = sketch.srht({ k: 4, n: 2 ** 30 + 1, seed: 1 });
    expect(() => S.apply(filled(1, 2, 'float32', 3), { rowOffset: 0 })).toThrow(OutOfMemoryError);
    const small = sketch.srht({ k: 4, n: 3, seed: 1 });
    const B = filled(3, 2, 'float64', 4);
    expect(small.apply(B).rows).toBe(4);
  });

  maybe('heap addresses past 2 GiB work (wasm32 pointers are read unsigned)', () => {
    wasm!.activate();
    // Two 1.1 GiB copies push the output's allocation past 2^31.
    const k = 290_000_000;
    const data = new Float32Array(k);
    data[0] = 2;
    data[k - 1] = 3;
    const A = new Matrix(1, k, data), B = new Matrix(k, 1, data);
    const C = matmul(A, B);
    expect(Array.from(C.data)).toEqual([4 + 9]);
    expect(wasm!.backend.heapBytes!()).toBeGreaterThan(2 ** 31);
  });
});
