/**
 * Whole-matrix inputs and outputs for the commands that need all of X at once
 * (svd, pca, lstsq, compress): .npy, CSV or one tensor of a .safetensors file
 * in, .npy / CSV / .safetensors out, always through a temporary file renamed
 * into place. Problems are UsageErrors naming the flag or file (exit code 2).
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { DType } from '../dtype';
import { openSafetensors, readCsv, readNpy, writeCsv, writeNpy, writeSafetensors } from '../io/files';
import { Matrix } from '../matrix';
import { FlagSpec, UsageError } from './args';

export type MatrixFormat = 'npy' | 'csv' | 'safetensors';

/** The flags every whole-matrix input takes. */
export const INPUT_FLAGS: Record<string, FlagSpec> = {
  tensor: { kind: 'string', value: 'NAME', help: '.safetensors input: the tensor to read (needed when the file holds several)' },
  dtype: { kind: 'string', value: 'TYPE', choices: ['float32', 'float64'], help: 'CSV input: the dtype to compute in (.npy and safetensors: the file\'s)', default: 'float64' },
  header: { kind: 'string', value: 'MODE', choices: ['auto', 'yes', 'no'], help: 'CSV input: is the first line column names?', default: 'auto' },
  force: { kind: 'boolean', short: 'f', help: 'overwrite output files that exist' },
};

export function formatOf(cmd: string, path: string, flag: string, allowed: readonly MatrixFormat[]): MatrixFormat {
  const e = extname(path).toLowerCase();
  const f: MatrixFormat | undefined = e === '.npy' ? 'npy' : e === '.csv' || e === '.txt' || e === '.tsv' ? 'csv' : e === '.safetensors' ? 'safetensors' : undefined;
  if (f === undefined || !allowed.includes(f)) {
    throw new UsageError(`${cmd}: ${flag} ${path}: expected a ${allowed.map((a) => '.' + a).join(', ')} file name`);
  }
  return f;
}

/** Reads the whole matrix named by a positional argument or flag. */
export function readMatrixFile(cmd: string, path: string, flags: Record<string, unknown>, flag = 'input'): Matrix {
  const format = formatOf(cmd, path, flag, ['npy', 'csv', 'safetensors']);
  if (!existsSync(path)) throw new UsageError(`${cmd}: ${flag} ${path}: no such file`);
  if (statSync(path).isDirectory()) throw new UsageError(`${cmd}: ${flag} ${path}: is a directory, expected a file`);
  if (flags.tensor !== undefined && format !== 'safetensors') throw new UsageError(`${cmd}: --tensor applies to a .safetensors input, not ${path}`);
  if (format === 'npy') return readNpy(path);
  if (format === 'csv') {
    const header = ({ auto: 'auto', yes: true, no: false } as const)[(flags.header ?? 'auto') as 'auto' | 'yes' | 'no'];
    return readCsv(path, { header, dtype: (flags.dtype ?? 'float64') as DType }).matrix;
  }
  const f = openSafetensors(path);
  try {
    const names = f.header.tensors.map((t) => t.name);
    const name = (flags.tensor as string | undefined) ?? (names.length === 1 ? names[0] : undefined);
    if (name === undefined) {
      throw new UsageError(`${cmd}: ${path} holds ${names.length} tensors; pick one with --tensor NAME (${names.slice(0, 8).map((n) => JSON.stringify(n)).join(', ')}${names.length > 8 ? ', …' : ''})`);
    }
    return f.readRows(name, 0, f.tensor(name).rows);
  } finally {
    f.close();
  }
}

/** Refuses to overwrite (without --force) or to write over an input, before any work is done. */
export function checkOutput(cmd: string, path: string | undefined, flag: string, allowed: readonly MatrixFormat[], flags: Record<string, unknown>, inputs: string[]): MatrixFormat | undefined {
  if (path === undefined) return undefined;
  const format = formatOf(cmd, path, flag, allowed);
  if (inputs.some((i) => resolve(i) === resolve(path))) throw new UsageError(`${cmd}: ${flag} ${path} is an input file; write elsewhere`);
  if (existsSync(path) && !flags.force) throw new UsageError(`${cmd}: ${flag} ${path} exists (pass --force to overwrite)`);
  return format;
}

/** Writes one matrix (.npy or CSV) or named matrices (.safetensors), atomically. */
export function writeMatrices(path: string, format: MatrixFormat, tensors: Record<string, Matrix>, metadata?: Record<string, string>): void {
  const names = Object.keys(tensors);
  if (format === 'safetensors') return writeSafetensors(path, tensors, metadata ? { metadata } : undefined);
  if (names.length !== 1) throw new Error(`internal: ${format} holds one matrix, got ${names.length}`);
  if (format === 'npy') writeNpy(path, tensors[names[0]]);
  else writeCsv(path, tensors[names[0]]);
}

/** A 1 × n row of a Float64Array, in `dtype`. */
export function rowOf(values: Float64Array, dtype: DType): Matrix {
  return new Matrix(1, values.length, dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));
}
