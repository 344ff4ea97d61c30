/**
 * The fuzz market, continued: Frequent Directions (its deserialize is a
 * parser written in TypeScript, so fast-check fuzzes it on arbitrary bytes
 * and on mutated real sketches instead of libFuzzer), its update/sketch on
 * random matrices, and qr's CholeskyQR2 method. Same contract as entries.ts.
 */
import fc from 'fast-check';
import { Matrix, linalg } from '../../lib/api';
import type { DType } from '../../lib/dtype';
import { distance, frobenius, multiply, orthogonalityError, toDense } from '../reference/linalg';
import { FuzzEntry, MatrixSpec, buildMatrix, matrixSpec } from './entries';

const EPS: Record<DType, number> = { float32: 2 ** -24, float64: 2 ** -53 };

function finiteModerate(M: Matrix): boolean {
  for (let i = 0; i < M.rows; i++) {
    for (let j = 0; j < M.cols; j++) {
      const x = M.data[i * M.rowStride + j];
      if (!Number.isFinite(x) || Math.abs(x) > 1e3) return false;
    }
  }
  return true;
}

/** A real sketch's bytes (d, ell, dtype, rows from a seed), then cut, extended or with bytes overwritten. */
const mutatedSketch = fc.record({
  d: fc.integer({ min: 1, max: 6 }), ell: fc.integer({ min: 1, max: 4 }), rows: fc.integer({ min: 0, max: 11 }),
  dtype: fc.constantFrom<DType>('float32', 'float64'), seed: fc.integer({ min: 1, max: 2 ** 30 }),
  cut: fc.option(fc.nat(), { nil: undefined }), extra: fc.uint8Array({ maxLength: 3 }),
  writes: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
}).map((s) => {
  const fd = new linalg.FrequentDirections(s.d, s.ell, { dtype: s.dtype });
  let x = s.seed;
  const data = (s.dtype === 'float32' ? new Float32Array(s.rows * s.d) : new Float64Array(s.rows * s.d)).map(() => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 30 - 1;
  });
  if (s.rows > 0) fd.update(new Matrix(s.rows, s.d, data));
  let bytes = fd.serialize();
  if (s.cut !== undefined) bytes = bytes.slice(0, s.cut % (bytes.length + 1));
  const out = new Uint8Array(bytes.length + s.extra.length);
  out.set(bytes);
  out.set(s.extra, bytes.length);
  for (const [at, v] of s.writes) if (out.length > 0) out[at % out.length] = v;
  return out;
});

const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 120 }), mutatedSketch);

const fdSpec = fc.record({
  ell: fc.integer({ min: 1, max: 5 }),
  spec: matrixSpec(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 7 })),
});

export const LINALG_PERF_ENTRIES: FuzzEntry[] = [
  {
    name: 'FrequentDirections.deserialize (arbitrary and mutated bytes)',
    args: anyBytes.map((b) => [b]),
    mayRefuse: true,
    call: (b) => linalg.FrequentDirections.deserialize(b as Uint8Array),
    check: (args, fd) => {
      // What it accepts is a sketch that writes back the same bytes.
      const again = (fd as linalg.FrequentDirections).serialize();
      const b = args[0] as Uint8Array;
      if (again.length !== b.length || again.some((x, i) => x !== b[i])) throw new Error('serialize(deserialize(bytes)) differs from bytes');
    },
  },
  {
    name: 'FrequentDirections update/sketch',
    args: fdSpec.map((s) => [s.spec, s.ell]),
    hostileArgs: [],
    call: (spec, ell) => {
      const M = buildMatrix(spec as MatrixSpec);
      const fd = new linalg.FrequentDirections(M.cols, ell as number, { dtype: M.dtype });
      fd.update(M);
      return [M, fd.sketch(), fd.covarianceErrorBound()];
    },
    mayRefuse: true, // NaN/Inf rows are refused with a ValueError
    check: (_args, r) => {
      const [M, B, bound] = r as [Matrix, Matrix, number];
      if (!finiteModerate(M)) return;
      const d = M.cols, A = toDense(M), S = toDense(B);
      // ‖AᵀA − BᵀB‖ (Frobenius, a looser norm than 2) against the bound, rounding allowed for.
      let diff = 0;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let a = 0, b = 0;
          for (const row of A) a += row[i] * row[j];
          for (const row of S) b += row[i] * row[j];
          diff = Math.max(diff, Math.abs(a - b));
        }
      }
      const f2 = frobenius(A) ** 2;
      if (!(bound <= f2 * (1 + 1e-6) + 1e-300)) throw new Error(`bound ${bound} > ‖A‖² ${f2}`);
      if (!(diff <= bound + 100 * d * EPS[M.dtype] * f2 + 1e-300)) throw new Error(`|AᵀA − BᵀB| ${diff} > bound ${bound}`);
    },
  },
  {
    name: "linalg.qr (method 'cholesky2')",
    args: matrixSpec(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 9 })).map((s) => [buildMatrix(s), { method: 'cholesky2' }]),
    options: { index: 1, keys: ['method', 'mode'] },
    call: (A, o) => linalg.qr(A as Matrix, o as never),
    check: (args, r) => {
      const A = args[0] as Matrix;
      if (!finiteModerate(A)) return;
      const { Q, R } = r as { Q: Matrix; R: Matrix };
      const k = Math.min(A.rows, A.cols);
      if (k === 0) return;
      const scale = Math.max(frobenius(toDense(A)), 1e-300);
      const err = distance(multiply(toDense(Q), toDense(R), k, A.cols), toDense(A)) / scale;
      if (!(err <= 1e3 * k * EPS[A.dtype])) throw new Error(`‖A − QR‖/‖A‖ = ${err}`);
      if (!(orthogonalityError(toDense(Q), k) <= 1e3 * k * EPS[A.dtype])) throw new Error('Q not orthonormal');
    },
  },
];
