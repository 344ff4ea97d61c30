/**
 * docs/ERRORS.md, row by row, for the structured operators: non-matrices,
 * detached and shrunk buffers, lookalike operators, bad options and sizes,
 * NaN entries, signals, on every backend.
 */
import { Matrix, structured, io, AbortError, DTypeError, FormatError, ShapeError, ValueError } from '../lib/api';
import type { LinearOperator } from '../lib/api';
import { forEachBackend } from './support/backends';
import { filled } from './support/data';
import { isContractError } from './support/contract';
import { resizableBuffer } from './fuzz/entries';

function detach(a: ArrayBufferView): void {
  structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] });
}

class Mine extends Error {}
const throwingGetter = (key: string) => Object.defineProperty({}, key, { get: () => { throw new Mine('mine'); }, enumerable: true });

function revoked(): unknown {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function monarch4(): LinearOperator {
  return structured.monarch({ blocks: 2, L: filled(4, 2, 'float64', 1), R: filled(4, 2, 'float64', 2) });
}

const NOT_MATRICES: [string, () => unknown][] = [
  ['null', () => null],
  ['a number', () => 3],
  ['a plain object', () => ({ rows: 2, cols: 2, data: new Float64Array(4) })],
  ['a nested array', () => [[1, 2], [3, 4]]],
  ['a revoked Proxy', revoked],
  ['an operator lookalike', () => Object.create(Object.getPrototypeOf(monarch4()))],
  ['Object.create(Matrix.prototype)', () => Object.create(Matrix.prototype)],
];

forEachBackend(() => {
  test.each(NOT_MATRICES)('%s where a matrix or operator goes: a typed error', (_label, make) => {
    const op = monarch4();
    const calls: (() => unknown)[] = [
      () => structured.dense(make() as Matrix),
      () => structured.lowRank(make() as Matrix, filled(2, 1, 'float64', 1)),
      () => structured.product(make() as Matrix),
      () => structured.sum(op, make() as Matrix),
      () => structured.kronecker(make() as Matrix, op),
      () => structured.blockDiagonal(make() as Matrix),
      () => structured.transpose(make() as Matrix),
      () => structured.scale(2, make() as Matrix),
      () => op.linear(make() as Matrix),
      () => op.matmul(make() as Matrix),
      () => structured.monarch({ blocks: 2, L: make() as Matrix, R: filled(4, 2, 'float64', 2) }),
      () => structured.fit(make() as Matrix, 'lowRank', { rank: 1 }),
      () => structured.nmSparse(make() as Matrix, { n: 2, m: 4 }),
    ];
    for (const call of calls) {
      let err: unknown;
      try { call(); } catch (e) { err = e; }
      expect(isContractError(err)).toBe(true);
      expect(err).toBeInstanceOf(ValueError);
    }
  });

  test('detached or shrunk buffers: refused when read; an operator keeps its own copy', () => {
    const W = filled(4, 4, 'float64', 1);
    const op = structured.dense(W);
    detach(W.data);
    expect(op.toDense().get(1, 1)).toBe(filled(4, 4, 'float64', 1).get(1, 1));
    expect(() => structured.dense(W)).toThrow(ValueError);
    const X = filled(2, 4, 'float64', 2);
    detach(X.data);
    expect(() => op.linear(X)).toThrow(ValueError);
    expect(() => monarch4().linear(X)).toThrow(ValueError);
    const buf = resizableBuffer(8 * 16, 8 * 16);
    const Y = new Matrix(4, 4, new Float64Array(buf));
    buf.resize(8 * 3);
    expect(() => op.linear(Y)).toThrow(ValueError);
    expect(() => structured.fit(Y, 'monarch', { blocks: 2 })).toThrow(ValueError);
    const d = new Float64Array(3).fill(1);
    detach(d);
    expect(structured.diagonal(d).rows).toBe(0); // a detached vector reads as empty
  });

  test('shapes and dtypes: ShapeError / DTypeError in the caller\'s words', () => {
    const op = monarch4();
    expect(() => op.linear(filled(2, 3, 'float64', 1))).toThrow(/monarch.linear: the operator is 4×4 but X is 2×3/);
    expect(() => op.linear(filled(2, 4, 'float32', 1))).toThrow(DTypeError);
    expect(() => structured.monarch({ blocks: 3, L: filled(4, 2, 'float64', 1), R: filled(4, 2, 'float64', 2) })).toThrow(ShapeError);
    expect(() => structured.monarch({ blocks: 2, L: filled(4, 3, 'float64', 1), R: filled(4, 2, 'float64', 2) })).toThrow(ShapeError);
    expect(() => structured.monarch({ blocks: 2, L: [filled(2, 2, 'float64', 1)], R: filled(4, 2, 'float64', 2) })).toThrow(ShapeError);
    expect(() => structured.monarch({ blocks: 2, L: [filled(2, 2, 'float64', 1), filled(2, 2, 'float32', 1)], R: filled(4, 2, 'float64', 2) })).toThrow(DTypeError);
    expect(() => structured.diagonal(new Int32Array(3) as never)).toThrow(DTypeError);
    expect(() => structured.diagonal([1, 2] as never)).toThrow(DTypeError);
    expect(() => structured.toeplitz(new Float64Array(2), new Float32Array(2))).toThrow(DTypeError);
    expect(() => structured.toeplitz(new Float64Array(0), new Float64Array(2))).toThrow(ShapeError);
    expect(() => structured.nmSparse(filled(2, 6, 'float64', 1), { n: 2, m: 4 })).toThrow(ShapeError);
    expect(() => structured.fit(filled(6, 6, 'float64', 1), 'monarch', { blocks: 4 })).toThrow(ShapeError);
    expect(() => structured.fit(filled(6, 5, 'float64', 1), 'circulant')).toThrow(ShapeError);
    expect(() => structured.fit(filled(6, 6, 'float64', 1), 'kronecker', { shapes: [[2, 2], [2, 3]] })).toThrow(ShapeError);
    // a Kronecker product past 2^32 − 1 rows is refused before anything is formed
    const big = structured.diagonal(new Float64Array(70000));
    expect(() => structured.kronecker(big, big)).toThrow(ShapeError);
  });

  test('bad values and options: ValueError, getters that throw wrapped', () => {
    for (const blocks of [0, -1, 1.5, NaN, '2', 2 ** 40, undefined]) {
      expect(() => structured.monarch({ blocks: blocks as number, L: filled(4, 2, 'float64', 1), R: filled(4, 2, 'float64', 2) })).toThrow(ValueError);
    }
    expect(() => structured.monarch(null as never)).toThrow(ValueError);
    expect(() => structured.monarch({ blocks: 2, L: filled(4, 2, 'float64', 1), R: filled(4, 2, 'float64', 2), block: 1 } as never)).toThrow(/did you mean "blocks"/);
    expect(() => structured.monarch(throwingGetter('blocks') as never)).toThrow(ValueError);
    for (const p of [[0, 0], [0, 2], [0, 1.5], [0, NaN], [1, -1], revoked(), 'ab', null]) {
      expect(() => structured.permutation(p as never)).toThrow(ValueError);
    }
    expect(() => structured.permutation([1, 0], 'int8' as never)).toThrow();
    expect(() => structured.scale(NaN, monarch4())).toThrow(ValueError);
    expect(() => monarch4().flops(-1)).toThrow(ValueError);
    expect(() => monarch4().flops(0.5)).toThrow(ValueError);
    const W = filled(8, 8, 'float64', 3);
    expect(() => structured.fit(W, 'nope' as never)).toThrow(ValueError);
    expect(() => structured.fit(W, 'lowRank', { rank: 9 })).toThrow(ValueError);
    expect(() => structured.fit(W, 'lowRank', {})).toThrow(ValueError);
    expect(() => structured.fit(W, 'lowRank', { rank: 2, method: 'qr' as never })).toThrow(ValueError);
    expect(() => structured.fit(W, 'lowRank', throwingGetter('rank') as never)).toThrow(ValueError);
    expect(() => structured.fit(W, 'kronecker', { shapes: revoked() as never })).toThrow(ValueError);
    expect(() => structured.fit(W, 'kronecker', { shapes: [[2, 4]] as never })).toThrow(ValueError);
    expect(() => structured.fit(W, 'nm', { n: 5, m: 4 })).toThrow(ValueError);
    expect(() => structured.fit(W, 'nm', {})).toThrow(ValueError);
    expect(() => structured.fit(W, 'lowRank', { rank: 2, blocks: 2 } as never)).toThrow(/unknown option "blocks"/);
    expect(() => structured.nmSparse(W, { n: 2, m: 0 })).toThrow(ValueError);
  });

  test('NaN and Inf entries propagate through Monarch as IEEE arithmetic says', () => {
    const op = monarch4();
    const X = filled(3, 4, 'float64', 4);
    X.set(1, 2, NaN);
    const Y = op.linear(X);
    for (let j = 0; j < 4; j++) {
      expect(Number.isFinite(Y.get(0, j))).toBe(true);
      expect(Number.isFinite(Y.get(2, j))).toBe(true);
    }
    // Sample 1's entry 2 (block j1 = 1) reaches every output through z[:, 1]: all NaN.
    for (let j = 0; j < 4; j++) expect(Y.get(1, j)).toBeNaN();
  });

  test('linearAsync: signal checks; results never alias the input', async () => {
    const op = monarch4();
    const X = filled(2, 4, 'float64', 5);
    await expect(op.linearAsync(X, { signal: 'yes' as never })).rejects.toThrow(ValueError);
    await expect(op.linearAsync(X, { bogus: 1 } as never)).rejects.toThrow(ValueError);
    const ac = new AbortController();
    const p = op.linearAsync(X, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toThrow(AbortError);
    const Y = await op.linearAsync(X);
    expect(Y.data.buffer).not.toBe(X.data.buffer);
  });

  test('load: truncated, corrupted and foreign bytes give typed errors', () => {
    const op = structured.sum(monarch4(), structured.nmSparse(filled(4, 4, 'float64', 3), { n: 2, m: 4 }));
    const bytes = structured.save(op);
    for (let cut = 0; cut < bytes.length; cut++) {
      expect(() => structured.load(bytes.subarray(0, cut))).toThrow(FormatError);
    }
    // every single-byte change: a typed error or an operator of the saved shape, never a crash
    for (let at = 0; at < bytes.length; at++) {
      for (const flip of [1, 0x80]) {
        const b = bytes.slice();
        b[at] ^= flip;
        try {
          const back = structured.load(b);
          expect([back.rows, back.cols]).toEqual([4, 4]);
        } catch (e) {
          expect(isContractError(e)).toBe(true);
        }
      }
    }
    // a safetensors file without a tree, and trees that lie
    expect(() => structured.load(io.encodeSafetensors({ w: filled(2, 2, 'float64', 1) }))).toThrow(/not a file structured.save wrote/);
    const withTree = (tree: unknown, extra: Record<string, Matrix> = {}) =>
      io.encodeSafetensors({ 't0.W': filled(2, 2, 'float64', 1), ...extra }, { metadata: { 'sketchmat.structured': typeof tree === 'string' ? tree : JSON.stringify(tree) } });
    const dense = { kind: 'dense', W: 't0.W' };
    expect(structured.load(withTree({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: dense })).rows).toBe(2);
    for (const bad of [
      '{', 'null', '[]', JSON.stringify({ version: 2, dtype: 'float64', rows: 2, cols: 2, tree: dense }),
      JSON.stringify({ version: 1, dtype: 'float64', rows: 3, cols: 2, tree: dense }),
      JSON.stringify({ version: 1, dtype: 'float32', rows: 2, cols: 2, tree: dense }),
      JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: { kind: 'dense', W: 'nope' } }),
      JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: { kind: 'sum', of: [dense, dense] } }),
      JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: { kind: 'teapot' } }),
      JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: { kind: 'monarch', blocks: 0, L: 't0.W', R: 't0.W' } }),
      JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: { kind: 'permutation', dtype: 'float64', p: [0, 0] } }),
      JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: { kind: 'scale', alpha: 'x', of: dense } }),
      JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: { kind: 'product', of: [] } }),
      JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: Array.from({ length: 200 }).reduce((t) => ({ kind: 'transpose', of: t }), dense) }),
      JSON.stringify({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: { kind: 'nm', rows: 2, cols: 2, n: 1, m: 2, values: 't0.W', positions: 'AA==' } }),
    ]) {
      expect(() => structured.load(withTree(bad))).toThrow(FormatError);
    }
    // a tensor no node uses
    expect(() => structured.load(withTree({ version: 1, dtype: 'float64', rows: 2, cols: 2, tree: dense }, { extra: filled(1, 1, 'float64', 1) }))).toThrow(FormatError);
    for (const v of [null, 3, 'bytes', [1, 2], {}]) expect(() => structured.load(v as never)).toThrow(ValueError);
    expect(() => structured.save(filled(2, 2, 'float64', 1) as never)).toThrow(ValueError);
  });
});
