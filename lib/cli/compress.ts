/**
 * `sketchmat compress WEIGHTS --structure KIND [options] -o OUT.safetensors`:
 * fits a dense weight matrix (out × in, as a layer stores it) onto a
 * structure, reports the error, the parameters and the speed of X·Ŵᵀ beside
 * the dense product, and saves the operator (structured.save) for
 * structured.load in Node or a browser.
 */
import { performance } from 'node:perf_hooks';
import { backendInfo } from '../backend/select';
import { matmul } from '../dense/matmul';
import { ValueError } from '../errors';
import { gaussian } from '../random/index';
import type { Matrix } from '../matrix';
import { fit, save } from '../structured/index';
import { fitBudgetTelling } from '../structured/budget';
import { KINDS } from '../structured/fit';
import type { BudgetAttempt, FitKind, FitOptions, LinearOperator } from '../structured/index';
import { CommandSpec, UsageError } from './args';
import { Context, table, toJSON, writeTextAtomic } from './context';
import { fastest } from './demo-sections';
import { INPUT_FLAGS, checkOutput, readMatrixFile } from './matrix-file';
import { Progress } from './progress';

export const COMPRESS: CommandSpec = {
  name: 'compress',
  summary: 'fit a weight matrix (.npy, CSV or a safetensors tensor) onto a structure; report error, parameters and speed; save it',
  usage: 'sketchmat compress WEIGHTS (--structure KIND [--rank R | --blocks B | --n N --m M | --shapes 16x16,32x32 | …] | --budget P) [-o OUT.safetensors]',
  positionals: ['weights'],
  flags: {
    structure: { kind: 'string', value: 'KIND', help: `one of structured.fit's kinds: ${KINDS.join(', ')}` },
    rank: { kind: 'int', value: 'R', min: 1, max: 2 ** 31 - 1, help: 'lowRank: the rank; kronecker: terms in the sum' },
    blocks: { kind: 'int', value: 'B', min: 1, max: 2 ** 31 - 1, help: 'monarch: blocks (must divide the input size)' },
    n: { kind: 'int', value: 'N', min: 0, max: 2 ** 31 - 1, help: 'nm: kept of every M along each row' },
    m: { kind: 'int', value: 'M', min: 1, max: 2 ** 31 - 1, help: 'nm: group size' },
    shapes: { kind: 'list', value: 'AxB,CxD', help: 'kronecker: factor shapes, rows×cols each, products equal to the weights\' shape' },
    iters: { kind: 'int', value: 'N', min: 0, max: 1000, help: 'blast: alternating least squares sweeps after the SVD start' },
    'block-size': { kind: 'int', value: 'B', min: 1, max: 2 ** 31 - 1, help: 'blockSparse: the (square) block size' },
    density: { kind: 'number', value: 'P', min: 0, max: 1, help: 'blockSparse: the share of blocks kept' },
    budget: { kind: 'number', value: 'P', min: 0, help: 'instead of --structure: try every structure within P parameters (P ≤ 1: a fraction of the dense count) and keep the lowest error' },
    seed: { kind: 'int', value: 'N', min: 0, max: 2 ** 53 - 1, help: 'seed of randomized fits' },
    batch: { kind: 'int', value: 'B', min: 1, max: 65536, help: 'rows of X in the timing of X·Ŵᵀ', default: 16 },
    output: { kind: 'string', short: 'o', value: 'FILE', help: 'write the fitted operator (structured.save) to a .safetensors file' },
    ...INPUT_FLAGS,
  },
  details: `
The fit is the best of its structure in Frobenius norm; error = ‖W − Ŵ‖_F / ‖W‖_F.
Load the saved operator with structured.load(bytes) and apply it with op.linear(X).`,
};

function parseShapes(list: readonly string[]): [number, number][] {
  return list.map((s) => {
    const m = /^(\d+)[x×](\d+)$/.exec(s);
    if (!m) throw new UsageError(`compress: --shapes item ${JSON.stringify(s)}: expected ROWSxCOLS, e.g. 16x32`);
    return [Number(m[1]), Number(m[2])];
  });
}

export function runCompress(ctx: Context): number {
  const [input] = ctx.positionals;
  if (input === undefined) throw new UsageError(`compress: expected a weights file (usage: ${COMPRESS.usage})`);
  const f = ctx.flags;
  const budget = f.budget as number | undefined;
  let kind = f.structure as string | undefined;
  if (kind === undefined && budget === undefined) throw new UsageError(`compress: --structure KIND or --budget P is required (kinds: ${KINDS.join(', ')})`);
  if (kind !== undefined && budget !== undefined) throw new UsageError('compress: give --structure KIND or --budget P, not both');
  const outFormat = checkOutput('compress', f.output as string | undefined, '-o', ['safetensors'], f, [input]);
  const options: FitOptions = {};
  if (f.rank !== undefined) options.rank = f.rank as number;
  if (f.blocks !== undefined) options.blocks = f.blocks as number;
  if (f.n !== undefined) options.n = f.n as number;
  if (f.m !== undefined) options.m = f.m as number;
  if (f.shapes !== undefined) options.shapes = parseShapes(f.shapes as string[]);
  if (f.seed !== undefined) options.seed = f.seed as number;
  if (f.iters !== undefined) options.iters = f.iters as number;
  if (f['block-size'] !== undefined) options.blockSize = f['block-size'] as number;
  if (f.density !== undefined) options.density = f.density as number;
  if (budget !== undefined && Object.keys(options).length > 0) {
    throw new UsageError(`compress: --budget picks each structure's options itself; drop --${Object.keys(options)[0].replace('blockSize', 'block-size')}`);
  }
  const W = readMatrixFile('compress', input, ctx.flags);
  // The fits hold the event loop (no async twins): each stage is drawn as it starts, not after a
  // second's delay, since nothing could draw the line later while one long fit runs.
  const progress = new Progress('compress', { unit: 'structures', enabled: ctx.progress, stream: ctx.progressStream, delayMs: 0, redrawMs: 0 });
  try {
    return report(ctx, input, W, kind, options, budget, outFormat, progress);
  } finally {
    progress.end();
  }
}

/** Fits, times and writes what runCompress checked; `progress` names each stage. */
function report(ctx: Context, input: string, W: Matrix, kind: string | undefined, options: FitOptions, budget: number | undefined, outFormat: string | undefined, progress: Progress): number {
  const f = ctx.flags;
  const start = performance.now();
  let fitted: { op: LinearOperator; relError: number; paramRatio: number };
  let tried: BudgetAttempt[] | undefined;
  try {
    if (budget !== undefined) {
      const params = budget <= 1 ? Math.floor(budget * W.rows * W.cols) : Math.floor(budget);
      const r = fitBudgetTelling(W, { params }, (c, i, count) => {
        progress.total(count);
        progress.at(i, `${c.kind} ${JSON.stringify(c.opts)}`);
      });
      fitted = r;
      kind = r.kind;
      tried = r.tried;
    } else {
      progress.stage(`fitting ${kind}`);
      fitted = fit(W, kind as FitKind, options);
    }
  } catch (e) {
    // The library names its options (rank, blocks); the user typed flags.
    const flag = budget !== undefined ? `--budget ${budget}` : `--structure ${kind}`;
    if (e instanceof ValueError || (e as Error).name === 'ShapeError') throw new UsageError(`compress: ${flag}: ${(e as Error).message.replace(/^structured\.(fit|fitBudget)(\(\w+\))?: /, '')}`);
    throw e;
  }
  const secondsFit = (performance.now() - start) / 1000;
  const batch = f.batch as number;
  progress.total(undefined);
  progress.at(0, `timing X·Ŵᵀ (batch ${batch})`);
  const X = gaussian(batch, W.cols, { seed: 1, dtype: W.dtype });
  const secondsDense = fastest(() => matmul(X, W, { transB: true }));
  const secondsStructured = fastest(() => fitted.op.linear(X));
  if (outFormat) writeTextAtomic(f.output as string, save(fitted.op));
  const b = backendInfo();
  const result = {
    input, rows: W.rows, cols: W.cols, dtype: W.dtype, structure: kind, options, budget: budget ?? null, tried: tried ?? null, relError: fitted.relError, params: fitted.op.params,
    paramRatio: fitted.paramRatio, flopRatio: fitted.op.flops(batch) / (2 * batch * W.rows * W.cols), batch, secondsFit, secondsDense,
    secondsStructured, speedup: secondsDense / secondsStructured, output: f.output ?? null, backend: { name: b.name, simd: b.simd, threads: b.threads },
  };
  if (ctx.json) ctx.out(toJSON(result));
  else {
    ctx.out(`${input}: ${W.rows} × ${W.cols} ${W.dtype} fitted onto ${kind} in ${secondsFit.toFixed(2)} s (${b.name})\n\n`);
    ctx.out(table(['rel. error', 'params', 'flops', `X·Ŵᵀ (batch ${batch})`, 'dense', 'speedup'], [[
      result.relError.toFixed(4), `${fitted.op.params} (${(100 * result.paramRatio).toFixed(1)}%)`, `${(100 * result.flopRatio).toFixed(1)}%`,
      `${(1000 * secondsStructured).toFixed(3)} ms`, `${(1000 * secondsDense).toFixed(3)} ms`, `${result.speedup.toFixed(2)}×`,
    ]]));
    if (tried) {
      ctx.out(`\nwithin --budget ${budget}, tried:\n`);
      ctx.out(table(['structure', 'options', 'rel. error', 'params', ''], tried.map((t) => [
        t.kind, JSON.stringify(t.opts), Number.isFinite(t.relError) ? t.relError.toFixed(4) : '-', t.params, t.ok ? (t.kind === kind && t.relError === fitted.relError ? 'chosen' : '') : (t.error ?? 'over budget').slice(0, 60),
      ])));
    }
    if (outFormat) ctx.err(`wrote ${f.output}: structured.load() rebuilds the operator\n`);
  }
  return 0;
}
