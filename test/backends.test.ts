/** Which backends loaded, and the selection rules. */
import { backendInfo, ready, Matrix, BackendError } from '../lib/api';
import { loadFailures, testBackends } from './support/backends';

test('every backend loads (required under CI)', () => {
  const labels = testBackends().map((t) => t.label);
  if (process.env.CI) {
    expect(loadFailures).toEqual({});
    expect(labels).toEqual(expect.arrayContaining(['wasm-simd', 'wasm']));
    expect(labels.some((l) => l.startsWith('native/'))).toBe(true);
  } else if (Object.keys(loadFailures).length > 0) {
    console.warn(`backends not loaded (allowed outside CI): ${JSON.stringify(loadFailures)}`);
  }
});

test('backendInfo reports the backend that runs', async () => {
  const info = await ready();
  expect(info).toEqual(backendInfo());
  expect(['native', 'wasm-simd', 'wasm']).toContain(info.name);
  expect(['avx512', 'avx2', 'sse4', 'neon', 'simd128', 'scalar']).toContain(info.simd);
  expect(info.threads).toBeGreaterThanOrEqual(1);
  expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(typeof info.unavailable).toBe('object');
});

test('ready({ backend }) forces a backend, and a bad name fails loudly', async () => {
  const info = await ready({ backend: 'wasm' });
  expect(info.name).toBe('wasm');
  expect(info.simd).toBe('scalar');
  await expect(ready({ backend: 'gpu' as never })).rejects.toThrow(BackendError);
  await ready({ backend: 'wasm-simd' });
  expect(backendInfo().simd).toBe('simd128');
});

test('native reports its SIMD levels and can be capped', () => {
  const native = testBackends().filter((t) => t.label.startsWith('native/'));
  for (const t of native) {
    t.activate();
    expect(`native/${t.backend.simd()}`).toBe(t.label);
  }
});

test('Matrix wraps, checks and copies as documented', () => {
  const data = new Float64Array([1, 2, 3, 4, 5, 6]);
  const M = new Matrix(2, 3, data);
  data[5] = 60;
  expect(M.get(1, 2)).toBe(60);
  expect(() => new Matrix(2, 4, data)).toThrow(/needs 8 elements/);
  expect(() => new Matrix(2, 3, [1, 2] as never)).toThrow(/Float32Array or Float64Array/);
  expect(() => new Matrix(2, 3, data, { rowStride: 2 })).toThrow(/rowStride/);
  const S = new Matrix(2, 2, data, { rowStride: 3 });
  expect(S.toArray()).toEqual([[1, 2], [4, 5]]);
  expect(S.clone().data).toEqual(new Float64Array([1, 2, 4, 5]));
  expect(Matrix.fromRows([[1, 2], [3, 4]], 'float32').data).toEqual(new Float32Array([1, 2, 3, 4]));
  expect(() => Matrix.fromRows([[1, 2], [3]])).toThrow(/row 1 has length 1, expected 2/);
  expect(Matrix.zeros(0, 5).extent).toBe(0);
  expect(() => Matrix.zeros(2 ** 20, 2 ** 20)).toThrow(/typed array can hold/);
});
