/**
 * Hostile cases for the FFT and N:M kernels' operators (toeplitz, circulant,
 * nmSparse) and their C entries: bad vectors and options, NaN and Inf
 * entries, detached inputs, lying subclasses, corrupt saved files, and the
 * kernels called directly with inconsistent sizes (SKM_EINVAL, outputs
 * untouched), on every backend.
 */
import { CsrMatrix, Matrix, structured, io, DTypeError, FormatError, ShapeError, ValueError } from '../lib/api';
import { callKernel, input, output } from '../lib/backend/kernel';
import { forEachBackend } from './support/backends';
import { filled } from './support/data';
import { isContractError } from './support/contract';

function detach(a: ArrayBufferView): void {
  structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });
}

/** A Float64Array whose length getter lies (lib must never read it). */
class Liar extends Float64Array {
  override get length(): number { return 1e9; }
}

forEachBackend(() => {
  test('toeplitz/circulant: bad vectors give typed errors', () => {
    for (const bad of [null, 3, [1, 2], new Int32Array(3), { length: 2 }, 'ab']) {
      expect(() => structured.toeplitz(bad as never)).toThrow(DTypeError);
      expect(() => structured.circulant(bad as never)).toThrow(DTypeError);
      expect(() => structured.toeplitz(new Float64Array(2), bad as never)).toThrow(DTypeError);
    }
    expect(() => structured.toeplitz(new Float32Array(2), new Float64Array(2))).toThrow(DTypeError);
    expect(() => structured.toeplitz(new Float64Array(0), new Float64Array(3))).toThrow(ShapeError);
    const d = new Float64Array(4);
    detach(d);
    // A detached vector reads as empty: an empty operator, not a crash.
    const op = structured.circulant(d);
    expect(op.rows).toBe(0);
  });

  test('toeplitz/circulant: a lying subclass is read by its real length', () => {
    const c = new Liar([1, 2, 3]);
    const op = structured.circulant(c);
    expect(op.rows).toBe(3);
    expect(Array.from(op.toDense().data)).toEqual([1, 3, 2, 2, 1, 3, 3, 2, 1]);
    const T = structured.toeplitz(c, new Liar([1, 5]));
    expect([T.rows, T.cols]).toEqual([3, 2]);
  });

  test('toeplitz/circulant/nm: NaN and Inf propagate (no crash, no silent zero)', () => {
    const c = new Float64Array([1, NaN, 2, 3, 4]);
    const Y = structured.circulant(c).linear(filled(2, 5, 'float64', 1));
    expect(Array.from(Y.data).every((v) => Number.isNaN(v))).toBe(true);
    const X = filled(1, 5, 'float64', 2);
    X.data[1] = Infinity;
    const Z = structured.toeplitz(new Float64Array([1, 2, 3]), new Float64Array([1, 4, 5, 6, 7])).linear(X);
    expect(Array.from(Z.data).some((v) => !Number.isFinite(v))).toBe(true);
    const W = filled(2, 8, 'float32', 3);
    W.data[0] = NaN;
    const op = structured.nmSparse(W, { n: 2, m: 4 });
    expect(op.linear(filled(1, 8, 'float32', 4)).data.some((v) => Number.isNaN(v))).toBe(true);
  });

  test('products: wrong shapes, dtypes, non-matrices, detached inputs', () => {
    const ops = [
      structured.toeplitz(new Float32Array([1, 2, 3]), new Float32Array([1, 2])),
      structured.circulant(new Float32Array([1, 2, 3])),
      structured.nmSparse(filled(3, 4, 'float32', 1), { n: 2, m: 4 }),
    ];
    for (const op of ops) {
      expect(() => op.linear(filled(2, op.cols + 1, 'float32', 1))).toThrow(ShapeError);
      expect(() => op.linear(filled(2, op.cols, 'float64', 1))).toThrow(DTypeError);
      expect(() => op.matmul(filled(op.cols + 1, 2, 'float32', 1))).toThrow(ShapeError);
      expect(() => op.transpose().linear(filled(2, op.cols + 2, 'float32', 1))).toThrow(ShapeError);
      expect(() => op.linear({ rows: 1, cols: op.cols, data: new Float32Array(op.cols) } as never)).toThrow(ValueError);
      const X = filled(2, op.cols, 'float32', 2);
      detach(X.data);
      expect(() => op.linear(X)).toThrow();
      try { op.linear(X); } catch (e) { expect(isContractError(e)).toBe(true); }
    }
  });

  test('nmSparse: bad options and shapes', () => {
    const W = filled(2, 8, 'float64', 1);
    for (const o of [{ n: 0, m: 4 }, { n: 5, m: 4 }, { n: 2, m: 0 }, { n: 2, m: 256 }, { n: 1.5, m: 4 }, { n: NaN, m: 4 }, { n: 2 }, { n: 2, m: 4, extra: 1 }, null, 3]) {
      expect(() => structured.nmSparse(W, o as never)).toThrow(ValueError);
    }
    expect(() => structured.nmSparse(filled(2, 6, 'float64', 1), { n: 2, m: 4 })).toThrow(ShapeError);
  });

  test('load: corrupt toeplitz, circulant and nm files give typed errors', () => {
    const ops = [
      structured.toeplitz(new Float64Array([1, 2, 3]), new Float64Array([1, 4])),
      structured.circulant(new Float32Array([1, 2, 3, 4, 5])),
      structured.nmSparse(filled(3, 12, 'float64', 2), { n: 2, m: 4 }),
      structured.nmSparse(filled(2, 10, 'float32', 2), { n: 3, m: 5 }),
    ];
    for (const op of ops) {
      const bytes = structured.save(op);
      for (let cut = 0; cut < bytes.length; cut += 3) expect(() => structured.load(bytes.subarray(0, cut))).toThrow(FormatError);
      for (let at = 0; at < bytes.length; at++) {
        const b = bytes.slice();
        b[at] ^= 0x55;
        try {
          const back = structured.load(b);
          expect([back.rows, back.cols]).toEqual([op.rows, op.cols]);
          back.linear(filled(2, back.cols, back.dtype, 1));
        } catch (e) {
          expect(isContractError(e)).toBe(true);
        }
      }
    }
    const tree = (t: unknown, extra: Record<string, Matrix>) =>
      io.encodeSafetensors(extra, { metadata: { 'sketchmat.structured': JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 4, tree: t }) } });
    const values = { 't0.values': filled(1, 4, 'float64', 1) };
    // 2:4 positions: one byte a row (4 values × 2 bits); out of order, repeated, stray, short, long, not base64
    expect(structured.load(tree({ kind: 'nm', rows: 2, cols: 4, n: 2, m: 4, values: 't0.values', positions: btoa('\x0d\x0d') }, values)).rows).toBe(2);
    for (const positions of [btoa('\x01\x0d'), btoa('\x05\x0d'), btoa('\x0d'), btoa('\x0d\x0d\x00'), '!!', 7]) {
      expect(() => structured.load(tree({ kind: 'nm', rows: 2, cols: 4, n: 2, m: 4, values: 't0.values', positions }, values))).toThrow(FormatError);
    }
    // 1:3 at 2 bits: the pattern 3 is past m
    const v3 = { 't0.values': filled(1, 2, 'float64', 1) };
    const nm3 = (p: string) => io.encodeSafetensors(v3, { metadata: { 'sketchmat.structured': JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 3, tree: { kind: 'nm', rows: 2, cols: 3, n: 1, m: 3, values: 't0.values', positions: p } }) } });
    expect(structured.load(nm3(btoa('\x02\x01'))).rows).toBe(2);
    expect(() => structured.load(nm3(btoa('\x03\x01')))).toThrow(FormatError);
  });

  test('kernels called directly: inconsistent sizes are refused, outputs untouched', () => {
    const what = 'hostile';
    const plan = new Float64Array(16);
    expect(() => callKernel('skm_fft_conv_plan', [3, 1, input(new Float64Array(1), 1), output(new Float64Array(12), 12)], what)).toThrow();
    expect(() => callKernel('skm_fft_conv_plan', [4, 5, input(new Float64Array(5), 5), output(plan, 16)], what)).toThrow();
    callKernel('skm_fft_conv_plan', [4, 2, input(new Float64Array([1, 2]), 2), output(plan, 16)], what);
    const Y = new Float64Array(8).fill(7);
    const X = new Float64Array(8);
    // m > L, off ≥ L, ldx < n, trans not 0/1: each refused, Y untouched
    for (const args of [[0, 2, 5, 4, 0, 4], [0, 2, 4, 4, 4, 4], [2, 2, 4, 4, 0, 4], [0, 2, 4, 4, 0, 3]]) {
      const [trans, batch, m, n, off, L] = args;
      expect(() => callKernel('skm_fft_conv_f64', [trans, batch, m, n, off, L, input(plan, 16), input(X, 8), 4, output(Y, 8), 4], what)).toThrow();
      expect(Array.from(Y)).toEqual(new Array(8).fill(7));
    }
    const vals = new Float32Array(2), Yf = new Float32Array(2).fill(7);
    // m = 3 at 2 bits: pattern 3 is out of range — refused before anything is written
    expect(() => callKernel('skm_nm_sparse_f32', [0, 1, 2, 3, 1, 3, input(vals, 2), input(new Uint8Array([3, 0]), 2), input(new Float32Array(3), 3), 3, output(Yf, 2), 2], what)).toThrow();
    expect(Array.from(Yf)).toEqual([7, 7]);
    // cols not a multiple of m; n > m; m > 255
    for (const [cols, n, m] of [[6, 2, 4], [4, 5, 4], [256, 1, 256]]) {
      expect(() => callKernel('skm_nm_sparse_f32', [0, 1, 2, cols, n, m, input(vals, 2), input(new Uint8Array(2), 2), input(new Float32Array(cols), cols), cols, output(Yf, 2), 2], what)).toThrow();
    }
    expect(Array.from(Yf)).toEqual([7, 7]);
  });
  test('blockSparse / csr: bad specs give typed errors', () => {
    const ok = { rows: 4, cols: 6, blockSize: 2, indptr: [0, 1, 3], indices: [2, 0, 1], blocks: new Float64Array(12) };
    expect(structured.blockSparse(ok).params).toBe(12);
    const bad: [Record<string, unknown>, typeof ValueError | typeof ShapeError | typeof DTypeError][] = [
      [{ rows: 5 }, ShapeError], [{ blockSize: 0 }, ValueError], [{ blockSize: [2, 2, 2] }, ValueError], [{ blockSize: 4 }, ShapeError],
      [{ indptr: [0, 1] }, ShapeError], [{ indptr: [1, 1, 3] }, ValueError], [{ indptr: [0, 2, 1] }, ValueError], [{ indptr: [0, 1, 4] }, ShapeError],
      [{ indices: [3, 0, 1] }, ValueError], [{ indices: [-1, 0, 1] }, ValueError], [{ indices: [0.5, 0, 1] }, ValueError], [{ indices: 'abc' }, DTypeError],
      [{ indices: new Uint32Array([2 ** 31, 0, 1]) }, ValueError],
      [{ blocks: new Float64Array(11) }, ShapeError], [{ blocks: new Int32Array(12) }, DTypeError], [{ blocks: new Matrix(6, 1, new Float64Array(6)) }, ShapeError],
      [{ extra: 1 }, ValueError], [{ rows: -1 }, ValueError], [{ rows: NaN }, ValueError],
    ];
    for (const [change, E] of bad) expect(() => structured.blockSparse({ ...ok, ...change } as never)).toThrow(E);
    expect(() => structured.blockSparse(null as never)).toThrow(ValueError);
    const lying = [0, 1, 3];
    Object.defineProperty(lying, 1, { get: () => { throw new Error('boom'); } });
    expect(() => structured.blockSparse({ ...ok, indptr: lying })).toThrow(ValueError);
    for (const notCsr of [null, {}, filled(2, 2, 'float64', 1), { rows: 1, cols: 1, indptr: new Int32Array([0, 0]), indices: new Int32Array(0), data: new Float64Array(0) }]) {
      expect(() => structured.csr(notCsr as never)).toThrow(ValueError);
    }
    // A CsrMatrix whose arrays were changed after construction is checked again.
    const A = new CsrMatrix(2, 2, new Int32Array([0, 1, 2]), new Int32Array([0, 1]), new Float64Array([1, 2]));
    A.indices[1] = 7;
    expect(() => structured.csr(A)).toThrow(ValueError);
    for (const o of [{ blockSize: 2 }, { density: 0.5 }, { blockSize: 2, density: 1.5 }, { blockSize: 2, density: NaN }, { blockSize: 4, density: 0.5 }, { blockSize: 2, density: 0.5, n: 2 }]) {
      expect(() => structured.fit(filled(4, 6, 'float64', 1), 'blockSparse', o as never)).toThrow();
      try { structured.fit(filled(4, 6, 'float64', 1), 'blockSparse', o as never); } catch (e) { expect(isContractError(e)).toBe(true); }
    }
  });

  test('load: corrupt blockSparse and csr files give typed errors', () => {
    const ops = [
      structured.blockSparse({ rows: 4, cols: 6, blockSize: [2, 3], indptr: [0, 1, 3], indices: [1, 0, 1], blocks: new Float32Array(18).fill(0.5) }),
      structured.csr(new CsrMatrix(3, 3, new Int32Array([0, 2, 2, 3]), new Int32Array([2, 0, 1]), new Float64Array([1, 2, 3]))),
    ];
    for (const op of ops) {
      const bytes = structured.save(op);
      const back = structured.load(bytes);
      expect(Array.from(back.toDense().data)).toEqual(Array.from(op.toDense().data));
      for (let cut = 0; cut < bytes.length; cut += 3) expect(() => structured.load(bytes.subarray(0, cut))).toThrow(FormatError);
      for (let at = 0; at < bytes.length; at++) {
        const b = bytes.slice();
        b[at] ^= 0x21;
        try {
          const r = structured.load(b);
          expect([r.rows, r.cols]).toEqual([op.rows, op.cols]);
          r.linear(filled(2, r.cols, r.dtype, 1));
        } catch (e) {
          expect(isContractError(e)).toBe(true);
        }
      }
    }
    const i32 = (a: number[]) => btoa(String.fromCharCode(...new Uint8Array(new Int32Array(a).buffer)));
    const file = (node: Record<string, unknown>) => io.encodeSafetensors({ 't0.data': filled(1, 2, 'float64', 1) },
      { metadata: { 'sketchmat.structured': JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: { kind: 'csr', rows: 2, cols: 2, data: 't0.data', ...node } }) } });
    expect(structured.load(file({ indptr: i32([0, 1, 2]), indices: i32([1, 0]) })).rows).toBe(2);
    for (const node of [{ indptr: i32([0, 1, 3]), indices: i32([1, 0]) }, { indptr: i32([0, 1, 2]), indices: i32([2, 0]) }, { indptr: i32([0, 2, 1]), indices: i32([1, 0]) },
      { indptr: i32([1, 1, 2]), indices: i32([1, 0]) }, { indptr: 'AAA', indices: i32([1, 0]) }, { indptr: 5, indices: i32([1, 0]) }, { indptr: i32([0, 1, 2]), indices: i32([1, 0, 0]) }]) {
      expect(() => structured.load(file(node))).toThrow(FormatError);
    }
  });

  test('bsr kernel called directly: a bad structure is refused before anything is written', () => {
    const Y = new Float64Array(4).fill(7), X = new Float64Array(4), blocks = new Float64Array(8);
    const call = (indptr: number[], indices: number[], nnzb: number) => callKernel('skm_bsr_f64', [
      0, 1, 2, 2, 2, 2, nnzb, input(new Int32Array(indptr), 3), input(new Int32Array(indices), nnzb), input(blocks, nnzb * 4), input(X, 4), 4, output(Y, 4), 4,
    ], 'hostile');
    call([0, 1, 2], [1, 0], 2);
    Y.fill(7);
    for (const [indptr, indices] of [[[0, 1, 2], [2, 0]], [[0, 2, 1], [1, 0]], [[1, 1, 2], [1, 0]], [[0, 1, 2], [-1, 0]]]) {
      expect(() => call(indptr, indices, 2)).toThrow();
      expect(Array.from(Y)).toEqual([7, 7, 7, 7]);
    }
  });
});
