/**
 * The onProgress hook of rsvdAsync, pcaAsync, lstsqAsync and nystromAsync on
 * every backend: the calls keep the contract (done never decreases, never
 * passes total; the last call has done === total and stage 'done'; the
 * stages are named), the hook does not change the result, a callback that
 * throws rejects the call and leaves the backend usable, and the sync twins
 * refuse the option with a message that names the async twin.
 */
import { AbortError, Matrix, ValueError, linalg } from '../lib/api';
import type { StepProgress } from '../lib/api';
import { forEachBackend } from './support/backends';
import { filled } from './support/data';

/** A callback that records what it hears. */
function recorder(): { calls: StepProgress[]; onProgress: (p: StepProgress) => void } {
  const calls: StepProgress[] = [];
  return { calls, onProgress: (p) => calls.push({ ...p }) };
}

/** The contract every driver keeps. */
function expectContract(calls: StepProgress[]): void {
  expect(calls.length).toBeGreaterThan(1);
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i];
    expect(Number.isInteger(c.done) && Number.isInteger(c.total)).toBe(true);
    expect(c.done).toBeGreaterThanOrEqual(0);
    expect(c.done).toBeLessThanOrEqual(c.total);
    expect(typeof c.stage === 'string' && c.stage.length > 0).toBe(true);
    if (i > 0) {
      expect(c.done).toBeGreaterThanOrEqual(calls[i - 1].done);
      expect(c.total).toBeLessThanOrEqual(calls[i - 1].total); // may shrink, never grow
    }
  }
  const last = calls[calls.length - 1];
  expect(last.stage).toBe('done');
  expect(last.done).toBe(last.total);
  // Only the last call says 'done'; each step starts once.
  expect(calls.slice(0, -1).map((c) => c.done)).toEqual(calls.slice(0, -1).map((_, i) => i));
}

/** A symmetric positive semidefinite n × n matrix G·Gᵀ. */
function psd(n: number): Matrix {
  const G = filled(n, n, 'float64', 9);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < n; p++) s += G.data[i * n + p] * G.data[j * n + p];
    out[i * n + j] = s;
  }
  return new Matrix(n, n, out);
}

class Mine extends Error {}
/** A callback that throws on its `at`-th call (0-based). */
const throwsAt = (at: number) => {
  let n = 0;
  return () => {
    if (n++ === at) throw new Mine('stop');
  };
};

forEachBackend(() => {
  describe.each(['float32', 'float64'] as const)('%s', (dtype) => {
    const A = filled(120, 40, dtype, 1);

    test('rsvdAsync: 2q + 3 steps (sketch, two per power iteration, Aᵀ·Q, small SVD), same result as without the hook', async () => {
      const { calls, onProgress } = recorder();
      const r = await linalg.rsvdAsync(A, 5, { seed: 3, powerIters: 2, onProgress });
      expectContract(calls);
      expect(calls[0].total).toBe(7);
      expect(calls.map((c) => c.stage)).toEqual([
        'sketch (A·Ω)', 'power iteration 1/2 (Aᵀ·Y)', 'power iteration 1/2 (A·Z)', 'power iteration 2/2 (Aᵀ·Y)',
        'power iteration 2/2 (A·Z)', 'project (Aᵀ·Q)', 'small SVD', 'done',
      ]);
      const plain = await linalg.rsvdAsync(A, 5, { seed: 3, powerIters: 2 });
      expect(r.s).toEqual(plain.s);
      expect(r.U.data).toEqual(plain.U.data);
    });

    test('rsvdAsync with tol: the total shrinks to the blocks taken', async () => {
      // Rank 3 (an outer product sum): tol is met after the first block of 10 columns, k = 30 allows 3.
      const m = 80, n = 40, L = filled(m, 3, dtype, 4), R = filled(3, n, dtype, 5);
      const low = new Matrix(m, n, dtype === 'float32' ? new Float32Array(m * n) : new Float64Array(m * n));
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < 3; p++) low.data[i * n + j] += L.data[i * 3 + p] * R.data[p * n + j];
      const { calls, onProgress } = recorder();
      const r = await linalg.rsvdAsync(low, 30, { tol: 1e-3, blockSize: 10, powerIters: 1, onProgress });
      expectContract(calls);
      expect(calls[0].total).toBe(3 * 4 + 1);
      expect(calls[0].stage).toBe('block 1/3: sketch (A·Ω)');
      expect(calls[calls.length - 1].total).toBe(4 + 1);
      expect(r.s.length).toBe(10);
    });

    test('pcaAsync: the products of its rsvd, counted the same way', async () => {
      const { calls, onProgress } = recorder();
      const p = await linalg.pcaAsync(A, 4, { seed: 1, powerIters: 1, onProgress });
      expectContract(calls);
      expect(calls[0].total).toBe(5);
      expect(calls[0].stage).toBe('sketch (A·Ω)');
      expect(p.explainedVariance.length).toBe(4);
    });

    test.each(['qr', 'sketch-solve'] as const)('lstsqAsync %s: QR, SVD of R, residual', async (method) => {
      const b = filled(120, 1, dtype, 2).data;
      const { calls, onProgress } = recorder();
      const r = await linalg.lstsqAsync(A, b, { method, onProgress });
      expectContract(calls);
      const stages = method === 'qr' ? ['QR of [A | b]', 'SVD of R', 'residual', 'done'] : ['sketch (S·[A | b])', 'QR of the sketch', 'SVD of R', 'residual', 'done'];
      expect(calls.map((c) => c.stage)).toEqual(stages);
      expect(calls[0].total).toBe(stages.length - 1);
      expect(r.x).toEqual((await linalg.lstsqAsync(A, b, { method })).x);
    });

    test('lstsqAsync sketch-precondition, one b: a step per LSQR iteration, the cap shrinking to the iterations run', async () => {
      const b = filled(120, 1, dtype, 3).data;
      const { calls, onProgress } = recorder();
      const r = await linalg.lstsqAsync(A, b, { method: 'sketch-precondition', maxIter: 50, onProgress });
      expectContract(calls);
      expect(calls[0].total).toBe(3 + 50);
      expect(calls.slice(0, 3).map((c) => c.stage)).toEqual(['sketch (S·A)', 'QR of the sketch', 'LSQR iteration 1/50']);
      expect(calls[calls.length - 2].stage).toBe('residual');
      expect(r.iterations).toBeGreaterThan(0);
      expect(calls.filter((c) => c.stage.startsWith('LSQR')).length).toBe(r.iterations);
      expect(calls[calls.length - 1].total).toBe(3 + r.iterations);
    });

    test('lstsqAsync sketch-precondition, several columns of b: a step per column', async () => {
      const B = filled(120, 3, dtype, 3);
      const { calls, onProgress } = recorder();
      await linalg.lstsqAsync(A, B, { method: 'sketch-precondition', onProgress });
      expectContract(calls);
      expect(calls.map((c) => c.stage)).toEqual(['sketch (S·A)', 'QR of the sketch', 'LSQR, column 1/3', 'LSQR, column 2/3', 'LSQR, column 3/3', 'residual', 'done']);
      expect(calls[0].total).toBe(6);
    });

    test('nystromAsync: QR of Ω, A·Ω, Cholesky, SVD', async () => {
      const K = psd(30);
      const G = dtype === 'float32' ? new Matrix(30, 30, Float32Array.from(K.data)) : K;
      const { calls, onProgress } = recorder();
      await linalg.nystromAsync(G, 5, { seed: 2, onProgress });
      expectContract(calls);
      expect(calls.map((c) => c.stage)).toEqual(['orthonormalize Ω (QR)', 'sketch (A·Ω)', 'Cholesky', 'SVD', 'done']);
    });

    test('k = 0 and empty inputs: one call, done = total = 0', async () => {
      const { calls, onProgress } = recorder();
      await linalg.rsvdAsync(A, 0, { onProgress });
      expect(calls).toEqual([{ done: 0, total: 0, stage: 'done' }]);
      const none = recorder();
      const E = new Matrix(0, 3, dtype === 'float32' ? new Float32Array(0) : new Float64Array(0));
      await linalg.lstsqAsync(E, E.data, { onProgress: none.onProgress });
      expect(none.calls).toEqual([{ done: 0, total: 0, stage: 'done' }]);
    });

    test('a callback that throws rejects the call with its error; the backend runs the next call as before', async () => {
      const before = await linalg.rsvdAsync(A, 5, { seed: 3 });
      const b = filled(120, 1, dtype, 2).data;
      for (const at of [0, 3, 7]) await expect(linalg.rsvdAsync(A, 5, { seed: 3, powerIters: 2, onProgress: throwsAt(at) })).rejects.toBeInstanceOf(Mine);
      await expect(linalg.pcaAsync(A, 3, { onProgress: throwsAt(2) })).rejects.toBeInstanceOf(Mine);
      for (const at of [1, 4]) await expect(linalg.lstsqAsync(A, b, { method: 'sketch-precondition', onProgress: throwsAt(at) })).rejects.toBeInstanceOf(Mine);
      await expect(linalg.nystromAsync(psd(20), 3, { onProgress: throwsAt(2) })).rejects.toBeInstanceOf(Mine);
      const after = await linalg.rsvdAsync(A, 5, { seed: 3 });
      expect(after.s).toEqual(before.s);
      expect(after.U.data).toEqual(before.U.data);
    });

    test('a callback that aborts the signal: AbortError before the next step', async () => {
      for (const run of [
        (signal: AbortSignal, onProgress: (p: StepProgress) => void) => linalg.rsvdAsync(A, 5, { powerIters: 2, signal, onProgress }),
        (signal: AbortSignal, onProgress: (p: StepProgress) => void) => linalg.lstsqAsync(A, filled(120, 1, dtype, 2).data, { method: 'sketch-precondition', signal, onProgress }),
      ]) {
        const ac = new AbortController();
        const seen: number[] = [];
        await expect(run(ac.signal, (p) => {
          seen.push(p.done);
          if (p.done === 2) ac.abort();
        })).rejects.toBeInstanceOf(AbortError);
        expect(seen).toEqual([0, 1, 2]);
      }
    });
  });
});

describe('the sync twins refuse onProgress, naming the async one', () => {
  const A = filled(20, 6, 'float64', 1);
  const onProgress = () => {};
  test.each([
    ['rsvd', () => linalg.rsvd(A, 2, { onProgress } as never), 'rsvdAsync'],
    ['pca', () => linalg.pca(A, 2, { onProgress } as never), 'pcaAsync'],
    ['lstsq', () => linalg.lstsq(A, new Float64Array(20), { onProgress } as never), 'lstsqAsync'],
    ['nystrom', () => linalg.nystrom(psd(6), 2, { onProgress } as never), 'nystromAsync'],
  ])('%s', (name, call, twin) => {
    expect(call).toThrow(ValueError);
    expect(call).toThrow(new RegExp(`^${name}: onProgress works on ${twin} only .*; call ${twin} instead$`));
  });

  test('onProgress that is not a function is a ValueError on the async drivers', async () => {
    for (const bad of [1, 'x', {}, null]) {
      await expect(linalg.rsvdAsync(A, 2, { onProgress: bad as never })).rejects.toThrow(/^rsvdAsync: onProgress must be a function/);
      await expect(linalg.lstsqAsync(A, new Float64Array(20), { onProgress: bad as never })).rejects.toThrow(/^lstsqAsync: onProgress must be a function/);
    }
  });
});
