/**
 * Monarch matrices (Dao et al. 2022): M = P·L·Pᵀ·R with L and R block
 * diagonal and P the reshape-transpose permutation. With n = k·p inputs and
 * m = t·q outputs,
 *   M[(i1, i0), (j1, j0)] = L_{i0}[i1, j1] · R_{j1}[i0, j0]
 * (row i = i1·t + i0, column j = j1·p + j0): R has k blocks of t × p, L has
 * t blocks of q × k. The square case n = b² with b blocks is k = t = p = q = b.
 */
import type { FloatArray } from '../dtype';
import { describe, newArray } from '../dtype';
import { DTypeError, ShapeError, ValueError, readingCallerValue } from '../errors';
import { Matrix, checkMatrix, isMatrix } from '../matrix';
import { monarchPack, monarchPacked, monarchPackedAsync } from '../backend/structured';
import { checkInt, checkOptions } from '../validate';
import { KernelOperator, LinearOperator, zeros } from './operator';

export interface MonarchSpec {
  /** k: the number of R's blocks (and the column count of every L block). */
  blocks: number;
  /** t blocks of q × k: an array of Matrices, or one (t·q) × k Matrix with the blocks stacked. */
  L: Matrix | readonly Matrix[];
  /** k blocks of t × p: an array of Matrices, or one (k·t) × p Matrix with the blocks stacked. */
  R: Matrix | readonly Matrix[];
}

export class MonarchOp extends KernelOperator {
  readonly kind = 'monarch';
  /** R's blocks stacked: (k·t) × p. L's blocks stacked: (t·q) × k. */
  constructor(readonly k: number, readonly t: number, readonly p: number, readonly q: number,
    readonly R: Matrix, readonly L: Matrix) {
    super(t * q, k * p, R.dtype);
  }
  get params(): number { return this.k * this.t * this.p + this.t * this.q * this.k; }
  flopsOf(b: number): number { return 2 * b * this.params; }
  /**
   * The blocks laid out for the kernel, per direction, made on first use
   * (as much memory again as the blocks): re-making them on every product
   * cost more than the product itself at small batches. R and L are the
   * operator's own copies and never change.
   */
  #packed: [FloatArray | undefined, FloatArray | undefined] = [undefined, undefined];
  #packedFor(trans: boolean, what: string): FloatArray {
    return (this.#packed[+trans] ??= monarchPack(trans, this.k, this.t, this.p, this.q, this.R.data, this.L.data, what));
  }
  protected product(trans: boolean, X: Matrix, Y: Matrix, what: string): void {
    monarchPacked(trans, X.rows, this.k, this.t, this.p, this.q, this.#packedFor(trans, what), X.data, X.cols, Y.data, Y.cols, what);
  }
  protected productAsync(X: Matrix, what: string, signal: AbortSignal | undefined): Promise<FloatArray> {
    return monarchPackedAsync(false, X.rows, this.k, this.t, this.p, this.q, this.#packedFor(false, what), X.data, X.cols, what, signal);
  }
  /** Block j1 of R (t × p), a copy. */
  rBlock(j1: number): Matrix { return blockOf(this.R, j1, this.t, this.p); }
  /** Block i0 of L (q × k), a copy. */
  lBlock(i0: number): Matrix { return blockOf(this.L, i0, this.q, this.k); }
}

function blockOf(S: Matrix, i: number, r: number, c: number): Matrix {
  return new Matrix(r, c, S.data.slice(i * r * c, (i + 1) * r * c));
}

/** Blocks given as a list (each r × c, all alike) or stacked; returns the stacked owned copy. */
function stacked(v: unknown, count: number | undefined, what: string): Matrix {
  if (isMatrix(v)) return checkMatrix(v, what).clone();
  const list = readingCallerValue(`${what}: reading the blocks`, () => {
    if (!Array.isArray(v)) throw new ValueError(`${what} must be a Matrix of stacked blocks or an array of block Matrices, got ${describe(v)}`);
    return Array.from(v as unknown[]);
  });
  if (count !== undefined && list.length !== count) throw new ShapeError(`${what}: expected ${count} blocks, got ${list.length}`);
  if (list.length === 0) throw new ShapeError(`${what}: no blocks`);
  const blocks = list.map((b, i) => checkMatrix(b, `${what}[${i}]`));
  const { rows, cols, dtype } = blocks[0];
  blocks.forEach((b, i) => {
    if (b.dtype !== dtype) throw new DTypeError(`${what}: block 0 is ${dtype} but block ${i} is ${b.dtype}`);
    if (b.rows !== rows || b.cols !== cols) throw new ShapeError(`${what}: block 0 is ${rows}×${cols} but block ${i} is ${b.rows}×${b.cols}`);
  });
  const data = newArray(dtype, blocks.length * rows * cols);
  blocks.forEach((b, i) => data.set(b.clone().data, i * rows * cols));
  return new Matrix(blocks.length * rows, cols, data);
}

/**
 * A Monarch operator from its blocks (copied).
 * @throws ValueError for a bad `blocks` or spec. @throws ShapeError when the blocks do not fit together.
 * @throws DTypeError when L and R mix dtypes.
 * @example
 * // n = 16, 4 blocks of 4 × 4 on each side
 * const M = structured.monarch({ blocks: 4, L: lBlocks, R: rBlocks });
 */
export function monarch(spec: MonarchSpec): LinearOperator {
  const what = 'structured.monarch';
  const o = checkOptions<MonarchSpec>(spec, what, ['blocks', 'L', 'R']);
  const k = checkInt(o.blocks, `${what}: blocks`, 1, 2 ** 31 - 1);
  const R = stacked(o.R, k, `${what}: R`);
  if (R.rows % k !== 0) throw new ShapeError(`${what}: R has ${R.rows} rows, not a multiple of blocks = ${k}`);
  const t = R.rows / k, p = R.cols;
  if (t === 0) throw new ShapeError(`${what}: R's blocks have no rows`);
  const L = stacked(o.L, isMatrix(o.L) ? undefined : t, `${what}: L`);
  if (L.dtype !== R.dtype) throw new DTypeError(`${what}: L is ${L.dtype} but R is ${R.dtype}`);
  if (L.cols !== k) throw new ShapeError(`${what}: L's blocks have ${L.cols} columns but there are ${k} R blocks (they must match)`);
  if (L.rows % t !== 0) throw new ShapeError(`${what}: L has ${L.rows} rows, not a multiple of the ${t} L blocks (R's blocks have ${t} rows)`);
  const q = L.rows / t;
  if (k * p > 2 ** 32 - 1 || t * q > 2 ** 32 - 1) throw new ShapeError(`${what}: the operator would be ${t * q}×${k * p}, past 2^32 − 1`);
  return new MonarchOp(k, t, p, q, R, L);
}

/** The slow, obviously-correct dense M from the formula (tests and fitting checks). */
export function monarchDense(op: MonarchOp): Matrix {
  const { k, t, p, q } = op;
  const M = zeros(t * q, k * p, op.dtype, 'monarch.toDense');
  for (let i1 = 0; i1 < q; i1++) for (let i0 = 0; i0 < t; i0++)
    for (let j1 = 0; j1 < k; j1++) for (let j0 = 0; j0 < p; j0++)
      M.data[(i1 * t + i0) * k * p + j1 * p + j0] = op.L.data[(i0 * q + i1) * k + j1] * op.R.data[(j1 * t + i0) * p + j0];
  return M;
}
