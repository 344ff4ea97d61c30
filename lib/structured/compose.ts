/**
 * Composition that stays lazy: product, sum, scale, Kronecker, block
 * diagonal, transpose. Nested products and sums flatten; transposes move
 * inwards (a product's transpose is the reversed product of transposes).
 */
import { describe, newArray } from '../dtype';
import { DTypeError, ShapeError, ValueError } from '../errors';
import { Matrix, isMatrix } from '../matrix';
import { checkFinite } from '../validate';
import { DenseOp, ownMatrix } from './basic';
import { MonarchOp } from './monarch';
import { LinearOperator, TransposeOp, checkOperator, contiguous, isOperator, transposed, zeros } from './operator';

/** A Matrix becomes a dense operator (a copy); an operator stays itself. */
export function asOperator(v: unknown, what: string): LinearOperator {
  if (isMatrix(v)) return new DenseOp(ownMatrix(v, what));
  return checkOperator(v, what);
}

function sameDTypes(ops: LinearOperator[], what: string): void {
  for (let i = 1; i < ops.length; i++) {
    if (ops[i].dtype !== ops[0].dtype) {
      throw new DTypeError(`${what}: operand 0 is ${ops[0].dtype} but operand ${i} is ${ops[i].dtype}`);
    }
  }
}

function operands(args: unknown[], what: string, min = 1): LinearOperator[] {
  if (args.length < min) throw new ValueError(`${what}: needs at least ${min} operand${min > 1 ? 's' : ''}, got ${args.length}`);
  const ops = args.map((a, i) => asOperator(a, `${what}: operand ${i}`));
  sameDTypes(ops, what);
  return ops;
}

/** A₀·A₁·…·A_{k−1}. */
export class ProductOp extends LinearOperator {
  readonly kind = 'product';
  constructor(readonly factors: LinearOperator[]) {
    super(factors[0].rows, factors[factors.length - 1].cols, factors[0].dtype);
  }
  get params(): number { return this.factors.reduce((s, f) => s + f.params, 0); }
  flopsOf(b: number): number { return this.factors.reduce((s, f) => s + f.flopsOf(b), 0); }
  lin(X: Matrix): Matrix {
    let Y = X;
    for (let i = this.factors.length - 1; i >= 0; i--) Y = this.factors[i].lin(Y);
    return Y;
  }
  linT(X: Matrix): Matrix {
    let Y = X;
    for (const f of this.factors) Y = f.linT(Y);
    return Y;
  }
  override async linAsync(X: Matrix, signal: AbortSignal | undefined): Promise<Matrix> {
    let Y = X;
    for (let i = this.factors.length - 1; i >= 0; i--) Y = await this.factors[i].linAsync(Y, signal);
    return Y;
  }
  override transpose(): LinearOperator {
    return new ProductOp(this.factors.map((f) => f.transpose()).reverse());
  }
}

/** A₀ + A₁ + …. */
export class SumOp extends LinearOperator {
  readonly kind = 'sum';
  constructor(readonly terms: LinearOperator[]) {
    super(terms[0].rows, terms[0].cols, terms[0].dtype);
  }
  get params(): number { return this.terms.reduce((s, f) => s + f.params, 0); }
  flopsOf(b: number): number { return this.terms.reduce((s, f) => s + f.flopsOf(b), 0) + b * this.rows * (this.terms.length - 1); }
  private add(parts: Matrix[]): Matrix {
    const Y = parts[0];
    for (let t = 1; t < parts.length; t++) {
      const d = parts[t].data;
      for (let i = 0; i < d.length; i++) Y.data[i] += d[i];
    }
    return Y;
  }
  lin(X: Matrix): Matrix { return this.add(this.terms.map((t) => t.lin(X))); }
  override async linAsync(X: Matrix, signal: AbortSignal | undefined): Promise<Matrix> {
    const parts: Matrix[] = [];
    for (const t of this.terms) parts.push(await t.linAsync(X, signal));
    return this.add(parts);
  }
  linT(X: Matrix): Matrix { return this.add(this.terms.map((t) => t.linT(X))); }
  override transpose(): LinearOperator { return new SumOp(this.terms.map((t) => t.transpose())); }
}

/** alpha·A. */
export class ScaleOp extends LinearOperator {
  readonly kind = 'scale';
  constructor(readonly alpha: number, readonly inner: LinearOperator) {
    super(inner.rows, inner.cols, inner.dtype);
  }
  get params(): number { return this.inner.params + 1; }
  flopsOf(b: number): number { return this.inner.flopsOf(b) + b * this.rows; }
  private times(Y: Matrix): Matrix {
    for (let i = 0; i < Y.data.length; i++) Y.data[i] *= this.alpha;
    return Y;
  }
  lin(X: Matrix): Matrix { return this.times(this.inner.lin(X)); }
  override async linAsync(X: Matrix, signal: AbortSignal | undefined): Promise<Matrix> {
    return this.times(await this.inner.linAsync(X, signal));
  }
  linT(X: Matrix): Matrix { return this.times(this.inner.linT(X)); }
  override transpose(): LinearOperator { return new ScaleOp(this.alpha, this.inner.transpose()); }
}

/** diag(A₀, A₁, …): blocks along the diagonal, any shapes. */
export class BlockDiagonalOp extends LinearOperator {
  readonly kind = 'blockDiagonal';
  constructor(readonly blocks: LinearOperator[]) {
    super(blocks.reduce((s, b) => s + b.rows, 0), blocks.reduce((s, b) => s + b.cols, 0), blocks[0].dtype);
  }
  get params(): number { return this.blocks.reduce((s, f) => s + f.params, 0); }
  flopsOf(b: number): number { return this.blocks.reduce((s, f) => s + f.flopsOf(b), 0); }
  private apply(X: Matrix, t: boolean): Matrix {
    const s = X.rows, inW = t ? this.rows : this.cols, outW = t ? this.cols : this.rows;
    const Y = zeros(s, outW, this.dtype, 'blockDiagonal.linear');
    let c0 = 0, o0 = 0;
    for (const B of this.blocks) {
      const bi = t ? B.rows : B.cols, bo = t ? B.cols : B.rows;
      const part = newArray(this.dtype, s * bi);
      for (let i = 0; i < s; i++) for (let j = 0; j < bi; j++) part[i * bi + j] = X.data[i * inW + c0 + j];
      const R = t ? B.linT(new Matrix(s, bi, part)) : B.lin(new Matrix(s, bi, part));
      for (let i = 0; i < s; i++) for (let j = 0; j < bo; j++) Y.data[i * outW + o0 + j] = R.data[i * bo + j];
      c0 += bi;
      o0 += bo;
    }
    return Y;
  }
  lin(X: Matrix): Matrix { return this.apply(X, false); }
  linT(X: Matrix): Matrix { return this.apply(X, true); }
  override transpose(): LinearOperator { return new BlockDiagonalOp(this.blocks.map((b) => b.transpose())); }
}

/**
 * A₀ ⊗ A₁ ⊗ …, applied by reshapes and the factors' own products: for one
 * sample x (an nA × nB matrix X row-major), (A ⊗ B)·x = vec(A·X·Bᵀ). The
 * product is never formed.
 */
export class KroneckerOp extends LinearOperator {
  readonly kind = 'kronecker';
  constructor(readonly factors: LinearOperator[]) {
    super(factors.reduce((s, f) => s * f.rows, 1), factors.reduce((s, f) => s * f.cols, 1), factors[0].dtype);
  }
  get params(): number { return this.factors.reduce((s, f) => s + f.params, 0); }
  flopsOf(b: number): number {
    // Factor i runs on b · (rows of the factors before it) · (cols of those after it) samples.
    let total = 0;
    for (let i = 0; i < this.factors.length; i++) {
      let samples = b;
      for (let j = 0; j < i; j++) samples *= this.factors[j].rows;
      for (let j = i + 1; j < this.factors.length; j++) samples *= this.factors[j].cols;
      total += this.factors[i].flopsOf(samples);
    }
    return total;
  }
  /**
   * Two dense factors A (mA × nA) and B (mB × nB) are a Monarch matrix:
   * (A ⊗ B)[(a, b), (c, d)] = A[a, c]·B[b, d] is M[(i1, i0), (j1, j0)] =
   * L_{i0}[i1, j1]·R_{j1}[i0, j0] with every L block A (mB of them) and every
   * R block B (nA of them). One Monarch kernel call then does the product,
   * with no reshuffling in JS between two GEMMs: 512 × 512 as 16² ⊗ 32² at
   * batch 64 went from 0.33 to 0.11 ms (3–4× at batch 1–256). Made on first
   * use, and not when the copies would outgrow the dense matrix itself.
   */
  #monarch: MonarchOp | null | undefined;
  private monarch(): MonarchOp | null {
    if (this.#monarch !== undefined) return this.#monarch;
    this.#monarch = null;
    if (this.factors.length !== 2) return null;
    const [mA, nA, mB, nB] = [this.factors[0].rows, this.factors[0].cols, this.factors[1].rows, this.factors[1].cols];
    // An empty factor makes an empty product: the general path has nothing to do.
    if (mA * nA * mB * nB === 0) return null;
    const copies = nA * mB * nB + mB * mA * nA;
    if (copies > Math.min(this.rows * this.cols, MONARCH_COPIES_MAX)) return null;
    const A = denseOf(this.factors[0]), B = denseOf(this.factors[1]);
    if (!A || !B) return null;
    this.#monarch = new MonarchOp(A.cols, B.rows, B.cols, A.rows, repeated(B, A.cols), repeated(A, B.rows));
    return this.#monarch;
  }
  private apply(X: Matrix, t: boolean): Matrix {
    // Nothing in or nothing out: zeros, without reshaping X into factors'
    // shapes that may not exist (a 0 × (2^32 − 1) factor).
    if (X.rows === 0 || this.rows === 0 || this.cols === 0) return zeros(X.rows, t ? this.cols : this.rows, this.dtype, 'kronecker.linear');
    const mon = this.monarch();
    if (mon) return t ? mon.linT(X) : mon.lin(X);
    if (this.factors.length === 1) return t ? this.factors[0].linT(X) : this.factors[0].lin(X);
    const A = this.factors[0];
    const B = this.factors.length === 2 ? this.factors[1] : new KroneckerOp(this.factors.slice(1));
    const s = X.rows;
    const [nA, mA] = t ? [A.rows, A.cols] : [A.cols, A.rows];
    const [nB, mB] = t ? [B.rows, B.cols] : [B.cols, B.rows];
    // T = X_s·Bᵀ for every sample at once: X as (s·nA) × nB.
    const T = t ? B.linT(new Matrix(s * nA, nB, X.data)) : B.lin(new Matrix(s * nA, nB, X.data));
    // (s, nA, mB) -> (s, mB, nA), then A on rows: (s·mB) × nA -> (s·mB) × mA.
    const T2 = newArray(this.dtype, s * mB * nA);
    for (let i = 0; i < s; i++) {
      const o = i * nA * mB;
      for (let a = 0; a < nA; a++) for (let b = 0; b < mB; b++) T2[o + b * nA + a] = T.data[o + a * mB + b];
    }
    const U = t ? A.linT(new Matrix(s * mB, nA, T2)) : A.lin(new Matrix(s * mB, nA, T2));
    // (s, mB, mA) -> (s, mA, mB).
    const Y = zeros(s, mA * mB, this.dtype, 'kronecker.linear');
    for (let i = 0; i < s; i++) {
      const o = i * mA * mB;
      for (let b = 0; b < mB; b++) for (let a = 0; a < mA; a++) Y.data[o + a * mB + b] = U.data[o + b * mA + a];
    }
    return Y;
  }
  lin(X: Matrix): Matrix { return this.apply(X, false); }
  linT(X: Matrix): Matrix { return this.apply(X, true); }
  override linAsync(X: Matrix, signal: AbortSignal | undefined): Promise<Matrix> {
    const mon = this.monarch();
    return mon ? mon.linAsync(X, signal) : super.linAsync(X, signal);
  }
  override transpose(): LinearOperator { return new KroneckerOp(this.factors.map((f) => f.transpose())); }
}

/** Elements of Kronecker's Monarch copies past which it keeps the two GEMMs (4 MB of f32). */
const MONARCH_COPIES_MAX = 2 ** 20;

/** A dense factor's matrix (a transposed one's, transposed); null for any other operator. */
function denseOf(op: LinearOperator): Matrix | null {
  if (op instanceof DenseOp) return op.W;
  if (op instanceof TransposeOp && op.inner instanceof DenseOp) return transposed(op.inner.W);
  return null;
}

/** `count` copies of M stacked: (count·rows) × cols. */
function repeated(M: Matrix, count: number): Matrix {
  const n = M.rows * M.cols, src = contiguous(M).data.subarray(0, n), data = newArray(M.dtype, count * n);
  for (let i = 0; i < count; i++) data.set(src, i * n);
  return new Matrix(count * M.rows, M.cols, data);
}

/**
 * A₀·A₁·…, lazy (Matrices are copied into dense operators). Nested products flatten.
 * @throws ShapeError when consecutive sizes differ. @throws DTypeError when dtypes mix.
 */
export function product(...ops: (LinearOperator | Matrix)[]): LinearOperator {
  const list = operands(ops, 'structured.product');
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1].cols !== list[i].rows) {
      throw new ShapeError(`structured.product: operand ${i - 1} is ${list[i - 1].rows}×${list[i - 1].cols} but operand ${i} is ${list[i].rows}×${list[i].cols}`);
    }
  }
  const flat = list.flatMap((o) => (o instanceof ProductOp ? o.factors : [o]));
  return flat.length === 1 ? flat[0] : new ProductOp(flat);
}

/** A₀ + A₁ + …, lazy. Nested sums flatten. @throws ShapeError when shapes differ. */
export function sum(...ops: (LinearOperator | Matrix)[]): LinearOperator {
  const list = operands(ops, 'structured.sum');
  for (let i = 1; i < list.length; i++) {
    if (list[i].rows !== list[0].rows || list[i].cols !== list[0].cols) {
      throw new ShapeError(`structured.sum: operand 0 is ${list[0].rows}×${list[0].cols} but operand ${i} is ${list[i].rows}×${list[i].cols}`);
    }
  }
  const flat = list.flatMap((o) => (o instanceof SumOp ? o.terms : [o]));
  return flat.length === 1 ? flat[0] : new SumOp(flat);
}

/** alpha·A, lazy; scales of scales multiply. @throws ValueError for a non-finite alpha. */
export function scale(alpha: number, op: LinearOperator | Matrix): LinearOperator {
  const a = checkFinite(alpha, 'structured.scale: alpha');
  const o = asOperator(op, 'structured.scale: operand');
  return o instanceof ScaleOp ? new ScaleOp(a * o.alpha, o.inner) : new ScaleOp(a, o);
}

/** diag(A₀, A₁, …), lazy. */
export function blockDiagonal(...ops: (LinearOperator | Matrix)[]): LinearOperator {
  const list = operands(ops, 'structured.blockDiagonal');
  return new BlockDiagonalOp(list.flatMap((o) => (o instanceof BlockDiagonalOp ? o.blocks : [o])));
}

/** A₀ ⊗ A₁ ⊗ …, never formed. Nested Kronecker products flatten. */
export function kronecker(...ops: (LinearOperator | Matrix)[]): LinearOperator {
  const list = operands(ops, 'structured.kronecker');
  const flat = list.flatMap((o) => (o instanceof KroneckerOp ? o.factors : [o]));
  let rows = 1, cols = 1;
  for (const f of flat) { rows *= f.rows; cols *= f.cols; }
  if (rows > 2 ** 32 - 1 || cols > 2 ** 32 - 1) {
    throw new ShapeError(`structured.kronecker: the product would be ${rows}×${cols}, past 2^32 − 1`);
  }
  return flat.length === 1 ? flat[0] : new KroneckerOp(flat);
}

/** Aᵀ, lazy (an operator's own transpose(); a Matrix is copied into a dense operator first). */
export function transpose(op: LinearOperator | Matrix): LinearOperator {
  if (!isMatrix(op) && !isOperator(op)) throw new ValueError(`structured.transpose: expected a LinearOperator or Matrix, got ${describe(op)}`);
  return asOperator(op, 'structured.transpose: operand').transpose();
}

export { TransposeOp };
