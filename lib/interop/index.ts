/**
 * Adapters between sketchmat's Matrix and the array types of other libraries:
 * ml-matrix, ndarray, onnxruntime Tensors and TensorFlow.js tensors.
 *
 * None of those packages is a dependency (they are optional peers). Reading
 * one goes by its documented shape (duck typing), so a copy of the package
 * bundled elsewhere still works; building one takes the caller's own class or
 * namespace, so this module never imports or requires them and bundlers pull
 * in nothing. Zero copy where the layouts agree: ndarray and onnxruntime
 * views of row-major float32/float64 data share memory both ways; ml-matrix
 * keeps one array per row and TF.js keeps data inside its backend, so those
 * are copies.
 */
import { DType, FloatArray, checkDType, describe, lengthOfArray, newArray, subarrayOfArray, typedArrayKind } from '../dtype';
import { DTypeError, ShapeError, ValueError, readingCallerValue } from '../errors';
import { Matrix, isMatrix } from '../matrix';
import { checkAllocation, checkDim, checkOptions } from '../validate';

export type InteropKind = 'sketchmat' | 'ml-matrix' | 'ndarray' | 'onnxruntime' | 'tfjs';

export interface ToMatrixOptions {
  /**
   * The dtype of the result. By default float32/float64 data keeps its own
   * dtype and integer data (ndarray, onnxruntime) becomes float64. Asking for
   * another dtype than the data's is a conversion, hence a copy.
   */
  dtype?: DType;
  /** Copy even when the layout would allow a view (default false). */
  copy?: boolean;
}

type Obj = Record<string, unknown>;
const read = <T>(what: string, f: () => T): T => readingCallerValue(what, f);

/** Which library `x` comes from, by its documented fields; undefined when none matches. */
export function kindOf(x: unknown): InteropKind | undefined {
  if (isMatrix(x)) return 'sketchmat';
  if (x === null || typeof x !== 'object') return undefined;
  const o = x as Obj;
  return read('interop.kindOf: reading the value', () => {
    if (typeof o.dataSync === 'function' && Array.isArray(o.shape) && typeof o.dtype === 'string') return 'tfjs';
    if (Array.isArray(o.dims) && typeof o.type === 'string' && 'data' in o) return 'onnxruntime';
    if (Array.isArray(o.shape) && Array.isArray(o.stride) && typeof o.offset === 'number' && 'data' in o) return 'ndarray';
    if (typeof o.rows === 'number' && typeof o.columns === 'number' && typeof o.get === 'function') return 'ml-matrix';
    return undefined;
  });
}

/**
 * A sketchmat Matrix from a Matrix, an ml-matrix Matrix, a 2-D ndarray, a 2-D
 * onnxruntime Tensor or a 2-D TF.js tensor (read with dataSync; use
 * `toMatrixAsync` for tensors on a GPU backend).
 *
 * @throws ValueError when `x` is none of those; ShapeError when it is not 2-D;
 *   DTypeError for element types that are not numbers (strings, bool, complex).
 */
export function toMatrix(x: unknown, options?: ToMatrixOptions): Matrix {
  const o = checkOptions<ToMatrixOptions>(options, 'interop.toMatrix', ['dtype', 'copy']);
  const want = o.dtype === undefined ? undefined : checkDType(o.dtype, 'interop.toMatrix');
  const copy = o.copy === undefined ? false : o.copy === true ? true : badCopy(o.copy);
  switch (kindOf(x)) {
    case 'sketchmat': return fromFlat(x as Matrix, want, copy);
    case 'ml-matrix': return fromMlMatrix(x as Obj, want);
    case 'ndarray': return fromNdarray(x as Obj, want, copy);
    case 'onnxruntime': return fromOnnx(x as Obj, want, copy);
    case 'tfjs': return fromTf(x as Obj, want, (t) => read('interop.toMatrix: tensor.dataSync()', () => (t.dataSync as () => unknown)()));
    default:
      throw new ValueError(
        `interop.toMatrix: expected a sketchmat Matrix, an ml-matrix Matrix, an ndarray, an onnxruntime Tensor or a TF.js tensor, got ${describe(x)}`,
      );
  }
}

/** `toMatrix` that reads TF.js tensors with `await tensor.data()`, which works on GPU backends too. */
export async function toMatrixAsync(x: unknown, options?: ToMatrixOptions): Promise<Matrix> {
  if (kindOf(x) !== 'tfjs') return toMatrix(x, options);
  const o = checkOptions<ToMatrixOptions>(options, 'interop.toMatrixAsync', ['dtype', 'copy']);
  const want = o.dtype === undefined ? undefined : checkDType(o.dtype, 'interop.toMatrixAsync');
  const t = x as Obj;
  const data = await read('interop.toMatrixAsync: tensor.data()', () => (t.data as () => Promise<unknown>)());
  return fromTf(t, want, () => data);
}

function badCopy(v: unknown): never {
  throw new ValueError(`interop.toMatrix: copy must be a boolean, got ${describe(v)}`);
}

function shape2(what: string, shape: unknown): [number, number] {
  const s = read(`${what}: reading its shape`, () => (Array.isArray(shape) ? [...shape] : undefined));
  if (!s || s.length !== 2) {
    throw new ShapeError(`${what}: expected 2 dimensions, got ${s ? `shape [${s.join(', ')}]` : describe(shape)}`);
  }
  return [checkDim(Number(s[0]), `${what}: rows`), checkDim(Number(s[1]), `${what}: cols`)];
}

/** Converts (or views) row-major data of any numeric typed array into a Matrix. */
function fromTyped(what: string, data: unknown, rows: number, cols: number, rowStride: number, offset: number, want: DType | undefined, copy: boolean): Matrix {
  const kind = typedArrayKind(data);
  if (!kind || kind === 'BigInt64Array' || kind === 'BigUint64Array' || kind === 'DataView') {
    throw new DTypeError(`${what}: data must be a numeric typed array, got ${describe(data)}`);
  }
  const src = data as ArrayLike<number> & ArrayBufferView;
  const extent = rows === 0 || cols === 0 ? 0 : (rows - 1) * rowStride + cols;
  if (offset + extent > lengthOfArray(src)) {
    throw new ShapeError(`${what}: a ${rows}×${cols} view at offset ${offset} needs ${offset + extent} elements, data has ${lengthOfArray(src)}`);
  }
  const own: DType | undefined = kind === 'Float32Array' ? 'float32' : kind === 'Float64Array' ? 'float64' : undefined;
  const dtype = want ?? own ?? 'float64';
  if (!copy && own === dtype) {
    return new Matrix(rows, cols, subarrayOfArray(src, offset, offset + extent) as unknown as FloatArray, { rowStride: rows > 1 ? rowStride : cols });
  }
  checkAllocation(rows, cols, what);
  const out = newArray(dtype, rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = src[offset + i * rowStride + j];
  }
  return new Matrix(rows, cols, out);
}

function fromFlat(M: Matrix, want: DType | undefined, copy: boolean): Matrix {
  if (!copy && (want === undefined || want === M.dtype)) return M;
  return fromTyped('interop.toMatrix', M.data, M.rows, M.cols, M.rowStride, 0, want, true);
}

function fromMlMatrix(m: Obj, want: DType | undefined): Matrix {
  const what = 'interop.toMatrix(ml-matrix Matrix)';
  const [rows, cols] = shape2(what, read(what, () => [m.rows, m.columns]));
  checkAllocation(rows, cols, what);
  const out = newArray(want ?? 'float64', rows * cols);
  const get = m.get as (i: number, j: number) => unknown;
  read(what, () => {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[i * cols + j] = Number(get.call(m, i, j));
    }
  });
  return new Matrix(rows, cols, out);
}

function fromNdarray(a: Obj, want: DType | undefined, copy: boolean): Matrix {
  const what = 'interop.toMatrix(ndarray)';
  const [rows, cols] = shape2(what, read(what, () => a.shape));
  const stride = read(what, () => [...(a.stride as number[])]);
  const offset = checkDim(read(what, () => a.offset), `${what}: offset`);
  const data = read(what, () => a.data);
  if (stride.length !== 2 || !stride.every((s) => Number.isInteger(s))) {
    throw new ShapeError(`${what}: expected 2 integer strides, got [${stride.join(', ')}]`);
  }
  const [s0, s1] = stride;
  if (s1 === 1 && s0 >= cols) return fromTyped(what, data, rows, cols, s0, offset, want, copy);
  // Column-major, transposed or negative strides: read entry by entry.
  const kind = typedArrayKind(data);
  if (!kind || kind === 'BigInt64Array' || kind === 'BigUint64Array') {
    throw new DTypeError(`${what}: data must be a numeric typed array, got ${describe(data)}`);
  }
  const src = data as ArrayLike<number> & ArrayBufferView;
  const n = lengthOfArray(src);
  checkAllocation(rows, cols, what);
  const out = newArray(want ?? (kind === 'Float32Array' ? 'float32' : 'float64'), rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = offset + i * s0 + j * s1;
      if (!(k >= 0 && k < n)) throw new ShapeError(`${what}: entry (${i}, ${j}) lies at index ${k}, outside data of length ${n}`);
      out[i * cols + j] = src[k];
    }
  }
  return new Matrix(rows, cols, out);
}

const ONNX_NUMERIC = new Set(['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32']);

function fromOnnx(t: Obj, want: DType | undefined, copy: boolean): Matrix {
  const what = 'interop.toMatrix(onnxruntime Tensor)';
  const type = read(what, () => String(t.type));
  if (!ONNX_NUMERIC.has(type)) throw new DTypeError(`${what}: tensor type '${type}' is not supported (numbers up to 32 bits)`);
  const [rows, cols] = shape2(what, read(what, () => t.dims));
  return fromTyped(what, read(what, () => t.data), rows, cols, cols, 0, want, copy);
}

function fromTf(t: Obj, want: DType | undefined, values: (t: Obj) => unknown): Matrix {
  const what = 'interop.toMatrix(TF.js tensor)';
  const dtype = read(what, () => String(t.dtype));
  if (dtype !== 'float32' && dtype !== 'int32') throw new DTypeError(`${what}: tensor dtype '${dtype}' is not supported (float32, int32)`);
  const [rows, cols] = shape2(what, read(what, () => t.shape));
  // TF.js may hand back its own backing store: copy so neither side sees the other's writes.
  return fromTyped(what, values(t), rows, cols, cols, 0, want ?? (dtype === 'float32' ? 'float32' : 'float64'), true);
}

/** The row-major elements of M with no gaps: M's own array when it is contiguous (a view), else a copy. */
function packed(M: Matrix): FloatArray {
  if (M.contiguous) return subarrayOfArray(M.data, 0, M.rows * M.cols);
  const out = newArray(M.dtype, M.rows * M.cols);
  for (let i = 0; i < M.rows; i++) out.set(subarrayOfArray(M.data, i * M.rowStride, i * M.rowStride + M.cols), i * M.cols);
  return out;
}

function checkSource(M: unknown, what: string): Matrix {
  if (!isMatrix(M)) throw new ValueError(`${what}: expected a sketchmat Matrix, got ${describe(M)}`);
  return M;
}

/** An ml-matrix Matrix (a copy; ml-matrix keeps one Float64Array per row). Pass its class: `toMlMatrix(M, Matrix)` from 'ml-matrix'. */
export function toMlMatrix<T>(M: Matrix, MlMatrix: { from1DArray(rows: number, cols: number, data: ArrayLike<number>): T }): T {
  const what = 'interop.toMlMatrix';
  const A = checkSource(M, what);
  if (typeof (MlMatrix as { from1DArray?: unknown } | null)?.from1DArray !== 'function') {
    throw new ValueError(`${what}: pass ml-matrix's Matrix class (import { Matrix } from 'ml-matrix'), got ${describe(MlMatrix)}`);
  }
  return MlMatrix.from1DArray(A.rows, A.cols, Float64Array.from(packed(A)));
}

/** A 2-D ndarray viewing M's own array (no copy; writes go both ways). Pass the ndarray function. */
export function toNdarray<T>(M: Matrix, ndarray: (data: FloatArray, shape: number[], stride: number[], offset: number) => T): T {
  const what = 'interop.toNdarray';
  const A = checkSource(M, what);
  if (typeof ndarray !== 'function') throw new ValueError(`${what}: pass the ndarray function (import ndarray from 'ndarray'), got ${describe(ndarray)}`);
  return ndarray(A.data, [A.rows, A.cols], [A.rows > 1 ? A.rowStride : A.cols, 1], 0);
}

/**
 * An onnxruntime Tensor of type float32/float64 and dims [rows, cols]: a view
 * of M's array when M is contiguous, else a packed copy. Pass the Tensor class
 * of whichever onnxruntime package you use (-node, -web, -common).
 */
export function toOnnxTensor<T>(M: Matrix, Tensor: new (type: DType, data: FloatArray, dims: number[]) => T): T {
  const what = 'interop.toOnnxTensor';
  const A = checkSource(M, what);
  if (typeof Tensor !== 'function') throw new ValueError(`${what}: pass the Tensor class (import { Tensor } from 'onnxruntime-node'), got ${describe(Tensor)}`);
  return new Tensor(A.dtype, packed(A), [A.rows, A.cols]);
}

export interface ToTfOptions {
  /**
   * TF.js has no float64: a float64 Matrix needs `{ dtype: 'float32' }` to
   * say the rounding is wanted (sketchmat never narrows silently).
   */
  dtype?: 'float32';
}

/** A 2-D TF.js tensor of M's values (a copy). Pass the tf namespace (or @tensorflow/tfjs-core). */
export function toTfTensor<T>(M: Matrix, tf: { tensor2d(values: Float32Array, shape: [number, number], dtype: 'float32'): T }, options?: ToTfOptions): T {
  const what = 'interop.toTfTensor';
  const A = checkSource(M, what);
  const o = checkOptions<ToTfOptions>(options, what, ['dtype']);
  if (o.dtype !== undefined && o.dtype !== 'float32') throw new DTypeError(`${what}: dtype must be 'float32' (TF.js has no float64), got ${describe(o.dtype)}`);
  if (typeof (tf as { tensor2d?: unknown } | null)?.tensor2d !== 'function') {
    throw new ValueError(`${what}: pass the TF.js namespace (import * as tf from '@tensorflow/tfjs'), got ${describe(tf)}`);
  }
  if (A.dtype === 'float64' && o.dtype !== 'float32') {
    throw new DTypeError(`${what}: TF.js has no float64; pass { dtype: 'float32' } to round M to float32`);
  }
  // A fresh array: TF.js's CPU backend keeps the array it is given, and a view of M would let writes to M change the tensor.
  const values = Float32Array.from(packed(A));
  return tf.tensor2d(values, [A.rows, A.cols], 'float32');
}
