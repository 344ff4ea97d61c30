/**
 * BLAST matrices (Lee et al. 2024): a b × b grid of p × q blocks
 *   A_ij = U_i · diag(s_ij) · V_jᵀ,
 * with the bases U_i (p × r) shared along block row i and V_j (q × r) along
 * block column j. A is (b·p) × (b·q) and stores r·(b·p + b·q + b²) numbers;
 * s_ij = 1 everywhere is the rank-r matrix [U_1; …; U_b]·[V_1; …; V_b]ᵀ, and
 * the s_ij let every block reweight the shared directions.
 */
import type { FloatArray } from '../dtype';
import { describe, newArray } from '../dtype';
import { DTypeError, ShapeError, ValueError, readingCallerValue } from '../errors';
import { Matrix, checkMatrix, isMatrix } from '../matrix';
import { blast as blastKernel, blastAsync } from '../backend/blast';
import { checkInt, checkOptions } from '../validate';
import { KernelOperator, LinearOperator, zeros } from './operator';

export interface BlastSpec {
  /** b: the grid is b × b blocks (b divides both sizes). */
  blocks: number;
  /** The row bases U_i (p × r each): an array of b Matrices, or one (b·p) × r Matrix with them stacked. */
  U: Matrix | readonly Matrix[];
  /** The column bases V_j (q × r each): an array of b Matrices, or one (b·q) × r Matrix with them stacked. */
  V: Matrix | readonly Matrix[];
  /** The block weights: a (b·b) × r Matrix whose row i·b + j is s_ij. */
  S: Matrix;
}

export class BlastOp extends KernelOperator {
  readonly kind = 'blast';
  /** U: (b·p) × r, V: (b·q) × r, S: (b·b) × r, all contiguous and owned. */
  constructor(readonly b: number, readonly p: number, readonly q: number, readonly r: number,
    readonly U: Matrix, readonly V: Matrix, readonly S: Matrix) {
    super(b * p, b * q, U.dtype);
  }
  get params(): number { return this.r * (this.rows + this.cols + this.b * this.b); }
  flopsOf(batch: number): number { return 2 * batch * this.params; }
  protected product(trans: boolean, X: Matrix, Y: Matrix, what: string): void {
    blastKernel(trans, X.rows, this.b, this.p, this.q, this.r, this.U.data, this.V.data, this.S.data, X.data, X.cols, Y.data, Y.cols, what);
  }
  protected productAsync(X: Matrix, what: string, signal: AbortSignal | undefined): Promise<FloatArray> {
    return blastAsync(false, X.rows, this.b, this.p, this.q, this.r, this.U.data, this.V.data, this.S.data, X.data, X.cols, what, signal);
  }
}

/** Blocks given as a list (each rows × r, all alike) or stacked; the stacked owned copy. */
function stackedBases(v: unknown, count: number, what: string): Matrix {
  if (isMatrix(v)) {
    const M = checkMatrix(v, what).clone();
    if (M.rows % count !== 0) throw new ShapeError(`${what} has ${M.rows} rows, not a multiple of blocks = ${count}`);
    return M;
  }
  const list = readingCallerValue(`${what}: reading the blocks`, () => {
    if (!Array.isArray(v)) throw new ValueError(`${what} must be a Matrix of stacked blocks or an array of block Matrices, got ${describe(v)}`);
    return Array.from(v as unknown[]);
  });
  if (list.length !== count) throw new ShapeError(`${what}: expected ${count} blocks, got ${list.length}`);
  const blocks = list.map((b, i) => checkMatrix(b, `${what}[${i}]`).clone());
  const { rows, cols, dtype } = blocks[0];
  blocks.forEach((b, i) => {
    if (b.dtype !== dtype) throw new DTypeError(`${what}: block 0 is ${dtype} but block ${i} is ${b.dtype}`);
    if (b.rows !== rows || b.cols !== cols) throw new ShapeError(`${what}: block 0 is ${rows}×${cols} but block ${i} is ${b.rows}×${b.cols}`);
  });
  const data = newArray(dtype, blocks.length * rows * cols);
  blocks.forEach((b, i) => data.set(b.data, i * rows * cols));
  return new Matrix(blocks.length * rows, cols, data);
}

/**
 * A BLAST operator from its bases and block weights (copied).
 * @throws ValueError for a bad `blocks` or spec. @throws ShapeError when the pieces do not fit together.
 * @throws DTypeError when U, V and S mix dtypes.
 * @example
 * // 2 × 2 blocks of 3 × 4, rank 2: U is 6 × 2, V is 8 × 2, S is 4 × 2
 * const A = structured.blast({ blocks: 2, U, V, S });
 */
export function blast(spec: BlastSpec): LinearOperator {
  const what = 'structured.blast';
  const o = checkOptions<BlastSpec>(spec, what, ['blocks', 'U', 'V', 'S']);
  const b = checkInt(o.blocks, `${what}: blocks`, 1, 2 ** 16 - 1);
  const U = stackedBases(o.U, b, `${what}: U`), V = stackedBases(o.V, b, `${what}: V`);
  const S = checkMatrix(o.S, `${what}: S`).clone();
  if (U.dtype !== V.dtype || U.dtype !== S.dtype) throw new DTypeError(`${what}: U is ${U.dtype}, V is ${V.dtype} and S is ${S.dtype} (they must match)`);
  const r = U.cols;
  if (V.cols !== r || S.cols !== r) throw new ShapeError(`${what}: U, V and S must have the same number of columns (the rank); they have ${U.cols}, ${V.cols} and ${S.cols}`);
  if (S.rows !== b * b) throw new ShapeError(`${what}: S must have blocks² = ${b * b} rows (row i·b + j is s_ij), got ${S.rows}`);
  if (U.rows > 2 ** 32 - 1 || V.rows > 2 ** 32 - 1) throw new ShapeError(`${what}: the operator would be ${U.rows}×${V.rows}, past 2^32 − 1`);
  return new BlastOp(b, U.rows / b, V.rows / b, r, U, V, S);
}

/** The slow, obviously-correct dense A from the definition (tests and fitting checks). */
export function blastDense(op: BlastOp): Matrix {
  const { b, p, q, r } = op;
  const A = zeros(b * p, b * q, op.dtype, 'blast.toDense');
  const n = b * q;
  for (let i = 0; i < b; i++) for (let j = 0; j < b; j++)
    for (let a = 0; a < p; a++) for (let c = 0; c < q; c++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += op.U.data[(i * p + a) * r + k] * op.S.data[(i * b + j) * r + k] * op.V.data[(j * q + c) * r + k];
      A.data[(i * p + a) * n + j * q + c] = s;
    }
  return A;
}
