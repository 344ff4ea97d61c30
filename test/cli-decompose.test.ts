/**
 * `sketchmat svd` and `sketchmat pca` on the real digits: the values match the
 * library's (exact SVD, randomized close to it), the files written hold what
 * they say, and bad flags and files are one-line errors with exit code 2.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, io, linalg } from '../lib/index';
import { dataFile, expectUsageError, sixthDigit, useCli } from './support/cli';

const DIGITS = dataFile('sk_digits_1797x64.npy', 'sk_digits_1797x64.npy');
const { run, dir } = useCli();
const digits = () => io.readNpy(DIGITS);

function centred(X: Matrix): Matrix {
  const Y = X.clone();
  for (let j = 0; j < X.cols; j++) {
    let mean = 0;
    for (let i = 0; i < X.rows; i++) mean += Y.data[i * X.cols + j];
    mean /= X.rows;
    for (let i = 0; i < X.rows; i++) Y.data[i * X.cols + j] -= mean;
  }
  return Y;
}

test('the digits file is there (shipped data or ../shared/data)', () => {
  expect(existsSync(DIGITS)).toBe(true);
});

describe('svd', () => {
  test('--exact gives the library\'s thin SVD; randomized is within 4e-6 of it on the top 5', () => {
    const exact = linalg.svd(digits()).s;
    const e = run(['svd', DIGITS, '-k', '8', '--exact', '--json']);
    expect(e.stderr).toBe('');
    expect(e.status).toBe(0);
    const je = JSON.parse(e.stdout);
    expect([je.rows, je.cols, je.k, je.method]).toEqual([1797, 64, 8, 'exact']);
    // --json rounds to 6 significant digits: within half a unit of the 6th.
    je.singularValues.forEach((s: number, i: number) => expect(Math.abs(s - exact[i])).toBeLessThanOrEqual(sixthDigit(exact[i])));
    const r = JSON.parse(run(['svd', DIGITS, '-k', '5', '--seed', '3', '--json']).stdout);
    expect(r.method).toBe('randomized');
    // float32 data: 1e-6 is ~17 ulps, where the summation order of the products already shows; 4e-6 (~67 ulps).
    r.singularValues.forEach((s: number, i: number) => expect(Math.abs(s - exact[i]) / exact[i]).toBeLessThan(4e-6));
  });

  test('-o writes U, S, Vt whose product is the rank-k approximation', () => {
    const out = join(dir(), 'digits-svd.safetensors');
    const r = run(['svd', DIGITS, '-k', '4', '--exact', '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/top 4 singular values/);
    const { tensors, metadata } = io.readSafetensors(out);
    expect(Object.keys(tensors).sort()).toEqual(['S', 'U', 'Vt']);
    expect([tensors.U.rows, tensors.U.cols, tensors.S.cols, tensors.Vt.rows, tensors.Vt.cols]).toEqual([1797, 4, 4, 4, 64]);
    expect(metadata.method).toBe('exact');
    const ref = linalg.svd(digits());
    // The digits are float32: the CLI (its own process, the best SIMD level) and this worker (whatever level the
    // previous test file left) may sum in other orders, so agreement is to float32 rounding, not bits.
    for (let j = 0; j < 4; j++) expect(Math.abs(tensors.S.get(0, j) - ref.s[j]) / ref.s[j]).toBeLessThan(1e-5);
    expect(Math.abs(tensors.Vt.get(0, 5) - ref.Vt.get(0, 5))).toBeLessThan(1e-4);
  });

  test('bad flags and files are one-line errors, nothing written', () => {
    expectUsageError(run(['svd', DIGITS]), /-k K is required/);
    expectUsageError(run(['svd', DIGITS, '-k', '65']), /-k 65 is more than min\(rows, cols\) = 64/);
    expectUsageError(run(['svd', DIGITS, '-k', '0']), /--k/);
    expectUsageError(run(['svd', DIGITS, '-k', '3', '-o', join(dir(), 'x.npy')]), /expected a \.safetensors file name/);
    expectUsageError(run(['svd', join(dir(), 'missing.npy'), '-k', '3']), /missing\.npy: no such file/);
    const bad = join(dir(), 'bad.npy');
    writeFileSync(bad, 'not an npy file at all');
    expectUsageError(run(['svd', bad, '-k', '3']), /bad\.npy.*(magic|byte)/);
    expectUsageError(run(['svd', DIGITS, '-k', '3', '--exact', '--power-iters', '2']), /--power-iters applies to the randomized SVD/);
    expect(readdirSync(dir()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('pca', () => {
  test('explained variance matches the exact SVD of the centred digits; scores and model files', () => {
    const X = digits();
    const s = linalg.svd(centred(X)).s;
    const total = s.reduce((a, x) => a + x * x, 0);
    const scores = join(dir(), 'scores.npy');
    const model = join(dir(), 'pca.safetensors');
    const r = run(['pca', DIGITS, '-k', '10', '--seed', '1', '-o', scores, '--model', model, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    j.explainedVarianceRatio.forEach((v: number, i: number) => expect(v).toBeCloseTo((s[i] * s[i]) / total, 4));
    expect(j.totalExplained).toBeGreaterThan(0.7);
    const Z = io.readNpy(scores);
    expect([Z.rows, Z.cols]).toEqual([1797, 10]);
    const { tensors } = io.readSafetensors(model);
    expect([tensors.components.rows, tensors.components.cols, tensors.mean.cols]).toEqual([10, 64, 64]);
    // Score variance along component i is its explained variance.
    let v0 = 0;
    for (let i = 0; i < Z.rows; i++) v0 += Z.get(i, 0) ** 2;
    expect(v0 / (Z.rows - 1)).toBeCloseTo(j.explainedVariance[0], 2);
  });

  test('a CSV input and the table output', () => {
    const csv = join(dir(), 'small.csv');
    writeFileSync(csv, 'a,b,c\n1,2,3\n2,4,6.5\n3,6,9\n4,8,12.5\n');
    const r = run(['pca', csv, '-k', '2']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/component\s+variance\s+ratio\s+cumulative/);
    expect(r.stdout).toMatch(/4 × 3 float64/);
  });

  test('bad flags are one-line errors', () => {
    expectUsageError(run(['pca', DIGITS, '-k', '3', '-o', join(dir(), 'x.safetensors')]), /expected a \.npy, \.csv file name/);
    expectUsageError(run(['pca', DIGITS, '-k', '3', '--model', join(dir(), 'm.npy')]), /--model .*expected a \.safetensors/);
    expectUsageError(run(['pca', DIGITS, '-k', '3', '--tensor', 'w']), /--tensor applies to a \.safetensors input/);
    expectUsageError(run(['pca', DIGITS, '-k', '3', '-o', DIGITS]), /is an input file/);
    expectUsageError(run(['pca', DIGITS, '--kk', '3']), /unknown flag --kk \(did you mean --k\?\)/);
  });
});
