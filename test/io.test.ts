/**
 * File formats (lib/io): .npy bytes built by hand here (header text and
 * element bytes written with DataView, independent of the writer under
 * test), round trips of every dtype, order and header version, the real
 * files of ../shared/data against the tests' own reader, malformed files
 * with the byte offset in the error, CSV with the line, block readers and
 * atomic writers.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormatError, Matrix, ValueError, io } from '../lib/index';
import { readNpy as refReadNpy } from './support/npy';
import { filled } from './support/data';

const SHARED = join(__dirname, '..', '..', 'shared', 'data');
const SHARED_ALT = '/work/shared/data';
const dataDir = existsSync(SHARED) ? SHARED : SHARED_ALT;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sketchmat-io-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---- hand-built .npy bytes ----------------------------------------------------

/** A .npy file from its parts: header dict text as given, padded to `align` with spaces and '\n'. */
function npyBytes(dict: string, data: Uint8Array, version = 1, align = 64): Uint8Array {
  const start = version === 1 ? 10 : 12;
  const text = new TextEncoder().encode(dict);
  const total = Math.ceil((start + text.length + 1) / align) * align;
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, total - start, true);
  else dv.setUint32(8, total - start, true);
  out.set(text, start);
  out.fill(0x20, start + text.length, total - 1);
  out[total - 1] = 0x0a;
  out.set(data, total);
  return out;
}

interface Kind { descr: string; size: number; write: (dv: DataView, at: number, v: number) => void; values: number[] }
const LE = true;
const KINDS: Kind[] = [
  { descr: '<f4', size: 4, write: (d, a, v) => d.setFloat32(a, v, LE), values: [1.5, -0, NaN, Infinity, 3.4e38, 1e-45] },
  { descr: '<f8', size: 8, write: (d, a, v) => d.setFloat64(a, v, LE), values: [0.1, -0, NaN, -Infinity, 1e308, 5e-324] },
  { descr: '>f8', size: 8, write: (d, a, v) => d.setFloat64(a, v, false), values: [0.1, -2.5, 7, 1e-300] },
  { descr: '>f4', size: 4, write: (d, a, v) => d.setFloat32(a, v, false), values: [0.5, -2.5, 7, 1e-30] },
  { descr: '|i1', size: 1, write: (d, a, v) => d.setInt8(a, v), values: [-128, 127, 0, -1] },
  { descr: '<i2', size: 2, write: (d, a, v) => d.setInt16(a, v, LE), values: [-32768, 32767, 5] },
  { descr: '<i4', size: 4, write: (d, a, v) => d.setInt32(a, v, LE), values: [-(2 ** 31), 2 ** 31 - 1, 9] },
  { descr: '>i4', size: 4, write: (d, a, v) => d.setInt32(a, v, false), values: [-(2 ** 31), 2 ** 31 - 1, 9] },
  { descr: '<i8', size: 8, write: (d, a, v) => d.setBigInt64(a, BigInt(v), LE), values: [-(2 ** 53), 2 ** 53, 3, -1] },
  { descr: '|u1', size: 1, write: (d, a, v) => d.setUint8(a, v), values: [0, 255, 17] },
  { descr: '<u2', size: 2, write: (d, a, v) => d.setUint16(a, v, LE), values: [0, 65535] },
  { descr: '<u4', size: 4, write: (d, a, v) => d.setUint32(a, v, LE), values: [0, 2 ** 32 - 1] },
  { descr: '<u8', size: 8, write: (d, a, v) => d.setBigUint64(a, BigInt(v), LE), values: [0, 2 ** 53, 12] },
  { descr: '|b1', size: 1, write: (d, a, v) => d.setUint8(a, v), values: [0, 1, 1, 0] },
];

/** value of element (i, j) of a rows × cols test array of this kind. */
const valueAt = (k: Kind, i: number, j: number, cols: number) => k.values[(i * cols + j) % k.values.length];

function handBuilt(k: Kind, rows: number, cols: number, fortran: boolean, version: number): Uint8Array {
  const data = new Uint8Array(rows * cols * k.size);
  const dv = new DataView(data.buffer);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) k.write(dv, (fortran ? j * rows + i : i * cols + j) * k.size, valueAt(k, i, j, cols));
  }
  // NumPy's own spacing; the 1.0 files of older NumPy aligned to 16 bytes.
  const dict = `{'descr': '${k.descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${rows}, ${cols}), }`;
  return npyBytes(dict, data, version, version === 1 ? 16 : 64);
}

function expectSame(M: Matrix, expected: (i: number, j: number) => number, rows: number, cols: number): void {
  expect([M.rows, M.cols]).toEqual([rows, cols]);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const got = M.get(i, j), want = expected(i, j);
      if (!Object.is(got, want)) throw new Error(`(${i}, ${j}): got ${got}, expected ${want}`);
    }
  }
}

function formatError(f: () => unknown): FormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    expect(e).toBeInstanceOf(ValueError);
    expect((e as Error).name).toBe('FormatError');
    return e as FormatError;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

describe('npy: hand-built files of every dtype, order and header version', () => {
  const cases = KINDS.flatMap((k) => [false, true].flatMap((f) => [1, 2, 3].map((v) => [k.descr, f, v, k] as const)));
  test.each(cases)('%s fortran=%s v%s', (_d, fortran, version, k) => {
    for (const [rows, cols] of [[3, 5], [1, 1], [0, 4], [4, 0], [7, 2]]) {
      const M = io.parseNpy(handBuilt(k, rows, cols, fortran, version));
      expect(M.dtype).toBe(k.descr.endsWith('f4') ? 'float32' : 'float64');
      const want = (i: number, j: number) => (k.descr.endsWith('f4') ? Math.fround(valueAt(k, i, j, cols)) : valueAt(k, i, j, cols));
      expectSame(M, want, rows, cols);
    }
  });

  test('1-D is a column, 0-D a 1×1, more dimensions flatten into columns (C order)', () => {
    const f8 = (vals: number[]) => new Uint8Array(new Float64Array(vals).buffer);
    expect(io.parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", f8([1, 2, 3]))).toArray()).toEqual([[1], [2], [3]]);
    expect(io.parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", f8([4]))).toArray()).toEqual([[4]]);
    const M = io.parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2), }", f8([1, 2, 3, 4, 5, 6, 7, 8])));
    expect(M.toArray()).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
    // Key order, quotes and spacing as any writer may choose.
    const odd = npyBytes('{"shape":(2,1),"fortran_order":False,"descr":"<f8"}', f8([9, 8]));
    expect(io.parseNpy(odd).toArray()).toEqual([[9], [8]]);
  });

  test('accepts ArrayBuffer, Buffer and offset views', () => {
    const bytes = handBuilt(KINDS[1], 2, 3, false, 1);
    const inner = new Uint8Array(bytes.length + 7);
    inner.set(bytes, 3);
    for (const input of [bytes.buffer, Buffer.from(bytes), inner.subarray(3, 3 + bytes.length)]) {
      expect(io.parseNpy(input as Uint8Array).rows).toBe(2);
    }
  });
});

describe('npy: round trips through the writer', () => {
  const cases = (['float32', 'float64'] as const).flatMap((d) => [false, true].flatMap((f) => ([1, 2, 3] as const).map((v) => [d, f, v] as const)));
  test.each(cases)('%s fortran=%s v%s', (dtype, fortranOrder, version) => {
    for (const [rows, cols, stride] of [[5, 3, 4], [0, 3, 3], [3, 0, 0], [1, 1, 1], [13, 7, 9]]) {
      const M = filled(rows, cols, dtype, rows * 31 + cols, stride);
      if (rows * cols > 2) {
        M.set(0, 0, NaN);
        M.set(0, 1, -0);
        M.set(0, 2, -Infinity);
      }
      const bytes = io.encodeNpy(M, { version, fortranOrder });
      expect(bytes[6]).toBe(version);
      const start = version === 1 ? 10 : 12;
      const hlen = version === 1 ? bytes[8] | (bytes[9] << 8) : new DataView(bytes.buffer).getUint32(8, true);
      expect((start + hlen) % 64).toBe(0);
      const back = io.parseNpy(bytes);
      expect(back.dtype).toBe(dtype);
      expectSame(back, (i, j) => M.get(i, j), rows, cols);
      const file = join(dir, `rt-${dtype}-${fortranOrder}-${version}-${rows}x${cols}.npy`);
      io.writeNpy(file, M, { version, fortranOrder });
      expectSame(io.readNpy(file), (i, j) => M.get(i, j), rows, cols);
    }
  });
});

describe('npy: the real files in shared/data', () => {
  const files = ['embeddings/minilm_778x384.npy', 'tabular/sk_digits_1797x64.npy', 'weights/use_lite_attn_out_512x512.npy'];
  test.each(files)('%s equals the reference reader, whole and in blocks', (name) => {
    const path = join(dataDir, name);
    const ref = refReadNpy(path);
    const M = io.readNpy(path);
    expect(M.dtype).toBe(ref.dtype);
    expect(Buffer.from(M.data.buffer).equals(Buffer.from(ref.data.buffer))).toBe(true);
    const f = io.openNpy(path);
    try {
      expect([f.rows, f.cols, f.dtype]).toEqual([ref.rows, ref.cols, ref.dtype]);
      for (const [r0, r1] of [[0, 1], [5, 104], [ref.rows - 3, ref.rows], [7, 7]]) {
        const B = f.readRows(r0, r1);
        expect(Buffer.from(B.data.buffer).equals(Buffer.from(ref.data.buffer, r0 * ref.cols * B.data.BYTES_PER_ELEMENT, (r1 - r0) * ref.cols * B.data.BYTES_PER_ELEMENT))).toBe(true);
      }
    } finally {
      f.close();
    }
  });

  test('integer targets (<i8, 1-D) convert to float64 columns', () => {
    const path = join(dataDir, 'tabular/sk_digits_1797x64_target.npy');
    const T = io.readNpy(path);
    expect([T.rows, T.cols, T.dtype]).toEqual([1797, 1, 'float64']);
    const raw = require('node:fs').readFileSync(path) as Buffer;
    const start = 10 + raw.readUInt16LE(8);
    for (let i = 0; i < T.rows; i++) expect(T.get(i, 0)).toBe(Number(raw.readBigInt64LE(start + 8 * i)));
    expect(new Set(Array.from(T.data)).size).toBe(10);
  });
});

describe('npy: malformed files give a FormatError naming the byte offset', () => {
  const good = handBuilt(KINDS[1], 3, 4, false, 1); // 64-byte header (16-aligned: 80?) + 96 bytes of data
  const dataStart = 10 + (good[8] | (good[9] << 8));
  const header = (dict: string, data = new Uint8Array(0), version = 1) => npyBytes(dict, data, version);
  /** Byte offset of `what` in a version 1.0 file whose header text is `dict`. */
  const at = (dict: string, what: string) => 10 + dict.indexOf(what);
  const D = {
    syntax: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3 }",
    dtype: "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }",
    structured: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }",
    list: "{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3], }",
    negative: "{'descr': '<f8', 'fortran_order': False, 'shape': (-2, 3), }",
    order: "{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3), }",
    f3: "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 1, 1), }",
  };

  const cases: [string, () => Uint8Array, number, RegExp][] = [
    ['empty', () => new Uint8Array(0), 0, /ends after 0 bytes/],
    ['bad magic', () => Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x58, 1, 0, 0, 0]), 5, /magic/],
    ['a CSV file', () => new TextEncoder().encode('1,2,3\n4,5,6\n'), 0, /magic/],
    ['truncated in the version', () => good.subarray(0, 7), 7, /version/],
    ['version 4.0', () => Uint8Array.from([...good.subarray(0, 6), 4, 0, ...good.subarray(8)]), 6, /version 4\.0/],
    ['truncated in the header length', () => good.subarray(0, 9), 9, /header length/],
    ['truncated in the header', () => good.subarray(0, 30), 30, /inside the header/],
    ['truncated data', () => good.subarray(0, good.length - 5), good.length - 5, /truncated.*needs 96 bytes/],
    ['extra bytes after the data', () => Uint8Array.from([...good, 0, 0]), good.length, /2 bytes follow the data/],
    ['header is not a dict', () => header("['<f8', False, (1, 2)]"), 10, /expected a dict/],
    ['header syntax', () => header(D.syntax), at(D.syntax, '}'), /expected ',' or '\)'/],
    ['missing key', () => header("{'descr': '<f8', 'shape': (2,), }"), 10, /exactly the keys/],
    ['unknown dtype', () => header(D.dtype), at(D.dtype, "'descr'"), /unsupported dtype '<c16'/],
    ['structured dtype', () => header(D.structured), at(D.structured, "'descr'"), /structured dtypes/],
    ['shape not a tuple', () => header(D.list), at(D.list, "'shape'"), /tuple of non-negative/],
    ['negative dimension', () => header(D.negative), at(D.negative, "'shape'"), /tuple of non-negative/],
    ['fortran_order not a bool', () => header(D.order), at(D.order, "'fortran_order'"), /True or False/],
    ['3-D in Fortran order', () => header(D.f3, new Uint8Array(8)), at(D.f3, "'shape'"), /Fortran-order array of 3 dimensions/],
    ['a huge shape with no data', () => header("{'descr': '<f8', 'fortran_order': False, 'shape': (50000, 50000), }"), 0, /truncated/],
    ['v3 header that is not UTF-8', () => { const b = header("{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }", new Uint8Array(0), 3); b[14] = 0xff; return b; }, 12, /UTF-8/],
  ];
  test.each(cases)('%s', (_name, make, offset, message) => {
    const bytes = make();
    const e = formatError(() => io.parseNpy(bytes, { source: 'x.npy' }));
    expect(e.message).toMatch(message);
    expect(e.message.startsWith('x.npy: byte ')).toBe(true);
    expect(e.source).toBe('x.npy');
    if (_name !== 'a huge shape with no data') expect(e.offset).toBe(offset);
    expect(e.message).toContain(`byte ${e.offset}`);
    // The same bytes on disk: the block reader says the same.
    const file = join(dir, 'bad.npy');
    writeFileSync(file, bytes);
    const e2 = formatError(() => io.openNpy(file));
    expect(e2.offset).toBe(e.offset);
    expect(e2.message).toContain(file);
  });

  test('a shape past what a typed array holds is an OutOfMemoryError before any allocation', () => {
    expect(() => io.parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 2), }", new Uint8Array(0)))).toThrow(
      /more than the 4294967295/,
    );
  });

  test('the data start is checked: the header length field pointing past the end', () => {
    const b = good.slice();
    new DataView(b.buffer).setUint16(8, 60000, true);
    const e = formatError(() => io.parseNpy(b));
    expect(e.offset).toBe(b.length);
    expect(dataStart).toBeGreaterThan(10);
  });

  test('something that is not bytes is a ValueError', () => {
    for (const v of [null, 'abc', [1, 2], new DataView(new ArrayBuffer(4)), new Proxy(new Uint8Array(4), {})]) {
      expect(() => io.parseNpy(v as never)).toThrow(ValueError);
    }
  });
});

describe('npy: block reader and streaming writer', () => {
  test('readRows of C- and Fortran-order files of each dtype equal the whole file', () => {
    for (const k of [KINDS[0], KINDS[1], KINDS[2], KINDS[8], KINDS[13]]) {
      for (const fortran of [false, true]) {
        const bytes = handBuilt(k, 11, 3, fortran, 2);
        const file = join(dir, `blocks-${k.descr.replace(/[<>|]/, '')}-${fortran}.npy`);
        writeFileSync(file, bytes);
        const whole = io.parseNpy(bytes);
        const f = io.openNpy(file);
        for (const [r0, r1] of [[0, 11], [0, 4], [4, 9], [9, 11], [3, 3]]) {
          expectSame(f.readRows(r0, r1), (i, j) => whole.get(r0 + i, j), r1 - r0, 3);
        }
        const into = new Matrix(4, 3, whole.dtype === 'float32' ? new Float32Array(12) : new Float64Array(12));
        expect(f.readRows(2, 6, { out: into })).toBe(into);
        expectSame(into, (i, j) => whole.get(2 + i, j), 4, 3);
        expect(() => f.readRows(2, 5, { out: into })).toThrow(/rows 2\.\.5 need a contiguous 3×3/);
        expect(() => f.readRows(5, 12)).toThrow(ValueError);
        expect(() => f.readRows(5, 4)).toThrow(ValueError);
        f.close();
        expect(() => f.readRows(0, 1)).toThrow(/closed/);
      }
    }
  });

  test('openNpy of a file descriptor: rows read at offsets, the descriptor stays the caller\'s', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const file = join(dir, 'fd.npy');
    const M = filled(9, 4, 'float64', 3);
    io.writeNpy(file, M);
    const fd = fs.openSync(file, 'r');
    try {
      const f = io.openNpy(fd);
      expectSame(f.readRows(3, 7), (i, j) => M.get(3 + i, j), 4, 4);
      f.close();
      expect(fs.fstatSync(fd).size).toBeGreaterThan(0); // still open
    } finally {
      fs.closeSync(fd);
    }
    expect(() => io.openNpy(-1)).toThrow(ValueError);
  });

  test('NpyWriter: rows appended in blocks, header fixed at close, nothing under the name before', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const M = filled(37, 5, dtype, 9);
      const file = join(dir, `stream-${dtype}.npy`);
      const w = new io.NpyWriter(file, 5, dtype);
      for (let r = 0; r < 37; r += 10) {
        const n = Math.min(10, 37 - r);
        w.append(new Matrix(n, 5, M.data.subarray(r * 5, (r + n) * 5)));
        expect(existsSync(file)).toBe(false);
      }
      expect(() => w.append(filled(2, 4, dtype, 1))).toThrow(/4 columns, expected 5/);
      w.close();
      expectSame(io.readNpy(file), (i, j) => M.get(i, j), 37, 5);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
  });

  test('an aborted writer leaves neither the target nor its temporary file', () => {
    const file = join(dir, 'aborted.npy');
    const w = new io.NpyWriter(file, 2, 'float64');
    w.append(filled(3, 2, 'float64', 2));
    w.abort();
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('CSV', () => {
  test('numbers, an optional header, blank and comment lines, CRLF', () => {
    const t = io.parseCsv('x, y\r\n1,2\r\n\r\n# note\n-3.5e2 , .5\nNaN,-inf\n');
    expect(t.header).toEqual(['x', 'y']);
    expect(t.matrix.toArray()).toEqual([[1, 2], [-350, 0.5], [NaN, -Infinity]]);
    expect(io.parseCsv('1,2\n3,4').header).toBeUndefined();
    expect(io.parseCsv('1,2\n3,4', { header: true }).header).toEqual(['1', '2']);
    expect(io.parseCsv('1;2\n3;4\n', { delimiter: ';', dtype: 'float32' }).matrix.dtype).toBe('float32');
    expect(io.parseCsv('1\t2\n', { delimiter: '\t' }).matrix.toArray()).toEqual([[1, 2]]);
    expect(io.parseCsv('').matrix.rows).toBe(0);
    expect(io.parseCsv('a,b\n').matrix.cols).toBe(2);
  });

  test.each([
    ['1,2\n3,x\n', 2, /line 2: field 2: expected a number, got "x"/],
    ['a,b\n1,2\n\n3\n', 4, /line 4: expected 2 fields \(as in the first line, the header\), got 1/],
    ['1,2\n3,4,5\n', 2, /line 2: expected 2 fields \(as in the first row\), got 3/],
    ['1,2\n3,\n', 2, /field 2: expected a number, got an empty field/],
    ['1,2\n0x10,3\n', 2, /got "0x10"/],
  ])('%j: FormatError on line %d', (text, line, message) => {
    const e = formatError(() => io.parseCsv(text, { source: 'data.csv' }));
    expect(e.line).toBe(line);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`data.csv: line ${line}: `)).toBe(true);
  });

  test('round trips keep every bit (float32 written in its own shortest form)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const M = filled(20, 6, dtype, 4);
      M.set(0, 0, NaN);
      M.set(0, 1, -0);
      M.set(0, 2, Infinity);
      M.set(0, 3, dtype === 'float32' ? 1e-45 : 5e-324);
      M.set(0, 4, dtype === 'float32' ? 3.4028234663852886e38 : 1.7976931348623157e308);
      const text = io.formatCsv(M, { header: ['a', 'b', 'c', 'd', 'e', 'f'] });
      if (dtype === 'float32') expect(text).not.toMatch(/\d{10}/);
      const back = io.parseCsv(text, { dtype });
      expect(back.header).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      expectSame(back.matrix, (i, j) => M.get(i, j), 20, 6);
      const file = join(dir, `rt-${dtype}.csv`);
      io.writeCsv(file, M);
      expectSame(io.readCsv(file, { dtype }).matrix, (i, j) => M.get(i, j), 20, 6);
    }
    expect(() => io.formatCsv(Matrix.zeros(1, 2), { header: ['a,b', 'c'] })).toThrow(ValueError);
    expect(() => io.formatCsv(Matrix.zeros(1, 2), { header: ['a'] })).toThrow(/2 strings/);
  });

  test('the row parser gives the same rows for any split of the text, and blocks equal the whole file', () => {
    const M = filled(50, 4, 'float64', 8);
    const text = 'p,q,r,s\n' + io.formatCsv(M);
    for (const piece of [1, 3, 7, 64, 1000]) {
      const p = new io.CsvRowParser();
      const taken: number[][] = [];
      for (let i = 0; i < text.length; i += piece) {
        p.push(text.slice(i, i + piece));
        if (p.pendingRows >= 5) taken.push(...p.take(5).toArray());
      }
      p.end();
      taken.push(...p.take().toArray());
      expect(taken).toEqual(M.toArray());
      expect(p.header).toEqual(['p', 'q', 'r', 's']);
    }
    const file = join(dir, 'blocks.csv');
    writeFileSync(file, text);
    const reads: number[] = [];
    const blocks = [...io.readCsvBlocks(file, { blockRows: 7, onRead: (n, size) => reads.push(n / size) })];
    expect(reads[reads.length - 1]).toBe(1);
    expect(blocks.map((b) => b.rows)).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
    expect(blocks.flatMap((b) => b.toArray())).toEqual(M.toArray());
    const e = formatError(() => [...io.readCsvBlocks(join(dataDir, 'README.md'), { header: false })]);
    expect(e.message).toContain('README.md: line 3: field 1: expected a number');
  });
});

describe('safetensors', () => {
  /** A file from its parts: the JSON as given (spaces pad it to 8 bytes), then the data. */
  function stFile(header: object | string, data: Uint8Array): Uint8Array {
    const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
    const n = Math.ceil(json.length / 8) * 8;
    const out = new Uint8Array(8 + n + data.length).fill(0x20, 8 + json.length, 8 + n);
    new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
    out.set(json, 8);
    out.set(data, 8 + n);
    return out;
  }

  /** Hand-built: every dtype kind, 0-D to 3-D, tensors stored out of name order. */
  function handBuiltFile(): { bytes: Uint8Array; want: Record<string, { rows: number; cols: number; dtype: string; values: number[] }> } {
    const parts: [string, string, number[], (dv: DataView, at: number, v: number) => void, number, number[]][] = [
      ['w.f32', 'F32', [2, 3], (d, a, v) => d.setFloat32(a, v, true), 4, [1.5, -2, 3.25, NaN, Infinity, -0]],
      ['b.f64', 'F64', [3], (d, a, v) => d.setFloat64(a, v, true), 8, [0.1, 1e308, -5e-324]],
      ['h.f16', 'F16', [1, 5], (d, a, v) => d.setUint16(a, v, true), 2, [0x3e00, 0xc000, 0x7bff, 0x0001, 0x7c00]],
      ['g.bf16', 'BF16', [2], (d, a, v) => d.setUint16(a, v, true), 2, [0x3f80, 0xc060]],
      ['i.i64', 'I64', [2, 1, 2], (d, a, v) => d.setBigInt64(a, BigInt(v), true), 8, [-(2 ** 53), 7, 0, 2 ** 53]],
      ['s.i16', 'I16', [], (d, a, v) => d.setInt16(a, v, true), 2, [-300]],
      ['u.u8', 'U8', [2, 2], (d, a, v) => d.setUint8(a, v), 1, [0, 255, 1, 128]],
      ['m.bool', 'BOOL', [3], (d, a, v) => d.setUint8(a, v), 1, [1, 0, 1]],
      ['e.empty', 'F32', [0, 4], () => undefined, 4, []],
    ];
    const decoded: Record<string, number[]> = {
      'h.f16': [1.5, -2, 65504, 2 ** -24, Infinity],
      'g.bf16': [1, -3.5],
    };
    const total = parts.reduce((a, p) => a + p[4] * p[5].length, 0);
    const data = new Uint8Array(total);
    const dv = new DataView(data.buffer);
    const header: Record<string, object> = { __metadata__: { format: 'test' } };
    const want: Record<string, { rows: number; cols: number; dtype: string; values: number[] }> = {};
    let at = 0;
    for (const [name, dtype, shape, write, size, values] of parts) {
      values.forEach((v, i) => write(dv, at + i * size, v));
      header[name] = { dtype, shape, data_offsets: [at, at + size * values.length] };
      at += size * values.length;
      const rows = shape.length === 0 ? 1 : shape[0];
      const cols = shape.length <= 1 ? 1 : shape.slice(1).reduce((a, b) => a * b, 1);
      const float32 = dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
      want[name] = { rows, cols, dtype: float32 ? 'float32' : 'float64', values: (decoded[name] ?? values).map((v) => (float32 ? Math.fround(v) : v)) };
    }
    return { bytes: stFile(header, data), want };
  }

  test('hand-built file: every dtype, shape rule and the metadata; tensors picked by name', () => {
    const { bytes, want } = handBuiltFile();
    const all = io.parseSafetensors(bytes);
    expect(all.metadata).toEqual({ format: 'test' });
    expect(Object.keys(all.tensors).sort()).toEqual(Object.keys(want).sort());
    for (const [name, w] of Object.entries(want)) {
      const M = all.tensors[name];
      expect([name, M.rows, M.cols, M.dtype]).toEqual([name, w.rows, w.cols, w.dtype]);
      expectSame(M, (i, j) => w.values[i * w.cols + j], w.rows, w.cols);
    }
    const one = io.parseSafetensors(bytes, { tensors: ['h.f16'] });
    expect(Object.keys(one.tensors)).toEqual(['h.f16']);
    expect(() => io.parseSafetensors(bytes, { tensors: ['nope'] })).toThrow(/has no tensor "nope" \(it has "w\.f32", "b\.f64"/);
    expect(() => io.parseSafetensors(bytes, { tensors: 'w.f32' as never })).toThrow(ValueError);
    const file = join(dir, 'hand.safetensors');
    writeFileSync(file, bytes);
    expect(io.readSafetensorsHeader(file).tensors.map((t) => t.name)).toContain('i.i64');
    expectSame(io.readSafetensors(file, { tensors: ['i.i64'] }).tensors['i.i64'], (i, j) => want['i.i64'].values[i * 2 + j], 2, 2);
    const f = io.openSafetensors(file);
    expectSame(f.readRows('w.f32', 1, 2), (_i, j) => want['w.f32'].values[3 + j], 1, 3);
    expectSame(f.readRows('u.u8', 1, 2), (_i, j) => want['u.u8'].values[2 + j], 1, 2);
    expect(f.readRows('e.empty', 0, 0).cols).toBe(4);
    expect(() => f.readRows('w.f32', 1, 3)).toThrow(ValueError);
    f.close();
    expect(() => f.readRows('w.f32', 0, 1)).toThrow(/closed/);
  });

  test('round trips through the writer, in memory and on disk', () => {
    const tensors = { a: filled(5, 3, 'float32', 1, 4), 'b.weight': filled(1, 7, 'float64', 2), empty: filled(0, 2, 'float64', 3) };
    tensors.a.set(0, 0, NaN);
    const bytes = io.encodeSafetensors(tensors, { metadata: { who: 'sketchmat' } });
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0);
    for (const back of [io.parseSafetensors(bytes), (io.writeSafetensors(join(dir, 'rt.safetensors'), tensors, { metadata: { who: 'sketchmat' } }), io.readSafetensors(join(dir, 'rt.safetensors')))]) {
      expect(back.metadata).toEqual({ who: 'sketchmat' });
      for (const [name, M] of Object.entries(tensors)) {
        expect(back.tensors[name].dtype).toBe(M.dtype);
        expectSame(back.tensors[name], (i, j) => M.get(i, j), M.rows, M.cols);
      }
    }
    expect(() => io.encodeSafetensors({ x: new Float32Array(2) as never })).toThrow(/tensor "x" must be a Matrix/);
    expect(() => io.encodeSafetensors({ a: tensors.a }, { metadata: { n: 1 as never } })).toThrow(/metadata must be an object of strings/);
  });

  const data8 = new Uint8Array(8);
  const cases: [string, () => Uint8Array, (b: Uint8Array) => number, RegExp][] = [
    ['shorter than the length field', () => new Uint8Array(5), () => 5, /ends after 5 bytes/],
    ['a header length over 100 MB', () => { const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, 2n ** 40n, true); return b; }, () => 0, /over the 100 MB limit/],
    ['a header past the end', () => { const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, 100n, true); return b; }, () => 16, /ends inside the header/],
    ['JSON syntax', () => stFile('{"a": {"dtype": "F32",, }}', data8), () => 8 + '{"a": {"dtype": "F32",'.length, /not valid JSON/],
    ['not an object', () => stFile('[1, 2]', data8), () => 8, /must be a JSON object/],
    ['unsupported dtype', () => stFile({ a: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, data8), () => 8, /tensor "a": unsupported dtype "C64"/],
    ['bytes that do not match the shape', () => stFile({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, data8), (b) => b.length - 8, /tensor "a": shape \[3\] of F32 needs 12 bytes, but data_offsets give 8/],
    ['a gap', () => stFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, data8), (b) => b.length - 8, /starts at byte .*expected .*without gaps or overlaps/],
    ['overlapping tensors', () => stFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, data8), (b) => b.length - 4, /tensor "b" starts at byte/],
    ['truncated data', () => stFile({ a: { dtype: 'F64', shape: [2], data_offsets: [0, 16] } }, data8), (b) => b.length, /truncated: the tensors need data up to byte/],
    ['bytes after the data', () => stFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, data8), (b) => b.length - 4, /4 bytes follow the last tensor/],
    ['bad data_offsets', () => stFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, data8), () => 8, /data_offsets must be \[begin, end\]/],
    ['extra keys', () => stFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8], extra: 1 } }, data8), () => 8, /exactly the keys/],
  ];
  test.each(cases)('%s: FormatError at the byte', (_name, make, offset, message) => {
    const bytes = make();
    const e = formatError(() => io.parseSafetensors(bytes, { source: 'm.safetensors' }));
    expect(e.message).toMatch(message);
    expect(e.offset).toBe(offset(bytes));
    expect(e.message.startsWith(`m.safetensors: byte ${e.offset}: `)).toBe(true);
    const file = join(dir, 'bad.safetensors');
    writeFileSync(file, bytes);
    expect(formatError(() => io.readSafetensors(file)).offset).toBe(e.offset);
  });
});
