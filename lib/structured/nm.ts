/**
 * N:M semi-structured sparsity (e.g. 2:4): along each row, every group of m
 * consecutive columns keeps n entries. Stored as the kept values (rows ×
 * cols·n/m, in column order) and their positions inside their groups packed
 * at ceil(log2 m) bits each — 2 for 2:4, as GPU 2:4 metadata is: at batch 1
 * the product is memory-bound, and byte indices would eat the saving. Each
 * row's positions are a little-endian bit stream starting on a byte
 * boundary. Products run in native/kernels/nm_sparse.cc, which reads the
 * packed format as it is.
 */
import type { DType, FloatArray } from '../dtype';
import { newArray } from '../dtype';
import { ShapeError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { nmRowBytes, nmSparse as nmKernel, nmSparseAsync } from '../backend/structured-kernels';
import { checkInt, checkOptions } from '../validate';
import { KernelOperator, LinearOperator, zeros } from './operator';

export interface NmOptions {
  /** Entries kept per group (1 ≤ n ≤ m). */
  n: number;
  /** Group size along each row (m ≤ 255; cols must be a multiple of m). */
  m: number;
}

/** Bits per packed position: ceil(log2 m) (0 when m = 1). */
export function nmBits(m: number): number {
  let b = 0;
  while (2 ** b < m) b++;
  return b;
}

export class NmSparseOp extends KernelOperator {
  readonly kind = 'nm';
  /** Bits per stored position: ceil(log2 m). */
  readonly bits: number;
  /** Kept values per row. */
  readonly perRow: number;
  /** Bytes of packed positions per row. */
  readonly rowBytes: number;
  constructor(rows: number, cols: number, readonly n: number, readonly m: number,
    readonly values: FloatArray, readonly indices: Uint8Array, dtype: DType) {
    super(rows, cols, dtype);
    this.bits = nmBits(m);
    this.perRow = (cols / m) * n;
    this.rowBytes = nmRowBytes(this.perRow, this.bits);
  }
  /** Stored values (the positions are metadata: see indexBytes). */
  get params(): number { return this.rows * this.perRow; }
  /** Bytes of packed positions. */
  get indexBytes(): number { return this.indices.length; }
  flopsOf(b: number): number { return 2 * b * this.params; }
  /** Position inside its group of the e-th kept value of row i. */
  position(i: number, e: number): number {
    const bits = this.bits;
    if (bits === 0) return 0;
    const at = e * bits, byte = i * this.rowBytes + (at >> 3), sh = at & 7;
    let w = this.indices[byte];
    if (sh + bits > 8) w |= this.indices[byte + 1] << 8;
    return (w >> sh) & ((1 << bits) - 1);
  }
  protected product(trans: boolean, X: Matrix, Y: Matrix, what: string): void {
    nmKernel(trans, X.rows, this.rows, this.cols, this.n, this.m, this.bits, this.values, this.indices, X.data, X.cols, Y.data, Y.cols, what);
  }
  protected productAsync(X: Matrix, what: string, signal: AbortSignal | undefined): Promise<FloatArray> {
    return nmSparseAsync(false, X.rows, this.rows, this.cols, this.n, this.m, this.bits, this.values, this.indices, X.data, X.cols, what, signal);
  }
  /** Formed from the stored values and positions. */
  override toDense(): Matrix {
    const D = zeros(this.rows, this.cols, this.dtype, 'nm.toDense');
    const per = this.perRow;
    for (let i = 0; i < this.rows; i++) {
      for (let e = 0; e < per; e++) {
        D.data[i * this.cols + Math.floor(e / this.n) * this.m + this.position(i, e)] = this.values[i * per + e];
      }
    }
    return D;
  }
}

/**
 * N:M pruning of W by magnitude: in each row, each group of m consecutive
 * columns keeps its n entries of largest |w| (the earlier column on ties),
 * in column order. This is the Frobenius projection onto N:M patterns.
 * @throws ValueError for bad n/m. @throws ShapeError if W's column count is not a multiple of m.
 */
export function nmSparse(W: Matrix, options: NmOptions): LinearOperator {
  const what = 'structured.nmSparse';
  const o = checkOptions<NmOptions>(options, what, ['n', 'm']);
  const m = checkInt(o.m, `${what}: m`, 1, 255);
  const n = checkInt(o.n, `${what}: n`, 1, m);
  const w = checkMatrix(W, `${what}: W`).clone();
  if (w.cols % m !== 0) throw new ShapeError(`${what}: W has ${w.cols} columns, not a multiple of m = ${m} (groups run along each row)`);
  const groups = w.cols / m, per = groups * n, kept = w.rows * per;
  const values = newArray(w.dtype, kept);
  const bits = nmBits(m), rowBytes = nmRowBytes(per, bits);
  const indices = new Uint8Array(w.rows * rowBytes);
  const order = new Array<number>(m);
  for (let i = 0; i < w.rows; i++) {
    let e = 0;
    for (let g = 0; g < groups; g++) {
      const base = i * w.cols + g * m;
      for (let j = 0; j < m; j++) order[j] = j;
      order.sort((a, b) => Math.abs(w.data[base + b]) - Math.abs(w.data[base + a]) || a - b);
      const keep = order.slice(0, n).sort((a, b) => a - b);
      for (const j of keep) {
        values[i * per + e] = w.data[base + j];
        const at = e * bits, byte = i * rowBytes + (at >> 3), sh = at & 7;
        if (bits > 0) {
          indices[byte] |= (j << sh) & 0xff;
          if (sh + bits > 8) indices[byte + 1] |= j >> (8 - sh);
        }
        e++;
      }
    }
  }
  return new NmSparseOp(w.rows, w.cols, n, m, values, indices, w.dtype);
}
