/**
 * Philox known answers (Random123's published vectors) and random fills that
 * equal the TypeScript reference bit for bit on every backend.
 */
import { random, Matrix, ValueError } from '../lib/api';
import { philox4x32 as refPhilox, randomEntry, randomValue } from './reference/philox';
import { forEachBackend } from './support/backends';

// Random123 kat_vectors, philox4x32 with 10 rounds: counter, key, expected.
const KAT: [number[], number[], number[]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

test('the TypeScript reference passes the known-answer vectors', () => {
  for (const [ctr, key, want] of KAT) expect(Array.from(refPhilox(ctr, key))).toEqual(want);
});

const DISTS = ['uniform', 'gaussian', 'rademacher'] as const;
const fillOf = { uniform: random.uniform, gaussian: random.gaussian, rademacher: random.rademacher };

/** Exact comparison that treats -0 and 0 as different and prints the first mismatch. */
function expectBits(got: Matrix, want: (i: number, j: number) => number): void {
  for (let i = 0; i < got.rows; i++) {
    for (let j = 0; j < got.cols; j++) {
      const g = got.get(i, j), w = want(i, j);
      if (!Object.is(g, w)) throw new Error(`entry (${i}, ${j}): got ${g}, reference ${w}`);
    }
  }
}

forEachBackend(() => {
  test('philox4x32 passes the known-answer vectors', () => {
    for (const [ctr, key, want] of KAT) expect(Array.from(random.philox4x32(ctr, key))).toEqual(want);
  });

  describe.each(DISTS)('%s', (dist) => {
    test.each([
      [1, 1, 0, 0, 0, 0],
      [7, 13, 42, 0, 0, 0],
      [3, 5, 2 ** 53 - 1, 2 ** 32 - 1, 0, 0],
      [4, 9, 12345, 7, 1000, 3], // odd column offset: the pair straddles the block edge
      [2, 3, 99, 1, 2 ** 32 - 2, 2 ** 32 - 3],
    ])('%i×%i seed %p stream %p at (%p, %p) equals the reference in float64', (rows, cols, seed, stream, r0, c0) => {
      const M = fillOf[dist](rows, cols, { seed, stream, rowOffset: r0, colOffset: c0 });
      expectBits(M, (i, j) => randomEntry(dist, seed, stream, r0 + i, c0 + j));
    });

    test('float32 is the float64 value rounded; blocks equal the whole', () => {
      const seed = 2024, scale = 1 / Math.sqrt(3);
      const f64 = fillOf[dist](37, 41, { seed, scale });
      const f32 = fillOf[dist](37, 41, { seed, scale, dtype: 'float32' });
      expectBits(f64, (i, j) => randomValue(dist, seed, 0, i, j, scale, 'float64'));
      expectBits(f32, (i, j) => randomValue(dist, seed, 0, i, j, scale, 'float32'));
      // Rounded to nearest, except that a uniform stays strictly below scale.
      for (let i = 0; i < 37; i++) {
        for (let j = 0; j < 41; j++) {
          const v = Math.fround(f64.get(i, j));
          if (dist === 'uniform' && v === Math.fround(scale)) expect(f32.get(i, j)).toBeLessThan(v);
          else expect(f32.get(i, j)).toBe(v);
        }
      }
      const block = fillOf[dist](10, 11, { seed, scale, rowOffset: 20, colOffset: 29 });
      expectBits(block, (i, j) => f64.get(20 + i, 29 + j));
    });
  });

  test('streams and seeds give different matrices', () => {
    const a = random.gaussian(4, 4, { seed: 1 }), b = random.gaussian(4, 4, { seed: 1, stream: 1 });
    const c = random.gaussian(4, 4, { seed: 2 });
    expect(a.toArray()).not.toEqual(b.toArray());
    expect(a.toArray()).not.toEqual(c.toArray());
  });

  test('moments over 10^6 draws are within 6 standard errors', () => {
    // For n iid draws the sample mean has standard error σ/√n; 6 of them is a
    // false-alarm rate below 1e-8 for a correct generator.
    const n = 1_000_000, se = 6 / Math.sqrt(n);
    const g = random.gaussian(1000, 1000, { seed: 7 }).data;
    const u = random.uniform(1000, 1000, { seed: 7 }).data;
    let sg = 0, sg2 = 0, su = 0;
    for (let i = 0; i < n; i++) { sg += g[i]; sg2 += g[i] * g[i]; su += u[i]; }
    expect(Math.abs(sg / n)).toBeLessThan(se); // mean 0, sd 1
    expect(Math.abs(sg2 / n - 1)).toBeLessThan(se * Math.SQRT2); // var of x² is 2
    expect(Math.abs(su / n - 0.5)).toBeLessThan(se * Math.sqrt(1 / 12));
  });

  test('errors: missing or bad seeds, streams, offsets, sizes', () => {
    expect(() => random.gaussian(2, 2, {} as never)).toThrow(ValueError);
    expect(() => random.gaussian(2, 2, { seed: -1 })).toThrow(/seed must be an integer in \[0, 2\^53\)/);
    expect(() => random.gaussian(2, 2, { seed: 2 ** 53 })).toThrow(ValueError);
    expect(() => random.gaussian(2, 2, { seed: 1.5 })).toThrow(ValueError);
    expect(() => random.gaussian(2, 2, { seed: 1, stream: 2 ** 32 })).toThrow(ValueError);
    expect(() => random.gaussian(-1, 2, { seed: 1 })).toThrow(ValueError);
    expect(() => random.gaussian(2, 2, { seed: 1, dtype: 'int8' as never })).toThrow(/dtype/);
    expect(() => random.gaussian(2 ** 20, 2 ** 20, { seed: 1 })).toThrow(/typed array can hold/);
    expect(() => random.philox4x32([1, 2, 3], [0, 0])).toThrow(ValueError);
    expect(() => random.philox4x32([1, 2, 3, 2 ** 32], [0, 0])).toThrow(ValueError);
  });
});
