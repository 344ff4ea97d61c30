/** Slow, obviously-correct references for the vector-code kernels. */

/** Bits set in a 32-bit word, one bit at a time. */
export function popcountSlow(x: number): number {
  let c = 0;
  for (let b = 0; b < 32; b++) c += (x >>> b) & 1;
  return c;
}

/** Row r's `bits` values packed: bit b of word w is 1 when value 32·w + b is > 0. */
export function referencePack(rows: number, bits: number, get: (r: number, j: number) => number): Uint32Array {
  const words = bits / 32;
  const out = new Uint32Array(rows * words);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < bits; j++) {
      if (get(r, j) > 0) out[r * words + (j >> 5)] |= 1 << (j & 31);
    }
  }
  return out;
}

export function referenceHamming(a: Uint32Array, i: number, b: Uint32Array, j: number, words: number): number {
  let d = 0;
  for (let w = 0; w < words; w++) d += popcountSlow(a[i * words + w] ^ b[j * words + w]);
  return d;
}

/** Every distance, sorted by (distance, index), the first min(k, n) kept. */
export function referenceTopK(codes: Uint32Array, queries: Uint32Array, k: number, bits: number): { indices: Int32Array; distances: Uint16Array } {
  const words = bits / 32;
  const n = codes.length / words, Q = queries.length / words;
  const kk = Math.min(k, n);
  const indices = new Int32Array(Q * kk), distances = new Uint16Array(Q * kk);
  for (let q = 0; q < Q; q++) {
    const all = Array.from({ length: n }, (_, i) => [referenceHamming(queries, q, codes, i, words), i]);
    all.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    for (let j = 0; j < kk; j++) {
      distances[q * kk + j] = all[j][0];
      indices[q * kk + j] = all[j][1];
    }
  }
  return { indices, distances };
}
