/**
 * `sketchmat project IN -o OUT --dim k --method m --seed s`: Y = X·Sᵀ, row
 * block by row block, so X never has to fit in memory: a .npy input is read
 * block by block at file offsets, a CSV input streamed; the output is written
 * block by block to a temporary file renamed into place at the end. Each row
 * of Y depends only on its row of X and on S, so the blocks give the same
 * bits as one call on the whole matrix (tested).
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { backendInfo } from '../backend/select';
import type { DType } from '../dtype';
import { CsvWriter, NpyWriter, openNpy, openSafetensors, readCsvBlocks } from '../io/files';
import { Matrix } from '../matrix';
import type { SketchOperator } from '../sketch/operator';
import { CommandSpec, UsageError } from './args';
import { Context, toJSON } from './context';
import { METHODS, Method, makeSketch } from './methods';
import { Progress, formatCount } from './progress';

export const PROJECT: CommandSpec = {
  name: 'project',
  summary: 'project the rows of a .npy, CSV or safetensors matrix to k dimensions with a sketch, streaming (inputs larger than memory work)',
  usage: 'sketchmat project IN.npy|IN.csv|IN.safetensors --dim K [--method NAME] [--seed N] -o OUT.npy|OUT.csv',
  positionals: ['input'],
  flags: {
    dim: { kind: 'int', value: 'K', min: 1, max: 2 ** 31 - 1, help: 'target dimension k (columns of the output)' },
    method: { kind: 'string', value: 'NAME', choices: METHODS, help: 'the sketch', default: 'gaussian' },
    seed: { kind: 'int', value: 'N', min: 0, max: 2 ** 53 - 1, help: 'the sketch\'s seed: the same seed gives the same projection', default: 0 },
    output: { kind: 'string', short: 'o', value: 'FILE', help: 'where to write Y (.npy or .csv; written to a temporary file, renamed at the end)' },
    'block-rows': { kind: 'int', value: 'N', min: 2, max: 2 ** 24, help: 'rows per block (memory: N × (n + k) numbers; at least 65 are read at a time)', default: 8192 },
    nnz: { kind: 'int', value: 'N', min: 1, help: 'sparseSign: nonzeros per column (default min(8, k))' },
    density: { kind: 'number', value: 'P', min: 0, max: 1, help: 'verySparse: probability of a nonzero (default 1/√n)' },
    dtype: { kind: 'string', value: 'TYPE', choices: ['float32', 'float64'], help: 'CSV input: the dtype to compute in (.npy: the file\'s: float32 for <f4, float64 otherwise)', default: 'float64' },
    header: { kind: 'string', value: 'MODE', choices: ['auto', 'yes', 'no'], help: 'CSV input: is the first line column names?', default: 'auto' },
    tensor: { kind: 'string', value: 'NAME', help: '.safetensors input: the tensor to project (needed when the file holds several)' },
    force: { kind: 'boolean', short: 'f', help: 'overwrite OUT if it exists' },
  },
  details: `
Y = X·Sᵀ: each row of X (n numbers) becomes k numbers. The sketch is named by
(--method, --dim, --seed, n): the same flags give the same S, on every machine and
backend. Methods: ${METHODS.join(', ')}.`,
};

type Format = 'npy' | 'csv' | 'safetensors';

function formatOf(path: string, flag: string): Format {
  const e = extname(path).toLowerCase();
  if (e === '.npy') return 'npy';
  if (e === '.csv' || e === '.txt' || e === '.tsv') return 'csv';
  if (e === '.safetensors' && flag === 'input') return 'safetensors';
  throw new UsageError(`project: ${flag} ${path}: expected a ${flag === 'input' ? '.npy, .csv or .safetensors' : '.npy or .csv'} file name`);
}

/**
 * The fewest rows a block of a taller input has: the dense sketches' X·Sᵀ
 * of at most 64 rows goes through other kernel paths (a GEMV for one row,
 * the GEMM's dot products up to 32 to 64 rows by target and type: GEMM.md),
 * whose last bits differ from the same rows inside a taller X. Blocks of at
 * least 65 rows agree bit for bit with one call on the whole matrix
 * (test/cli.test.ts).
 */
const MIN_BLOCK_ROWS = 65;

/** Row blocks [r, end) of `rows`, none of them a short tail (see noShortTail). */
function* blockRanges(rows: number, blockRows: number): Generator<[number, number]> {
  for (let r = 0; r < rows;) {
    let end = Math.min(rows, r + blockRows);
    if (rows - end < MIN_BLOCK_ROWS) end = rows;
    yield [r, end];
    r = end;
  }
}

/** A source of row blocks: cols known up front (.npy, safetensors) or after the first block (CSV). */
interface Source {
  cols?: number;
  rows?: number;
  dtype: DType;
  blocks(): Iterable<Matrix>;
  close(): void;
}

function openSource(path: string, format: Format, ctx: Context, blockRows: number, progress: Progress): Source {
  if (format === 'npy') {
    const f = openNpy(path);
    return {
      cols: f.cols, rows: f.rows, dtype: f.dtype,
      *blocks() {
        // One buffer for all blocks (memory stays at one block), with room
        // for a last block that absorbs a short tail (see blockRanges).
        const size = Math.min(f.rows, blockRows + MIN_BLOCK_ROWS - 1);
        const buffer = f.dtype === 'float32' ? new Float32Array(size * f.cols) : new Float64Array(size * f.cols);
        for (const [r, end] of blockRanges(f.rows, blockRows)) {
          yield f.readRows(r, end, { out: new Matrix(end - r, f.cols, buffer.subarray(0, (end - r) * f.cols)) });
        }
      },
      close: () => f.close(),
    };
  }
  if (format === 'safetensors') {
    const f = openSafetensors(path);
    try {
      const names = f.header.tensors.map((t) => t.name);
      const name = (ctx.flags.tensor as string | undefined) ?? (names.length === 1 ? names[0] : undefined);
      if (name === undefined) {
        throw new UsageError(`project: ${path} holds ${names.length} tensors; pick one with --tensor NAME (${names.slice(0, 8).map((n) => JSON.stringify(n)).join(', ')}${names.length > 8 ? ', …' : ''})`);
      }
      const t = f.tensor(name);
      return {
        cols: t.cols, rows: t.rows, dtype: t.resultDType,
        *blocks() {
          for (const [r, end] of blockRanges(t.rows, blockRows)) yield f.readRows(name, r, end);
        },
        close: () => f.close(),
      };
    } catch (e) {
      f.close();
      throw e;
    }
  }
  const header = ({ auto: 'auto', yes: true, no: false } as const)[ctx.flags.header as 'auto' | 'yes' | 'no'];
  const dtype = ctx.flags.dtype as DType;
  // No row count up front: the ETA comes from the bytes read.
  const onRead = (read: number, size: number) => progress.fraction(size > 0 ? read / size : 1);
  return { dtype, blocks: () => noShortTail(readCsvBlocks(path, { blockRows, header, dtype, onRead })), close: () => undefined };
}

/**
 * The blocks, with a short tail (fewer than MIN_BLOCK_ROWS rows) merged into
 * the block before it, so every kernel call sees the same path as the
 * in-memory one. Only the last block can be short. (Blocks of .npy and
 * safetensors files, whose row count is known, are planned without a short
 * tail instead (blockRanges); .npy blocks share one buffer, so none could be
 * held back.)
 */
function* noShortTail(blocks: Iterable<Matrix>): Generator<Matrix> {
  let held: Matrix | undefined;
  for (const b of blocks) {
    if (held && b.rows < MIN_BLOCK_ROWS) {
      const rows = held.rows + b.rows;
      const data = held.dtype === 'float32' ? new Float32Array(rows * b.cols) : new Float64Array(rows * b.cols);
      data.set(held.data.subarray(0, held.rows * held.cols));
      data.set(b.data.subarray(0, b.rows * b.cols), held.rows * held.cols);
      yield new Matrix(rows, b.cols, data);
      held = undefined;
      continue;
    }
    if (held) yield held;
    held = b;
  }
  if (held) yield held;
}

export function runProject(ctx: Context): number {
  const [input] = ctx.positionals;
  if (input === undefined) throw new UsageError(`project: expected an input file (usage: ${PROJECT.usage})`);
  const output = ctx.flags.output as string | undefined;
  if (output === undefined) throw new UsageError('project: -o/--output FILE is required (.npy or .csv)');
  const k = ctx.flags.dim as number | undefined;
  if (k === undefined) throw new UsageError('project: --dim K is required (the target dimension)');
  const inFormat = formatOf(input, 'input');
  const outFormat = formatOf(output, '-o');
  if (!existsSync(input)) throw new UsageError(`project: input ${input}: no such file`);
  if (statSync(input).isDirectory()) throw new UsageError(`project: input ${input}: is a directory, expected a .npy, .csv or .safetensors file`);
  if (resolve(input) === resolve(output)) throw new UsageError(`project: -o ${output} is the input file; write elsewhere`);
  if (existsSync(output) && !ctx.flags.force) throw new UsageError(`project: -o ${output} exists (pass --force to overwrite)`);
  if (ctx.flags.tensor !== undefined && inFormat !== 'safetensors') throw new UsageError(`project: --tensor applies to a .safetensors input, not ${input}`);
  const method = ctx.flags.method as Method;
  const seed = ctx.flags.seed as number;
  // Fewer rows per block than MIN_BLOCK_ROWS would change the last bits (see there).
  const blockRows = Math.max(ctx.flags['block-rows'] as number, MIN_BLOCK_ROWS);
  if (ctx.flags.nnz !== undefined && method !== 'sparseSign') throw new UsageError(`project: --nnz applies to --method sparseSign, not ${method}`);
  if (ctx.flags.density !== undefined && method !== 'verySparse') throw new UsageError(`project: --density applies to --method verySparse, not ${method}`);

  const start = performance.now();
  const progress = new Progress('project', { unit: 'rows', enabled: ctx.progress, stream: ctx.progressStream });
  const src = openSource(input, inFormat, ctx, blockRows, progress);
  progress.total(src.rows);
  let S: SketchOperator | undefined;
  const sketchFor = (n: number): SketchOperator => {
    try {
      return makeSketch(method, k, n, seed, { nnz: ctx.flags.nnz as number | undefined, density: ctx.flags.density as number | undefined });
    } catch (e) {
      // The library names the option (k, nnz, density); the user typed flags.
      throw new UsageError(`project: --method ${method} --dim ${k} on ${n}-column input: ${(e as Error).message}`);
    }
  };
  try {
    if (src.cols !== undefined) S = sketchFor(src.cols); // before anything is written
  } catch (e) {
    src.close();
    throw e;
  }
  let writer: NpyWriter | CsvWriter | undefined;
  // A Ctrl-C midway removes the temporary file: nothing half-written remains.
  const onSignal = () => {
    writer?.abort();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let rows = 0;
  let cols = src.cols ?? 0;
  let yBuffer: Float32Array | Float64Array | undefined;
  try {
    for (const X of src.blocks()) {
      if (!S) {
        cols = X.cols;
        S = sketchFor(X.cols);
      }
      // One result buffer for all blocks too (a block is written before the next is projected).
      if (!yBuffer || yBuffer.length < X.rows * k) yBuffer = X.dtype === 'float32' ? new Float32Array(X.rows * k) : new Float64Array(X.rows * k);
      const Y = S.project(X, { out: new Matrix(X.rows, k, yBuffer.subarray(0, X.rows * k)) });
      writer ??= outFormat === 'npy' ? new NpyWriter(output, k, Y.dtype) : new CsvWriter(output);
      writer.append(Y);
      rows += X.rows;
      progress.add(X.rows);
    }
    if (!S) S = sketchFor(cols); // an empty input: still a valid (0 × k) output
    writer ??= outFormat === 'npy' ? new NpyWriter(output, k, src.dtype) : new CsvWriter(output);
    writer.close();
  } catch (e) {
    writer?.abort();
    throw e;
  } finally {
    progress.end();
    src.close();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  const seconds = (performance.now() - start) / 1000;
  const info = backendInfo();
  const result = {
    input, output, rows, cols, k, dtype: src.dtype, sketch: S.toJSON(), seconds, rowsPerSecond: seconds > 0 ? rows / seconds : 0,
    backend: { name: info.name, simd: info.simd, threads: info.threads },
  };
  if (ctx.json) ctx.out(toJSON(result));
  else {
    ctx.err(
      `wrote ${output}: ${rows} × ${k} ${src.dtype} (${method}, seed ${seed}, from ${rows} × ${cols}) in ${seconds.toFixed(2)} s, ` +
        `${formatCount(result.rowsPerSecond)} rows/s on ${info.name} (${info.simd})\n`,
    );
  }
  return 0;
}
