/**
 * The fuzz market: every public entry point with (a) an arbitrary of valid
 * argument lists — random shapes, dtypes, strides, storage, NaN/Inf values —
 * and (b) a check of a successful result against the reference. The
 * properties in test/fuzz/*.test.ts run every entry on every backend, and
 * also with one argument or option swapped for a hostile value.
 *
 * Adding an entry point (a new kernel, a sketch operator) means adding one
 * FuzzEntry here, not writing a new harness.
 */
import fc from 'fast-check';
import { Matrix, ValueError, matmul, matmulAsync, random } from '../../lib/api';
import type { DType } from '../../lib/dtype';
import { refGemm } from '../reference/gemm';

export interface FuzzEntry {
  name: string;
  /** Valid argument lists (the call must then succeed or fail only with a typed error it documents). */
  args: fc.Arbitrary<unknown[]>;
  /** Index of the options argument, and the option keys worth swapping for hostile values. */
  options?: { index: number; keys: string[] };
  /** Valid-looking arguments may still be refused with a typed error (parsers of arbitrary input). */
  mayRefuse?: boolean;
  /** Argument indices the hostile fuzzer may replace (default: all). */
  hostileArgs?: number[];
  call(...args: unknown[]): unknown;
  /** Throws (with what differs) when `result` is not the right answer for `args`. */
  check?(args: unknown[], result: unknown): void;
}

// ---- values and matrices -------------------------------------------------

/** Moderate magnitudes (no f32 overflow in short dot products), tiny ones, zeros of both signs, NaN, ±Inf. */
const SPECIALS = [0, -0, 1, -1, 0.5, 1e-30, -1e-30, 1e15, -3e14, NaN, Infinity, -Infinity];

function valueMaker(seed: number, specialRate: number): () => number {
  let s = (seed >>> 0) || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
  return () => (next() < specialRate ? SPECIALS[Math.floor(next() * SPECIALS.length)] : next() * 2 - 1);
}

export type Storage = 'plain' | 'offset' | 'shared' | 'resizable';

export interface MatrixSpec {
  rows: number; cols: number; pad: number; dtype: DType; storage: Storage; seed: number; specialRate: number;
}

/** new ArrayBuffer(bytes, { maxByteLength }) (ES2024; this project's TypeScript lib is ES2022). */
export function resizableBuffer(bytes: number, maxByteLength: number): ArrayBuffer & { resize(n: number): void } {
  const Ctor = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
  return new Ctor(bytes, { maxByteLength });
}

/** Builds the matrix a spec names; padding between rows is NaN so a read outside shows. */
export function buildMatrix(s: MatrixSpec): Matrix {
  const stride = s.cols + s.pad;
  const n = s.rows === 0 || s.cols === 0 ? 0 : (s.rows - 1) * stride + s.cols;
  const bytes = s.dtype === 'float32' ? 4 : 8;
  const Ctor = s.dtype === 'float32' ? Float32Array : Float64Array;
  let data: Float32Array | Float64Array;
  switch (s.storage) {
    case 'offset': // a view that starts inside a larger buffer, with junk on both sides
      data = new Ctor(new ArrayBuffer((n + 5) * bytes), 3 * bytes, n);
      new Ctor(data.buffer as ArrayBuffer).fill(NaN);
      break;
    case 'shared':
      data = new Ctor(new SharedArrayBuffer(n * bytes) as unknown as ArrayBuffer);
      break;
    case 'resizable':
      data = new Ctor(resizableBuffer(n * bytes, (n + 8) * bytes));
      break;
    default:
      data = new Ctor(n);
  }
  data.fill(NaN);
  const value = valueMaker(s.seed, s.specialRate);
  for (let i = 0; i < s.rows; i++) for (let j = 0; j < s.cols; j++) data[i * stride + j] = value();
  return new Matrix(s.rows, s.cols, data, { rowStride: stride });
}

const storage = fc.constantFrom<Storage>('plain', 'plain', 'offset', 'shared', 'resizable');
const dtype = fc.constantFrom<DType>('float32', 'float64');
const specialRate = fc.constantFrom(0, 0, 0.05, 0.3);
const dim = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 19 }) });

export function matrixSpec(rows: fc.Arbitrary<number>, cols: fc.Arbitrary<number>, dt: fc.Arbitrary<DType> = dtype): fc.Arbitrary<MatrixSpec> {
  return fc.record({
    rows, cols, dtype: dt, storage, specialRate,
    pad: fc.integer({ min: 0, max: 3 }),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  });
}

// ---- matmul ----------------------------------------------------------------

interface GemmSpec {
  m: number; n: number; k: number; transA: boolean; transB: boolean; alpha: number; beta: number; useOut: boolean;
  A: MatrixSpec; B: MatrixSpec; C: MatrixSpec;
}

const gemmSpec: fc.Arbitrary<GemmSpec> = fc
  .record({
    m: dim, n: dim, k: dim, transA: fc.boolean(), transB: fc.boolean(), dtype, useOut: fc.boolean(),
    alpha: fc.constantFrom(1, 1, -0.5, 2.25, 0, 1e3),
    beta: fc.constantFrom(0, 0, 1, -1.5, 1e-3),
  })
  .chain((g) => {
    const fixed = (v: number) => fc.constant(v);
    const dt = fc.constant(g.dtype);
    return fc.record({
      A: matrixSpec(fixed(g.transA ? g.k : g.m), fixed(g.transA ? g.m : g.k), dt),
      B: matrixSpec(fixed(g.transB ? g.n : g.k), fixed(g.transB ? g.k : g.n), dt),
      C: matrixSpec(fixed(g.m), fixed(g.n), dt),
    }).map((ops) => ({ ...g, beta: g.useOut ? g.beta : 0, ...ops }));
  });

function gemmArgs(g: GemmSpec): unknown[] {
  const A = buildMatrix(g.A), B = buildMatrix(g.B);
  const options: Record<string, unknown> = { transA: g.transA, transB: g.transB, alpha: g.alpha, beta: g.beta };
  if (g.useOut) options.out = buildMatrix(g.C);
  // The C the result must be computed from (out is overwritten by the call).
  const C0 = g.useOut ? (options.out as Matrix).clone() : null;
  return [A, B, options, C0];
}

const EPS: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const TINY: Record<DType, number> = { float32: 2 ** -149, float64: 2 ** -1074 };

/** got ≈ alpha·op(A)·op(B) + beta·C entrywise; NaN and ±Inf must match exactly. */
export function checkGemm(args: unknown[], result: unknown): void {
  const [A, B, options, C0] = args as [Matrix, Matrix, { transA: boolean; transB: boolean; alpha: number; beta: number; out?: Matrix }, Matrix | null];
  const C = result as Matrix;
  if (!(C instanceof Matrix)) throw new Error('matmul did not return a Matrix');
  if (options.out && C !== options.out) throw new Error('matmul did not return out');
  const dt = A.dtype;
  if (C.dtype !== dt) throw new Error(`result dtype ${C.dtype}, expected ${dt}`);
  const ref = (M: Matrix) => ({ rows: M.rows, cols: M.cols, data: M.data, stride: M.rowStride });
  const { alpha, beta } = options;
  const k = options.transA ? A.rows : A.cols;
  // alpha = 0 or k = 0: the C ABI does not read A and B (BLAS), so NaN there does not reach the result.
  const skipAB = alpha === 0 || k === 0;
  const r = refGemm(ref(A), options.transA, ref(B), options.transB, skipAB ? 0 : alpha, beta, C0 && ref(C0));
  if (C.rows !== r.m || C.cols !== r.n) throw new Error(`result is ${C.rows}×${C.cols}, expected ${r.m}×${r.n}`);
  const tol = 2 * (k + 2) * EPS[dt];
  const abs = 4 * (k + 2) * TINY[dt] * Math.max(1, Math.abs(alpha));
  for (let i = 0; i < r.m; i++) {
    for (let j = 0; j < r.n; j++) {
      let want = r.value[i * r.n + j], magnitude = r.magnitude[i * r.n + j];
      if (skipAB) {
        want = beta !== 0 && C0 ? beta * C0.data[i * C0.rowStride + j] : 0;
        magnitude = Math.abs(want);
      }
      const got = C.data[i * C.rowStride + j];
      const ok = Number.isNaN(want)
        ? Number.isNaN(got)
        : !Number.isFinite(want)
          ? got === want
          : Math.abs(got - want) <= tol * magnitude + abs ||
            (dt === 'float32' && Math.abs(want) > 3.4e38); // f64 reference beyond the f32 range
      if (!ok) throw new Error(`(${i}, ${j}): got ${got}, expected ${want} (${dt}, k=${k}, alpha=${alpha}, beta=${beta})`);
    }
  }
  // Padding between rows of out is never written.
  if (options.out) {
    for (let i = 0; i + 1 < C.rows; i++) {
      for (let j = C.cols; j < C.rowStride && i * C.rowStride + j < C.data.length; j++) {
        if (!Number.isNaN(C.data[i * C.rowStride + j])) throw new Error(`out padding (${i}, ${j}) was written`);
      }
    }
  }
}

// ---- random ----------------------------------------------------------------

const seed = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(0, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1));
const randomOptions = fc.record(
  {
    seed,
    dtype,
    stream: fc.oneof(fc.constant(0), fc.constant(2 ** 32 - 1), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
    scale: fc.constantFrom(1, -2, 0, 1e-300, 1e300),
    rowOffset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 }), fc.constant(2 ** 32 - 20)),
    colOffset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 }), fc.constant(2 ** 32 - 20)),
  },
  { requiredKeys: ['seed'] },
);

function randomEntry(name: 'gaussian' | 'uniform' | 'rademacher'): FuzzEntry {
  return {
    name: `random.${name}`,
    args: fc.tuple(dim, dim, randomOptions),
    options: { index: 2, keys: ['seed', 'dtype', 'stream', 'scale', 'rowOffset', 'colOffset'] },
    call: (rows, cols, options) => random[name](rows as number, cols as number, options as never),
    check(args, result) {
      const [rows, cols, o] = args as [number, number, { dtype?: DType; scale?: number; rowOffset?: number; colOffset?: number }];
      const M = result as Matrix;
      if (!(M instanceof Matrix) || M.rows !== rows || M.cols !== cols) throw new Error('wrong shape');
      if (M.dtype !== (o.dtype ?? 'float64')) throw new Error('wrong dtype');
      const scale = o.scale ?? 1;
      for (const v of M.data) {
        const x = v / scale;
        // scale rounds to ±Inf in f32 (1e300) or to 0: nothing to say about x then.
        if (!Number.isFinite(v) && !(M.dtype === 'float32' && Math.abs(scale) > 3e38)) throw new Error(`non-finite entry ${v}`);
        if (scale === 0 || !Number.isFinite(x) || Math.abs(scale) < 1e-200 || Math.abs(scale) > 1e200) continue;
        if (name === 'uniform' && !(x >= 0 && x < 1 + 1e-6)) throw new Error(`uniform entry ${x} outside [0, 1)`);
        if (name === 'rademacher' && Math.abs(Math.abs(x) - 1) > 1e-6) throw new Error(`rademacher entry ${x} is not ±1`);
      }
      // Any block is the same block of the big matrix: compare with a 1-row window.
      if (rows > 1 && cols > 0) {
        const row = random[name](1, cols, { ...(o as { seed: number }), rowOffset: (o.rowOffset ?? 0) + 1 });
        for (let j = 0; j < cols; j++) {
          if (!Object.is(row.data[j], M.data[M.rowStride + j])) throw new Error(`row 1 differs from its own 1-row block at ${j}`);
        }
      }
    },
  };
}

// ---- the market -------------------------------------------------------------

export const ENTRIES: FuzzEntry[] = [
  {
    name: 'matmul',
    args: gemmSpec.map(gemmArgs),
    options: { index: 2, keys: ['transA', 'transB', 'alpha', 'beta', 'out', 'signal'] },
    call: (A, B, options) => matmul(A as Matrix, B as Matrix, options as never),
    check: checkGemm,
  },
  {
    name: 'matmulAsync',
    args: gemmSpec.map(gemmArgs),
    options: { index: 2, keys: ['transA', 'transB', 'alpha', 'beta', 'out', 'signal'] },
    call: (A, B, options) => matmulAsync(A as Matrix, B as Matrix, options as never),
    check: checkGemm,
  },
  randomEntry('gaussian'),
  randomEntry('uniform'),
  randomEntry('rademacher'),
  {
    name: 'random.philox4x32',
    args: fc.tuple(fc.array(fc.nat({ max: 2 ** 32 - 1 }), { minLength: 4, maxLength: 4 }), fc.array(fc.nat({ max: 2 ** 32 - 1 }), { minLength: 2, maxLength: 2 })),
    call: (c, k) => random.philox4x32(c as number[], k as number[]),
    check: (_args, r) => {
      if (!(r instanceof Uint32Array) || r.length !== 4) throw new Error('philox4x32 must return a Uint32Array(4)');
    },
  },
  {
    name: 'new Matrix',
    args: matrixSpec(dim, dim).map((s) => {
      const M = buildMatrix(s);
      return [M.rows, M.cols, M.data, { rowStride: M.rowStride }];
    }),
    options: { index: 3, keys: ['rowStride'] },
    call: (r, c, d, o) => new Matrix(r as number, c as number, d as Float64Array, o as never),
  },
  {
    name: 'Matrix.zeros',
    args: fc.tuple(dim, dim, dtype),
    call: (r, c, d) => Matrix.zeros(r as number, c as number, d as DType),
    check: (args, M) => {
      if (!((M as Matrix).data.every((v) => v === 0) && (M as Matrix).rows === args[0])) throw new Error('not zeros');
    },
  },
  {
    name: 'Matrix.fromRows',
    args: fc.tuple(fc.array(fc.array(fc.double(), { minLength: 3, maxLength: 3 }), { maxLength: 5 }), dtype),
    call: (v, d) => Matrix.fromRows(v as number[][], d as DType),
  },
  {
    name: 'Matrix#get/set/row/clone/toArray',
    hostileArgs: [1, 2, 3], // the receiver is always a Matrix: methods are not called on other things
    args: fc.tuple(matrixSpec(dim, dim), fc.nat(25), fc.nat(25), fc.double()).map(([s, i, j, v]) => [buildMatrix(s), i, j, v]),
    call: (M, i, j, v) => {
      const m = M as Matrix;
      const isIndex = (v: unknown, n: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < n;
      const inside = isIndex(i, m.rows) && isIndex(j, m.cols);
      if (inside && typeof v !== 'number') {
        try {
          m.set(i as number, j as number, v as number);
        } catch (e) {
          if (e instanceof ValueError) return null;
          throw e;
        }
        throw new Error('set with a value that is not a number did not throw');
      }
      if (inside) {
        m.set(i as number, j as number, v as number);
        const got = m.get(i as number, j as number);
        const want = m.dtype === 'float32' ? Math.fround(v as number) : v;
        if (!Object.is(got, want)) throw new Error(`get after set: ${got} vs ${want}`);
        m.row(i as number);
      } else {
        // Out of range: a ValueError naming the index.
        let threw: unknown;
        try {
          m.get(i as number, j as number);
        } catch (e) {
          threw = e;
        }
        if (!(threw instanceof ValueError)) throw threw ?? new Error(`get(${String(i)}, ${String(j)}) outside ${m.rows}×${m.cols} did not throw`);
      }
      return [m.clone(), m.toArray()];
    },
  },
];
