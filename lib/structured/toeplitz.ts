/**
 * Toeplitz and circulant operators. They store m + n − 1 (or n) numbers and
 * multiply by FFT (native/kernels/fft_conv.cc): both are circular
 * convolutions A[i, j] = h[(i − j + off) mod L] with L a power of two — a
 * circulant of power-of-two size directly (L = n), any other (and every
 * Toeplitz matrix) embedded in a circulant of size L ≥ m + n − 1. The plan
 * (twiddles and the DFT of h) is computed once per operator, on first use.
 */
import type { DType, FloatArray } from '../dtype';
import { lengthOfArray, newArray } from '../dtype';
import { DTypeError, ShapeError } from '../errors';
import { Matrix } from '../matrix';
import { fftConv, fftConvAsync, fftConvPlan } from '../backend/structured-kernels';
import { checkAllocation } from '../validate';
import { ownVector } from './basic';
import { KernelOperator, LinearOperator } from './operator';

/** The smallest power of two ≥ k (k ≥ 1). */
function pow2AtLeast(k: number): number {
  let L = 1;
  while (L < k) L *= 2;
  return L;
}

interface Conv {
  h: Float64Array;
  off: number;
  L: number;
}

abstract class ConvolutionOp extends KernelOperator {
  private planned?: Float64Array;
  private conv?: Conv;
  protected abstract entry(i: number, j: number): number;
  /** The circulant this operator sits in (kernel h, offset, length). */
  protected abstract convolution(): Conv;
  flopsOf(b: number): number {
    // Two length-L complex FFTs per pair of samples (5 L log2 L flops each) and the spectrum product.
    if (this.rows === 0 || this.cols === 0) return 0;
    const L = this.convOf().L, lg = Math.log2(L);
    return Math.ceil(b / 2) * (2 * 5 * L * lg + 6 * L);
  }
  private convOf(): Conv {
    if (!this.conv) this.conv = this.convolution();
    return this.conv;
  }
  private plan(): Float64Array {
    if (!this.planned) {
      const c = this.convOf();
      checkAllocation(4, c.L, `${this.kind}.linear: the FFT plan`);
      this.planned = fftConvPlan(c.L, c.h, `${this.kind}.linear`);
    }
    return this.planned;
  }
  protected product(trans: boolean, X: Matrix, Y: Matrix, what: string): void {
    const { off, L } = this.convOf();
    fftConv(trans, X.rows, this.rows, this.cols, off, L, this.plan(), X.data, X.cols, Y.data, Y.cols, what);
  }
  protected productAsync(X: Matrix, what: string, signal: AbortSignal | undefined): Promise<FloatArray> {
    const { off, L } = this.convOf();
    return fftConvAsync(false, X.rows, this.rows, this.cols, off, L, this.plan(), X.data, X.cols, what, signal);
  }
  /** Formed entry by entry (exact; no FFT rounding). */
  override toDense(): Matrix {
    const m = this.rows, n = this.cols;
    const d = newArray(this.dtype, checkAllocation(m, n, `${this.kind}.toDense`));
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) d[i * n + j] = this.entry(i, j);
    return new Matrix(m, n, d);
  }
}

/** T[i, j] = c[i − j] for i ≥ j, r[j − i] for j > i (r[0] is not used: c[0] is the diagonal). */
export class ToeplitzOp extends ConvolutionOp {
  readonly kind = 'toeplitz';
  constructor(readonly c: FloatArray, readonly r: FloatArray, dtype: DType) {
    super(lengthOfArray(c), lengthOfArray(r), dtype);
  }
  get params(): number { return this.rows + Math.max(this.cols - 1, 0); }
  protected entry(i: number, j: number): number { return i >= j ? this.c[i - j] : this.r[j - i]; }
  protected convolution(): Conv {
    // h = (r[n−1], …, r[1], c[0], …, c[m−1]): T[i, j] = h[i − j + n − 1].
    const m = this.rows, n = this.cols, h = new Float64Array(Math.max(m + n - 1, 0));
    for (let j = 1; j < n; j++) h[n - 1 - j] = this.r[j];
    for (let i = 0; i < m; i++) h[n - 1 + i] = this.c[i];
    return { h, off: Math.max(n - 1, 0), L: pow2AtLeast(Math.max(m + n - 1, 1)) };
  }
}

/** C[i, j] = c[(i − j) mod n]: C·x is the circular convolution of c and x. */
export class CirculantOp extends ConvolutionOp {
  readonly kind = 'circulant';
  constructor(readonly c: FloatArray, dtype: DType) {
    super(lengthOfArray(c), lengthOfArray(c), dtype);
  }
  get params(): number { return this.rows; }
  protected entry(i: number, j: number): number {
    const n = this.rows;
    return this.c[(i - j + n) % n];
  }
  protected convolution(): Conv {
    const n = this.rows;
    if (n > 0 && (n & (n - 1)) === 0) return { h: Float64Array.from(this.c), off: 0, L: n };
    // As the Toeplitz matrix with first row r[j] = c[n − j]: h = (c[1], …, c[n−1], c[0], …, c[n−1]).
    const h = new Float64Array(Math.max(2 * n - 1, 0));
    for (let j = 1; j < n; j++) h[j - 1] = this.c[j];
    for (let i = 0; i < n; i++) h[n - 1 + i] = this.c[i];
    return { h, off: Math.max(n - 1, 0), L: pow2AtLeast(Math.max(2 * n - 1, 1)) };
  }
}

const dtypeOfVec = (v: FloatArray): DType => (v instanceof Float32Array ? 'float32' : 'float64');

/**
 * The m × n Toeplitz matrix with first column c (length m) and first row r
 * (length n; r[0] is ignored, c[0] is the diagonal). Copies c and r.
 * @throws DTypeError if c and r are not float arrays of one dtype. @throws ShapeError if one is empty and the other not.
 */
export function toeplitz(c: Float32Array | Float64Array, r?: Float32Array | Float64Array): LinearOperator {
  const cc = ownVector(c, 'structured.toeplitz: c');
  const rr = r === undefined ? cc.slice() : ownVector(r, 'structured.toeplitz: r');
  if (dtypeOfVec(cc) !== dtypeOfVec(rr)) throw new DTypeError(`structured.toeplitz: c is ${dtypeOfVec(cc)} but r is ${dtypeOfVec(rr)}`);
  if ((cc.length === 0) !== (rr.length === 0)) {
    throw new ShapeError(`structured.toeplitz: c has ${cc.length} entries and r ${rr.length}; both must be empty or neither`);
  }
  checkSize(cc.length + rr.length, 'structured.toeplitz');
  return new ToeplitzOp(cc, rr, dtypeOfVec(cc));
}

/**
 * The n × n circulant matrix with first column c (a copy).
 * @throws DTypeError if c is not a Float32Array or Float64Array.
 */
export function circulant(c: Float32Array | Float64Array): LinearOperator {
  const cc = ownVector(c, 'structured.circulant: c');
  checkSize(2 * cc.length, 'structured.circulant');
  return new CirculantOp(cc, dtypeOfVec(cc));
}

/** The FFT length (a power of two ≥ m + n − 1) must stay within the kernel's 2^28. */
function checkSize(total: number, what: string): void {
  if (total - 1 > 2 ** 28) throw new ShapeError(`${what}: the operator is too large for the FFT kernel (m + n − 1 = ${total - 1} > 2^28)`);
}
