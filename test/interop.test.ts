/**
 * The adapters against the real packages (dev dependencies here, optional
 * peers for users): values, dtypes, shapes, and which directions share memory.
 */
import { Matrix as MlMatrix } from 'ml-matrix';
import ndarray from 'ndarray';
import { Tensor as OnnxTensor } from 'onnxruntime-common';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { DTypeError, Matrix, ShapeError, ValueError, interop, matmul } from '../lib/index';

const A = new Matrix(2, 3, new Float64Array([1, 2, 3, 4, 5, 6]));
const rowsOf = (M: Matrix) => Array.from({ length: M.rows }, (_, i) => Array.from({ length: M.cols }, (_, j) => M.get(i, j)));

beforeAll(async () => {
  // TF.js's CPU backend advises tfjs-node once per process; that advice is not for this test's output.
  jest.spyOn(console, 'warn').mockImplementation(() => {});
  await tf.setBackend('cpu');
});

describe('kindOf', () => {
  test('names each library by its fields and nothing else', () => {
    expect(interop.kindOf(A)).toBe('sketchmat');
    expect(interop.kindOf(new MlMatrix(2, 2))).toBe('ml-matrix');
    expect(interop.kindOf(ndarray(new Float64Array(4), [2, 2]))).toBe('ndarray');
    expect(interop.kindOf(new OnnxTensor('float32', new Float32Array(4), [2, 2]))).toBe('onnxruntime');
    expect(interop.kindOf(tf.zeros([2, 2]))).toBe('tfjs');
    for (const v of [null, undefined, 3, 'x', {}, [], new Float64Array(3)]) expect(interop.kindOf(v)).toBeUndefined();
  });
});

describe('ml-matrix', () => {
  test('round trip keeps values; both directions copy', () => {
    const m = interop.toMlMatrix(A, MlMatrix);
    expect(m.to2DArray()).toEqual(rowsOf(A));
    const B = interop.toMatrix(m);
    expect(B.dtype).toBe('float64');
    expect(rowsOf(B)).toEqual(rowsOf(A));
    m.set(0, 0, 99);
    expect(B.get(0, 0)).toBe(1);
    expect(interop.toMatrix(m, { dtype: 'float32' }).dtype).toBe('float32');
  });
  test('a strided float32 Matrix', () => {
    const S = new Matrix(2, 2, new Float32Array([1, 2, 0, 3, 4]), { rowStride: 3 });
    expect(interop.toMlMatrix(S, MlMatrix).to2DArray()).toEqual([[1, 2], [3, 4]]);
  });
  test('wrong class is a ValueError naming what to pass', () => {
    expect(() => interop.toMlMatrix(A, {} as never)).toThrow(/ml-matrix's Matrix class/);
  });
});

describe('ndarray', () => {
  test('row-major float arrays are views both ways', () => {
    const a = ndarray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    const M = interop.toMatrix(a);
    expect(M.dtype).toBe('float32');
    a.set(1, 2, 60);
    expect(M.get(1, 2)).toBe(60);
    const back = interop.toNdarray(M, ndarray);
    back.set(0, 0, 10);
    expect(M.get(0, 0)).toBe(10);
    expect(back.shape).toEqual([2, 3]);
  });
  test('offsets and row strides (a sub-block) are views too', () => {
    const big = ndarray(new Float64Array(Array.from({ length: 20 }, (_, i) => i)), [4, 5]);
    const sub = big.lo(1, 2).hi(2, 3); // rows 1..2, cols 2..4
    const M = interop.toMatrix(sub);
    expect(rowsOf(M)).toEqual([[7, 8, 9], [12, 13, 14]]);
    expect(M.rowStride).toBe(5);
    big.set(2, 4, -1);
    expect(M.get(1, 2)).toBe(-1);
  });
  test('transposed and negative strides are read entry by entry (a copy)', () => {
    const a = ndarray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    expect(rowsOf(interop.toMatrix(a.transpose(1, 0)))).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(rowsOf(interop.toMatrix(a.step(-1, -1)))).toEqual([[6, 5, 4], [3, 2, 1]]);
  });
  test('integer data becomes float64; copy: true copies', () => {
    const M = interop.toMatrix(ndarray(new Int16Array([1, -2, 3, 4]), [2, 2]));
    expect(M.dtype).toBe('float64');
    expect(rowsOf(M)).toEqual([[1, -2], [3, 4]]);
    const data = new Float64Array([1, 2, 3, 4]);
    const C = interop.toMatrix(ndarray(data, [2, 2]), { copy: true });
    data[0] = 9;
    expect(C.get(0, 0)).toBe(1);
  });
  test('1-D, 3-D, lying shapes and BigInt data are typed errors', () => {
    expect(() => interop.toMatrix(ndarray(new Float64Array(3), [3]))).toThrow(ShapeError);
    expect(() => interop.toMatrix(ndarray(new Float64Array(8), [2, 2, 2]))).toThrow(ShapeError);
    expect(() => interop.toMatrix({ data: new Float64Array(3), shape: [2, 3], stride: [3, 1], offset: 0 })).toThrow(ShapeError);
    expect(() => interop.toMatrix({ data: new BigInt64Array(4), shape: [2, 2], stride: [2, 1], offset: 0 })).toThrow(DTypeError);
    expect(() => interop.toMatrix({ data: new Float64Array(4), shape: [2, 2], stride: [2, 5], offset: 0 })).toThrow(/outside data/);
  });
});

describe('onnxruntime', () => {
  test('float tensors are views; dims and type carried', () => {
    const t = new OnnxTensor('float64', new Float64Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    const M = interop.toMatrix(t);
    expect([M.rows, M.cols, M.dtype]).toEqual([3, 2, 'float64']);
    (t.data as Float64Array)[5] = 60;
    expect(M.get(2, 1)).toBe(60);
    const back = interop.toOnnxTensor(M, OnnxTensor);
    expect(back.dims).toEqual([3, 2]);
    expect(back.type).toBe('float64');
    (back.data as Float64Array)[0] = 7;
    expect(M.get(0, 0)).toBe(7);
  });
  test('a strided Matrix becomes a packed copy; integer tensors are converted; strings refused', () => {
    const S = new Matrix(2, 2, new Float32Array([1, 2, 0, 3, 4]), { rowStride: 3 });
    expect(Array.from(interop.toOnnxTensor(S, OnnxTensor).data as Float32Array)).toEqual([1, 2, 3, 4]);
    expect(rowsOf(interop.toMatrix(new OnnxTensor('int32', new Int32Array([1, 2, 3, 4]), [2, 2])))).toEqual([[1, 2], [3, 4]]);
    expect(() => interop.toMatrix(new OnnxTensor('string', ['a', 'b'], [1, 2]))).toThrow(DTypeError);
  });
});

describe('TF.js', () => {
  test('float32 tensors round trip; float64 needs an explicit narrowing', async () => {
    const t = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const M = interop.toMatrix(t);
    expect(M.dtype).toBe('float32');
    expect(rowsOf(M)).toEqual(rowsOf(A));
    M.data[0] = 100; // a copy: the tensor keeps its value
    expect((await t.array())[0][0]).toBe(1);
    expect(rowsOf(await interop.toMatrixAsync(t))).toEqual(rowsOf(A));
    expect(() => interop.toTfTensor(A, tf)).toThrow(/no float64/);
    const back = interop.toTfTensor(A, tf, { dtype: 'float32' });
    expect(back.shape).toEqual([2, 3]);
    expect(await back.array()).toEqual(rowsOf(A));
  });
  test('bool and string tensors are refused', () => {
    expect(() => interop.toMatrix(tf.tensor2d([[true, false]], [1, 2], 'bool'))).toThrow(DTypeError);
  });
});

test('results feed the kernels like any Matrix', () => {
  const M = interop.toMatrix(ndarray(new Float64Array([1, 2, 3, 4]), [2, 2]));
  expect(rowsOf(matmul(M, M))).toEqual([[7, 10], [15, 22]]);
});

test('bad input is a typed error, never a crash', () => {
  expect(() => interop.toMatrix({ foo: 1 })).toThrow(ValueError);
  expect(() => interop.toMatrix(A, { dtype: 'int8' as never })).toThrow(DTypeError);
  expect(() => interop.toMatrix(A, { copyy: true } as never)).toThrow(/copy/);
  const hostile = { get shape(): number[] { throw new Error('boom'); }, stride: [1, 1], offset: 0, data: new Float64Array(1) };
  expect(() => interop.toMatrix(hostile)).toThrow(ValueError);
  expect(() => interop.toNdarray({} as never, ndarray)).toThrow(ValueError);
  expect(() => interop.toOnnxTensor(A, 3 as never)).toThrow(ValueError);
  const detached = new Float64Array(4);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  expect(() => interop.toMatrix({ dims: [2, 2], type: 'float64', data: detached })).toThrow(ShapeError);
});
