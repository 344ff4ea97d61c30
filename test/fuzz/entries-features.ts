/**
 * The fuzz market, continued: features (issue 19). simhash.encode against
 * the packed signs of the Gaussian projection, hamming.search against a
 * brute-force sort (few distinct words, so many ties), and features.fromJSON
 * (a TypeScript parser, fuzzed here rather than by libFuzzer). Same contract
 * as entries.ts: valid arguments give the reference answer, hostile ones a
 * typed error.
 */
import fc from 'fast-check';
import { Matrix, features, sketch } from '../../lib/api';
import type { SimHash } from '../../lib/api';
import { RandomFourierFeatures } from '../../lib/features/rff';
import { referencePack, referenceTopK } from '../reference/features';
import { FuzzEntry, MatrixSpec, buildMatrix, matrixSpec } from './entries';
import { FEATURES_MORE_ENTRIES, positiveSpec } from './entries-features-more';
import { Muvera } from '../../lib/features/muvera';
import { PositiveRandomFeatures } from '../../lib/features/positive';

const seed = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.constant(2 ** 53 - 1));
const bits = fc.constantFrom(32, 64, 96, 128, 256, 1024);

function sameArrays(what: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  if (got.length !== want.length) throw new Error(`${what}: length ${got.length}, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) throw new Error(`${what}[${i}] = ${got[i]}, expected ${want[i]}`);
}

const encodeSpec = fc.record({ bits, dim: fc.integer({ min: 0, max: 12 }), seed }).chain((o) =>
  matrixSpec(fc.integer({ min: 0, max: 6 }), fc.constant(o.dim)).map((X) => ({ ...o, X })),
);

/** n codes from a pool of 4 words (one of them 0): ties everywhere. */
const codesSpec = fc.record({
  bits, n: fc.integer({ min: 0, max: 40 }), Q: fc.integer({ min: 0, max: 3 }), k: fc.integer({ min: 0, max: 45 }),
  pool: fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 3, maxLength: 3 }),
  picks: fc.array(fc.nat(), { maxLength: 64 }),
});

function buildCodes(s: { bits: number; n: number; Q: number; pool: number[]; picks: number[] }): [Uint32Array, Uint32Array] {
  const words = s.bits / 32, pool = [...s.pool, 0];
  const make = (count: number, salt: number) =>
    Uint32Array.from({ length: count * words }, (_, i) => pool[(s.picks[(i + salt) % Math.max(1, s.picks.length)] ?? i) % 4]);
  return [make(s.n, 0), make(s.Q, 7)];
}

const rffSpec = fc.record({
  dim: fc.integer({ min: 1, max: 8 }).map((h) => 2 * h), inputDim: fc.integer({ min: 1, max: 9 }),
  gamma: fc.constantFrom(1e-3, 0.5, 1, 7), seed, coupling: fc.constantFrom<'iid' | 'orthogonal' | 'simplex'>('iid', 'orthogonal', 'simplex'),
  kernel: fc.constantFrom<'gaussian' | 'laplacian'>('gaussian', 'gaussian', 'laplacian'),
}).map((o) => (o.kernel === 'laplacian' ? { ...o, coupling: 'iid' as const } : o));

const jsonText = fc.oneof(
  rffSpec.map((o) => JSON.stringify({ kind: 'rff', ...o })),
  positiveSpec.map((o) => JSON.stringify({ kind: 'positive', ...o })),
  fc.tuple(fc.constantFrom('dim', 'inputDim', 'seed', 'coupling', 'kind', 'extra'), fc.jsonValue()).map(([key, v]) =>
    JSON.stringify({ kind: 'positive', dim: 4, inputDim: 3, seed: 1, coupling: 'simplex', [key]: v })),
  fc.record({
    dim: fc.integer({ min: 1, max: 6 }), repetitions: fc.integer({ min: 1, max: 3 }), simhashBits: fc.integer({ min: 0, max: 4 }),
    projectionDim: fc.option(fc.integer({ min: 1, max: 5 })), finalDim: fc.option(fc.integer({ min: 1, max: 9 })), seed,
  }).map((o) => JSON.stringify({ kind: 'muvera', ...o })),
  fc.tuple(fc.constantFrom('dim', 'repetitions', 'simhashBits', 'projectionDim', 'finalDim', 'seed'), fc.jsonValue()).map(([key, v]) =>
    JSON.stringify({ kind: 'muvera', dim: 3, repetitions: 2, simhashBits: 2, projectionDim: null, finalDim: 4, seed: 1, [key]: v })),
  fc.tuple(fc.constantFrom('dim', 'inputDim', 'gamma', 'coupling', 'kernel'), fc.jsonValue()).map(([key, v]) =>
    JSON.stringify({ kind: 'rff', dim: 4, inputDim: 3, kernel: 'gaussian', gamma: 1, seed: 1, coupling: 'iid', [key]: v })),
  fc.json(),
  fc.record({ bits, dim: fc.integer({ min: 0, max: 9 }), seed }).map((o) => JSON.stringify({ kind: 'simhash', ...o })),
  fc.tuple(fc.constantFrom('kind', 'bits', 'dim', 'seed', 'extra'), fc.jsonValue()).map(([key, v]) =>
    JSON.stringify({ kind: 'simhash', bits: 64, dim: 3, seed: 1, [key]: v })),
);

export const FEATURES_ENTRIES: FuzzEntry[] = [
  ...FEATURES_MORE_ENTRIES,
  {
    name: 'features.simhash.encode',
    args: encodeSpec.map((s) => [s.bits, s.dim, s.seed, buildMatrix(s.X as MatrixSpec)]),
    hostileArgs: [3],
    call: (b, dim, sd, X) => features.simhash({ bits: b as number, dim: dim as number, seed: sd as number }).encode(X as Matrix),
    check: ([b, dim, sd, X], result) => {
      const M = X as Matrix;
      const P = sketch.gaussian({ k: b as number, n: dim as number, seed: sd as number }).project(M);
      sameArrays('codes', result as Uint32Array, referencePack(M.rows, b as number, (r, j) => P.data[r * (b as number) + j]));
    },
  },
  {
    name: 'features.hamming.search',
    args: codesSpec.map((s) => {
      const [codes, queries] = buildCodes(s);
      return [codes, queries, s.k, { bits: s.bits }];
    }),
    options: { index: 3, keys: ['bits'] },
    call: (codes, queries, k, o) => features.hamming.search(codes as Uint32Array, queries as Uint32Array, k as number, o as { bits: number }),
    check: ([codes, queries, k, o], result) => {
      const want = referenceTopK(codes as Uint32Array, queries as Uint32Array, k as number, (o as { bits: number }).bits);
      const got = result as { indices: Int32Array; distances: Uint16Array };
      sameArrays('indices', got.indices, want.indices);
      sameArrays('distances', got.distances, want.distances);
    },
  },
  {
    name: 'features.rff.transform',
    args: rffSpec.chain((o) => matrixSpec(fc.integer({ min: 0, max: 5 }), fc.constant(o.inputDim)).map((X) => [o, buildMatrix(X)])),
    hostileArgs: [1],
    call: (o, X) => features.rff(o as never).transform(X as Matrix),
    check: ([o, X], result) => {
      const f = features.rff(o as never);
      const M = X as Matrix, W = f.frequencies('float64'), Z = result as Matrix, m = W.rows;
      for (let i = 0; i < M.rows; i++) for (let j = 0; j < m; j++) {
        let z = 0, mag = 0;
        for (let t = 0; t < M.cols; t++) { z += M.data[i * M.rowStride + t] * W.data[j * W.cols + t]; mag += Math.abs(M.data[i * M.rowStride + t] * W.data[j * W.cols + t]); }
        if (!Number.isFinite(z)) continue; // specials: only a crash-free run
        const tol = (M.dtype === 'float32' ? 1e-5 : 1e-13) * (mag + 1) * (M.cols + 2);
        const c = Math.cos(z) / Math.sqrt(m), sn = Math.sin(z) / Math.sqrt(m);
        if (!(Math.abs(Z.data[i * 2 * m + j] - c) <= tol && Math.abs(Z.data[i * 2 * m + m + j] - sn) <= tol)) {
          throw new Error(`feature (${i}, ${j}) = ${Z.data[i * 2 * m + j]}, ${Z.data[i * 2 * m + m + j]}; expected ${c}, ${sn}`);
        }
      }
    },
  },
  {
    name: 'features.fromJSON (text and objects)',
    // Random JSON text is mostly invalid: it only has to fail with a typed error.
    mayRefuse: true,
    args: jsonText.map((t) => [t]),
    call: (t) => {
      features.fromJSON(t as string);
      let obj: unknown;
      try {
        obj = JSON.parse(t as string);
      } catch {
        return null;
      }
      const h = features.fromJSON(obj as never) as SimHash | RandomFourierFeatures | PositiveRandomFeatures | Muvera;
      // An accepted encoder must also run: one row, when small enough.
      if (h instanceof RandomFourierFeatures || h instanceof PositiveRandomFeatures) {
        if (h.inputDim <= 64 && h.dim <= 4096) h.transform(Matrix.zeros(1, h.inputDim).clone());
      } else if (h instanceof Muvera) {
        if (h.dim <= 64 && h.outputDim <= 1 << 16) h.encodeDocument(Matrix.zeros(2, h.dim).clone());
      } else if (h.dim <= 64) {
        h.encode(Matrix.zeros(1, h.dim).clone());
      }
      return h;
    },
  },
];
