#!/usr/bin/env node
// Structured operators (issue 18) beside dense GEMM of the same shape, one
// thread, on the backend SKETCHMAT_BACKEND names (default: native):
//
//   npm run build:ts && node bench/structured.mjs [--quick] [--n 1024] [--json out.json]
//
// For an n × n layer at batch 1, 16 and 256: `linear` (X·Aᵀ) time of dense
// (matmul with transB), Monarch (√n blocks), low-rank at Monarch's parameter
// count (r = √n) and at r = n/8 (the 512 at 4096), 2:4 N:M, Toeplitz
// and circulant (FFT), block sparse
// (64 × 64 blocks, 1/8 kept), each with its
// FLOP ratio (dense flops / its flops), its speedup over dense, and the share
// of the FLOP ratio the speedup reaches; plus the Monarch and low-rank fit
// times. Minimum of several runs after a warmup. A table to stderr, JSON to
// stdout or --json FILE.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bestOf } from './common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const jsonAt = argv.indexOf('--json');
const nAt = argv.indexOf('--n');
const n = nAt >= 0 ? Number(argv[nAt + 1]) : 1024;
const RUNS = quick ? 3 : 7;
process.env.SKETCHMAT_THREADS ??= '1';

const sk = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
await sk.ready?.();
const { Matrix, structured, random, matmul, backendInfo } = sk;
const info = backendInfo();

const best = (f, runs = RUNS) => bestOf(f, runs);

const b = Math.round(Math.sqrt(n));
if (b * b !== n) throw new Error(`--n must be a perfect square (Monarch with √n blocks), got ${n}`);
const dtype = 'float32';
const W = random.gaussian(n, n, { seed: 1, dtype });
const ops = {
  monarch: structured.monarch({ blocks: b, L: random.gaussian(n, b, { seed: 2, dtype }), R: random.gaussian(n, b, { seed: 3, dtype }) }),
  lowRank: structured.lowRank(random.gaussian(n, b, { seed: 4, dtype }), random.gaussian(n, b, { seed: 5, dtype })),
  nm24: structured.nmSparse(W, { n: 2, m: 4 }),
};
// The low-rank case: r = n/8 (512 at n = 4096), FLOP ratio 4.
ops[`lowRank r=${n / 8}`] = structured.lowRank(random.gaussian(n, n / 8, { seed: 12, dtype }), random.gaussian(n, n / 8, { seed: 13, dtype }));
// BLAST (16 × 16 blocks where n allows) and CUR at Monarch's parameter count (structured-fits).
{
  const bb = [16, 8, 4, 2, 1].find((d) => n % d === 0);
  const rb = Math.max(1, Math.floor((2 * n * b) / (2 * n + bb * bb)));
  ops.blast = structured.blast({ blocks: bb, U: random.gaussian(n, rb, { seed: 6, dtype }), V: random.gaussian(n, rb, { seed: 7, dtype }), S: random.gaussian(bb * bb, rb, { seed: 8, dtype }) });
  const kc = Math.max(1, Math.floor(-n + Math.sqrt(n * n + 2 * n * b)));
  ops.cur = structured.cur(random.gaussian(n, kc, { seed: 9, dtype }), random.gaussian(kc, kc, { seed: 10, dtype }), random.gaussian(kc, n, { seed: 11, dtype }));
}
// structured-kernels: Toeplitz and circulant by FFT (fft_conv.cc); 2:4 above is native (nm_sparse.cc).
Object.assign(ops, {
  toeplitz: structured.toeplitz(random.gaussian(1, n, { seed: 6, dtype }).data, random.gaussian(1, n, { seed: 7, dtype }).data),
  circulant: structured.circulant(random.gaussian(1, n, { seed: 8, dtype }).data),
  blockSparse: structured.fit(W, 'blockSparse', { blockSize: 64, density: 0.125 }).op,
});
const results = [];
for (const batch of [1, 16, 256]) {
  const X = random.gaussian(batch, n, { seed: 10 + batch, dtype });
  const dense = best(() => matmul(X, W, { transB: true }));
  const denseFlops = 2 * batch * n * n;
  results.push({ case: 'dense', n, batch, dtype, seconds: dense, flopRatio: 1, speedup: 1, shareOfFlopRatio: 1 });
  for (const [name, op] of Object.entries(ops)) {
    const s = best(() => op.linear(X));
    const flopRatio = denseFlops / op.flops(batch);
    results.push({ case: name, n, batch, dtype, seconds: s, flopRatio, speedup: dense / s, shareOfFlopRatio: dense / s / flopRatio });
  }
}
const fitMonarch = best(() => structured.fit(W, 'monarch', { blocks: b }), 1);
const fitLowRank = best(() => structured.fit(W, 'lowRank', { rank: b, method: 'rsvd', seed: 1 }), 1);
results.push({ case: 'fit monarch', n, dtype, seconds: fitMonarch });
results.push({ case: 'fit lowRank (rsvd)', n, dtype, seconds: fitLowRank });
for (const r of results) {
  process.stderr.write(`${r.case.padEnd(20)} n=${r.n} batch=${String(r.batch ?? '-').padEnd(4)} ${(r.seconds * 1e3).toFixed(3).padStart(10)} ms` +
    (r.flopRatio === undefined ? '\n' : `  flop ratio ${r.flopRatio.toFixed(1).padStart(6)}  speedup ${r.speedup.toFixed(2).padStart(6)}  share ${(100 * r.shareOfFlopRatio).toFixed(0)}%\n`));
}
const doc = JSON.stringify({ header: { backend: info.name, simd: info.simd, threads: info.threads, node: process.version }, results }, null, 1);
if (jsonAt >= 0) writeFileSync(argv[jsonAt + 1], doc);
else process.stdout.write(doc + '\n');
