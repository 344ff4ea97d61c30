/**
 * N:M semi-structured sparsity (e.g. 2:4): along each row, every group of m
 * consecutive columns keeps n entries. Stored as the kept values (rows ×
 * cols·n/m) and their positions inside the group packed at 2 bits each when
 * m ≤ 4 (as GPU 2:4 metadata is: at batch 1 the product is memory-bound and
 * byte indices would eat the saving), at 8 bits otherwise. The product runs
 * in TypeScript for now (no kernel yet).
 */
import type { DType, FloatArray } from '../dtype';
import { newArray } from '../dtype';
import { ShapeError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { checkInt, checkOptions } from '../validate';
import { LinearOperator, zeros } from './operator';

export interface NmOptions {
  /** Entries kept per group (1 ≤ n ≤ m). */
  n: number;
  /** Group size along each row (m ≤ 255; cols must be a multiple of m). */
  m: number;
}

export class NmSparseOp extends LinearOperator {
  readonly kind = 'nm';
  /** Bits per stored position: 2 when m ≤ 4, else 8. */
  readonly bits: number;
  constructor(rows: number, cols: number, readonly n: number, readonly m: number,
    readonly values: FloatArray, readonly indices: Uint8Array, dtype: DType) {
    super(rows, cols, dtype);
    this.bits = m <= 4 ? 2 : 8;
  }
  /** Stored values (the positions are metadata: see indexBytes). */
  get params(): number { return this.rows * (this.cols / this.m) * this.n; }
  /** Bytes of packed positions. */
  get indexBytes(): number { return this.indices.length; }
  flopsOf(b: number): number { return 2 * b * this.params; }
  /** Column of the e-th kept value of row i (e over the whole row). */
  position(e: number): number {
    return this.bits === 2 ? (this.indices[e >> 2] >> ((e & 3) * 2)) & 3 : this.indices[e];
  }
  private columns?: Int32Array;
  /** Each kept value's column, decoded once on first use (the TypeScript product's index). */
  private absoluteColumns(): Int32Array {
    if (!this.columns) {
      const per = this.rows === 0 ? 0 : this.params / this.rows, c = new Int32Array(this.params);
      for (let at = 0; at < c.length; at++) c[at] = Math.floor((at % per) / this.n) * this.m + this.position(at);
      this.columns = c;
    }
    return this.columns;
  }
  lin(X: Matrix): Matrix {
    const s = X.rows, rows = this.rows, cols = this.cols, per = rows === 0 ? 0 : this.params / rows;
    const Y = zeros(s, rows, this.dtype, 'nm.linear');
    const x = X.data, v = this.values, c = this.absoluteColumns(), y = Y.data;
    for (let b = 0; b < s; b++) {
      const xo = b * cols;
      for (let i = 0; i < rows; i++) {
        let acc = 0;
        for (let at = i * per, end = at + per; at < end; at++) acc += v[at] * x[xo + c[at]];
        y[b * rows + i] = acc;
      }
    }
    return Y;
  }
  linT(X: Matrix): Matrix {
    const s = X.rows, rows = this.rows, cols = this.cols, per = rows === 0 ? 0 : this.params / rows;
    const Y = zeros(s, cols, this.dtype, 'nm.linear');
    const x = X.data, v = this.values, c = this.absoluteColumns(), y = Y.data;
    for (let b = 0; b < s; b++) {
      const yo = b * cols;
      for (let i = 0; i < rows; i++) {
        const xi = x[b * rows + i];
        for (let at = i * per, end = at + per; at < end; at++) y[yo + c[at]] += v[at] * xi;
      }
    }
    return Y;
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
  const groups = w.cols / m, kept = w.rows * groups * n;
  const values = newArray(w.dtype, kept);
  const bits = m <= 4 ? 2 : 8;
  const indices = new Uint8Array(bits === 2 ? Math.ceil(kept / 4) : kept);
  const order = new Array<number>(m);
  let e = 0;
  for (let i = 0; i < w.rows; i++) {
    for (let g = 0; g < groups; g++) {
      const base = i * w.cols + g * m;
      for (let j = 0; j < m; j++) order[j] = j;
      order.sort((a, b) => Math.abs(w.data[base + b]) - Math.abs(w.data[base + a]) || a - b);
      const keep = order.slice(0, n).sort((a, b) => a - b);
      for (const j of keep) {
        values[e] = w.data[base + j];
        if (bits === 2) indices[e >> 2] |= j << ((e & 3) * 2);
        else indices[e] = j;
        e++;
      }
    }
  }
  return new NmSparseOp(w.rows, w.cols, n, m, values, indices, w.dtype);
}
