/**
 * `sketchmat lstsq A B`: the least squares solution x of min ‖A·x − b‖₂ for a
 * matrix file A (m × n) and right-hand sides B (m values, or m × r), by QR
 * (exact, minimum norm when A is rank deficient) or by a sketch (LSRN-style
 * preconditioned LSQR to full accuracy, or sketch-and-solve).
 */
import { performance } from 'node:perf_hooks';
import { backendInfo } from '../backend/select';
import { lstsqAsyncOf } from '../linalg/lstsq';
import type { LstsqMethod } from '../linalg/lstsq';
import { Matrix } from '../matrix';
import { CommandSpec, UsageError } from './args';
import { Context, table, toJSON } from './context';
import { INPUT_FLAGS, checkOutput, readMatrixFile, writeMatrices } from './matrix-file';
import { stepProgress } from './progress';

const METHODS: readonly LstsqMethod[] = ['qr', 'sketch-solve', 'sketch-precondition'];

export const LSTSQ: CommandSpec = {
  name: 'lstsq',
  summary: 'least squares: x minimizing ‖A·x − b‖ for matrix files A and b (QR, or sketched: LSRN-preconditioned LSQR, sketch-and-solve)',
  usage: 'sketchmat lstsq A.npy B.npy [--method qr|sketch-solve|sketch-precondition] [--seed N] [-o X.npy]',
  positionals: ['A', 'b'],
  flags: {
    method: { kind: 'string', value: 'NAME', choices: METHODS, help: 'qr (exact), sketch-precondition (exact, faster on tall A), sketch-solve (approximate)', default: 'qr' },
    seed: { kind: 'int', value: 'N', min: 0, max: 2 ** 53 - 1, help: 'seed of the sketch', default: 0 },
    tol: { kind: 'number', value: 'T', min: 0, max: 1, help: 'sketch-precondition: LSQR\'s stopping tolerance (default: machine epsilon)' },
    output: { kind: 'string', short: 'o', value: 'FILE', help: 'write x (n × r) as .npy or .csv' },
    ...INPUT_FLAGS,
  },
  details: `
A is m × n; b is one column of m values (an m × 1 or 1 × m file) or m × r. Exactly rank
deficient A (blank or duplicated columns) gives the minimum-norm solution; the rank found
is reported.`,
};

export async function runLstsq(ctx: Context): Promise<number> {
  const [aPath, bPath] = ctx.positionals;
  if (aPath === undefined || bPath === undefined) throw new UsageError(`lstsq: expected two input files, A and b (usage: ${LSTSQ.usage})`);
  if (ctx.flags.tensor !== undefined) throw new UsageError('lstsq: --tensor is ambiguous with two inputs; write each matrix to its own file');
  const outFormat = checkOutput('lstsq', ctx.flags.output as string | undefined, '-o', ['npy', 'csv'], ctx.flags, [aPath, bPath]);
  const A = readMatrixFile('lstsq', aPath, ctx.flags, 'A');
  let B = readMatrixFile('lstsq', bPath, ctx.flags, 'b');
  // A 1 × m row is a vector of m values, as NumPy's 1-D b.
  if (B.rows === 1 && B.cols === A.rows && A.rows !== 1) B = new Matrix(A.rows, 1, B.clone().data);
  if (B.rows !== A.rows) throw new UsageError(`lstsq: b ${bPath} has ${B.rows} rows but A ${aPath} has ${A.rows}`);
  if (B.dtype !== A.dtype) throw new UsageError(`lstsq: A is ${A.dtype} but b is ${B.dtype}; store both in one dtype`);
  const method = ctx.flags.method as LstsqMethod;
  if (ctx.flags.tol !== undefined && method !== 'sketch-precondition') throw new UsageError(`lstsq: --tol applies to --method sketch-precondition, not ${method}`);
  const start = performance.now();
  const steps = stepProgress('lstsq', { enabled: ctx.progress, stream: ctx.progressStream });
  let r;
  try {
    // A was read for this call alone: lstsqAsync need not copy it (a 100k × 1k A is 800 MB).
    r = await lstsqAsyncOf(A, B, { method, seed: ctx.flags.seed as number, ...(ctx.flags.tol !== undefined ? { tol: ctx.flags.tol as number } : {}), onProgress: steps.onProgress }, false);
  } finally {
    steps.end();
  }
  const seconds = (performance.now() - start) / 1000;
  if (outFormat) writeMatrices(ctx.flags.output as string, outFormat, { x: r.x });
  const b = backendInfo();
  const result = {
    A: aPath, b: bPath, rows: A.rows, cols: A.cols, rhs: B.cols, dtype: A.dtype, method, rank: r.rank, iterations: r.iterations,
    residualNorm: Array.from(r.residualNorm), seconds, output: ctx.flags.output ?? null, backend: { name: b.name, simd: b.simd, threads: b.threads },
  };
  if (ctx.json) ctx.out(toJSON(result));
  else {
    ctx.out(`${aPath}: ${A.rows} × ${A.cols} ${A.dtype}, ${B.cols} right-hand side${B.cols === 1 ? '' : 's'}, ${method} in ${seconds.toFixed(3)} s on ${b.name}\n\n`);
    ctx.out(table(['rank', 'iterations', '‖b − A·x‖ (per column)'], [[r.rank, r.iterations, result.residualNorm.slice(0, 6).map((v) => v.toPrecision(6)).join(', ') + (B.cols > 6 ? ', …' : '')]]));
    if (outFormat) ctx.err(`wrote ${ctx.flags.output}: x, ${A.cols} × ${B.cols}\n`);
  }
  return 0;
}
