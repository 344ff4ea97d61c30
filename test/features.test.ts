/**
 * SimHash codes and Hamming top-k against plain TypeScript references on
 * every backend: the sign packing bit for bit, the angle estimator's bias
 * within its binomial confidence bound, top-k equal to a brute-force sort
 * (ties included) at sizes that cross the blocks' and the threads' split
 * points, async and abort, JSON round trips.
 */
import { AbortError, features, sketch } from '../lib/api';
import type { SimHash } from '../lib/api';
import type { DType } from '../lib/dtype';
import { referenceHamming, referencePack, referenceTopK } from './reference/features';
import { forEachBackend, testBackends } from './support/backends';
import { filled, rng } from './support/data';

const DTYPES: DType[] = ['float64', 'float32'];

/** n codes of `bits` bits with many ties: sparse words drawn from a small pool. */
function tiedCodes(n: number, bits: number, seed: number): Uint32Array {
  const words = bits / 32;
  const next = rng(seed);
  const u32 = () => ((next() + 1) * 2 ** 31) >>> 0;
  const pool = Array.from({ length: 24 }, () => u32() & u32() & u32());
  const out = new Uint32Array(n * words);
  for (let i = 0; i < out.length; i++) out[i] = pool[u32() % pool.length];
  return out;
}

/** Random codes (few ties beyond chance). */
function randomCodes(n: number, bits: number, seed: number): Uint32Array {
  const next = rng(seed);
  const out = new Uint32Array(n * (bits / 32));
  for (let i = 0; i < out.length; i++) out[i] = ((next() + 1) * 2 ** 31) >>> 0;
  return out;
}

forEachBackend((tb) => {
  describe('simhash.encode', () => {
    describe.each(DTYPES)('%s', (dtype) => {
      test.each([
        [0, 256, 384], [1, 32, 1], [7, 64, 13], [5, 96, 10], [9, 256, 384], [3, 1024, 31],
      ])('N=%i bits=%i dim=%i: the signs of the Gaussian projection, packed', (N, bits, dim) => {
        const h = features.simhash({ bits, dim, seed: 11 });
        const X = filled(N, dim, dtype, N + bits + dim);
        const codes = h.encode(X);
        const P = sketch.gaussian({ k: bits, n: dim, seed: 11 }).project(X);
        expect(codes).toEqual(referencePack(N, bits, (r, j) => P.data[r * bits + j]));
      });
    });

    test('strided rows, and a zero row packs as all zeros', () => {
      const X = filled(4, 20, 'float64', 3, 27);
      for (let j = 0; j < 20; j++) X.data[2 * 27 + j] = 0;
      const h = features.simhash({ bits: 64, dim: 20, seed: 5 });
      const codes = h.encode(X);
      const P = sketch.gaussian({ k: 64, n: 20, seed: 5 }).project(X);
      expect(codes).toEqual(referencePack(4, 64, (r, j) => P.data[r * 64 + j]));
      expect(Array.from(codes.subarray(4, 6))).toEqual([0, 0]);
    });

    test('encodeAsync equals encode', async () => {
      const h = features.simhash({ bits: 128, dim: 17, seed: 2 });
      const X = filled(33, 17, 'float32', 9);
      expect(await h.encodeAsync(X)).toEqual(h.encode(X));
    });
  });

  describe('simhash.angle', () => {
    test('matches π·hamming/bits, and 0 for a code with itself', () => {
      const h = features.simhash({ bits: 96, dim: 8, seed: 1 });
      const c = h.encode(filled(3, 8, 'float64', 4));
      expect(h.angle(c, 0, c, 0)).toBe(0);
      expect(h.angle(c, 1, c, 2)).toBe((Math.PI * referenceHamming(c, 1, c, 2, 3)) / 96);
    });

    test('unbiased: the mean over 60 seeds is within 4 standard errors of the true angle', () => {
      // Each of the bits differs with probability p = θ/π independently, so one
      // estimate has standard deviation π·√(p(1−p)/bits), and the mean of S
      // independent seeds has that over √S.
      const dim = 48, bits = 256, S = 60;
      const x = filled(2, dim, 'float64', 77);
      const a = x.data.subarray(0, dim), b = x.data.subarray(dim, 2 * dim);
      let dot = 0, na = 0, nb = 0;
      for (let j = 0; j < dim; j++) { dot += a[j] * b[j]; na += a[j] * a[j]; nb += b[j] * b[j]; }
      const theta = Math.acos(dot / Math.sqrt(na * nb));
      let sum = 0;
      for (let s = 0; s < S; s++) {
        const h = features.simhash({ bits, dim, seed: 1000 + s });
        const c = h.encode(x);
        sum += h.angle(c, 0, c, 1);
      }
      const p = theta / Math.PI;
      const se = (Math.PI * Math.sqrt((p * (1 - p)) / bits)) / Math.sqrt(S);
      expect(Math.abs(sum / S - theta)).toBeLessThan(4 * se);
    });
  });

  describe('hamming.search against a brute-force sort', () => {
    test.each([
      // [n, Q, k, bits]: empty, k > n, one code, primes, blocks of 2048 (256-bit) and 512 (1024-bit) crossed
      [0, 3, 5, 32], [1, 2, 4, 64], [7, 3, 7, 32], [13, 4, 20, 256], [2049, 3, 10, 256], [4097, 2, 33, 32],
      [1031, 2, 5, 1024], [601, 2, 601, 64], [100, 0, 5, 256], [50, 3, 0, 96],
    ])('n=%i Q=%i k=%i bits=%i (many ties)', (n, Q, k, bits) => {
      const codes = tiedCodes(n, bits, n + k);
      const queries = tiedCodes(Q, bits, 3 * n + 1);
      const got = features.hamming.search(codes, queries, k, { bits });
      expect(got).toEqual(referenceTopK(codes, queries, k, bits));
    });

    test('random 256-bit codes, k = 10', () => {
      const codes = randomCodes(3001, 256, 1), queries = randomCodes(5, 256, 2);
      expect(features.hamming.search(codes, queries, 10, { bits: 256 })).toEqual(referenceTopK(codes, queries, 10, 256));
    });

    test('searchAsync equals search; an aborted signal rejects with AbortError', async () => {
      const codes = tiedCodes(999, 64, 4), queries = tiedCodes(3, 64, 5);
      const sync = features.hamming.search(codes, queries, 12, { bits: 64 });
      expect(await features.hamming.searchAsync(codes, queries, 12, { bits: 64 })).toEqual(sync);
      const ac = new AbortController();
      ac.abort();
      await expect(features.hamming.searchAsync(codes, queries, 12, { bits: 64, signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
    });

    if (tb.label.startsWith('native')) {
      test('threads: 1, 2 and 3 threads give the brute-force answer across the split points', () => {
        const before = tb.backend.threads();
        try {
          // 16384 codes per task at least: 50001 codes split at 16667 and 33334 with 3 threads.
          const n = 50001;
          const codes = tiedCodes(n, 32, 8), queries = tiedCodes(3, 32, 9);
          const want = referenceTopK(codes, queries, 40, 32);
          for (const t of [1, 2, 3]) {
            tb.backend.setThreads(t);
            expect(features.hamming.search(codes, queries, 40, { bits: 32 })).toEqual(want);
          }
          // Every code equal: the answer is the first k indices, whichever task holds them.
          const same = new Uint32Array(n).fill(0x0f0f0f0f);
          tb.backend.setThreads(3);
          const r = features.hamming.search(same, new Uint32Array([0]), 5, { bits: 32 });
          expect(Array.from(r.indices)).toEqual([0, 1, 2, 3, 4]);
          expect(Array.from(r.distances)).toEqual([16, 16, 16, 16, 16]);
        } finally {
          tb.backend.setThreads(before);
        }
      });
    }
  });
});

describe('features.fromJSON', () => {
  test('round trip (object and text) gives the same codes', () => {
    const h = features.simhash({ bits: 64, dim: 9, seed: 2 ** 40 + 1 });
    const X = filled(4, 9, 'float64', 1);
    expect(h.toJSON()).toEqual({ kind: 'simhash', bits: 64, dim: 9, seed: 2 ** 40 + 1 });
    expect(features.fromJSON(h.toJSON()).encode(X)).toEqual(h.encode(X));
    expect((features.fromJSON(JSON.stringify(h)) as SimHash).encode(X)).toEqual(h.encode(X));
  });
});

describe('across backends', () => {
  test('codes agree wherever the projections (GEMM: equal to rounding) are clearly away from 0', () => {
    const list = testBackends();
    const X = filled(40, 384, 'float32', 12);
    const bits = 256;
    const runs = list.map((tb) => {
      tb.activate();
      return { codes: features.simhash({ bits, dim: 384, seed: 3 }).encode(X), P: sketch.gaussian({ k: bits, n: 384, seed: 3 }).project(X) };
    });
    const tol = 1e-4;
    for (const r of runs.slice(1)) {
      for (let i = 0; i < 40 * bits; i++) {
        // Projection i is bit i % 32 of word i / 32 (rows are whole words).
        const differ = ((runs[0].codes[i >> 5] ^ r.codes[i >> 5]) >>> (i & 31)) & 1;
        if (differ) expect(Math.min(Math.abs(runs[0].P.data[i]), Math.abs(r.P.data[i]))).toBeLessThan(tol);
      }
    }
    // And the top-k over them is the same integers everywhere.
    const results = list.map((tb) => {
      tb.activate();
      return features.hamming.search(runs[0].codes, runs[0].codes.subarray(0, 16), 7, { bits });
    });
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  });
});

