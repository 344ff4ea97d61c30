/**
 * NumPy's .npy format (numpy.lib.format, versions 1.0, 2.0 and 3.0):
 *
 *   "\x93NUMPY" | major | minor | header length (u16 in 1.0, u32 in 2.0/3.0)
 *   | header: a Python dict literal {'descr', 'fortran_order', 'shape'},
 *     space-padded and ending in '\n' (latin1; UTF-8 in 3.0)
 *   | the elements, C order (row-major) or Fortran order (column-major).
 *
 * float32 and float64 arrays read as themselves; integer and bool arrays are
 * converted to float64 (int64 and uint64 values past 2^53 round). A 2-D array
 * is a rows × cols Matrix, a 1-D array of n a column (n × 1), a scalar 1 × 1;
 * a C-order array of more dimensions keeps its first as rows and flattens the
 * rest into cols. Writing gives a 2-D '<f4' or '<f8' array, header padded so
 * the data starts at a multiple of 64 bytes (as NumPy does).
 *
 * Every size in a header is checked against the bytes there are before
 * anything is allocated, so a lying header is a FormatError, never a huge
 * allocation or a read past the end.
 */
import type { DType, FloatArray } from '../dtype';
import { checkDType, describe, newArray } from '../dtype';
import { FormatError, OutOfMemoryError, ValueError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { MAX_ELEMENTS, checkInt, checkOptions } from '../validate';
import { BytesLike, bytesOf } from './bytes';
import { PyLiteralError, PyValue, parsePyLiteral } from './pyliteral';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
/** The fixed part before the header text: magic, version, and the length field of 1.0 (2 bytes) or 2.0/3.0 (4 bytes). */
const prefixLength = (major: number) => (major === 1 ? 10 : 12);
/** Enough bytes to hold the fixed prefix of any version. */
export const NPY_PREFIX_BYTES = 12;

/** One element type a .npy file may hold, as this reader understands it. */
export interface NpyElement {
  /** The dtype code from the header, e.g. '<f4', '>i8', '|b1'. */
  descr: string;
  kind: 'f' | 'i' | 'u' | 'b';
  /** Bytes per element. */
  size: number;
  littleEndian: boolean;
}

/** A parsed .npy header: where the data starts and how to read it. */
export interface NpyHeader {
  version: 1 | 2 | 3;
  element: NpyElement;
  fortranOrder: boolean;
  /** The array's shape as written in the file. */
  shape: number[];
  /** The shape as a matrix (see the module comment). */
  rows: number;
  cols: number;
  /** The dtype of what reading gives: float32 for '<f4', float64 for everything else. */
  dtype: DType;
  /** Byte offset of the first element. */
  dataOffset: number;
  /** Bytes of element data (rows × cols × size). */
  dataBytes: number;
}

function fail(source: string, offset: number, message: string): never {
  throw new FormatError(`${source}: byte ${offset}: ${message}`, { source, offset });
}

/**
 * How many bytes the header occupies, from the fixed prefix alone (the
 * first 12 bytes, or fewer if the file is shorter): a block reader reads
 * this much, then the header.
 */
export function npyHeaderLength(prefix: Uint8Array, source: string): number {
  for (let i = 0; i < MAGIC.length; i++) {
    if (i >= prefix.length) fail(source, i, `the file ends after ${prefix.length} bytes (a .npy file starts with "\\x93NUMPY")`);
    if (prefix[i] !== MAGIC[i]) fail(source, i, `not a .npy file: expected the magic "\\x93NUMPY", got ${JSON.stringify(latin1(prefix, 0, Math.min(6, prefix.length)))}`);
  }
  if (prefix.length < 8) fail(source, prefix.length, 'the file ends inside the version bytes');
  const major = prefix[6], minor = prefix[7];
  if (major < 1 || major > 3 || minor !== 0) fail(source, 6, `unsupported .npy version ${major}.${minor} (expected 1.0, 2.0 or 3.0)`);
  const start = prefixLength(major);
  if (prefix.length < start) fail(source, prefix.length, `the file ends inside the header length (version ${major}.0 has ${start - 8} bytes of it at byte 8)`);
  const dv = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const len = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  return start + len;
}

/**
 * Parses the header. `head` holds at least the first npyHeaderLength() bytes;
 * `fileBytes` is the file's whole size, checked against the data the header
 * announces (missing bytes and extra bytes are both errors).
 *
 * @throws FormatError naming the byte offset and what was expected there.
 */
export function parseNpyHeader(head: Uint8Array, fileBytes: number, source = 'bytes'): NpyHeader {
  const end = npyHeaderLength(head, source);
  const major = head[6] as 1 | 2 | 3;
  const start = prefixLength(major);
  if (head.length < end) fail(source, head.length, `the file ends inside the header (the header length field says it runs to byte ${end})`);
  let text: string;
  if (major === 3) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(start, end));
    } catch {
      fail(source, start, 'the version 3.0 header is not valid UTF-8');
    }
  } else {
    text = latin1(head, start, end);
  }
  const offsetOf = (index: number) => start + (major === 3 ? new TextEncoder().encode(text.slice(0, index)).length : index);
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text);
  } catch (e) {
    if (!(e instanceof PyLiteralError)) throw e;
    fail(source, offsetOf(e.index), `bad header: expected ${e.expected}, got ${e.got}`);
  }
  if (!(dict instanceof Map)) fail(source, start, `bad header: expected a dict {'descr': …, 'fortran_order': …, 'shape': …}, got ${JSON.stringify(text.slice(0, 40))}`);
  const keys = [...dict.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') {
    fail(source, start, `bad header: expected exactly the keys descr, fortran_order, shape; got ${keys || 'none'}`);
  }
  const at = (key: string) => offsetOf(Math.max(0, text.indexOf(`'${key}'`)));

  const descr = dict.get('descr');
  if (typeof descr !== 'string') fail(source, at('descr'), `'descr' must be a dtype string such as '<f4' (structured dtypes are not supported), got ${show(descr)}`);
  const element = parseDescr(descr);
  if (!element) {
    fail(source, at('descr'), `unsupported dtype '${descr}' (expected float32 '<f4', float64 '<f8', an integer type such as '<i8', or bool '|b1')`);
  }
  const fortranOrder = dict.get('fortran_order');
  if (typeof fortranOrder !== 'boolean') fail(source, at('fortran_order'), `'fortran_order' must be True or False, got ${show(fortranOrder)}`);
  const shapeValue = dict.get('shape');
  const shape = shapeValue !== null && typeof shapeValue === 'object' && 'tuple' in shapeValue ? shapeValue.tuple : undefined;
  if (!shape || !shape.every((d): d is number => typeof d === 'number' && d >= 0)) {
    fail(source, at('shape'), `'shape' must be a tuple of non-negative integers, got ${show(shapeValue)}`);
  }
  if (fortranOrder && shape.length > 2) {
    fail(source, at('shape'), `a Fortran-order array of ${shape.length} dimensions cannot be read as a matrix (expected at most 2)`);
  }
  const rows = shape.length === 0 ? 1 : shape[0];
  const cols = shape.length === 0 ? 1 : shape.length === 1 ? 1 : shape.slice(1).reduce((a, b) => a * b, 1);
  // Products of safe integers can leave the safe range; the element count is what must stay bounded.
  const count = rows * cols;
  if (!(count <= MAX_ELEMENTS) && rows > 0 && cols > 0) {
    throw new OutOfMemoryError(`${source}: the array's shape (${shape.join(', ')}) has ${count} elements, more than the ${MAX_ELEMENTS} a typed array can hold`);
  }
  const dataBytes = rows === 0 || cols === 0 ? 0 : count * element.size;
  if (fileBytes < end + dataBytes) {
    fail(source, fileBytes, `the file is truncated: shape (${shape.join(', ')}) of ${descr} needs ${dataBytes} bytes of data from byte ${end} (to byte ${end + dataBytes}), but the file has ${fileBytes} bytes`);
  }
  if (fileBytes > end + dataBytes) {
    fail(source, end + dataBytes, `${fileBytes - end - dataBytes} bytes follow the data (shape (${shape.join(', ')}) of ${descr} ends at byte ${end + dataBytes})`);
  }
  const dtype: DType = element.kind === 'f' && element.size === 4 ? 'float32' : 'float64';
  return { version: major, element, fortranOrder, shape, rows, cols, dtype, dataOffset: end, dataBytes };
}

function show(v: PyValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v instanceof Map) return 'a dict';
  if (Array.isArray(v)) return 'a list';
  if (v !== null && typeof v === 'object') return `a tuple (${v.tuple.map(show).join(', ')})`;
  return typeof v === 'string' ? `'${v}'` : v === null ? 'None' : String(v === true ? 'True' : v === false ? 'False' : v);
}

const DESCR = /^([<>|=]?)([fiub])([0-9]+)$/;
const SIZES: Record<string, number[]> = { f: [4, 8], i: [1, 2, 4, 8], u: [1, 2, 4, 8], b: [1] };

function parseDescr(descr: string): NpyElement | undefined {
  const m = DESCR.exec(descr);
  if (!m) return undefined;
  const kind = m[2] as NpyElement['kind'];
  const size = Number(m[3]);
  if (!SIZES[kind].includes(size)) return undefined;
  // '|' (not applicable) is only right for one-byte types; '=' is the writer's
  // native order, little-endian on every platform NumPy writes '=' on today.
  if (m[1] === '|' && size !== 1) return undefined;
  return { descr, kind, size, littleEndian: m[1] !== '>' };
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** Reads element `index` of the data at byte `at` of dv. */
function elementReader(e: NpyElement): (dv: DataView, at: number) => number {
  const le = e.littleEndian;
  switch (`${e.kind}${e.size}`) {
    case 'f4': return (dv, at) => dv.getFloat32(at, le);
    case 'f8': return (dv, at) => dv.getFloat64(at, le);
    case 'i1': return (dv, at) => dv.getInt8(at);
    case 'i2': return (dv, at) => dv.getInt16(at, le);
    case 'i4': return (dv, at) => dv.getInt32(at, le);
    case 'i8': return (dv, at) => Number(dv.getBigInt64(at, le));
    case 'u1': return (dv, at) => dv.getUint8(at);
    case 'u2': return (dv, at) => dv.getUint16(at, le);
    case 'u4': return (dv, at) => dv.getUint32(at, le);
    case 'u8': return (dv, at) => Number(dv.getBigUint64(at, le));
    default: return (dv, at) => (dv.getUint8(at) !== 0 ? 1 : 0); // b1
  }
}

export const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Converts `count` consecutive elements starting at byte `at` of `src` into
 * out[outStart], out[outStart + outStep], … (outStep = cols scatters a column
 * of a Fortran-order file into a row-major matrix).
 */
export function decodeElements(e: NpyElement, src: Uint8Array, at: number, count: number, out: FloatArray, outStart: number, outStep: number): void {
  if (count === 0) return;
  const float32 = e.kind === 'f' && e.size === 4 && out instanceof Float32Array;
  const float64 = e.kind === 'f' && e.size === 8;
  if ((float32 || float64) && e.littleEndian === hostLittleEndian && outStep === 1) {
    // Same layout as the result: copy the bytes (the file's offset need not be aligned, so no typed view over it).
    new Uint8Array(out.buffer, out.byteOffset + outStart * e.size, count * e.size).set(src.subarray(at, at + count * e.size));
    return;
  }
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const read = elementReader(e);
  for (let t = 0, o = outStart, b = at; t < count; t++, o += outStep, b += e.size) out[o] = read(dv, b);
}

/** The `source` option: a name for messages, a string. */
export function sourceName(v: unknown, what: string, fallback = 'bytes'): string {
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw new ValueError(`${what}: source must be a string (a file name), got ${describe(v)}`);
  return v;
}

export interface ParseNpyOptions {
  /** A name for the bytes in error messages (a file name), default 'bytes'. */
  source?: string;
}

/**
 * Reads a whole .npy file held in memory.
 *
 * @param input the file's bytes (Uint8Array, Buffer, ArrayBuffer).
 * @returns a new Matrix: float32 for '<f4', float64 for '<f8', integer and bool types.
 * @throws FormatError (a ValueError) for a bad magic, version, header, dtype, or a size that does not match the bytes, naming the byte offset.
 * @throws OutOfMemoryError if the header's shape is too large for one typed array.
 * @throws ValueError if input is not bytes.
 * @example
 * const X = io.parseNpy(await (await fetch('emb.npy')).arrayBuffer()); // 778 × 384 float32
 */
export function parseNpy(input: BytesLike, options?: ParseNpyOptions): Matrix {
  const o = checkOptions<ParseNpyOptions>(options, 'io.parseNpy', ['source']);
  const source = sourceName(o.source, 'io.parseNpy');
  const bytes = bytesOf(input, 'io.parseNpy');
  const h = parseNpyHeader(bytes, bytes.length, source);
  return decodeRows(h, bytes, 0, h.rows, h.dataOffset);
}

/**
 * Rows [r0, r1) of the array described by h, whose elements start at byte
 * `dataAt` of `src` (C order: the bytes of those rows only; Fortran order:
 * all of the data).
 */
export function decodeRows(h: NpyHeader, src: Uint8Array, r0: number, r1: number, dataAt: number): Matrix {
  const n = r1 - r0;
  const out = newArray(h.dtype, n * h.cols);
  if (!h.fortranOrder) {
    decodeElements(h.element, src, dataAt, n * h.cols, out, 0, 1);
  } else {
    for (let j = 0; j < h.cols; j++) {
      decodeElements(h.element, src, dataAt + (j * h.rows + r0) * h.element.size, n, out, j, h.cols);
    }
  }
  return new Matrix(n, h.cols, out);
}

export interface EncodeNpyOptions {
  /** Header version 1, 2 or 3 (default: 1, or 2 when the header needs more than 65535 bytes). */
  version?: 1 | 2 | 3;
  /** Write the elements column by column (default false: row by row, C order). */
  fortranOrder?: boolean;
}

/**
 * The header bytes (magic to the '\n') for a rows × cols array of `dtype`,
 * padded so the data starts at a multiple of 64, or padded to exactly
 * `totalLength` bytes (a streaming writer reserves room for a row count it
 * does not know yet, then rewrites the header in place).
 */
export function npyHeaderBytes(rows: number, cols: number, dtype: DType, fortranOrder = false, version?: 1 | 2 | 3, totalLength?: number): Uint8Array {
  const dict = `{'descr': '${dtype === 'float32' ? '<f4' : '<f8'}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': (${rows}, ${cols}), }`;
  const v = version ?? (dict.length + 1 + 10 > 65535 ? 2 : 1);
  const start = prefixLength(v);
  let total = totalLength ?? Math.ceil((start + dict.length + 1) / 64) * 64;
  if (total < start + dict.length + 1) total = start + dict.length + 1; // only when totalLength is too small: the caller checks the length
  const headerLength = total - start;
  if (v === 1 && headerLength > 65535) throw new ValueError(`io.encodeNpy: the header needs ${headerLength} bytes, more than version 1.0 holds (use version 2)`);
  const out = new Uint8Array(total);
  out.set(MAGIC);
  out[6] = v;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  if (v === 1) dv.setUint16(8, headerLength, true);
  else dv.setUint32(8, headerLength, true);
  for (let i = 0; i < dict.length; i++) out[start + i] = dict.charCodeAt(i); // ASCII: the same bytes in latin1 and UTF-8
  out.fill(0x20, start + dict.length, total - 1);
  out[total - 1] = 0x0a;
  return out;
}

/**
 * A Matrix as the bytes of a .npy file ('<f4' for float32, '<f8' for float64, shape (rows, cols)).
 *
 * @throws ValueError for something that is not a Matrix, a detached buffer, or a bad version.
 * @example
 * writeFileSync('x.npy', io.encodeNpy(X));
 */
export function encodeNpy(M: Matrix, options?: EncodeNpyOptions): Uint8Array {
  const what = 'io.encodeNpy';
  const o = checkOptions<EncodeNpyOptions>(options, what, ['version', 'fortranOrder']);
  const m = checkMatrix(M, `${what}: M`);
  const version = o.version === undefined ? undefined : (checkInt(o.version, `${what}: version`, 1, 3) as 1 | 2 | 3);
  if (o.fortranOrder !== undefined && typeof o.fortranOrder !== 'boolean') {
    throw new ValueError(`${what}: fortranOrder must be true or false, got ${String(o.fortranOrder)}`);
  }
  const dtype = checkDType(m.dtype, what);
  const header = npyHeaderBytes(m.rows, m.cols, dtype, o.fortranOrder === true, version);
  const size = dtype === 'float32' ? 4 : 8;
  const total = header.length + m.rows * m.cols * size;
  if (total > MAX_ELEMENTS) {
    throw new OutOfMemoryError(`${what}: a ${m.rows}×${m.cols} ${dtype} file has ${total} bytes, more than one Uint8Array holds (write it in row blocks with io.NpyWriter)`);
  }
  const out = new Uint8Array(total);
  out.set(header);
  const body = newArray(dtype, m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      body[o.fortranOrder ? j * m.rows + i : i * m.cols + j] = m.data[i * m.rowStride + j];
    }
  }
  writeLittleEndian(body, out, header.length);
  return out;
}

/** The elements of `a` as little-endian bytes into out at byte `at`. */
export function writeLittleEndian(a: FloatArray, out: Uint8Array, at: number): void {
  if (hostLittleEndian) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    return;
  }
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const size = a instanceof Float32Array ? 4 : 8;
  for (let i = 0; i < a.length; i++) {
    if (size === 4) dv.setFloat32(at + 4 * i, a[i], true);
    else dv.setFloat64(at + 8 * i, a[i], true);
  }
}
