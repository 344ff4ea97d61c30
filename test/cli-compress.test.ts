/**
 * `sketchmat compress` on a real weight matrix: the error it reports is the
 * library's fit error, the saved file loads back to the same operator, and
 * bad structures or options are one-line errors naming the flag.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, structured, random } from '../lib/index';
import { dataFile, expectUsageError, useCli } from './support/cli';

const WEIGHTS = dataFile('use_lite_attn_out_512x512.npy', 'weights/use_lite_attn_out_512x512.npy');
const { run, dir } = useCli();

test('lowRank: reported error equals structured.fit\'s; the saved operator loads and applies', () => {
  const out = join(dir(), 'lr.safetensors');
  const r = run(['compress', WEIGHTS, '--structure', 'lowRank', '--rank', '32', '-o', out, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout);
  const W = io.readNpy(WEIGHTS);
  const ref = structured.fit(W, 'lowRank', { rank: 32 });
  expect(j.relError).toBeCloseTo(ref.relError, 4);
  expect(j.params).toBe(32 * (512 + 512));
  expect(j.paramRatio).toBeCloseTo(0.125, 6);
  expect(j.speedup).toBeGreaterThan(0);
  const op = structured.load(readFileSync(out));
  const X = random.gaussian(3, 512, { seed: 2, dtype: 'float32' });
  const a = op.linear(X), b = ref.op.linear(X);
  // float32 fits in two processes that may run other SIMD levels: equal to float32 rounding of a 512-term fit, not bits.
  let diff = 0, norm = 0;
  for (let i = 0; i < a.data.length; i++) { diff += (a.data[i] - b.data[i]) ** 2; norm += b.data[i] ** 2; }
  expect(Math.sqrt(diff / norm)).toBeLessThan(1e-4);
});

test('monarch, kronecker, nm and the table output', () => {
  expect(run(['compress', WEIGHTS, '--structure', 'monarch', '--blocks', '16']).stdout).toMatch(/fitted onto monarch[\s\S]*rel\. error/);
  const k = JSON.parse(run(['compress', WEIGHTS, '--structure', 'kronecker', '--shapes', '16x16,32x32', '--json']).stdout);
  expect(k.params).toBe(16 * 16 + 32 * 32);
  const nm = JSON.parse(run(['compress', WEIGHTS, '--structure', 'nm', '--n', '2', '--m', '4', '--json']).stdout);
  expect(nm.relError).toBeGreaterThan(0);
  expect(nm.relError).toBeLessThan(1);
});

test('bad structures, options and files are one-line errors (exit 2)', () => {
  expectUsageError(run(['compress', WEIGHTS]), /--structure KIND or --budget P is required \(kinds: lowRank, .*blast, cur\)/);
  expectUsageError(run(['compress', WEIGHTS, '--structure', 'lowrank', '--rank', '4']), /--structure lowrank: kind must be one of/);
  expectUsageError(run(['compress', WEIGHTS, '--structure', 'monarch', '--blocks', '7']), /--structure monarch: .*7/);
  expectUsageError(run(['compress', WEIGHTS, '--structure', 'toeplitz', '--rank', '3']), /--structure toeplitz: .*rank/);
  expectUsageError(run(['compress', WEIGHTS, '--structure', 'kronecker', '--shapes', '16by16']), /--shapes item "16by16"/);
  expectUsageError(run(['compress', WEIGHTS, '--structure', 'lowRank', '--rank', '4', '-o', join(dir(), 'x.npy')]), /expected a \.safetensors file name/);
});

test('--budget tries every structure within it and keeps the lowest error; new kinds by flag', () => {
  const r = run(['compress', WEIGHTS, '--budget', '0.1', '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(j.params).toBeLessThanOrEqual(0.1 * 512 * 512);
  const ok = j.tried.filter((t: { ok: boolean }) => t.ok);
  expect(ok.length).toBeGreaterThan(2);
  expect(j.relError).toBeCloseTo(Math.min(...ok.map((t: { relError: number }) => t.relError)), 6);
  expect(run(['compress', WEIGHTS, '--budget', '0.1']).stdout).toMatch(/within --budget 0\.1, tried:[\s\S]*chosen/);
  const b = JSON.parse(run(['compress', WEIGHTS, '--structure', 'blast', '--blocks', '4', '--rank', '16', '--iters', '2', '--json']).stdout);
  expect(b.structure).toBe('blast');
  const s = JSON.parse(run(['compress', WEIGHTS, '--structure', 'blockSparse', '--block-size', '64', '--density', '0.25', '--json']).stdout);
  expect(s.paramRatio).toBeGreaterThan(0.2);
  expectUsageError(run(['compress', WEIGHTS, '--budget', '0.1', '--rank', '3']), /--budget picks each structure's options itself; drop --rank/);
  expectUsageError(run(['compress', WEIGHTS, '--budget', '0.1', '--structure', 'monarch']), /not both/);
});
