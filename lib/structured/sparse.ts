/**
 * Block sparse (BSR) and CSR operators. Both run on native/kernels/bsr.cc:
 * a BSR matrix stores br × bc dense blocks by block row (indptr, block
 * column indices, the blocks row-major one after another); CSR is the case
 * of 1 × 1 blocks, so `structured.csr(A)` wraps a CsrMatrix's arrays (copied)
 * in the same kernel. Fitting (`structured.fit(W, 'blockSparse', …)`) keeps
 * the blocks of largest Frobenius norm.
 */
import type { DType, FloatArray } from '../dtype';
import { describe, isFloatArray, lengthOfArray, newArray, ownedCopy } from '../dtype';
import { DTypeError, ShapeError, ValueError, readingCallerValue } from '../errors';
import { Matrix, checkMatrix, isMatrix } from '../matrix';
import { CsrMatrix, checkCsr } from '../sparse/csr';
import { bsr as bsrKernel, bsrAsync } from '../backend/structured-kernels';
import { checkInt, checkOptions } from '../validate';
import { KernelOperator, LinearOperator, zeros } from './operator';

const MAX_INT32 = 2 ** 31 - 1;

export class BlockSparseOp extends KernelOperator {
  readonly kind: string = 'blockSparse';
  /** Block rows and block columns. */
  readonly mb: number;
  readonly nb: number;
  constructor(rows: number, cols: number, readonly br: number, readonly bc: number,
    readonly indptr: Int32Array, readonly indices: Int32Array, readonly blocks: FloatArray, dtype: DType) {
    super(rows, cols, dtype);
    this.mb = rows / br;
    this.nb = cols / bc;
  }
  /** Stored blocks. */
  get nnzb(): number { return this.indices.length; }
  /** Stored values (the indices are metadata). */
  get params(): number { return this.nnzb * this.br * this.bc; }
  flopsOf(b: number): number { return 2 * b * this.params; }
  protected product(trans: boolean, X: Matrix, Y: Matrix, what: string): void {
    bsrKernel(trans, X.rows, this.mb, this.nb, this.br, this.bc, this.nnzb, this.indptr, this.indices, this.blocks, X.data, X.cols, Y.data, Y.cols, what);
  }
  protected productAsync(X: Matrix, what: string, signal: AbortSignal | undefined): Promise<FloatArray> {
    return bsrAsync(false, X.rows, this.mb, this.nb, this.br, this.bc, this.nnzb, this.indptr, this.indices, this.blocks, X.data, X.cols, what, signal);
  }
  /** Formed from the blocks (repeated block columns add up). */
  override toDense(): Matrix {
    const D = zeros(this.rows, this.cols, this.dtype, `${this.kind}.toDense`);
    const { br, bc, cols } = this;
    for (let I = 0; I < this.mb; I++) {
      for (let k = this.indptr[I]; k < this.indptr[I + 1]; k++) {
        const J = this.indices[k];
        for (let i = 0; i < br; i++) for (let j = 0; j < bc; j++) D.data[(I * br + i) * cols + J * bc + j] += this.blocks[(k * br + i) * bc + j];
      }
    }
    return D;
  }
}

/** A CSR matrix as an operator (1 × 1 blocks). */
export class CsrOp extends BlockSparseOp {
  override readonly kind: string = 'csr';
  constructor(rows: number, cols: number, indptr: Int32Array, indices: Int32Array, data: FloatArray, dtype: DType) {
    super(rows, cols, 1, 1, indptr, indices, data, dtype);
  }
}

/**
 * The structure's checks (factories and load alike): throws ShapeError /
 * ValueError in `what`'s words; returns nnzb.
 */
export function checkBlockStructure(mb: number, nb: number, indptr: Int32Array, indices: Int32Array, what: string): number {
  if (indptr.length !== mb + 1) throw new ShapeError(`${what}: indptr must have ${mb + 1} entries (block rows + 1), has ${indptr.length}`);
  if (indptr[0] !== 0) throw new ValueError(`${what}: indptr[0] must be 0, got ${indptr[0]}`);
  for (let I = 0; I < mb; I++) {
    if (indptr[I + 1] < indptr[I]) throw new ValueError(`${what}: indptr must not decrease, but indptr[${I + 1}] = ${indptr[I + 1]} < indptr[${I}] = ${indptr[I]}`);
  }
  const nnzb = indptr[mb];
  if (indices.length !== nnzb) throw new ShapeError(`${what}: indptr ends at ${nnzb} but indices has ${indices.length} entries`);
  for (let k = 0; k < nnzb; k++) {
    if (indices[k] < 0 || indices[k] >= nb) throw new ValueError(`${what}: indices[${k}] = ${indices[k]} is outside [0, ${nb}) (block columns)`);
  }
  return nnzb;
}

/** A caller's integer array (Int32Array, Uint32Array or plain array) as an owned Int32Array. */
function int32Array(v: unknown, what: string): Int32Array {
  return readingCallerValue(`${what}: reading it`, () => {
    if (v instanceof Int32Array || v instanceof Uint32Array) {
      const n = lengthOfArray(v), out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (x > MAX_INT32) throw new ValueError(`${what}[${i}] = ${x} is past 2^31 − 1`);
        out[i] = x;
      }
      return out;
    }
    if (!Array.isArray(v)) throw new DTypeError(`${what} must be an Int32Array, Uint32Array or array of integers, got ${describe(v)}`);
    const list = Array.from(v as unknown[]);
    const out = new Int32Array(list.length);
    list.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < -MAX_INT32 || x > MAX_INT32) throw new ValueError(`${what}[${i}] must be an integer, got ${describe(x)}`);
      out[i] = x;
    });
    return out;
  });
}

export interface BlockSparseSpec {
  /** Rows and columns of the operator (multiples of the block size). */
  rows: number;
  cols: number;
  /** Block size: br × bc as [br, bc], or one number for square blocks. */
  blockSize: number | readonly [number, number];
  /** Block row pointers: rows / br + 1 entries, from 0, non-decreasing. */
  indptr: Int32Array | Uint32Array | readonly number[];
  /** Block column of each stored block (in [0, cols / bc)). */
  indices: Int32Array | Uint32Array | readonly number[];
  /** The blocks, each br × bc row-major, one after another: a float array of nnzb·br·bc, or a (nnzb·br) × bc Matrix. */
  blocks: Float32Array | Float64Array | Matrix;
}

function blockSizeOf(v: unknown, what: string): [number, number] {
  const pair = readingCallerValue(`${what}: reading blockSize`, () => (Array.isArray(v) ? Array.from(v as unknown[]) : [v, v]));
  if (pair.length !== 2) throw new ValueError(`${what}: blockSize must be a number or [br, bc], got ${describe(v)}`);
  return [checkInt(pair[0], `${what}: blockSize (rows)`, 1, MAX_INT32), checkInt(pair[1], `${what}: blockSize (cols)`, 1, MAX_INT32)];
}

/**
 * A block sparse (BSR) operator (arrays copied).
 * @throws ValueError for bad options, indices or indptr. @throws ShapeError when sizes do not fit.
 * @throws DTypeError when blocks is not float data.
 * @example
 * // 4 × 4 with two 2 × 2 blocks on the diagonal
 * structured.blockSparse({ rows: 4, cols: 4, blockSize: 2, indptr: [0, 1, 2], indices: [0, 1], blocks: new Float64Array(8).fill(1) });
 */
export function blockSparse(spec: BlockSparseSpec): LinearOperator {
  const what = 'structured.blockSparse';
  const o = checkOptions<BlockSparseSpec>(spec, what, ['rows', 'cols', 'blockSize', 'indptr', 'indices', 'blocks']);
  const rows = checkInt(o.rows, `${what}: rows`, 0, MAX_INT32), cols = checkInt(o.cols, `${what}: cols`, 0, MAX_INT32);
  const [br, bc] = blockSizeOf(o.blockSize, what);
  if (rows % br !== 0 || cols % bc !== 0) throw new ShapeError(`${what}: ${rows}×${cols} is not a whole number of ${br}×${bc} blocks`);
  const indptr = int32Array(o.indptr, `${what}: indptr`), indices = int32Array(o.indices, `${what}: indices`);
  const nnzb = checkBlockStructure(rows / br, cols / bc, indptr, indices, what);
  let blocks: FloatArray;
  if (isMatrix(o.blocks)) {
    const B = checkMatrix(o.blocks, `${what}: blocks`);
    if (B.rows !== nnzb * br || B.cols !== bc) throw new ShapeError(`${what}: blocks is ${B.rows}×${B.cols}, expected ${nnzb * br}×${bc} (${nnzb} blocks of ${br}×${bc} stacked)`);
    blocks = B.clone().data;
  } else {
    if (!isFloatArray(o.blocks)) throw new DTypeError(`${what}: blocks must be a Float32Array, Float64Array or Matrix, got ${describe(o.blocks)}`);
    const n = lengthOfArray(o.blocks);
    if (n !== nnzb * br * bc) throw new ShapeError(`${what}: blocks has ${n} entries, expected ${nnzb * br * bc} (${nnzb} blocks of ${br}×${bc})`);
    blocks = ownedCopy(o.blocks, n);
  }
  return new BlockSparseOp(rows, cols, br, bc, indptr, indices, blocks, blocks instanceof Float32Array ? 'float32' : 'float64');
}

/**
 * A CsrMatrix as an operator (its arrays copied; repeated columns add up).
 * @throws ValueError if A is not a valid CsrMatrix.
 */
export function csr(A: CsrMatrix): LinearOperator {
  const a = checkCsr(A, 'structured.csr: A');
  const nnz = a.indptr[a.rows];
  const indptr = Int32Array.from(a.indptr.subarray(0, a.rows + 1)), indices = Int32Array.from(a.indices.subarray(0, nnz));
  const data = ownedCopy(a.data, nnz);
  return new CsrOp(a.rows, a.cols, indptr, indices, data, a.dtype);
}

export interface BlockSparseFitOptions {
  blockSize?: number | readonly [number, number];
  density?: number;
}

/**
 * The blocks of W with the largest Frobenius norms (ties: the earlier block
 * in row-major block order), round(density · blocks) of them: the Frobenius
 * projection onto block patterns of that many blocks.
 */
export function fitBlockSparse(W: Matrix, o: BlockSparseFitOptions, what: string): LinearOperator {
  if (o.blockSize === undefined || o.density === undefined) throw new ValueError(`${what}: needs blockSize and density (e.g. { blockSize: 32, density: 0.25 })`);
  const [br, bc] = blockSizeOf(o.blockSize, what);
  const density = o.density;
  if (typeof density !== 'number' || !(density >= 0 && density <= 1)) throw new ValueError(`${what}: density must be a number in [0, 1], got ${describe(density)}`);
  if (W.rows % br !== 0 || W.cols % bc !== 0) throw new ShapeError(`${what}: W is ${W.rows}×${W.cols}, not a whole number of ${br}×${bc} blocks`);
  const mb = W.rows / br, nb = W.cols / bc, total = mb * nb, n = W.cols;
  const norms = new Float64Array(total);
  for (let I = 0; I < mb; I++) for (let J = 0; J < nb; J++) {
    let s = 0;
    for (let i = 0; i < br; i++) for (let j = 0; j < bc; j++) { const v = W.data[(I * br + i) * n + J * bc + j]; s += v * v; }
    norms[I * nb + J] = Number.isNaN(s) ? Infinity : s;
  }
  const keep = Math.min(total, Math.round(density * total));
  const order = Array.from({ length: total }, (_, b) => b).sort((a, b) => norms[b] - norms[a] || a - b).slice(0, keep).sort((a, b) => a - b);
  const indptr = new Int32Array(mb + 1), indices = new Int32Array(keep), blocks = newArray(W.dtype, keep * br * bc);
  order.forEach((b, k) => {
    const I = Math.floor(b / nb), J = b % nb;
    indptr[I + 1]++;
    indices[k] = J;
    for (let i = 0; i < br; i++) for (let j = 0; j < bc; j++) blocks[(k * br + i) * bc + j] = W.data[(I * br + i) * n + J * bc + j];
  });
  for (let I = 0; I < mb; I++) indptr[I + 1] += indptr[I];
  return new BlockSparseOp(W.rows, W.cols, br, bc, indptr, indices, blocks, W.dtype);
}
