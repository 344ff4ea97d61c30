/**
 * `sketchmat svd IN -k K` and `sketchmat pca IN -k K`: the top-k singular
 * values (randomized SVD, or the exact thin SVD with --exact) and the
 * principal components of a matrix file, printed as a table or JSON and
 * optionally written out (U, S, Vt / components, mean, variances as a
 * .safetensors file; PCA scores as .npy or CSV).
 */
import { performance } from 'node:perf_hooks';
import { backendInfo } from '../backend/select';
import { pcaAsync } from '../linalg/pca';
import { rsvdAsync, svdAsync } from '../linalg/index';
import { Matrix } from '../matrix';
import { CommandSpec, UsageError } from './args';
import { Context, table, toJSON } from './context';
import { INPUT_FLAGS, checkOutput, readMatrixFile, rowOf, writeMatrices } from './matrix-file';
import { stepProgress } from './progress';

const K_FLAG = { kind: 'int', short: 'k', value: 'K', min: 1, max: 2 ** 31 - 1, help: 'how many singular values / components' } as const;
const RANDOMIZED_FLAGS = {
  seed: { kind: 'int', value: 'N', min: 0, max: 2 ** 53 - 1, help: 'seed of the randomized SVD (same seed, same result)', default: 0 },
  oversample: { kind: 'int', value: 'P', min: 0, max: 2 ** 31 - 1, help: 'extra columns of the random sketch', default: 10 },
  'power-iters': { kind: 'int', value: 'Q', min: 0, max: 100, help: 'power iterations (default: 7 when k < min(m, n)/10, else 4)' },
} as const;

export const SVD: CommandSpec = {
  name: 'svd',
  summary: 'top-k singular values (and vectors) of a .npy, CSV or safetensors matrix by randomized SVD (--exact: the thin SVD)',
  usage: 'sketchmat svd IN -k K [--exact] [--seed N] [-o OUT.safetensors]',
  positionals: ['input'],
  flags: {
    k: K_FLAG,
    exact: { kind: 'boolean', help: 'the exact thin SVD (all min(m, n) values computed, the top k reported)' },
    ...RANDOMIZED_FLAGS,
    output: { kind: 'string', short: 'o', value: 'FILE', help: 'write U (m × k), S (1 × k) and Vt (k × n) to a .safetensors file' },
    ...INPUT_FLAGS,
  },
  details: `
The randomized SVD's error shrinks like (σ_{k+1}/σ_k)^(2q+1) with q power iterations:
when the k-th and (k+1)-th singular values are close, raise --power-iters or
--oversample, or check with --exact on a sample.`,
};

export const PCA: CommandSpec = {
  name: 'pca',
  summary: 'principal components of the rows of a .npy, CSV or safetensors matrix (randomized, centred)',
  usage: 'sketchmat pca IN -k K [--seed N] [-o SCORES.npy|.csv] [--model OUT.safetensors]',
  positionals: ['input'],
  flags: {
    k: K_FLAG,
    ...RANDOMIZED_FLAGS,
    'no-center': { kind: 'boolean', help: 'do not subtract the column means' },
    output: { kind: 'string', short: 'o', value: 'FILE', help: 'write the scores (m × k, each row projected on the components) as .npy or .csv' },
    model: { kind: 'string', value: 'FILE', help: 'write components (k × n), mean (1 × n) and explained variance (1 × k) to a .safetensors file' },
    ...INPUT_FLAGS,
  },
};

function kFor(cmd: string, ctx: Context, A: Matrix): number {
  const k = ctx.flags.k as number | undefined;
  if (k === undefined) throw new UsageError(`${cmd}: -k K is required (how many components)`);
  const most = Math.min(A.rows, A.cols);
  if (k > most) throw new UsageError(`${cmd}: -k ${k} is more than min(rows, cols) = ${most} of the ${A.rows} × ${A.cols} input`);
  return k;
}

function randomizedOptions(ctx: Context): { seed: number; oversample: number; powerIters: number | 'auto' } {
  return { seed: ctx.flags.seed as number, oversample: ctx.flags.oversample as number, powerIters: (ctx.flags['power-iters'] as number | undefined) ?? 'auto' };
}

function backendSummary(): { name: string; simd: string; threads: number } {
  const b = backendInfo();
  return { name: b.name, simd: b.simd, threads: b.threads };
}

export async function runSvd(ctx: Context): Promise<number> {
  const [input] = ctx.positionals;
  if (input === undefined) throw new UsageError(`svd: expected an input file (usage: ${SVD.usage})`);
  const outFormat = checkOutput('svd', ctx.flags.output as string | undefined, '-o', ['safetensors'], ctx.flags, [input]);
  if (ctx.flags.exact && (ctx.flags['power-iters'] !== undefined)) throw new UsageError('svd: --power-iters applies to the randomized SVD, not --exact');
  const A = readMatrixFile('svd', input, ctx.flags);
  const k = kFor('svd', ctx, A);
  const start = performance.now();
  const steps = stepProgress('svd', { enabled: ctx.progress, stream: ctx.progressStream });
  let r;
  try {
    // The exact SVD is one kernel call: its line shows the elapsed time only.
    if (ctx.flags.exact) steps.progress.stage('exact SVD');
    r = ctx.flags.exact ? await svdAsync(A) : await rsvdAsync(A, k, { ...randomizedOptions(ctx), onProgress: steps.onProgress });
  } finally {
    steps.end();
  }
  const seconds = (performance.now() - start) / 1000;
  const s = r.s.slice(0, k);
  if (outFormat) {
    const U = new Matrix(A.rows, k, A.dtype === 'float32' ? new Float32Array(A.rows * k) : new Float64Array(A.rows * k));
    for (let i = 0; i < A.rows; i++) for (let j = 0; j < k; j++) U.data[i * k + j] = r.U.data[i * r.U.cols + j];
    const Vt = new Matrix(k, A.cols, r.Vt.data.slice(0, k * A.cols));
    writeMatrices(ctx.flags.output as string, outFormat, { U, S: rowOf(s, A.dtype), Vt }, { by: 'sketchmat svd', method: ctx.flags.exact ? 'exact' : 'randomized' });
  }
  const result = { input, rows: A.rows, cols: A.cols, dtype: A.dtype, k, method: ctx.flags.exact ? 'exact' : 'randomized', singularValues: Array.from(s), seconds, output: ctx.flags.output ?? null, backend: backendSummary() };
  if (ctx.json) ctx.out(toJSON(result));
  else {
    ctx.out(`${input}: ${A.rows} × ${A.cols} ${A.dtype}, top ${k} singular values (${result.method} SVD, ${seconds.toFixed(3)} s on ${result.backend.name})\n\n`);
    ctx.out(table(['i', 'σ_i', 'σ_i/σ_1'], Array.from(s, (x, i) => [i + 1, x.toPrecision(6), s[0] > 0 ? (x / s[0]).toFixed(4) : '0'])));
    if (outFormat) ctx.err(`wrote ${ctx.flags.output}: U, S, Vt\n`);
  }
  return 0;
}

export async function runPca(ctx: Context): Promise<number> {
  const [input] = ctx.positionals;
  if (input === undefined) throw new UsageError(`pca: expected an input file (usage: ${PCA.usage})`);
  const scoresFormat = checkOutput('pca', ctx.flags.output as string | undefined, '-o', ['npy', 'csv'], ctx.flags, [input]);
  const modelFormat = checkOutput('pca', ctx.flags.model as string | undefined, '--model', ['safetensors'], ctx.flags, [input]);
  const X = readMatrixFile('pca', input, ctx.flags);
  const k = kFor('pca', ctx, X);
  const start = performance.now();
  const steps = stepProgress('pca', { enabled: ctx.progress, stream: ctx.progressStream });
  let p;
  try {
    p = await pcaAsync(X, k, { ...randomizedOptions(ctx), center: !ctx.flags['no-center'], onProgress: steps.onProgress });
  } finally {
    steps.end();
  }
  const seconds = (performance.now() - start) / 1000;
  if (scoresFormat) writeMatrices(ctx.flags.output as string, scoresFormat, { scores: p.transform(X) });
  if (modelFormat) {
    writeMatrices(ctx.flags.model as string, modelFormat, {
      components: p.components, mean: rowOf(p.mean, X.dtype), explained_variance: rowOf(p.explainedVariance, X.dtype),
      explained_variance_ratio: rowOf(p.explainedVarianceRatio, X.dtype),
    }, { by: 'sketchmat pca', k: String(k), center: String(!ctx.flags['no-center']) });
  }
  const ratio = Array.from(p.explainedVarianceRatio);
  let cumulative = 0;
  const result = {
    input, rows: X.rows, cols: X.cols, dtype: X.dtype, k, explainedVariance: Array.from(p.explainedVariance), explainedVarianceRatio: ratio,
    totalExplained: ratio.reduce((a, b) => a + b, 0), seconds, output: ctx.flags.output ?? null, model: ctx.flags.model ?? null, backend: backendSummary(),
  };
  if (ctx.json) ctx.out(toJSON(result));
  else {
    ctx.out(`${input}: ${X.rows} × ${X.cols} ${X.dtype}, ${k} principal components (${seconds.toFixed(3)} s on ${result.backend.name})\n\n`);
    ctx.out(table(['component', 'variance', 'ratio', 'cumulative'], ratio.map((r, i) => {
      cumulative += r;
      return [i + 1, p.explainedVariance[i].toPrecision(5), `${(100 * r).toFixed(2)}%`, `${(100 * cumulative).toFixed(2)}%`];
    })));
    for (const [flag, file] of [['-o', ctx.flags.output], ['--model', ctx.flags.model]]) if (file) ctx.err(`wrote ${file} (${flag})\n`);
  }
  return 0;
}
