/**
 * Frequent Directions (Liberty 2013; Ghashami, Liberty, Phillips & Woodruff
 * 2016): a streaming sketch B (ℓ × d) of the rows of A with
 *   ‖AᵀA − BᵀB‖₂ ≤ Δ ≤ ‖A − A_k‖²_F / (ℓ + 1 − k)   for every k ≤ ℓ,
 * Δ the total shrinkage, which the sketch tracks (covarianceErrorBound).
 * Sketches of parts merge into a sketch of the whole with the same bound
 * (Agarwal et al. 2012: concatenate, shrink, add the Δs).
 *
 * The buffer holds 2ℓ rows; when full, one shrink brings it back to ℓ: the
 * eigen-decomposition of the small Gram G = B·Bᵀ (2ℓ × 2ℓ, one GEMM, then
 * skm_eigh), δ = the (ℓ+1)-th eigenvalue, and B ← diag(√((λ−δ)₊/λ))·Uᵀ·B (one
 * GEMM). So each row costs O(ℓ·d) amortized and every flop is a kernel's.
 * Rounding adds O(eps·‖B‖²) to the bound, as any SVD would.
 */
import type { DType, FloatArray } from '../dtype';
import { bytesPerElement, checkDType, copyInto, describe, lengthOfArray, newArray, subarrayOfArray, typedArrayKind } from '../dtype';
import { DTypeError, FormatError, ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { matmul } from '../dense/matmul';
import { eigh as eighKernel } from '../backend/linalg';
import { checkAllocation, checkInt, checkOptions } from '../validate';

export interface FrequentDirectionsOptions {
  /** Element type of the rows it takes and of the sketch (default 'float64'). */
  dtype?: DType;
}

/** FrequentDirections objects built here (a look-alike is refused by merge). */
const built = new WeakSet<object>();

export class FrequentDirections {
  /** Columns (features) of every row. */
  readonly d: number;
  /** Rows of the sketch. */
  readonly ell: number;
  readonly dtype: DType;
  /** 2ℓ × d; rows [0, filled) hold the current sketch. */
  #buf: FloatArray;
  #filled = 0;
  /** Σ δ over the shrinks (and over merged sketches): the covariance error bound. */
  #delta = 0;
  /** Rows seen (merged sketches included). */
  #seen = 0;

  /**
   * A sketch of ell rows for rows of d features.
   * @throws ValueError if d or ell is not a positive integer, or for a bad dtype.
   * @throws OutOfMemoryError if the 2·ell × d buffer cannot be allocated.
   * @example
   * const fd = new linalg.FrequentDirections(784, 64, { dtype: 'float32' });
   * fd.update(batch); const B = fd.sketch();
   */
  constructor(d: number, ell: number, options?: FrequentDirectionsOptions) {
    const what = 'FrequentDirections';
    const o = checkOptions<FrequentDirectionsOptions>(options, what, ['dtype']);
    this.dtype = o.dtype === undefined ? 'float64' : checkDType(o.dtype, `${what}: dtype`);
    this.d = checkInt(d, `${what}: d`, 1, 2 ** 31 - 1);
    this.ell = checkInt(ell, `${what}: ell`, 1, 2 ** 30 - 1);
    this.#buf = newArray(this.dtype, checkAllocation(2 * this.ell, this.d, what));
    for (const key of ['d', 'ell', 'dtype']) Object.defineProperty(this, key, { writable: false, configurable: false });
    built.add(this);
  }

  /** Rows seen so far (those of merged sketches included). */
  get rowsSeen(): number {
    return self(this, 'rowsSeen').#seen;
  }

  /**
   * Adds the rows of `rows` (r × d, the sketch's dtype) to the sketch.
   * @throws ShapeError if rows does not have d columns. @throws DTypeError for another dtype.
   * @throws ValueError for NaN or infinite entries (the sketch is then unchanged).
   */
  update(rows: Matrix): this {
    const what = 'FrequentDirections.update';
    const fd = self(this, 'update');
    const x = checkMatrix(rows, `${what}: rows`);
    if (x.dtype !== fd.dtype) throw new DTypeError(`${what}: rows are ${x.dtype} but the sketch is ${fd.dtype}`);
    if (x.cols !== fd.d) throw new ShapeError(`${what}: rows have ${x.cols} columns but the sketch has d = ${fd.d}`);
    const d = fd.d, src = x.data, stride = x.rowStride;
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < d; j++) {
        if (!Number.isFinite(src[i * stride + j])) throw new ValueError(`${what}: rows has a NaN or infinite entry at (${i}, ${j})`);
      }
    }
    fd.#append(src, stride, x.rows, what);
    fd.#seen += x.rows;
    return this;
  }

  /**
   * Folds `other` (same d, ell and dtype) into this sketch: the result
   * sketches the rows of both, with the summed error bound. `other` is not changed.
   * @throws ValueError if other is not a FrequentDirections or differs in d, ell or dtype.
   */
  merge(other: FrequentDirections): this {
    const what = 'FrequentDirections.merge';
    const fd = self(this, 'merge');
    if (typeof other !== 'object' || other === null || !built.has(other)) throw new ValueError(`${what}: other must be a FrequentDirections, got ${describe(other)}`);
    if (other.d !== fd.d || other.ell !== fd.ell || other.dtype !== fd.dtype) {
      throw new ValueError(`${what}: other is ${other.ell} × ${other.d} ${other.dtype} but this sketch is ${fd.ell} × ${fd.d} ${fd.dtype}`);
    }
    // Snapshot other's rows first (merging a sketch into itself reads the rows it is about to shrink).
    const rows = other.#buf.slice(0, other.#filled * other.d);
    const delta = other.#delta, seen = other.#seen;
    fd.#append(rows, fd.d, other.#filled, what);
    fd.#delta += delta;
    fd.#seen += seen;
    return this;
  }

  /** The sketch B: a new ell × d Matrix (rows past the rank seen are zero); BᵀB ≈ AᵀA. */
  sketch(): Matrix {
    const fd = self(this, 'sketch');
    if (fd.#filled > fd.ell) fd.#shrink('FrequentDirections.sketch');
    const out = newArray(fd.dtype, fd.ell * fd.d);
    out.set(fd.#buf.subarray(0, fd.#filled * fd.d));
    return new Matrix(fd.ell, fd.d, out);
  }

  /**
   * Δ, with ‖AᵀA − BᵀB‖₂ ≤ Δ (up to rounding, O(eps·‖A‖²_F)) for B = sketch()
   * and A all the rows seen; Δ ≤ ‖A − A_k‖²_F / (ℓ + 1 − k) for every k ≤ ℓ.
   * 0 while fewer than ℓ + 1 rows have been seen (B then holds them exactly).
   */
  covarianceErrorBound(): number {
    const fd = self(this, 'covarianceErrorBound');
    if (fd.#filled > fd.ell) fd.#shrink('FrequentDirections.covarianceErrorBound');
    return fd.#delta;
  }

  /**
   * The sketch as compact bytes (little-endian): 'SKFD', version 1, dtype,
   * d, ell, the stored rows, rows seen, Δ, then a CRC-32 of all the bytes
   * before it. At most ℓ rows are stored (the buffer is shrunk first).
   */
  serialize(): Uint8Array {
    const fd = self(this, 'serialize');
    if (fd.#filled > fd.ell) fd.#shrink('FrequentDirections.serialize');
    const bpe = bytesPerElement(fd.dtype);
    const body = fd.#filled * fd.d * bpe;
    const out = new Uint8Array(HEADER + body + 4);
    const v = new DataView(out.buffer);
    out.set(MAGIC, 0);
    v.setUint8(4, VERSION);
    v.setUint8(5, fd.dtype === 'float32' ? 1 : 2);
    v.setUint16(6, 0, true);
    v.setUint32(8, fd.d, true);
    v.setUint32(12, fd.ell, true);
    v.setUint32(16, fd.#filled, true);
    v.setUint32(20, 0, true);
    v.setFloat64(24, fd.#seen, true);
    v.setFloat64(32, fd.#delta, true);
    for (let i = 0; i < fd.#filled * fd.d; i++) {
      if (bpe === 4) v.setFloat32(HEADER + 4 * i, fd.#buf[i], true);
      else v.setFloat64(HEADER + 8 * i, fd.#buf[i], true);
    }
    v.setUint32(HEADER + body, crc32(out, HEADER + body), true);
    return out;
  }

  /**
   * A sketch from serialize()'s bytes.
   * @throws FormatError (a ValueError, code SKM_FORMAT, with the byte offset)
   *   for bytes that are not a sketch: wrong magic, an unknown version or
   *   dtype, sizes that do not match the length (truncated or padded), a
   *   checksum mismatch, or values no sketch holds (NaN, negative Δ).
   * @throws DTypeError if bytes is not a Uint8Array.
   */
  static deserialize(bytes: Uint8Array): FrequentDirections {
    const what = 'FrequentDirections.deserialize';
    if (typedArrayKind(bytes) !== 'Uint8Array') throw new DTypeError(`${what}: bytes must be a Uint8Array, got ${describe(bytes)}`);
    const n = lengthOfArray(bytes);
    // Our own copy: a caller's buffer (shared, or changed meanwhile) is read once.
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = bytes[i];
    const bad = (offset: number, msg: string): never => {
      throw new FormatError(`${what}: byte ${offset}: ${msg}`, { source: 'bytes', offset });
    };
    if (n < HEADER + 4) bad(n, `the bytes end after ${n} bytes; a sketch has at least ${HEADER + 4} (truncated?)`);
    for (let i = 0; i < 4; i++) if (b[i] !== MAGIC[i]) bad(i, 'not a FrequentDirections sketch (the magic is not SKFD)');
    const v = new DataView(b.buffer);
    if (v.getUint8(4) !== VERSION) bad(4, `unknown version ${v.getUint8(4)} (this build reads version ${VERSION})`);
    const code = v.getUint8(5);
    if (code !== 1 && code !== 2) bad(5, `unknown dtype code ${code} (1 float32, 2 float64)`);
    if (v.getUint16(6, true) !== 0 || v.getUint32(20, true) !== 0) bad(6, 'reserved bytes are not zero');
    const d = v.getUint32(8, true), ell = v.getUint32(12, true), filled = v.getUint32(16, true);
    if (d < 1 || d > 2 ** 31 - 1) bad(8, `d = ${d} is not in [1, 2^31)`);
    if (ell < 1 || ell > 2 ** 30 - 1) bad(12, `ell = ${ell} is not in [1, 2^30)`);
    if (filled > ell) bad(16, `${filled} stored rows is more than ell = ${ell}`);
    const dtype: DType = code === 1 ? 'float32' : 'float64';
    const bpe = bytesPerElement(dtype);
    const want = HEADER + filled * d * bpe + 4;
    if (n !== want) bad(Math.min(n, want), `${n} bytes, but a ${filled} × ${d} ${dtype} sketch takes ${want} (${n < want ? 'truncated' : 'trailing bytes'})`);
    if (v.getUint32(n - 4, true) !== crc32(b, n - 4)) bad(n - 4, 'checksum mismatch (the bytes were corrupted)');
    const seen = v.getFloat64(24, true), delta = v.getFloat64(32, true);
    if (!Number.isSafeInteger(seen) || seen < filled) bad(24, `rows seen = ${seen} is not an integer ≥ the ${filled} stored rows`);
    if (!(Number.isFinite(delta) && delta >= 0)) bad(32, `the error bound ${delta} is not a finite number ≥ 0`);
    // The buffer (2·ell × d) is allocated only now, after the sizes were checked against the length.
    const fd = new FrequentDirections(d, ell, { dtype });
    for (let i = 0; i < filled * d; i++) {
      const x = bpe === 4 ? v.getFloat32(HEADER + 4 * i, true) : v.getFloat64(HEADER + 8 * i, true);
      if (!Number.isFinite(x)) bad(HEADER + bpe * i, 'a sketch entry is NaN or infinite');
      fd.#buf[i] = x;
    }
    fd.#filled = filled;
    fd.#seen = seen;
    fd.#delta = delta;
    return fd;
  }

  /** Copies r rows (row stride `stride`) in, shrinking whenever the 2ℓ-row buffer fills. */
  #append(src: FloatArray, stride: number, r: number, what: string): void {
    const d = this.d, cap = 2 * this.ell;
    let i = 0;
    while (i < r) {
      if (this.#filled === cap) this.#shrink(what);
      const take = Math.min(r - i, cap - this.#filled);
      for (let t = 0; t < take; t++) {
        const from = (i + t) * stride, to = (this.#filled + t) * d;
        copyInto(this.#buf, subarrayOfArray(src, from, from + d), to);
      }
      this.#filled += take;
      i += take;
    }
  }

  /** Brings the buffer to at most ℓ rows (see the header comment). */
  #shrink(what: string): void {
    const r = this.#filled, d = this.d, ell = this.ell;
    if (r <= ell) return;
    const B = new Matrix(r, d, this.#buf.subarray(0, r * d));
    const G = matmul(B, B, { transB: true }); // r × r
    const w = new Float64Array(r), U = newArray(this.dtype, r * r);
    eighKernel(r, G.data, r, w, U, what); // ascending; eigenvector i in column i
    if (!w.every(Number.isFinite)) throw new ValueError(`${what}: the rows are too large: their Gram matrix overflows ${this.dtype}`);
    const delta = Math.max(w[r - 1 - ell], 0); // the (ℓ+1)-th largest
    // W (ℓ × r): row i = √((λ−δ)₊/λ) · (eigenvector of the i-th largest)ᵀ.
    const W = newArray(this.dtype, ell * r);
    for (let i = 0; i < ell; i++) {
      const lam = w[r - 1 - i];
      const c = lam > delta && lam > 0 ? Math.sqrt((lam - delta) / lam) : 0;
      if (c === 0) continue;
      for (let t = 0; t < r; t++) W[i * r + t] = c * U[t * r + (r - 1 - i)];
    }
    const next = matmul(new Matrix(ell, r, W), B); // ℓ × d
    this.#buf.fill(0);
    this.#buf.set(next.data, 0);
    this.#filled = ell;
    this.#delta += delta;
  }
}

/** `this` when it is a real FrequentDirections (methods called on a look-alike throw). */
function self(fd: unknown, method: string): FrequentDirections {
  if (typeof fd !== 'object' || fd === null || !built.has(fd)) throw new ValueError(`FrequentDirections.${method}: called on ${describe(fd)}, not a FrequentDirections`);
  return fd as FrequentDirections;
}

const MAGIC = Uint8Array.of(0x53, 0x4b, 0x46, 0x44); // 'SKFD'
const VERSION = 1;
/** magic 4, version 1, dtype 1, reserved 2, d 4, ell 4, rows 4, reserved 4, seen 8, delta 8. */
const HEADER = 40;

let crcTable: Uint32Array | undefined;
/** CRC-32 (IEEE 802.3, reflected, as zlib) of bytes [0, end). */
function crc32(bytes: Uint8Array, end: number): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
