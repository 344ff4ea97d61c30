/**
 * The tall QR of lstsq's 'qr' method (tallR: blocks of rows factored in
 * place, their R factors stacked and factored again) against the Householder
 * QR of the whole matrix, on every backend, f32 and f64, sync and async:
 * the same R up to the signs of its rows, with blocks of a few rows so that
 * small matrices take every branch (a short last block, one narrower than
 * the matrix, exact rank deficiency).
 */
import { tallR } from '../lib/linalg/lstsq';
import { runAsync, runSync } from '../lib/linalg/steps';
import { Matrix, linalg } from '../lib/index';
import { forEachBackend } from './support/backends';
import { rng } from './support/data';
import { newArray } from '../lib/dtype';

const EPS = { float32: 2 ** -24, float64: 2 ** -53 } as const;

function filled(rows: number, cols: number, dtype: 'float32' | 'float64', seed: number): Matrix {
  const r = rng(seed);
  const data = newArray(dtype, rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = r() - 0.5;
  return new Matrix(rows, cols, data);
}

/** max |R1 − D·R2| / max |R2| over the top `rows` rows of w × w factors, D the signs that match them. */
function rowSignDistance(R1: Matrix, R2: Matrix, w: number, rows = w): number {
  let err = 0, scale = 0;
  for (let i = 0; i < rows; i++) {
    // The sign from the row's largest entry (a zero diagonal leaves the rest to decide).
    let j0 = i;
    for (let j = i; j < w; j++) if (Math.abs(R2.data[i * w + j]) > Math.abs(R2.data[i * w + j0])) j0 = j;
    const d = Math.sign(R1.data[i * w + j0]) === Math.sign(R2.data[i * w + j0]) ? 1 : -1;
    for (let j = i; j < w; j++) {
      err = Math.max(err, Math.abs(R1.data[i * w + j] - d * R2.data[i * w + j]));
      scale = Math.max(scale, Math.abs(R2.data[i * w + j]));
    }
  }
  return scale === 0 ? err : err / scale;
}

/** The top w rows of the plain QR's R of F (w × w, zeros below the diagonal). */
function plainR(F: Matrix): Matrix {
  const { R } = linalg.qr(F);
  const w = F.cols;
  const out = newArray(F.dtype, w * w);
  for (let i = 0; i < Math.min(w, R.rows); i++) for (let j = i; j < w; j++) out[i * w + j] = R.data[i * R.cols + j];
  return new Matrix(w, w, out);
}

function topR(T: Matrix, w: number): Matrix {
  const out = newArray(T.dtype, w * w);
  for (let i = 0; i < w; i++) for (let j = i; j < w; j++) out[i * w + j] = T.data[i * w + j];
  return new Matrix(w, w, out);
}

// [rows, cols, block rows]: blocks of several rows, a short last block (fewer rows than cols),
// one block only, blocks exactly as tall as the matrix is wide.
const SHAPES: [number, number, number][] = [[97, 7, 14], [100, 7, 31], [50, 5, 50], [64, 8, 8], [41, 13, 26], [1000, 21, 42]];

forEachBackend(() => {
  for (const dtype of ['float32', 'float64'] as const) {
    test.each(SHAPES)(`${dtype}: %i × %i by blocks of %i rows equals the QR of the whole, row signs aside`, async (rows, cols, mb) => {
      const F = filled(rows, cols, dtype, rows + 31 * cols + mb);
      const want = plainR(F);
      const tol = 30 * Math.sqrt(rows) * cols * EPS[dtype];
      const sync = runSync(tallR(F.clone(), mb, 'test'));
      expect(rowSignDistance(topR(sync, cols), want, cols)).toBeLessThan(tol);
      const viaAsync = await runAsync(tallR(F.clone(), mb, 'test'), undefined, 'test');
      expect(Array.from(viaAsync.data)).toEqual(Array.from(sync.data));
    });

    test(`${dtype}: exact rank deficiency (a repeated and a zero column) keeps R's zero rows`, () => {
      const F = filled(120, 6, dtype, 5);
      for (let i = 0; i < 120; i++) {
        F.data[i * 6 + 3] = F.data[i * 6 + 1];
        F.data[i * 6 + 5] = 0;
      }
      const T = topR(runSync(tallR(F.clone(), 20, 'test')), 6);
      const want = plainR(F);
      const scale = Math.abs(want.data[0]);
      expect(Math.abs(T.data[3 * 6 + 3])).toBeLessThan(100 * EPS[dtype] * scale);
      expect(Math.abs(T.data[5 * 6 + 5])).toBeLessThan(100 * EPS[dtype] * scale);
      // Past a zero pivot R is not unique (the trailing rows may rotate): its defining identity instead, RᵀR = FᵀF.
      const gram = (M: Matrix) => Array.from({ length: 36 }, (_, t) => {
        let acc = 0;
        for (let i = 0; i < M.rows; i++) acc += M.data[i * 6 + (t % 6)] * M.data[i * 6 + Math.floor(t / 6)];
        return acc;
      });
      const g1 = gram(T), g2 = gram(F);
      const gscale = Math.max(...g2.map(Math.abs));
      g1.forEach((v, t) => expect(Math.abs(v - g2[t])).toBeLessThan(1e3 * EPS[dtype] * gscale));
      // Up to the first zero pivot it is unique, row signs aside.
      expect(rowSignDistance(T, want, 6, 3)).toBeLessThan(1e3 * EPS[dtype]);
    });
  }
});
