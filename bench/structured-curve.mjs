#!/usr/bin/env node
// The error / parameter curve of each structure on the real weight matrices
// in shared/data/weights (issue 18): for every .npy there, structured.fit at
// several sizes of each structure, relError = ‖W − Â‖_F / ‖W‖_F against
// paramRatio = Â.params / (out·in), plus the fit time. Then the Monarch fit
// on a 4096 × 4096 Gaussian W (64 blocks; the target is ≤ 2 s).
//
//   npm run build:ts && node bench/structured-curve.mjs [--quick] [--json out.json] [--no-4096]
//   npx sketchmat bench --from out.json --html curve.html     (the curves as SVG plots)
//
// A table to stderr, JSON to stdout or --json FILE. One thread
// (SKETCHMAT_THREADS=1 unless set), float32 weights as stored.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bestOf } from './common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const jsonAt = argv.indexOf('--json');
process.env.SKETCHMAT_THREADS ??= '1';

const sk = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
await sk.ready?.();
const { structured, random, backendInfo, io } = sk;
const info = backendInfo();

// ../shared/data beside the checkout; a worktree elsewhere falls back to /work/shared/data.
const near = join(root, '..', 'shared', 'data', 'weights');
const dir = existsSync(near) ? near : '/work/shared/data/weights';

const divisors = (x) => Array.from({ length: x }, (_, i) => i + 1).filter((d) => x % d === 0);
const balanced = (x) => divisors(x).reduce((a, d) => (Math.abs(d - Math.sqrt(x)) < Math.abs(a - Math.sqrt(x)) ? d : a), 1);

/** The (kind, opts) list for an m × n W. */
function cases(m, n) {
  const N = Math.min(m, n), out = [];
  // Sizes up to the dense parameter count (past it a structure is no saving).
  const ranks = (quick ? [16, 64] : [8, 16, 32, 64, 128, 256]).filter((r) => r <= N && r * (m + n) <= m * n);
  for (const rank of ranks) out.push(['lowRank', { rank }]);
  const common = divisors(m).filter((d) => d >= 2 && n % d === 0);
  for (const blocks of (quick ? common.slice(-3) : common.filter((d) => d <= 128))) out.push(['monarch', { blocks }]);
  for (const b of [4, 8, 16].filter((b) => m % b === 0 && n % b === 0)) {
    // BLAST at the parameter counts of the low-rank ranks (r·(m + n) ≈ r_b·(m + n + b²)).
    for (const r of ranks) out.push(['blast', { blocks: b, rank: Math.max(1, Math.floor((r * (m + n)) / (m + n + b * b))), iters: 10 }]);
  }
  const m1 = balanced(m), n1 = balanced(n), m2 = m / m1, n2 = n / n1;
  for (const rank of (quick ? [1, 16] : [1, 4, 16, 64]).filter((r) => r <= Math.min(m1 * n1, m2 * n2))) {
    out.push(['kronecker', { shapes: [[m1, n1], [m2, n2]], rank }]);
  }
  for (const rank of ranks.filter((k) => k * (m + n) + k * k <= m * n)) out.push(['cur', { rank }]);
  out.push(['toeplitz', {}]);
  if (m === n) out.push(['circulant', {}]);
  if (n % 4 === 0) out.push(['nm', { n: 2, m: 4 }], ['nm', { n: 1, m: 4 }]);
  return out;
}

const curve = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.npy')).sort()) {
  const W = io.readNpy(join(dir, file));
  for (const [kind, opts] of cases(W.rows, W.cols)) {
    const t = performance.now();
    const r = structured.fit(W, kind, opts);
    const seconds = (performance.now() - t) / 1000;
    const row = { matrix: file, rows: W.rows, cols: W.cols, kind, opts, params: r.op.params, paramRatio: r.paramRatio, relError: r.relError, seconds };
    curve.push(row);
    process.stderr.write(`${file.padEnd(34)} ${kind.padEnd(10)} ${JSON.stringify(opts).padEnd(44)} params ${(100 * r.paramRatio).toFixed(2).padStart(6)}%  relError ${r.relError.toFixed(4)}  ${seconds.toFixed(2)} s\n`);
  }
}

const timings = [];
if (!argv.includes('--no-4096')) {
  // Monarch fit on 4096² (64 blocks), float32: the issue's ≤ 2 s target.
  const W = random.gaussian(4096, 4096, { seed: 1, dtype: 'float32' });
  const s = bestOf(() => structured.fit(W, 'monarch', { blocks: 64 }), quick ? 1 : 3);
  // CPU time too: on a shared machine the wall time is mostly waiting (one thread, so CPU ≈ idle wall).
  let cpu = Infinity;
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const c0 = process.cpuUsage();
    structured.fit(W, 'monarch', { blocks: 64 });
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  timings.push({ case: 'fit monarch 4096² (64 blocks)', seconds: s, cpuSeconds: cpu, target: 2 });
  process.stderr.write(`fit monarch 4096² (64 blocks), float32: ${s.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (target ≤ 2 s)\n`);
}

// `curves` in the shape the HTML report draws (lib/cli/report.ts): one line per matrix and structure
// (sizes of one kind joined; N:M patterns and blocked BLAST variants each their own line).
const curves = [];
for (const row of curve) {
  const structure = row.kind === 'blast' ? `blast ${row.opts.blocks}×${row.opts.blocks}` : row.kind === 'nm' ? `${row.opts.n}:${row.opts.m}` : row.kind;
  const matrix = `${row.matrix} (${row.rows}×${row.cols})`;
  let c = curves.find((x) => x.matrix === matrix && x.structure === structure);
  if (!c) curves.push((c = { matrix, structure, points: [] }));
  c.points.push({ paramRatio: row.paramRatio, relError: row.relError, label: JSON.stringify(row.opts) });
}
// `results: []` makes the file one `sketchmat bench --from FILE --html report.html` accepts.
const doc = JSON.stringify({ header: { backend: info.name, simd: info.simd, threads: info.threads, node: process.version, weights: dir }, curve, timings, curves, results: [] }, null, 1);
if (jsonAt >= 0) writeFileSync(argv[jsonAt + 1], doc);
else process.stdout.write(doc + '\n');
