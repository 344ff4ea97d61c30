#!/usr/bin/env node
// sketchmat benchmarks: `npm run bench -- [--quick] [--only gemm|sketch] [--json out.json] [--all]`
//
// Runs the BUILT package (dist/index.cjs + prebuilds/ + wasm/dist/, so run
// `npm run build` first) one backend per child process, beside the baselines
// named in issues 10 and 11, all in one run so ratios compare like with like:
//   gemm    native (1 and 2 threads, and capped to AVX2), wasm-simd, wasm;
//           naive JS, tfjs-backend-wasm (1 thread), numpy/OpenBLAS (1 thread,
//           its own core choice and forced to Haswell = AVX2; 2 threads).
//   sketch  every operator's project (X: N×1024 → 256) and apply (A: N×512 →
//           2048 rows) per backend; scikit-learn's Gaussian/Sparse random
//           projections, SciPy's clarkson_woodruff_transform, and the time to
//           read the input once (memory bandwidth); FWHT GFLOP/s.
// A readable table goes to stderr; the full JSON to stdout (or --json FILE).
// Each result: {suite, case, backend, dtype, shape, threads, simd, seconds
// (median of runs after a warmup), runs, gflops | gbps, baseline, ratio}, where
// ratio = baseline seconds / seconds (> 1: faster than the baseline).
// Never run two benchmarks at once on this 2-core machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const a = { quick: false, only: null, json: null, all: false };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    if (f === '--quick') a.quick = true;
    else if (f === '--all') a.all = true;
    else if (f === '--only') a.only = argv[++i];
    else if (f.startsWith('--only=')) a.only = f.slice(7);
    else if (f === '--json') a.json = argv[++i];
    else if (f.startsWith('--json=')) a.json = f.slice(7);
    else if (f === '--help' || f === '-h') {
      log('usage: npm run bench -- [--quick] [--only gemm|sketch] [--json out.json] [--all]');
      process.exit(0);
    } else {
      log(`bench: unknown argument ${JSON.stringify(f)} (try --help)`);
      process.exit(2);
    }
  }
  if (a.only !== null && !['gemm', 'sketch'].includes(a.only)) {
    log(`bench: --only must be gemm or sketch; got ${JSON.stringify(a.only)}`);
    process.exit(2);
  }
  if (a.json === undefined) {
    log('bench: --json needs a file name');
    process.exit(2);
  }
  return a;
}

const args = parseArgs(process.argv.slice(2));
const suites = args.only ? [args.only] : ['gemm', 'sketch'];

if (!existsSync(join(root, 'dist', 'index.cjs'))) {
  log('bench: dist/index.cjs is missing; run `npm run build` first (the bench measures the built package)');
  process.exit(1);
}

// ---------------------------------------------------------------- machine

function machine() {
  let cpu = 'unknown', flags = [];
  try {
    const txt = readFileSync('/proc/cpuinfo', 'utf8');
    cpu = /^model name\s*:\s*(.*)$/m.exec(txt)?.[1] ?? cpu;
    const all = (/^flags\s*:\s*(.*)$/m.exec(txt)?.[1] ?? '').split(/\s+/);
    flags = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl'].filter((f) => all.includes(f));
  } catch { /* not Linux */ }
  let commit = null;
  const git = spawnSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  if (git.status === 0) {
    commit = git.stdout.trim();
    const dirty = spawnSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
    if (dirty.stdout.trim()) commit += ' (with uncommitted changes)';
  }
  return {
    date: new Date().toISOString(), cpu, cpuFlags: flags, cores: os.cpus().length,
    memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform}-${process.arch}`,
    commit, loadavgStart: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

// ---------------------------------------------------------------- children

const python = process.env.SKETCHMAT_BENCH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const TIMEOUT_MS = (args.quick ? 90 : 300) * 1000;

/** The environment a child sees: ours minus every SKETCHMAT_/OPENBLAS_ setting, plus `set`. */
function childEnv(set) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SKETCHMAT_') && !k.startsWith('OPENBLAS_') && k !== 'OMP_NUM_THREADS') env[k] = v;
  }
  return { ...env, ...set };
}

/** Runs one child; never throws: a child that fails becomes a skip entry that says why. */
function runChild(label, command, argv, env) {
  log(`[${label}]`);
  const r = spawnSync(command, argv, {
    cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const fail = (why) => ({ info: {}, results: [], skipped: [{ suite: '*', case: '*', backend: label, reason: why }] });
  if (r.error) return fail(r.error.code === 'ENOENT' ? `${command} not found` : `${r.error.message}`);
  if (r.signal) return fail(`killed by ${r.signal}${r.signal === 'SIGTERM' ? ` (timeout ${TIMEOUT_MS / 1000} s)` : ''}`);
  const line = r.stdout.trim().split('\n').pop();
  try {
    const out = JSON.parse(line);
    if (out.error) out.skipped.push({ suite: '*', case: '*', backend: label, reason: `child failed: ${out.error}` });
    return out;
  } catch {
    return fail(`exit ${r.status}; no JSON on stdout`);
  }
}

function sketchmatChild(label, env, extra = {}, suitesHere = suites) {
  if (!suitesHere.length) return null;
  const opts = { label, suites: suitesHere, quick: args.quick, all: args.all, ...extra };
  return [label, runChild(label, process.execPath, [join(here, 'child.mjs'), 'sketchmat', JSON.stringify(opts)], childEnv(env))];
}

function nodeChild(label, mode, extra = {}, suitesHere = suites) {
  const opts = { label, suites: suitesHere, quick: args.quick, all: args.all, ...extra };
  return [label, runChild(label, process.execPath, [join(here, 'child.mjs'), mode, JSON.stringify(opts)], childEnv({}))];
}

function pythonChild(label, env, extra = {}, suitesHere = suites) {
  const opts = { label, suites: suitesHere, quick: args.quick, ...extra };
  // OpenBLAS picks its kernel from the CPU unless OPENBLAS_CORETYPE says
  // otherwise; the machine's own OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are
  // dropped (childEnv) so the default run shows what OpenBLAS chooses itself.
  return [label, runChild(label, python, [join(here, 'baselines.py'), JSON.stringify(opts)],
    childEnv({ OMP_NUM_THREADS: '1', ...env }))];
}

// Scalar wasm is ~10× slower than SIMD: at 2048³ and the tall shape one
// run costs ~5–20 s, which the 5-minute budget cannot afford in --quick.
const SCALAR_SKIP = args.quick ? { skipLarge: 512 ** 3, skipLargeReason: 'scalar wasm: skipped in --quick' } : {};

const plan = [];
plan.push(() => sketchmatChild('native-1t', { SKETCHMAT_BACKEND: 'native', SKETCHMAT_THREADS: '1' }, { denseApply: !args.quick }));
// --quick runs the sketch suite on native-1t and wasm-simd only, to stay near 20 s.
const quickSuites = args.quick ? suites.filter((s) => s !== 'sketch') : suites;
plan.push(() => sketchmatChild('native-2t', { SKETCHMAT_BACKEND: 'native', SKETCHMAT_THREADS: '2' }, {}, quickSuites));
if (suites.includes('gemm')) {
  plan.push(() => [
    'native-avx2-1t',
    runChild('native-avx2-1t', process.execPath,
      [join(here, 'child.mjs'), 'sketchmat', JSON.stringify({ label: 'native-avx2-1t', suites: ['gemm'], quick: args.quick })],
      childEnv({ SKETCHMAT_BACKEND: 'native', SKETCHMAT_THREADS: '1', SKETCHMAT_SIMD: 'avx2' })),
  ]);
}
plan.push(() => sketchmatChild('wasm-simd', { SKETCHMAT_BACKEND: 'wasm-simd' }));
plan.push(() => sketchmatChild('wasm', { SKETCHMAT_BACKEND: 'wasm' }, SCALAR_SKIP, quickSuites));
plan.push(() => nodeChild('js', 'js'));
if (suites.includes('gemm')) {
  plan.push(() => nodeChild('tfjs-wasm-simd', 'tfjs', { simd: true }, ['gemm']));
  if (!args.quick) plan.push(() => nodeChild('tfjs-wasm', 'tfjs', { simd: false }, ['gemm']));
  plan.push(() => pythonChild('numpy-openblas-1t', { OPENBLAS_NUM_THREADS: '1' }, {}, ['gemm']));
  plan.push(() => pythonChild('numpy-openblas-haswell-1t', { OPENBLAS_NUM_THREADS: '1', OPENBLAS_CORETYPE: 'Haswell' }, {}, ['gemm']));
  if (!args.quick) plan.push(() => pythonChild('numpy-openblas-2t', { OPENBLAS_NUM_THREADS: '2' }, { only_float32: true }, ['gemm']));
}
if (suites.includes('sketch')) plan.push(() => pythonChild('python-1t', { OPENBLAS_NUM_THREADS: '1' }, {}, ['sketch']));

// ---------------------------------------------------------------- run

const t0 = Date.now();
const header = machine();
header.quick = args.quick;
header.suites = suites;
header.python = python;
header.protocol = args.quick ? 'quick' : 'full';
const backends = {};
let results = [];
let skipped = [];
for (const step of plan) {
  const got = step();
  if (!got) continue;
  const [label, out] = got;
  backends[label] = out.info;
  results.push(...out.results);
  skipped.push(...out.skipped);
}
header.loadavgEnd = os.loadavg().map((x) => +x.toFixed(2));
header.wallSeconds = +((Date.now() - t0) / 1000).toFixed(1);
header.backends = backends;

// ---------------------------------------------------------------- baselines and ratios

const find = (pred) => results.find(pred);
const same = (r, backend) => find((b) => b.backend === backend && b.suite === r.suite && b.case === r.case && b.dtype === r.dtype);

/** The input-read bandwidth row for a sketch case: the fastest read proxy (JS sum, numpy dot/max/sum). */
function readBaseline(input) {
  const rows = results.filter((b) => b.suite === 'sketch' && b.case === `read/${input}`);
  return rows.sort((a, b) => a.seconds - b.seconds)[0];
}

function baselinesFor(r) {
  // Ordered: the first one present is `baseline`; all go into `vs`.
  if (r.suite === 'gemm') {
    switch (r.backend) {
      case 'native-1t': return ['numpy-openblas-1t', 'js-naive'];
      case 'native-2t': return ['native-1t', 'numpy-openblas-2t', 'numpy-openblas-1t'];
      case 'native-avx2-1t': return ['numpy-openblas-haswell-1t', 'numpy-openblas-1t'];
      case 'wasm-simd': return ['tfjs-wasm-simd', 'js-naive', 'numpy-openblas-1t'];
      case 'wasm': return ['tfjs-wasm', 'js-naive', 'numpy-openblas-1t'];
      case 'numpy-openblas-2t': return ['numpy-openblas-1t'];
      case 'tfjs-wasm-simd': case 'tfjs-wasm': return ['numpy-openblas-1t'];
      default: return [];
    }
  }
  if (r.suite === 'sketch' && r.op && r.backend !== 'python-1t') {
    const bw = r.mode === 'project' ? 'bandwidth:X' : 'bandwidth:A';
    if (r.case.startsWith('project-out/')) return [bw, `project/${r.op}`];
    if (r.mode === 'project') {
      if (r.op === 'gaussian' || r.op === 'rademacher') return ['sklearn-gaussian', bw];
      if (r.op === 'sparseSign' || r.op === 'verySparse') return ['sklearn-sparse', bw];
      return [bw];
    }
    if (r.op === 'countSketch') return ['scipy-cwt', bw];
    return [bw];
  }
  if (r.suite === 'fwht' && r.backend !== 'js') return ['copy'];
  return [];
}

function baselineRow(r, name) {
  if (name.startsWith('bandwidth:')) return readBaseline(name.slice(10));
  if (name === 'sklearn-gaussian' || name === 'sklearn-sparse') return find((b) => b.suite === 'sketch' && b.case === `project/${name}`);
  if (name === 'scipy-cwt') return find((b) => b.suite === 'sketch' && b.case === 'apply/scipy-cwt');
  if (name === 'copy') return same(r, 'js');
  if (name.startsWith('project/')) return find((b) => b.suite === 'sketch' && b.case === name && b.backend === r.backend);
  return same(r, name);
}

for (const r of results) {
  r.baseline = null;
  r.ratio = null;
  const vs = {};
  for (const name of baselinesFor(r)) {
    const b = baselineRow(r, name);
    if (!b || b === r) continue;
    const ratio = +(b.seconds / r.seconds).toFixed(3);
    const key = name.startsWith('bandwidth:') ? `bandwidth (${b.backend}: ${b.proxy})` : name === 'copy' ? 'copy (TypedArray.set)' : name;
    vs[key] = ratio;
    if (r.baseline === null) {
      r.baseline = key;
      r.ratio = ratio;
    }
  }
  if (Object.keys(vs).length > 1) r.vs = vs;
}

// ---------------------------------------------------------------- targets

function ratioOf(suite, kase, backend, base, dtype = 'float32') {
  const r = results.find((x) => x.suite === suite && x.case === kase && x.backend === backend && x.dtype === dtype);
  if (!r) return { missing: `${backend} ${suite}/${kase}` };
  const b = baselineRow(r, base);
  if (!b) return { missing: `baseline ${base} for ${suite}/${kase}` };
  // Best-of-runs ratio beside the median one: on a shared machine the minimum
  // is the time least disturbed by other processes.
  return { value: b.seconds / r.seconds, best: b.min / r.min, detail: `${fmtS(r.seconds)} vs ${fmtS(b.seconds)} (${b.backend})` };
}

const targets = [];
function target(issue, name, want, got) {
  const t = { issue, name, target: want };
  if (got.missing) Object.assign(t, { value: null, pass: null, note: `not measured: ${got.missing}` });
  else Object.assign(t, { value: +got.value.toFixed(3), valueBest: +got.best.toFixed(3), pass: got.value >= want, note: got.detail });
  targets.push(t);
}

if (suites.includes('gemm')) {
  const c = '1024³';
  target(10, 'native f32 1024³ (1 thread) ÷ OpenBLAS 1 thread', 0.9, ratioOf('gemm', c, 'native-1t', 'numpy-openblas-1t'));
  target(10, 'native f32 1024³: 2 threads ÷ 1 thread', 1.7, ratioOf('gemm', c, 'native-2t', 'native-1t'));
  target(10, 'native f32 1024³ SKETCHMAT_SIMD=avx2 ÷ OpenBLAS Haswell', 0.85, ratioOf('gemm', c, 'native-avx2-1t', 'numpy-openblas-haswell-1t'));
  target(10, 'wasm-simd f32 1024³ ÷ tfjs-backend-wasm (SIMD, 1 thread)', 1.0, ratioOf('gemm', c, 'wasm-simd', 'tfjs-wasm-simd'));
}
if (suites.includes('sketch')) {
  const b = 'native-1t';
  const alloc = results.find((x) => x.suite === 'sketch' && x.case === 'alloc/project-out');
  for (const op of ['countSketch', 'sparseSign', 'srht']) {
    target(11, `${op} project ÷ read-X-once time (within 2×)`, 0.5, ratioOf('sketch', `project/${op}`, b, 'bandwidth:X'));
    // The result is a new N×k array; allocating and first-touching it is part of every call.
    if (alloc && targets.at(-1).note) targets.at(-1).note += `; allocating the result alone: ${fmtS(alloc.seconds)}`;
    if (results.some((x) => x.case === `project-out/${op}` && x.backend === b)) {
      target(11, `${op} project(X, { out }) ÷ read-X-once time`, 0.5, ratioOf('sketch', `project-out/${op}`, b, 'bandwidth:X'));
    }
  }
  for (const op of ['sparseSign', 'verySparse']) {
    target(11, `${op} project ÷ sklearn SparseRandomProjection`, 20, ratioOf('sketch', `project/${op}`, b, 'sklearn-sparse'));
  }
  target(11, 'gaussian project ÷ sklearn GaussianRandomProjection', 0.9, ratioOf('sketch', 'project/gaussian', b, 'sklearn-gaussian'));
  target(11, 'countSketch apply ÷ SciPy clarkson_woodruff_transform', 5, ratioOf('sketch', 'apply/countSketch', b, 'scipy-cwt'));
  for (const r of results.filter((x) => x.suite === 'fwht' && x.backend === b && x.dtype === 'float32')) {
    const lg = +r.case.slice(2);
    if (lg <= 16) {
      const best = (r.shape[0] * r.shape[1] * lg) / r.min / 1e9;
      targets.push({ issue: 11, name: `FWHT f32 n=${r.case} GFLOP/s`, target: 45, value: +r.gflops.toFixed(2), valueBest: +best.toFixed(2), pass: r.gflops >= 45,
        note: `${r.shape[0]} rows` });
    } else {
      target(11, `FWHT f32 n=${r.case}: copy time ÷ FWHT time (within 1.3×)`, 1 / 1.3, ratioOf('fwht', r.case, b, 'copy'));
    }
  }
  if (!results.some((x) => x.suite === 'fwht' && x.backend === b)) {
    targets.push({ issue: 11, name: 'FWHT f32 GFLOP/s (n = 2^10..2^16) and copy ratio (n ≥ 2^22)', target: 45, value: null, pass: null,
      note: 'not measured: sketch.fwht not available in this build' });
  }
}

// ---------------------------------------------------------------- output

function fmtS(s) {
  return s >= 1 ? `${s.toFixed(2)} s` : s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(1)} µs`;
}

function table(rows, cols) {
  const w = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [line(cols), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

const bySuite = { gemm: 'GEMM (C = A·B, shape m×k·k×n)', sketch: 'Sketching (project: X·Sᵀ, apply: S·A)', fwht: 'FWHT (in place, unnormalized)' };
log('');
log(`sketchmat bench — ${header.cpu}, ${header.cores} cores, node ${header.node}, ${header.protocol} protocol, ${header.wallSeconds} s`);
log(`load average ${header.loadavgStart.join(' ')} → ${header.loadavgEnd.join(' ')}; ratio = baseline time ÷ time (> 1 is faster)`);
// Other processes on a 2-core machine halve what a thread gets; say so where the numbers are.
if (Math.max(header.loadavgStart[0], header.loadavgEnd[0]) > 0.5 * header.cores) {
  header.warning = `the machine was busy (1-minute load average up to ${Math.max(header.loadavgStart[0], header.loadavgEnd[0])} on ${header.cores} cores): timings are unreliable, 2-thread rows most of all`;
  log(`WARNING: ${header.warning}`);
}
for (const [suite, title] of Object.entries(bySuite)) {
  const rows = results.filter((r) => r.suite === suite);
  if (!rows.length) continue;
  log(`\n${title}`);
  log(table(rows.map((r) => [
    `${r.case} ${r.dtype === 'float64' ? 'f64' : 'f32'}${r.proxy ? ` [${r.proxy.split(/[ ;(]/)[0]}]` : ''}`, r.backend, r.threads, r.simd,
    fmtS(r.seconds), fmtS(r.min), r.runs,
    r.gflops !== undefined ? `${r.gflops.toFixed(2)} GFLOP/s` : `${r.gbps.toFixed(2)} GB/s`,
    r.baseline ? `${r.ratio.toFixed(2)}× ${r.baseline.split(' (')[0]}` : '', r.check && r.check !== 'ok' ? `CHECK: ${r.check}` : '',
  ]), ['case', 'backend', 'thr', 'simd', 'median', 'best', 'runs', 'rate (median)', 'vs baseline', '']));
}
if (skipped.length) {
  log('\nSkipped');
  for (const s of skipped) log(`  ${s.backend} ${s.suite}/${s.case}${s.dtype ? ' ' + s.dtype : ''}: ${s.reason}`);
}
if (targets.length) {
  log('\nTargets (issues 10, 11)');
  log(table(targets.map((t) => [
    t.name, t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'MISS', t.value === null ? '—' : t.value, t.valueBest ?? '—',
    `≥ ${+t.target.toFixed(3)}`, t.note ?? '',
  ]), ['target', 'result', 'median', 'best', 'target', 'detail (medians)']));
}

const json = JSON.stringify({ header, results, skipped, targets }, null, 2) + '\n';
if (args.json) {
  writeFileSync(args.json, json);
  log(`\nJSON written to ${args.json}`);
} else {
  process.stdout.write(json);
}
