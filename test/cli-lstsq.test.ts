/**
 * `sketchmat lstsq A b`: the residual and solution match linalg.lstsq, a
 * 1 × m b is a vector, sketch-precondition agrees with QR to full precision,
 * and mismatched or bad inputs are one-line errors (exit 2).
 */
import { join } from 'node:path';
import { Matrix, io, linalg, random } from '../lib/index';
import { expectUsageError, sixthDigit, useCli } from './support/cli';

const { run, dir } = useCli();
const m = 400, n = 12;
let A: Matrix, b: Matrix;
const file = (name: string) => join(dir(), name);

beforeAll(() => {
  A = random.gaussian(m, n, { seed: 1 });
  b = random.gaussian(m, 2, { seed: 2 });
  io.writeNpy(file('A.npy'), A);
  io.writeNpy(file('b.npy'), b);
  io.writeNpy(file('brow.npy'), new Matrix(1, m, b.clone().data.filter((_, i) => i % 2 === 0)));
  io.writeNpy(file('short.npy'), random.gaussian(m - 1, 1, { seed: 3 }));
  io.writeNpy(file('A32.npy'), random.gaussian(m, n, { seed: 1, dtype: 'float32' }));
});

test('qr: residuals and x equal the library\'s; -o writes x', () => {
  const r = run(['lstsq', file('A.npy'), file('b.npy'), '-o', file('x.npy'), '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout);
  const ref = linalg.lstsq(A, b);
  expect([j.rows, j.cols, j.rhs, j.rank, j.method]).toEqual([m, n, 2, n, 'qr']);
  j.residualNorm.forEach((v: number, i: number) => expect(Math.abs(v - ref.residualNorm[i])).toBeLessThanOrEqual(sixthDigit(ref.residualNorm[i])));
  const x = io.readNpy(file('x.npy'));
  expect([x.rows, x.cols]).toEqual([n, 2]);
  for (let i = 0; i < n; i++) expect(x.get(i, 1)).toBeCloseTo((ref.x as Matrix).get(i, 1), 12);
});

test('a 1 × m b is one right-hand side; sketch-precondition matches QR', () => {
  const qr = JSON.parse(run(['lstsq', file('A.npy'), file('brow.npy'), '--json']).stdout);
  const sp = JSON.parse(run(['lstsq', file('A.npy'), file('brow.npy'), '--method', 'sketch-precondition', '--seed', '5', '--json']).stdout);
  expect(qr.rhs).toBe(1);
  expect(sp.iterations).toBeGreaterThan(0);
  expect(Math.abs(sp.residualNorm[0] - qr.residualNorm[0]) / qr.residualNorm[0]).toBeLessThan(1e-9);
  expect(run(['lstsq', file('A.npy'), file('b.npy')]).stdout).toMatch(/rank\s+iterations/);
});

test('mismatched rows, dtypes, flags and missing files are one-line errors', () => {
  expectUsageError(run(['lstsq', file('A.npy')]), /expected two input files/);
  expectUsageError(run(['lstsq', file('A.npy'), file('short.npy')]), /short\.npy has 399 rows but A .* has 400/);
  expectUsageError(run(['lstsq', file('A32.npy'), file('b.npy')]), /A is float32 but b is float64/);
  expectUsageError(run(['lstsq', file('A.npy'), file('b.npy'), '--tol', '1e-8']), /--tol applies to --method sketch-precondition/);
  expectUsageError(run(['lstsq', file('A.npy'), file('b.npy'), '--method', 'svd']), /--method expects one of qr, sketch-solve, sketch-precondition/);
  expectUsageError(run(['lstsq', file('A.npy'), file('nope.npy')]), /b .*nope\.npy: no such file/);
  expectUsageError(run(['lstsq', file('A.npy'), file('b.npy'), '-o', file('A.npy'), '--force']), /is an input file/);
});
