#!/usr/bin/env node
// Leak test (issue 12): on every backend, 10^6 small calls and 10^3 large
// ones must leave native RSS and the WASM heap flat. Not a timing test: it
// measures memory after warm-up and after the load, and prints JSON.
//
//   node scripts/leak-test.mjs            (needs `npm run build:ts` for dist/)
//   LEAK_SMALL=1000000 LEAK_LARGE=1000 LEAK_BACKENDS=native,wasm-simd,wasm
//
// Flat means, after a warm-up: over the second half of each load RSS grows by
// less than LEAK_RSS_MB (default 8 MB: under 16 bytes per small call) and
// LEAK_RSS_LARGE_MB (default 24 MB: under 48 KB per large call, which moves
// ~2.5 MB), the WASM linear memory does not grow at all
// after warm-up, and a probe malloc returns the same address before and
// after (the heap's free space did not fragment or creep upward).
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const require = createRequire(import.meta.url);

// The loader's instances, to read their heaps: recorded as they are made.
const instances = [];
const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(RealInstance, {
  construct(target, args) {
    const i = Reflect.construct(target, args);
    instances.push(i);
    return i;
  },
});
const realInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (...args) => {
  const r = await realInstantiate(...args);
  instances.push(r.instance ?? r);
  return r;
};

const skm = require('../dist/index.cjs');
const { Matrix, matmul, matmulAsync, random, ready, ShapeError, linalg, structured, features } = skm;

const SMALL = Number(process.env.LEAK_SMALL ?? 1e6);
const LARGE = Number(process.env.LEAK_LARGE ?? 1e3);
const RSS_LIMIT = Number(process.env.LEAK_RSS_MB ?? 8) * 2 ** 20;
// Large calls make 0.8–1.6 MB garbage arrays each; V8 returns their pages to
// the OS lazily, so RSS swings by ~20 MB between samples. 24 MB over 500
// calls still catches leaking any one buffer of a call (≥ 64 KB each).
const RSS_LIMIT_LARGE = Number(process.env.LEAK_RSS_LARGE_MB ?? 24) * 2 ** 20;
const BACKENDS = (process.env.LEAK_BACKENDS ?? 'native,wasm-simd,wasm').split(',');

function fill(rows, cols, dtype, seed) {
  const a = dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  let s = seed;
  for (let i = 0; i < a.length; i++) a[i] = ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
  return new Matrix(rows, cols, a);
}

const small = {
  float32: [fill(4, 4, 'float32', 1), fill(4, 4, 'float32', 2), Matrix.zeros(4, 4, 'float32')],
  float64: [fill(4, 4, 'float64', 3), fill(4, 4, 'float64', 4), Matrix.zeros(4, 4, 'float64')],
};
const largeA = fill(1000, 200, 'float64', 5), largeB = fill(200, 8, 'float64', 6);

// Every other entry point of the C ABI, on small inputs, one per step in
// turn (sync and async doors, success and error paths): what leaks per call
// shows up over the 10^6 small calls as it does for matmul.
const g = (r, c, seed, dtype = 'float64') => random.gaussian(r, c, { seed, dtype });
const spd = (() => { const A = g(6, 6, 11); const G = matmul(A, A, { transA: true }); for (let i = 0; i < 6; i++) G.set(i, i, G.get(i, i) + 1); return G; })();
const codes = features.simhash({ bits: 64, dim: 8, seed: 1 }).encode(g(20, 8, 12, 'float32'));
const simhash = features.simhash({ bits: 64, dim: 8, seed: 2 });
const rff = features.rff({ dim: 8, inputDim: 8, gamma: 0.5, seed: 3 });
const ops = [
  structured.monarch({ blocks: 2, L: g(8, 2, 13), R: g(8, 4, 14) }), // 8 × 8: t = 4 blocks of 2 × 2, k = 2 of 4 × 4
  structured.toeplitz(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]), new Float64Array([1, -1, 2, -2, 3, -3, 4, -4])),
  structured.nmSparse(g(8, 8, 15), { n: 2, m: 4 }),
  structured.lowRank(g(8, 2, 16), g(8, 2, 17)),
  structured.kronecker(g(2, 2, 18), g(4, 4, 19)),
];
const X8 = g(3, 8, 20);
const EXTRA = [
  () => linalg.qr(small.float64[0]),
  () => linalg.svd(small.float64[0]),
  () => linalg.eigh(spd),
  () => linalg.cholesky(spd),
  () => linalg.solveTriangular(linalg.cholesky(spd), g(6, 2, 24), { trans: true }),
  () => linalg.rsvd(g(12, 8, 21), 2, { seed: 1 }),
  () => simhash.encode(g(4, 8, 22, 'float32')),
  () => features.hamming.search(codes, codes.subarray(0, 4), 3, { bits: 64 }),
  () => rff.transform(X8),
  ...ops.map((op) => () => op.linear(X8)),
  () => structured.load(structured.save(ops[0])),
  // A fresh Monarch packs its blocks on first use (skm_monarch_pack + _packed).
  () => structured.monarch({ blocks: 2, L: g(8, 2, 13), R: g(8, 4, 14) }).linear(X8),
  // N:M: the transposed product's panels, and its slabs from batch 64.
  () => ops[2].transpose().linear(X8),
  () => ops[2].transpose().linear(g(70, 8, 27)),
  // LSQR's fused pass over A (skm_gemv_fused).
  () => linalg.lstsq(g(40, 4, 25), g(40, 1, 26).data, { method: 'sketch-precondition', seed: 1 }),
  () => { try { linalg.cholesky(g(4, 4, 23)); } catch (e) { if (e.name !== 'NotPositiveDefiniteError' && e.name !== 'ValueError') throw e; } },
];
const EXTRA_ASYNC = [
  () => linalg.qrAsync(small.float64[0]),
  () => linalg.svdAsync(small.float64[0]),
  () => linalg.eighAsync(spd),
  () => features.hamming.searchAsync(codes, codes.subarray(0, 4), 3, { bits: 64 }),
  () => ops[0].linearAsync(X8),
];

async function smallCalls(n) {
  for (let i = 0; i < n; i++) {
    const [A, B, out] = small[i & 1 ? 'float32' : 'float64'];
    if (i % 4 === 0) matmul(A, B);
    else matmul(A, B, { out, transB: (i & 2) === 2 });
    if (i % 50 === 7) EXTRA[(i / 50 | 0) % EXTRA.length]();
    if (i % 2000 === 11) await EXTRA_ASYNC[(i / 2000 | 0) % EXTRA_ASYNC.length]();
    if (i % 1000 === 999) {
      random.gaussian(4, 4, { seed: i });
      try {
        matmul(A, fill(3, 3, A.dtype, 7)); // an error path
      } catch (e) {
        if (!(e instanceof ShapeError)) throw e;
      }
    }
  }
}

async function largeCalls(n) {
  for (let i = 0; i < n; i++) {
    matmul(largeA, largeB);
    random.gaussian(200, 500, { seed: i, dtype: i & 1 ? 'float32' : 'float64' });
    if (i % 10 === 0) await matmulAsync(largeA, largeB);
  }
}

function wasmHeap(name) {
  if (name === 'native') return null;
  const inst = instances.findLast((i) => i.exports.skm_version && i.__name === name);
  if (!inst) return null;
  const ex = inst.exports;
  const p = ex.malloc(4096) >>> 0;
  ex.free(p);
  return { bytes: ex.memory.buffer.byteLength, probe: p };
}

function measure(name) {
  gc();
  gc();
  return { rss: process.memoryUsage().rss, wasm: wasmHeap(name) };
}

const report = { small: SMALL, large: LARGE, backends: {} };
let failed = false;
for (const name of BACKENDS) {
  const before = instances.length;
  let info;
  try {
    info = await ready({ backend: name });
  } catch (e) {
    report.backends[name] = { error: e.message };
    failed = true;
    continue;
  }
  for (const i of instances.slice(before)) i.__name = name;
  // Warm-up, not counted: thread pools, JIT, and the allocators' high-water
  // for these sizes (glibc raises its mmap threshold after the first large
  // frees and keeps per-thread arenas, so RSS settles over a few hundred
  // large calls; a leak keeps growing after that).
  await smallCalls(Math.max(20000, SMALL / 10));
  await largeCalls(Math.max(20, LARGE / 5));
  // The load in quarters, memory measured after each: a leak grows with the
  // number of calls, so the second half must not grow (a one-time plateau,
  // e.g. a pool's scratch or an allocator arena filling, passes).
  const m0 = measure(name);
  const t0 = Date.now();
  const smallSteps = [m0], largeSteps = [];
  for (let q = 0; q < 4; q++) {
    await smallCalls(SMALL / 4);
    smallSteps.push(measure(name));
  }
  largeSteps.push(smallSteps[4]);
  for (let q = 0; q < 4; q++) {
    await largeCalls(LARGE / 4);
    largeSteps.push(measure(name));
  }
  const m1 = smallSteps[4], m2 = largeSteps[4];
  const mb = (x) => +(x / 2 ** 20).toFixed(1);
  const r = {
    simd: info.simd,
    rssMB: { start: mb(m0.rss), afterSmallQuarters: smallSteps.slice(1).map((m) => mb(m.rss)), afterLargeQuarters: largeSteps.slice(1).map((m) => mb(m.rss)) },
    seconds: (Date.now() - t0) / 1000,
  };
  const problems = [];
  // RSS moves in steps that are not leaks (glibc trimming or keeping freed
  // arenas, V8 returning pages lazily): a window over the limit is run again,
  // twice as long, and fails only if RSS keeps growing there too -- a leak
  // grows with every call, a step does not recur.
  const rssGrowth = async (steps, calls, n, limit, what) => {
    const growth = steps[4].rss - steps[2].rss;
    if (growth <= limit) return;
    const again = [measure(name)];
    for (let q = 0; q < 2; q++) {
      await calls(n / 2);
      again.push(measure(name));
    }
    const confirm = again[2].rss - again[0].rss;
    r.rssMB[`confirm${what}`] = again.map((m) => mb(m.rss));
    if (confirm > limit) {
      problems.push(`RSS grew ${mb(growth)} MB over the last ${n / 2} ${what} calls, and again ${mb(confirm)} MB over ${n} more`);
    }
  };
  await rssGrowth(smallSteps, smallCalls, SMALL, RSS_LIMIT, 'small');
  await rssGrowth(largeSteps, largeCalls, LARGE, RSS_LIMIT_LARGE, 'large');
  if (m0.wasm) {
    Object.assign(r, {
      wasmHeapBefore: m0.wasm.bytes, wasmHeapAfter: m2.wasm.bytes,
      mallocProbeBefore: m0.wasm.probe, mallocProbeAfter: m2.wasm.probe,
    });
    if (m2.wasm.bytes !== m0.wasm.bytes) problems.push(`WASM heap grew from ${m0.wasm.bytes} to ${m2.wasm.bytes} bytes`);
    if (m1.wasm.probe !== m0.wasm.probe || m2.wasm.probe !== m0.wasm.probe) {
      problems.push(`malloc probe moved: ${m0.wasm.probe} → ${m1.wasm.probe} → ${m2.wasm.probe}`);
    }
  } else if (name !== 'native') {
    problems.push('could not find the WASM instance to measure');
  }
  if (problems.length) {
    r.problems = problems;
    failed = true;
  }
  report.backends[name] = r;
}
console.log(JSON.stringify(report, null, 2));
// One line at the end saying what failed, so the tail of a CI log says it.
for (const [name, r] of Object.entries(report.backends)) {
  for (const p of r.error ? [`did not load: ${r.error}`] : r.problems ?? []) console.log(`leak test: ${name}: ${p}`);
}
console.log(`leak test: ${failed ? 'FAILED' : 'passed'} (${BACKENDS.join(', ')})`);
process.exit(failed ? 1 : 0);
