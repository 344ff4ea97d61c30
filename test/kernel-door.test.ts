/**
 * The generic kernel door (native/addon/door.h, lib/backend/kernel.ts) and
 * the async machinery on every backend: the ABI table is current and every
 * kernel has a door; calls are checked against the C signature; async calls
 * settle exactly once, drop aborted work unstarted, cancel running native
 * kernels; and no completion path can kill the process (issue 16 items 1, 2,
 * 4, 9), the crash cases in child processes with a timeout.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findAddon } from '../lib/backend/find-addon';
import { AbortError, BackendError, Matrix, OutOfMemoryError, ValueError, matmul, matmulAsync, random, sketch } from '../lib/api';
import { ABI } from '../lib/backend/abi';
import { asyncQueueStats, callKernel, input, output } from '../lib/backend/kernel';
import { backend } from '../lib/backend/select';
import { forEachBackend, testBackends } from './support/backends';
import { libBundle, runChild } from './support/child';

const root = join(__dirname, '..');

test('lib/backend/abi.ts matches native/include (node scripts/gen-abi.mjs)', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'gen-abi.mjs'), '--check'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('every backend exports every kernel of the C ABI', () => {
  const kernels = Object.keys(ABI);
  expect(kernels.length).toBeGreaterThan(10);
  for (const tb of testBackends()) {
    expect({ backend: tb.label, missing: kernels.filter((fn) => !tb.backend.has(fn)) }).toEqual({ backend: tb.label, missing: [] });
  }
});

forEachBackend((tb) => {
  const f64 = (n: number) => new Float64Array(n);

  test('calls are checked against the kernel signature before the backend sees them', () => {
    const gemm = (over: Record<number, unknown>) => {
      const args: unknown[] = [0, 0, 2, 2, 2, 1, input(f64(4), 4), 2, input(f64(4), 4), 2, 0, output(f64(4), 4), 2];
      for (const [i, v] of Object.entries(over)) args[+i] = v;
      return () => callKernel('skm_gemm_f64', args as never);
    };
    expect(gemm({})).not.toThrow();
    expect(() => callKernel('skm_nope_f64', [])).toThrow(BackendError);
    expect(() => callKernel('skm_gemm_f64', [0, 0])).toThrow(BackendError);
    expect(gemm({ 6: input(new Float32Array(4), 4) })).toThrow(/must be a Float64Array/);
    expect(gemm({ 6: output(f64(4), 4) })).toThrow(/is const but the operand is 'out'/);
    expect(gemm({ 11: input(f64(4), 4) })).toThrow(/is written but the operand is 'in'/);
    expect(gemm({ 2: -1 })).toThrow(BackendError);
    expect(gemm({ 2: 1.5 })).toThrow(BackendError);
    expect(gemm({ 0: 2 ** 31 })).toThrow(BackendError);
    expect(gemm({ 6: input(f64(3), 4) })).toThrow(ValueError);
    expect(gemm({ 2: tb.backend.maxSize + 1 })).toThrow(OutOfMemoryError);
  });

  test('a kernel status becomes a typed error worded by lib/ (the same on every backend)', () => {
    // dist 99 is not a distribution: the kernel refuses it (SKM_EINVAL).
    expect(() => callKernel('skm_random_fill_f64', [99, 0, 0, 0, 0, 0, 1, 1, 1, output(f64(1), 1), 1], 'random'))
      .toThrow('random: the kernel rejected its arguments (a sketchmat bug: please report)');
  });

  test('async calls dropped by an abort while they wait never start', async () => {
    const A = random.gaussian(200, 200, { seed: 1 });
    const before = asyncQueueStats(backend());
    const ctl = new AbortController();
    const calls = Array.from({ length: 50 }, () => matmulAsync(A, A, { signal: ctl.signal }));
    ctl.abort();
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof AbortError)).toBe(true);
    const after = asyncQueueStats(backend());
    // At most asyncSlots had started before the abort; every other one was dropped unstarted.
    expect(after.started - before.started).toBeLessThanOrEqual(backend().asyncSlots);
    expect(after.dropped - before.dropped).toBeGreaterThanOrEqual(50 - backend().asyncSlots);
    // The queue works afterwards and gives the sync answer.
    const C = await matmulAsync(A, A);
    expect(Array.from(C.data)).toEqual(Array.from(matmul(A, A).data));
  });

  test('an already-aborted signal rejects at once and nothing starts', async () => {
    const A = random.gaussian(20, 20, { seed: 2 });
    const before = asyncQueueStats(backend()).started;
    await expect(matmulAsync(A, A, { signal: AbortSignal.abort() })).rejects.toThrow(AbortError);
    await expect(sketch.gaussian({ k: 4, n: 20, seed: 1 }).projectAsync(A, { signal: AbortSignal.abort() })).rejects.toThrow(AbortError);
    expect(asyncQueueStats(backend()).started).toBe(before);
  });

  if (tb.label.startsWith('native/')) {
    test('aborting a running native kernel stops it between blocks (SKM_ECANCELED)', async () => {
      // ~4·10^10 flops: seconds of work, so the abort lands mid-run; GEMM
      // polls the flag before each k-block.
      const A = random.gaussian(2000, 2000, { seed: 3, dtype: 'float32' });
      const before = asyncQueueStats(backend());
      const ctl = new AbortController();
      const call = matmulAsync(A, A, { signal: ctl.signal });
      await new Promise((r) => setTimeout(r, 30));
      ctl.abort();
      await expect(call).rejects.toThrow(AbortError);
      // The slot frees when the kernel has returned: wait for it (bounded).
      for (let i = 0; i < 2000 && asyncQueueStats(backend()).running > 0; i++) await new Promise((r) => setTimeout(r, 5));
      const after = asyncQueueStats(backend());
      expect(after.running).toBe(0);
      expect(after.canceled - before.canceled).toBe(1);
    });
  }
});

/** Every settled outcome of a hostile signal, reported by a child process (an unhandled rejection there fails it). */
test('AbortSignal Proxies whose traps throw: every call settles exactly once, no unhandled rejection', () => {
  const r = runChild(`
    const s = require(LIB);
    process.on('unhandledRejection', (e) => { console.log('UNHANDLED ' + (e && e.message)); process.exitCode = 3; });
    const A = s.random.gaussian(50, 50, { seed: 1 });
    const proxy = (throwOn) => {
      const ctl = new AbortController();
      const p = new Proxy(ctl.signal, { get(t, k) {
        if (throwOn.includes(k)) throw new Error('trap ' + String(k));
        const v = Reflect.get(t, k);
        return typeof v === 'function' ? v.bind(t) : v;
      } });
      return { ctl, p };
    };
    (async () => {
      const out = [];
      for (const throwOn of [['removeEventListener'], ['addEventListener'], ['removeEventListener', 'addEventListener']]) {
        for (const abortIt of [false, true]) {
          const { ctl, p } = proxy(throwOn);
          let settled = 0;
          const call = s.matmulAsync(A, A, { signal: p }).then(() => 'ok', (e) => e.name).then((v) => { settled++; return v; });
          if (abortIt) ctl.abort();
          const v = await Promise.race([call, new Promise((r) => setTimeout(() => r('NEVER SETTLED'), 10000).unref())]);
          out.push(throwOn.join('+') + (abortIt ? ' aborted' : '') + ': ' + v + ' x' + settled);
        }
      }
      console.log(JSON.stringify(out));
    })();
  `);
  expect(r.timedOut).toBe(false);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const lines: string[] = JSON.parse(r.stdout.trim().split('\n').pop()!);
  expect(lines).toEqual([
    'removeEventListener: ok x1',
    'removeEventListener aborted: AbortError x1',
    'addEventListener: ValueError x1',
    'addEventListener aborted: ValueError x1',
    'removeEventListener+addEventListener: ValueError x1',
    'removeEventListener+addEventListener aborted: ValueError x1',
  ]);
});

const backendsToForce = () =>
  testBackends().filter((t) => t.label === 'wasm-simd' || t.label === 'wasm' || t.label === `native/${t.backend.simd()}`)
    .map((t) => t.backend.name).filter((n, i, a) => a.indexOf(n) === i);

test.each(['terminate', 'process.exit'])('a worker ended (%s) while async calls run never kills the process', (how) => {
  for (const name of backendsToForce()) {
    const r = runChild(`
      const { Worker } = require('worker_threads');
      const body = \`const s = require(\${JSON.stringify(LIB)});
        const A = s.random.gaussian(300, 300, { seed: 1 });
        const S = s.sketch.sparseSign({ k: 64, n: 300, nnz: 4, seed: 1 });
        for (let i = 0; i < 6; i++) { s.matmulAsync(A, A).catch(() => {}); S.projectAsync(A).catch(() => {}); }
        ${how === 'terminate' ? "require('worker_threads').parentPort.postMessage('q');" : 'setImmediate(() => process.exit(0));'}\`;
      let n = 0;
      const round = () => {
        const w = new Worker(body, { eval: true });
        w.on('message', () => w.terminate());
        w.on('error', (e) => { console.log('worker error ' + e.message); });
        w.on('exit', () => { if (++n < 12) round(); else console.log('done ' + n); });
      };
      round();
    `, { env: { SKETCHMAT_BACKEND: name }, timeoutMs: 60000 });
    expect({ name, timedOut: r.timedOut, signal: r.signal, status: r.status, stderr: r.stderr }).toEqual({ name, timedOut: false, signal: null, status: 0, stderr: '' });
    expect(r.stdout.trim()).toBe('done 12');
  }
});

test('an async result that cannot be allocated is a rejected OutOfMemoryError, never a fatal error', () => {
  if (!testBackends().some((t) => t.label.startsWith('native/'))) return; // reported by backends.test.ts
  if (process.env.SKETCHMAT_ADDON_PATH) {
    // The sanitizer run: ASan reserves terabytes of address space, so a child under ulimit -v cannot start.
    console.warn('kernel-door: the ulimit -v case is not run under the sanitizer build (SKETCHMAT_ADDON_PATH is set)');
    return;
  }
  // Native only: under this limit WebAssembly cannot even reserve its memory.
  // 17000² f32 (1.2 GB) fits under 2.9 GB of address space, 30000² (3.6 GB) cannot.
  const r = spawnSync('bash', ['-c', `ulimit -v 2900000; exec "${process.execPath}" -e "$SCRIPT"`], {
    encoding: 'utf8', timeout: 60000,
    env: {
      ...process.env, SKETCHMAT_BACKEND: 'native',
      SCRIPT: `const s = require(${JSON.stringify(libBundle())});
        const run = (n) => s.matmulAsync(new s.Matrix(n, 0, new Float32Array(0)), new s.Matrix(0, n, new Float32Array(0)))
          .then((C) => 'ok ' + C.rows, (e) => e.name);
        run(17000).then((a) => run(30000).then((b) => console.log(a + ', ' + b)));`,
    },
  });
  expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
  expect(r.stdout.trim()).toMatch(/^(ok 17000|OutOfMemoryError), OutOfMemoryError$/);
});

test('the native door checks what keeps memory safe, whoever calls it', () => {
  if (!testBackends().some((t) => t.label.startsWith('native/'))) return; // reported by backends.test.ts
  const addon = findAddon(root, process.env, require) as { kernels: Record<string, (...a: unknown[]) => unknown> };
  const k = addon.kernels;
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as { code?: string }).code ?? (e as Error).name;
    }
    return 'ok';
  };
  const f64 = (n: number) => new Float64Array(n);
  expect(code(() => k.skm_gemm_f64())).toBe('SKM_EINTERNAL');
  expect(code(() => k.skm_gemm_f64(0, 0, 2, 2, 2, 1, f64(4), 2, f64(4), 2, 0, f64(4), 2))).toBe('ok');
  expect(code(() => k.skm_gemm_f64(0, 0, 2, 2, 2, 1, new Int32Array(4), 2, f64(4), 2, 0, f64(4), 2))).toBe('SKM_EINTERNAL');
  expect(code(() => k.skm_gemm_f64(0, 0, -1, 2, 2, 1, f64(4), 2, f64(4), 2, 0, f64(4), 2))).toBe('SKM_EINTERNAL');
  expect(code(() => k.skm_gemm_f64(0, 0, NaN, 2, 2, 1, f64(4), 2, f64(4), 2, 0, f64(4), 2))).toBe('SKM_EINTERNAL');
  expect(code(() => k.skm_gemm_f64('2', 0, 2, 2, 2, 1, f64(4), 2, f64(4), 2, 0, f64(4), 2))).toBe('SKM_EINTERNAL');
  const shared = f64(8);
  expect(code(() => k.skm_gemm_f64(0, 0, 2, 2, 2, 1, shared.subarray(0, 4), 2, f64(4), 2, 0, shared.subarray(2, 6), 2))).toBe('SKM_EINTERNAL');
  expect(code(() => k.skm_gemm_f64(0, 0, 2, 2, 2, 1, shared.subarray(0, 4), 2, f64(4), 2, 0, shared.subarray(4, 8), 2))).toBe('ok');
  expect(code(() => k.skm_random_fill_f64(99, 0, 0, 0, 0, 0, 1, 1, 1, f64(1), 1))).toBe('SKM_EINVAL');
  expect(code(() => k.skm_random_fill_f64(1, 0, 2 ** 21, 0, 0, 0, 1, 1, 1, f64(1), 1))).toBe('SKM_EINVAL');
});
