/**
 * The `sketchmat` CLI run as a user runs it: a child process on the real
 * data, checking exit codes, --json output, one-line errors (exit 2) that
 * name the flag or file, and that nothing is written half-way. The CLI is
 * bundled from this tree's sources into test-dist/ (as test/support/child.ts
 * does for the library), so the test never runs a stale dist/.
 */
import { existsSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Run, dataFile, expectUsageError, root, useCli } from './support/cli';
import { Matrix, io } from '../lib/index';
import { METHODS, makeSketch } from '../lib/cli/methods';
import { testBackends } from './support/backends';
import { filled } from './support/data';

const MINILM_FOUND = dataFile('minilm_778x384.npy', 'embeddings/minilm_778x384.npy');
const { run, dir: cliDir } = useCli();
let dir: string;
beforeAll(() => {
  dir = cliDir();
});

const tempFiles = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('help and info', () => {
  test('sketchmat (no command) and --help list the commands', () => {
    for (const args of [[], ['--help']]) {
      const r = run(args);
      expect(r.status).toBe(0);
      for (const c of ['demo', 'info', 'project', 'bench']) expect(r.stdout).toContain(`  ${c} `);
    }
  });

  test.each(['demo', 'info', 'project', 'bench'])('%s --help', (c) => {
    const r = run([c, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`usage: sketchmat ${c}`);
    expect(r.stdout).toContain('--json');
    expect(r.stderr).toBe('');
  });

  test('info --json: the backend, every backend loads or says why, the version', () => {
    const r = run(['info', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(['native', 'wasm-simd', 'wasm']).toContain(j.backend.name);
    expect(j.backend.threads).toBeGreaterThanOrEqual(1);
    expect(typeof j.backend.simd).toBe('string');
    expect(j.version).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect(Object.keys(j.backends).sort()).toEqual(['native', 'wasm', 'wasm-simd']);
    for (const b of Object.values(j.backends) as { loads: boolean; reason?: string }[]) {
      expect(b.loads || (typeof b.reason === 'string' && b.reason.length > 0)).toBe(true);
    }
    expect(j.backends[j.backend.name].loads).toBe(true);
  });

  test('info --backend wasm runs WebAssembly; text output names it', () => {
    const r = run(['info', '--backend', 'wasm']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^backend: +wasm \(scalar/m);
  });

  test('package.json runs dist/cli.js as `sketchmat`', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ sketchmat: 'dist/cli.js' });
    expect(pkg.files).toContain('data/');
  });
});

describe('demo', () => {
  test('--json: PCA of the digits matches the exact SVD; each structure fit reports a sane error, budget and speed', () => {
    const r = run(['demo', '--json', '--dims', '32', '--methods', 'srht']);
    expect(r.status).toBe(0);
    const { pca, structured } = JSON.parse(r.stdout).sections;
    expect(pca).toBeDefined(); // data/sk_digits_1797x64.npy is copied by npm run build
    expect(pca.data).toEqual({ rows: 1797, cols: 64 });
    pca.explainedVarianceRatio.forEach((v: number, i: number) => expect(Math.abs(v - pca.exactRatio[i])).toBeLessThan(1e-3));
    expect(structured.data).toEqual({ rows: 512, cols: 512 });
    expect(structured.results.map((x: { kind: string }) => x.kind)).toEqual(['lowRank', 'monarch', 'kronecker', 'toeplitz', 'nm']);
    for (const x of structured.results) {
      expect(x.relError).toBeGreaterThan(0);
      expect(x.relError).toBeLessThan(1);
      expect(x.paramRatio).toBeGreaterThan(0);
      expect(x.paramRatio).toBeLessThanOrEqual(0.5);
      expect(x.secondsApply).toBeGreaterThan(0);
    }
  });

  test('--json on the MiniLM embeddings: every sketch and dimension, sane numbers', () => {
    const r = run(['demo', '--json', ...(MINILM_FOUND === join(root, 'data', 'minilm_778x384.npy') ? [] : ['--data', MINILM_FOUND])]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(['native', 'wasm-simd', 'wasm']).toContain(j.backend.name);
    const s = j.sections.embeddings;
    expect(s.data).toMatchObject({ rows: 778, cols: 384, dtype: 'float32', pairs: (778 * 777) / 2 });
    expect(s.dims).toEqual([32, 64, 128]);
    expect(s.results).toHaveLength(3 * METHODS.length);
    for (const x of s.results) {
      // A JL embedding to k dimensions: the median relative distance error is
      // about 0.67/√(2k) (8.4% at k = 32, 4.2% at 128); twice that bounds it
      // with a wide margin, and the max stays below 1 (no pair collapses or doubles).
      const theory = 0.6745 / Math.sqrt(2 * x.k);
      expect(x.distortion.median).toBeGreaterThan(theory / 3);
      expect(x.distortion.median).toBeLessThan(2 * theory);
      expect(x.distortion.p95).toBeGreaterThanOrEqual(x.distortion.median);
      expect(x.distortion.max).toBeGreaterThanOrEqual(x.distortion.p95);
      expect(x.distortion.max).toBeLessThan(1);
      expect(Math.abs(x.distortion.bias)).toBeLessThan(0.05);
      expect(x.recallAt10).toBeGreaterThan(0.2);
      expect(x.recallAt10).toBeLessThanOrEqual(1);
      expect(x.secondsPerCall).toBeGreaterThan(0);
      expect(Math.abs(x.rowsPerSecond * x.secondsPerCall / 778 - 1)).toBeLessThan(1e-4); // both rounded to 6 digits
    }
    // More dimensions, less distortion and better neighbours (averaged over the sketches).
    const mean = (k: number, f: (x: { distortion: { median: number }; recallAt10: number }) => number) =>
      s.results.filter((x: { k: number }) => x.k === k).reduce((a: number, x: never) => a + f(x), 0) / METHODS.length;
    expect(mean(128, (x) => x.distortion.median)).toBeLessThan(mean(32, (x) => x.distortion.median));
    expect(mean(128, (x) => x.recallAt10)).toBeGreaterThan(mean(32, (x) => x.recallAt10));
  });

  test('large k: small distortion, high recall (--dims 320 --methods gaussian,srht)', () => {
    const r = run(['demo', '--json', '--dims', '320', '--methods', 'gaussian,srht', '--data', MINILM_FOUND]);
    expect(r.status).toBe(0);
    for (const x of JSON.parse(r.stdout).sections.embeddings.results) {
      expect(x.distortion.median).toBeLessThan(0.05);
      expect(x.recallAt10).toBeGreaterThan(0.7);
    }
  });

  test('text output: the table, the backend, no progress line when stderr is not a terminal', () => {
    const r = run(['demo', '--dims', '16', '--methods', 'countSketch', '--data', MINILM_FOUND]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/backend (native|wasm-simd|wasm)/);
    expect(r.stdout).toMatch(/k +sketch +median err +p95 err +max err +recall@10 +ms\/call +rows\/s/);
    expect(r.stdout).toMatch(/^ *16 +countSketch /m);
    expect(r.stderr).toBe('');
  });
});

describe('project', () => {
  let X: Matrix;
  beforeAll(() => {
    X = io.readNpy(MINILM_FOUND);
  });

  test.each(METHODS)('%s: streaming in row blocks equals projecting all at once, bit for bit', (method) => {
    // Both in fresh processes with the same settings: this jest worker's
    // native SIMD level may have been capped by another test file (the level
    // is one per process), which changes GEMM's last bits, not the property.
    const project = (blockRows: string, out: string) => {
      const r = run(['project', MINILM_FOUND, '--dim', '48', '--method', method, '--seed', '11', '--block-rows', blockRows, '-o', out, '--json', '--force']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ rows: 778, cols: 384, k: 48, dtype: 'float32', sketch: { kind: method, k: 48, n: 384, seed: 11 } });
      return io.readNpy(out);
    };
    const whole = project('100000', join(dir, `p-${method}-whole.npy`));
    // 778 = 8·97 + 2 = 7·111 + 1: short tails (2 and 1 rows, under 65) join the block before,
    // since products of at most 64 rows take other GEMM paths (GEMM.md).
    for (const blockRows of ['97', '111']) {
      const Y = project(blockRows, join(dir, `p-${method}.npy`));
      expect([Y.rows, Y.cols, Y.dtype]).toEqual([778, 48, 'float32']);
      expect(Buffer.from(Y.data.buffer).equals(Buffer.from(whole.data.buffer))).toBe(true);
    }
    // And it is X·Sᵀ: the library's own projection, to float32 rounding.
    const want = makeSketch(method, 48, 384, 11).project(X);
    let scale = 0, err = 0;
    want.data.forEach((v, i) => {
      scale = Math.max(scale, Math.abs(v));
      err = Math.max(err, Math.abs(v - whole.data[i]));
    });
    expect(err).toBeLessThanOrEqual(384 * 2 ** -24 * scale);
  });

  test('CSV in, CSV and .npy out: the same numbers as in memory', () => {
    const A = filled(53, 7, 'float64', 5);
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, io.formatCsv(A, { header: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }));
    const want = makeSketch('sparseSign', 5, 7, 3).project(A);
    for (const ext of ['csv', 'npy']) {
      const out = join(dir, `from-csv.${ext}`);
      const r = run(['project', csv, '--dim', '5', '--method', 'sparseSign', '--seed', '3', '--block-rows', '10', '-o', out]);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/^wrote .*53 × 5 float64/);
      const Y = ext === 'csv' ? io.readCsv(out).matrix : io.readNpy(out);
      expect(Y.toArray()).toEqual(want.toArray());
    }
  });

  test('a .safetensors input: the tensor picked by --tensor, streamed in blocks, the same as in memory', () => {
    const W = filled(41, 12, 'float32', 6);
    const file = join(dir, 'model.safetensors');
    io.writeSafetensors(file, { 'layer.0.weight': W, bias: filled(12, 1, 'float32', 7) });
    const out = join(dir, 'from-st.npy');
    expectUsageError(run(['project', file, '--dim', '4', '-o', out]), /holds 2 tensors; pick one with --tensor NAME \("layer\.0\.weight", "bias"\)/);
    expectUsageError(run(['project', file, '--dim', '4', '--tensor', 'nope', '-o', out]), /has no tensor "nope" \(it has "layer\.0\.weight", "bias"\)/);
    expectUsageError(run(['project', MINILM_FOUND, '--dim', '4', '--tensor', 'x', '-o', out]), /--tensor applies to a \.safetensors input/);
    const r = run(['project', file, '--tensor', 'layer.0.weight', '--dim', '4', '--method', 'srht', '--seed', '2', '--block-rows', '8', '-o', out]);
    expect(r.status).toBe(0);
    const want = makeSketch('srht', 4, 12, 2).project(W);
    expect(Buffer.from(io.readNpy(out).data.buffer).equals(Buffer.from(want.data.buffer))).toBe(true);
  });

  test('the row-block property the streaming relies on, on every backend and dtype', () => {
    // In-process: each row of X·Sᵀ depends only on its row of X, for blocks
    // of at least 65 rows (what project makes: MIN_BLOCK_ROWS). The sparse
    // sketches and the SRHT compute each row alone, so for them any block of
    // 2 rows or more agrees too; the dense sketches' GEMM takes other paths
    // at up to 64 rows (GEMM.md), whose last bits differ.
    forEachBackendOnce((label) => {
      for (const dtype of ['float32', 'float64'] as const) {
        const A = filled(131, 37, dtype, 2);
        for (const method of METHODS) {
          const S = makeSketch(method, 9, 37, 4);
          const whole = S.project(A);
          const dense = method === 'gaussian' || method === 'rademacher';
          for (const [r0, r1] of dense ? [[0, 65], [65, 131]] : [[0, 2], [2, 64], [64, 131], [129, 131]]) {
            const part = S.project(new Matrix(r1 - r0, 37, A.data.subarray(r0 * 37, r1 * 37)));
            const same = part.data.every((v, t) => Object.is(v, whole.data[r0 * 9 + t]));
            if (!same) throw new Error(`${label} ${dtype} ${method}: rows ${r0}..${r1} differ from the whole projection`);
          }
        }
      }
    });
  });
});

/** Runs `body` once per loaded backend inside one test, then goes back to the first (the default one). */
function forEachBackendOnce(body: (label: string) => void): void {
  const list = testBackends();
  expect(list.length).toBeGreaterThan(0);
  try {
    for (const tb of list) {
      tb.activate();
      body(tb.label);
    }
  } finally {
    list[0].activate();
  }
}

describe('bench', () => {
  test('--from draws the HTML report of a benchmark JSON (plots per group, targets, escaped labels)', () => {
    const json = {
      header: { date: 'today', cpu: 'cpu <x>', cores: 2 },
      results: [
        ...[[64, 64, 64], [256, 256, 256]].flatMap((shape, i) => ['native-1t', 'wasm-simd'].map((backend, b) => ({
          suite: 'gemm', case: `${shape[0]}³`, backend, dtype: 'float32', shape, seconds: 1e-3 * (i + 1) * (b + 1), gflops: 10 / (b + 1) + i,
        }))),
        { suite: 'sketch', case: 'project/srht', backend: 'native-1t', dtype: 'float32', shape: [10, 8, 4], seconds: 0.002 },
        { suite: 'sketch', case: 'project/sklearn-gaussian', backend: 'python-1t', dtype: 'float32', shape: [10, 8, 4], seconds: 0.004 },
      ],
      skipped: [{ suite: 'sketch', case: 'apply/gaussian', backend: 'wasm', reason: 'slow & dense' }],
      targets: [{ issue: 11, name: 'srht vs read', target: 0.7692307692307692, value: 0.5, pass: false }],
    };
    const from = join(dir, 'b.json');
    writeFileSync(from, JSON.stringify(json));
    const html = join(dir, 'b.html');
    const r = run(['bench', '--from', from, '--html', html, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ html, results: 6, skipped: 1 });
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<svg/g)).toHaveLength(2); // gemm: GFLOP/s vs size; sketch project: times
    expect(page).toContain('<polyline');
    expect(page).toContain('project/sklearn-gaussian · python-1t');
    expect(page).toContain('cpu &#60;x&#62;');
    expect(page).toContain('slow &#38; dense');
    expect(page).toContain('<td>0.7692</td>');
    // Structured fits' error-vs-parameters curves get one plot per matrix, one line per structure.
    const withCurves = { ...json, curves: [
      { matrix: 'attn <512²>', structure: 'lowRank', points: [{ paramRatio: 0.0625, relError: 0.8 }, { paramRatio: 0.25, relError: 0.5 }] },
      { matrix: 'attn <512²>', structure: 'monarch', points: [{ paramRatio: 0.125, relError: 0.7, label: '16 blocks' }] },
    ] };
    writeFileSync(from, JSON.stringify(withCurves));
    expect(run(['bench', '--from', from, '--html', html]).status).toBe(0);
    const page2 = readFileSync(html, 'utf8');
    expect(page2.match(/<svg/g)).toHaveLength(3);
    expect(page2).toContain('attn &#60;512²&#62;: error vs parameters');
    expect(page2).toContain('monarch 16 blocks: 0.7 at 0.125');
    // --svg: each plot as a standalone SVG file, named for its title.
    const svgDir = join(dir, 'figures');
    const r3 = run(['bench', '--from', from, '--html', html, '--svg', svgDir, '--json']);
    expect(r3.status).toBe(0);
    const svgs = JSON.parse(r3.stdout).svgs as string[];
    expect(svgs.map((f) => f.slice(svgDir.length + 1)).sort()).toEqual([
      'attn-512-error-vs-parameters.svg', 'gemm-float32-gflop-s-vs-size.svg', 'sketch-project-float32-10-8-4.svg',
    ]);
    for (const f of svgs) expect(readFileSync(f, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    writeFileSync(join(dir, 'not.json'), '1,2\n');
    expectUsageError(run(['bench', '--from', join(dir, 'not.json')]), /not\.json: not JSON/);
  });
});

describe('bad flags and bad files: exit 2, one line naming what was wrong, nothing written', () => {
  const out = () => join(dir, 'never.npy');
  test.each([
    [['project', 'IN', '--dim', 'x', '-o', 'OUT'], /--dim expects an integer ≥ 1, got "x"/],
    [['project', 'IN', '--dim', '0', '-o', 'OUT'], /--dim expects an integer ≥ 1, got "0"/],
    [['project', 'IN', '--dims', '8', '-o', 'OUT'], /unknown flag --dims \(did you mean --dim\?\)/],
    [['project', 'IN', '--dim', '8', '--method', 'pca', '-o', 'OUT'], /--method expects one of gaussian, .*srht, got "pca"/],
    [['project', 'IN', '--dim', '8'], /-o\/--output FILE is required/],
    [['project', 'IN', '-o', 'OUT'], /--dim K is required/],
    [['project', 'IN', '--dim'], /--dim needs a value/],
    [['project', 'IN', '--dim', '8', '--seed', '-1', '-o', 'OUT'], /--seed expects an integer ≥ 0, got "-1"/],
    [['project', 'IN', '--dim', '600', '--method', 'srht', '-o', 'OUT'], /--method srht --dim 600 on 384-column input: .*at most n₂ = 512/],
    [['project', 'IN', '--dim', '8', '--nnz', '3', '-o', 'OUT'], /--nnz applies to --method sparseSign, not gaussian/],
    [['project', 'IN', '--dim', '8', '-o', 'out.txt.gz'], /-o .*out\.txt\.gz: expected a \.npy or \.csv file name/],
    [['project', 'missing.npy', '--dim', '8', '-o', 'OUT'], /input missing\.npy: no such file/],
    [['project', 'IN', 'extra', '--dim', '8', '-o', 'OUT'], /unexpected argument "extra"/],
    [['demo', '--methods', 'gaussian,nope'], /--methods expects a comma-separated list of gaussian/],
    [['demo', '--json=yes'], /--json takes no value/],
    [['info', '--backend', 'gpu'], /--backend expects one of native, wasm-simd, wasm, got "gpu"/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j', (args, message) => {
    const a = args.map((s) => (s === 'IN' ? MINILM_FOUND : s === 'OUT' ? out() : s));
    expectUsageError(run(a), message);
    expect(existsSync(out())).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  test('a truncated .npy: the file and the byte offset', () => {
    const bad = join(dir, 'truncated.npy');
    copyFileSync(MINILM_FOUND, bad);
    truncateSync(bad, 5000);
    const r = run(['project', bad, '--dim', '8', '-o', out()]);
    expectUsageError(r, /truncated\.npy: byte 5000: the file is truncated: shape \(778, 384\) of <f4 needs 1195008 bytes/);
    expect(existsSync(out())).toBe(false);
  });

  test('not a .npy file: the magic at byte 0', () => {
    const bad = join(dir, 'text.npy');
    writeFileSync(bad, 'hello');
    expectUsageError(run(['project', bad, '--dim', '8', '-o', out()]), /text\.npy: byte 0: not a \.npy file/);
  });

  test('a CSV that goes wrong at line 400: the line, and no output (the temporary file is removed)', () => {
    const csv = join(dir, 'late-error.csv');
    const good = io.formatCsv(filled(398, 4, 'float64', 1));
    writeFileSync(csv, 'w,x,y,z\n' + good + '1,2,oops,4\n' + good);
    const target = join(dir, 'late.npy');
    const r = run(['project', csv, '--dim', '2', '--block-rows', '50', '-o', target]);
    expectUsageError(r, /late-error\.csv: line 400: field 3: expected a number, got "oops"/);
    expect(existsSync(target)).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  test('an existing output is kept unless --force', () => {
    const target = join(dir, 'exists.npy');
    writeFileSync(target, 'keep me');
    expectUsageError(run(['project', MINILM_FOUND, '--dim', '8', '-o', target]), /exists \(pass --force to overwrite\)/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    const r = run(['project', MINILM_FOUND, '--dim', '8', '-o', target, '--force']);
    expect(r.status).toBe(0);
    expect(io.readNpy(target).cols).toBe(8);
  });
});
