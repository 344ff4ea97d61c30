/**
 * docs/ERRORS.md, row by row, for BLAST, CUR and fitBudget: non-matrices,
 * detached and shrunk buffers, bad options and sizes, NaN entries, signals,
 * huge sizes, on every backend.
 */
import { Matrix, structured, AbortError, DTypeError, FormatError, ShapeError, ValueError } from '../lib/api';
import type { LinearOperator } from '../lib/api';
import { forEachBackend, testBackends } from './support/backends';
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

/** 2 × 2 blocks of 3 × 2, rank 2: a 6 × 4 BLAST operator. */
function blast64(dtype: 'float32' | 'float64' = 'float64'): LinearOperator {
  return structured.blast({ blocks: 2, U: filled(6, 2, dtype, 1), V: filled(4, 2, dtype, 2), S: filled(4, 2, dtype, 3) });
}

const NOT_MATRICES: [string, () => unknown][] = [
  ['null', () => null],
  ['a number', () => 3],
  ['a plain object', () => ({ rows: 2, cols: 2, data: new Float64Array(4) })],
  ['a nested array', () => [[1, 2], [3, 4]]],
  ['a revoked Proxy', revoked],
  ['an operator lookalike', () => Object.create(Object.getPrototypeOf(blast64()))],
  ['Object.create(Matrix.prototype)', () => Object.create(Matrix.prototype)],
];

// The addon's SIMD cap and the selected backend are per process: leave the best native level selected for
// the fits below and for the files this jest worker runs next (the CLI tests compare a child process's
// uncapped answer with an in-process one).
afterAll(() => testBackends()[0]?.activate());

forEachBackend(() => {
  test.each(NOT_MATRICES)('%s where a matrix goes: a typed error', (_label, make) => {
    const op = blast64();
    const calls: (() => unknown)[] = [
      () => structured.blast({ blocks: 2, U: make() as Matrix, V: filled(4, 2, 'float64', 2), S: filled(4, 2, 'float64', 3) }),
      () => structured.blast({ blocks: 2, U: filled(6, 2, 'float64', 1), V: filled(4, 2, 'float64', 2), S: make() as Matrix }),
      () => structured.blast({ blocks: 2, U: [filled(3, 2, 'float64', 1), make() as Matrix], V: filled(4, 2, 'float64', 2), S: filled(4, 2, 'float64', 3) }),
      () => op.linear(make() as Matrix),
      () => op.matmul(make() as Matrix),
      () => op.transpose().linear(make() as Matrix),
      () => structured.cur(make() as Matrix, filled(2, 2, 'float64', 1), filled(2, 3, 'float64', 1)),
      () => structured.cur(filled(2, 2, 'float64', 1), make() as Matrix, filled(2, 3, 'float64', 1)),
      () => structured.fit(make() as Matrix, 'blast', { blocks: 1, rank: 1 }),
      () => structured.fit(make() as Matrix, 'cur', { rank: 1 }),
      () => structured.fitBudget(make() as Matrix, { params: 10 }),
    ];
    for (const call of calls) {
      let err: unknown;
      try { call(); } catch (e) { err = e; }
      expect(isContractError(err)).toBe(true);
      expect(err).toBeInstanceOf(ValueError);
    }
  });

  test('detached or shrunk buffers: refused when read; operators keep their own copies', () => {
    const U = filled(6, 2, 'float64', 1);
    const op = structured.blast({ blocks: 2, U, V: filled(4, 2, 'float64', 2), S: filled(4, 2, 'float64', 3) });
    const before = Array.from(op.toDense().data);
    detach(U.data);
    expect(Array.from(op.toDense().data)).toEqual(before);
    expect(() => structured.blast({ blocks: 2, U, V: filled(4, 2, 'float64', 2), S: filled(4, 2, 'float64', 3) })).toThrow(ValueError);
    const X = filled(2, 4, 'float64', 2);
    detach(X.data);
    expect(() => op.linear(X)).toThrow(ValueError);
    const buf = resizableBuffer(8 * 16, 8 * 16);
    const Y = new Matrix(4, 4, new Float64Array(buf));
    buf.resize(8 * 3);
    expect(() => op.linear(Y)).toThrow(ValueError);
    expect(() => structured.fit(Y, 'blast', { blocks: 2, rank: 1 })).toThrow(ValueError);
    expect(() => structured.fit(Y, 'cur', { rank: 1 })).toThrow(ValueError);
    expect(() => structured.fitBudget(Y, { params: 8 })).toThrow(ValueError);
    const C = filled(3, 2, 'float64', 4);
    const cop = structured.cur(C, filled(2, 2, 'float64', 5), filled(2, 3, 'float64', 6));
    const c0 = Array.from(cop.toDense().data);
    detach(C.data);
    expect(Array.from(cop.toDense().data)).toEqual(c0);
  });

  test('shapes and dtypes: ShapeError / DTypeError in the caller\'s words', () => {
    const op = blast64();
    expect(() => op.linear(filled(2, 3, 'float64', 1))).toThrow(/blast.linear: the operator is 6×4 but X is 2×3/);
    expect(() => op.linear(filled(2, 4, 'float32', 1))).toThrow(DTypeError);
    expect(() => op.matmul(filled(6, 2, 'float64', 1))).toThrow(ShapeError);
    const V = filled(4, 2, 'float64', 2), S = filled(4, 2, 'float64', 3);
    expect(() => structured.blast({ blocks: 2, U: filled(5, 2, 'float64', 1), V, S })).toThrow(/not a multiple of blocks = 2/);
    expect(() => structured.blast({ blocks: 2, U: filled(6, 3, 'float64', 1), V, S })).toThrow(ShapeError);
    expect(() => structured.blast({ blocks: 2, U: filled(6, 2, 'float64', 1), V, S: filled(3, 2, 'float64', 3) })).toThrow(/S must have blocks² = 4 rows/);
    expect(() => structured.blast({ blocks: 2, U: filled(6, 2, 'float32', 1), V, S })).toThrow(DTypeError);
    expect(() => structured.blast({ blocks: 2, U: [filled(3, 2, 'float64', 1)], V, S })).toThrow(/expected 2 blocks, got 1/);
    expect(() => structured.blast({ blocks: 2, U: [filled(3, 2, 'float64', 1), filled(2, 2, 'float64', 1)], V, S })).toThrow(ShapeError);
    expect(() => structured.blast({ blocks: 2, U: [filled(3, 2, 'float64', 1), filled(3, 2, 'float32', 1)], V, S })).toThrow(DTypeError);
    expect(() => structured.cur(filled(3, 2, 'float64', 1), filled(3, 2, 'float64', 1), filled(2, 4, 'float64', 1))).toThrow(ShapeError);
    expect(() => structured.cur(filled(3, 2, 'float64', 1), filled(2, 2, 'float64', 1), filled(3, 4, 'float64', 1))).toThrow(ShapeError);
    expect(() => structured.cur(filled(3, 2, 'float64', 1), filled(2, 2, 'float32', 1), filled(2, 4, 'float64', 1))).toThrow(DTypeError);
    const W = filled(6, 9, 'float64', 1);
    expect(() => structured.fit(W, 'blast', { blocks: 2, rank: 1 })).toThrow(/blocks = 2 must divide both sizes/);
    expect(() => structured.fit(W, 'blast', { blocks: 4, rank: 1 })).toThrow(ShapeError);
  });

  test('bad values and options: ValueError, getters that throw wrapped', () => {
    const V = filled(4, 2, 'float64', 2), S = filled(4, 2, 'float64', 3), U = filled(6, 2, 'float64', 1);
    for (const blocks of [0, -1, 1.5, NaN, '2', 2 ** 40, undefined, Infinity]) {
      expect(() => structured.blast({ blocks: blocks as number, U, V, S })).toThrow(ValueError);
    }
    expect(() => structured.blast(null as never)).toThrow(ValueError);
    expect(() => structured.blast({ blocks: 2, U, V, S, s: 1 } as never)).toThrow(ValueError);
    expect(() => structured.blast(throwingGetter('blocks') as never)).toThrow(ValueError);
    expect(() => structured.blast({ blocks: 2, U: revoked() as never, V, S })).toThrow(ValueError);
    const W = filled(8, 8, 'float64', 3);
    for (const rank of [-1, 9, 1.5, NaN, '1', undefined]) {
      expect(() => structured.fit(W, 'blast', { blocks: 2, rank: rank as number })).toThrow(ValueError);
      expect(() => structured.fit(W, 'cur', { rank: rank as number })).toThrow(ValueError);
    }
    for (const iters of [-1, 1.5, NaN, 1e9]) expect(() => structured.fit(W, 'blast', { blocks: 2, rank: 1, iters })).toThrow(ValueError);
    for (const seed of [-1, 0.5, 2 ** 53, NaN]) {
      expect(() => structured.fit(W, 'blast', { blocks: 2, rank: 1, seed })).toThrow(ValueError);
      expect(() => structured.fit(W, 'cur', { rank: 1, seed })).toThrow(ValueError);
    }
    expect(() => structured.fit(W, 'cur', { rank: 2, blocks: 2 } as never)).toThrow(/unknown option "blocks"/);
    expect(() => structured.fit(W, 'blast', { rank: 2 })).toThrow(ValueError);
    expect(() => structured.fit(W, 'blast', throwingGetter('rank') as never)).toThrow(ValueError);
    // fitBudget: exactly one of params / flops, a finite number ≥ 0
    for (const b of [{}, { params: 10, flops: 10 }, { params: -1 }, { params: NaN }, { flops: Infinity }, { params: '10' }, { param: 10 }, null, 3]) {
      expect(() => structured.fitBudget(W, b as never)).toThrow(ValueError);
    }
    expect(() => structured.fitBudget(W, throwingGetter('params') as never)).toThrow(ValueError);
    // a budget below every structure: a ValueError naming the cheapest
    // (with blockSparse on main, any budget > 0 can keep an empty block set, so the budget here is 0)
    expect(() => structured.fitBudget(W, { params: 0 })).toThrow(/nothing tried fits within params = 0/);
    expect(() => blast64().flops(-1)).toThrow(ValueError);
  });

  test('NaN and Inf: products propagate them; fits of a non-finite W', () => {
    const op = structured.blast({ blocks: 2, U: filled(4, 1, 'float64', 1), V: filled(4, 1, 'float64', 2), S: filled(4, 1, 'float64', 3) });
    const X = filled(2, 4, 'float64', 4);
    X.set(1, 0, NaN);
    const Y = op.linear(X);
    for (let j = 0; j < 4; j++) expect(Number.isFinite(Y.get(0, j))).toBe(true);
    // Sample 1's entry 0 (column block 0) reaches every output through V_0ᵀx_0.
    for (let j = 0; j < 4; j++) expect(Y.get(1, j)).toBeNaN();
    const W = filled(8, 8, 'float64', 3);
    W.set(2, 3, NaN);
    // The fits compute with IEEE arithmetic (relError NaN) or refuse with a typed error; never an engine error.
    for (const [kind, o] of [['blast', { blocks: 2, rank: 2 }], ['cur', { rank: 2 }]] as const) {
      let r: { relError: number } | undefined, err: unknown;
      try { r = structured.fit(W, kind, o); } catch (e) { err = e; }
      if (err) expect(isContractError(err)).toBe(true);
      else expect(r!.relError).toBeNaN();
    }
    expect(() => structured.fitBudget(W, { params: 40 })).toThrow(/NaN or ±Inf/);
  });

  test('linearAsync: aborted before and during; cancels reject with AbortError', async () => {
    const op = blast64();
    const ac = new AbortController();
    ac.abort();
    await expect(op.linearAsync(filled(2, 4, 'float64', 1), { signal: ac.signal })).rejects.toThrow(AbortError);
    await expect(op.linearAsync(filled(2, 4, 'float64', 1), { signal: 'x' as never })).rejects.toThrow(ValueError);
    const big = structured.blast({ blocks: 4, U: filled(400, 16, 'float64', 1), V: filled(400, 16, 'float64', 2), S: filled(16, 16, 'float64', 3) });
    const ac2 = new AbortController();
    const p = big.linearAsync(filled(2000, 400, 'float64', 5), { signal: ac2.signal });
    ac2.abort();
    await expect(p).rejects.toThrow(AbortError);
    // X changed after the call does not change the answer.
    const X = filled(3, 4, 'float64', 6);
    const want = Array.from(op.linear(X).data);
    const q = op.linearAsync(X);
    X.data.fill(0);
    expect(Array.from((await q).data)).toEqual(want);
  });

  test('huge sizes: refused before allocation', () => {
    const op = blast64();
    expect(() => op.flops(2 ** 53)).toThrow(ValueError);
    // a BLAST of 2^16 blocks is past the factory's bound
    expect(() => structured.blast({ blocks: 2 ** 16, U: filled(0, 1, 'float64', 1), V: filled(0, 1, 'float64', 1), S: filled(1, 1, 'float64', 1) })).toThrow(ValueError);
  });

  test('load: corrupt blast / cur nodes are FormatErrors', () => {
    const good = structured.save(blast64());
    const text = new TextDecoder().decode(good);
    const tamper = (from: string, to: string) => {
      const t = text.replace(from, to);
      const n = Number(new DataView(good.buffer, good.byteOffset).getBigUint64(0, true));
      const header = t.slice(8, 8 + n + (t.length - text.length));
      const bytes = new TextEncoder().encode(header);
      const out = new Uint8Array(8 + bytes.length + good.length - 8 - n);
      new DataView(out.buffer).setBigUint64(0, BigInt(bytes.length), true);
      out.set(bytes, 8);
      out.set(good.subarray(8 + n), 8 + bytes.length);
      return out;
    };
    expect(() => structured.load(tamper('\\"blocks\\":2', '\\"blocks\\":3'))).toThrow(FormatError);
    expect(() => structured.load(tamper('\\"blocks\\":2', '\\"blocks\\":0'))).toThrow(FormatError);
    expect(() => structured.load(tamper('\\"kind\\":\\"blast\\"', '\\"kind\\":\\"blasts\\"'))).toThrow(FormatError);
    const cur = structured.fit(filled(6, 5, 'float64', 1), 'cur', { rank: 2 }).op;
    const ctext = new TextDecoder().decode(structured.save(cur));
    expect(ctext).toContain('columns');
  });
});
