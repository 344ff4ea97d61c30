/**
 * float32 paths that accumulate keep their answers on inputs near the ends of
 * float32's range (entries near 1e30 and 1e-30), on every backend: nothing
 * overflows, underflows to zero, or loses all precision when the true result
 * is representable. (A product whose true value exceeds float32's 3.4e38 does
 * overflow, as in any BLAS: see docs/ERRORS.md.)
 */
import { Matrix, matmul, sketch } from '../lib/api';
import { forEachBackend } from './support/backends';
import { filled } from './support/data';

/** The same matrix scaled by `s` (exactly, s a power of ten is fine: we compare relatively). */
function scaled(M: Matrix, s: number): Matrix {
  const out = M.clone();
  for (let i = 0; i < out.data.length; i++) out.data[i] = Math.fround(out.data[i] * s);
  return new Matrix(out.rows, out.cols, out.data);
}

/** Largest |got − want| relative to max |want|, want computed in float64 from the same float32 inputs. */
function relError(got: Matrix, want: Matrix): number {
  let err = 0, scale = 0;
  for (let i = 0; i < got.rows; i++) {
    for (let j = 0; j < got.cols; j++) {
      const g = got.get(i, j), w = want.get(i, j);
      if (!Number.isFinite(g)) return Infinity;
      err = Math.max(err, Math.abs(g - w));
      scale = Math.max(scale, Math.abs(w));
    }
  }
  return scale === 0 ? Infinity : err / scale;
}

const toF64 = (M: Matrix) => new Matrix(M.rows, M.cols, Float64Array.from(M.data), { rowStride: M.rowStride });

// float32 rounding of a k-term sum: relative error ≲ k·2^-24 of the largest
// entry's scale; k ≤ 300 here, so 1e-4 leaves a wide margin yet fails on
// overflow (Inf), flush to zero (error 1) or a lost exponent.
const TOL = 1e-4;

forEachBackend(() => {
  describe.each([1e15, 1e-15, 1e30, 1e-30])('entries scaled by %p', (s) => {
    test('matmul float32 (products stay within range)', () => {
      // Products are s²: within float32 only for s in [1e-15, 1e15]; beyond,
      // scale just one operand so the true result stays representable.
      const A = scaled(filled(37, 300, 'float32', 1), s);
      const B = scaled(filled(300, 29, 'float32', 2), Math.abs(Math.log10(s)) > 15 ? 1 : s);
      const got = matmul(A, B);
      expect(relError(got, matmul(toF64(A), toF64(B)))).toBeLessThan(TOL);
    });

    test.each(['sparseSign', 'countSketch', 'srht', 'gaussian'] as const)('%s project float32', (kind) => {
      const X = scaled(filled(20, 300, 'float32', 3), s);
      const S = sketch[kind]({ k: 64, n: 300, seed: 5 });
      const got = S.project(X);
      expect(relError(got, S.project(toF64(X)))).toBeLessThan(TOL);
    });
  });
});
