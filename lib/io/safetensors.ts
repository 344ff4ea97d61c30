/**
 * The safetensors format (huggingface/safetensors):
 *
 *   N: u64 little-endian | N bytes of JSON (UTF-8, may end in spaces)
 *   | the data: every tensor's bytes, little-endian, C order, back to back
 *
 * The JSON maps each tensor name to { dtype, shape, data_offsets: [begin,
 * end] } (offsets into the data), plus an optional "__metadata__" map of
 * strings. As the reference reader does, the offsets must tile the data
 * exactly (sorted, no gap, no overlap, nothing after) and each tensor's
 * byte count must equal its element count times its dtype's size.
 *
 * Reading gives Matrices by the same rules as .npy: F32 (and F16, BF16,
 * widened exactly) as float32, F64 as float64, integer and bool types as
 * float64; 2-D shapes as rows × cols, 1-D as a column, 0-D as 1 × 1, more
 * dimensions with the first as rows and the rest flattened into cols.
 */
import { checkDType, describe, newArray } from '../dtype';
import type { DType, FloatArray } from '../dtype';
import { FormatError, OutOfMemoryError, ValueError, readingCallerValue } from '../errors';
import { Matrix, checkMatrix, isMatrix } from '../matrix';
import { MAX_ELEMENTS, checkOptions } from '../validate';
import { BytesLike, bytesOf } from './bytes';
import { NpyElement, decodeElements, hostLittleEndian, sourceName } from './npy';

/** One tensor as the header describes it. */
export interface SafetensorsEntry {
  name: string;
  /** The format's dtype code: 'F32', 'F64', 'F16', 'BF16', 'I64', …, 'BOOL'. */
  dtype: string;
  shape: number[];
  /** Byte offsets of its data, from the start of the file. */
  begin: number;
  end: number;
  rows: number;
  cols: number;
  /** What reading it gives. */
  resultDType: DType;
}

export interface SafetensorsHeader {
  tensors: SafetensorsEntry[];
  metadata: Record<string, string>;
  /** Byte offset of the data (8 + the JSON's length). */
  dataOffset: number;
}

/** Element types; F16 and BF16 are widened to float32 (exactly). */
const ELEMENTS: Record<string, { size: number; kind: 'f' | 'i' | 'u' | 'b' | 'f16' | 'bf16' }> = {
  F64: { size: 8, kind: 'f' }, F32: { size: 4, kind: 'f' }, F16: { size: 2, kind: 'f16' }, BF16: { size: 2, kind: 'bf16' },
  I64: { size: 8, kind: 'i' }, I32: { size: 4, kind: 'i' }, I16: { size: 2, kind: 'i' }, I8: { size: 1, kind: 'i' },
  U64: { size: 8, kind: 'u' }, U32: { size: 4, kind: 'u' }, U16: { size: 2, kind: 'u' }, U8: { size: 1, kind: 'u' },
  BOOL: { size: 1, kind: 'b' },
};

// The reference implementation refuses headers over 100 MB; so do we, before decoding one.
const MAX_HEADER = 100_000_000;

function fail(source: string, offset: number, message: string): never {
  throw new FormatError(`${source}: byte ${offset}: ${message}`, { source, offset });
}

/** The JSON's length from the first 8 bytes (a block reader reads those, then the JSON). */
export function safetensorsHeaderLength(prefix: Uint8Array, fileBytes: number, source: string): number {
  if (prefix.length < 8) fail(source, prefix.length, `the file ends after ${prefix.length} bytes (a safetensors file starts with an 8-byte header length)`);
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) fail(source, 0, `the header length ${n} is over the 100 MB limit (not a safetensors file?)`);
  if (8 + Number(n) > fileBytes) fail(source, fileBytes, `the file ends inside the header (its length field says it runs to byte ${8 + Number(n)})`);
  return Number(n);
}

/**
 * Parses and checks the header. `head` holds at least the first 8 + N bytes;
 * `fileBytes` is the whole file's size.
 *
 * @throws FormatError naming the byte offset (and the tensor) of the first problem.
 */
export function parseSafetensorsHeader(head: Uint8Array, fileBytes: number, source = 'bytes'): SafetensorsHeader {
  const n = safetensorsHeaderLength(head, fileBytes, source);
  if (head.length < 8 + n) fail(source, head.length, `the file ends inside the header (its length field says it runs to byte ${8 + n})`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(8, 8 + n));
  } catch {
    fail(source, 8, 'the header is not valid UTF-8');
  }
  if (!text.trimStart().startsWith('{')) fail(source, 8, `the header must be a JSON object, got ${JSON.stringify(text.slice(0, 20))}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // V8 says "... at position N": a character index into the text.
    const at = /position (\d+)/.exec((e as Error).message);
    const offset = 8 + (at ? new TextEncoder().encode(text.slice(0, Number(at[1]))).length : 0);
    fail(source, offset, `the header is not valid JSON (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail(source, 8, 'the header must be a JSON object');
  const dataOffset = 8 + n;
  const metadata: Record<string, string> = {};
  const tensors: SafetensorsEntry[] = [];
  for (const [name, v] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) {
        fail(source, 8, '"__metadata__" must map names to strings');
      }
      Object.assign(metadata, v);
      continue;
    }
    const where = `tensor ${JSON.stringify(name)}`;
    const t = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (t === null || typeof t !== 'object' || Array.isArray(t)) fail(source, 8, `${where}: expected { dtype, shape, data_offsets }`);
    const keys = Object.keys(t).sort().join(',');
    if (keys !== 'data_offsets,dtype,shape') fail(source, 8, `${where}: expected exactly the keys dtype, shape, data_offsets; got ${keys || 'none'}`);
    const element = typeof t.dtype === 'string' ? ELEMENTS[t.dtype] : undefined;
    if (!element) fail(source, 8, `${where}: unsupported dtype ${describe(t.dtype)} (expected one of ${Object.keys(ELEMENTS).join(', ')})`);
    const shape = t.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(source, 8, `${where}: shape must be a list of non-negative integers, got ${describe(JSON.stringify(shape))}`);
    }
    const offsets = t.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isSafeInteger(d) && d >= 0) || offsets[0] > offsets[1]) {
      fail(source, 8, `${where}: data_offsets must be [begin, end] with 0 ≤ begin ≤ end, got ${describe(JSON.stringify(offsets))}`);
    }
    const rows = shape.length === 0 ? 1 : shape[0];
    const cols = shape.length <= 1 ? 1 : (shape as number[]).slice(1).reduce((a, b) => a * b, 1);
    const count = rows * cols;
    if (count > MAX_ELEMENTS && rows > 0 && cols > 0) {
      throw new OutOfMemoryError(`${source}: ${where} has shape [${shape.join(', ')}], more elements than the ${MAX_ELEMENTS} a typed array can hold`);
    }
    const begin = dataOffset + offsets[0], end = dataOffset + offsets[1];
    const want = (rows === 0 || cols === 0 ? 0 : count) * element.size;
    if (end - begin !== want) {
      fail(source, begin, `${where}: shape [${shape.join(', ')}] of ${t.dtype} needs ${want} bytes, but data_offsets give ${end - begin}`);
    }
    const resultDType: DType = element.kind === 'f' && element.size === 8 ? 'float64' : element.kind === 'f' || element.kind === 'f16' || element.kind === 'bf16' ? 'float32' : 'float64';
    tensors.push({ name, dtype: t.dtype as string, shape: shape as number[], begin, end, rows, cols, resultDType });
  }
  // The data is tiled exactly: sorted by offset, no gap, no overlap, nothing after.
  const byOffset = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = dataOffset;
  for (const t of byOffset) {
    if (t.begin !== at) fail(source, Math.min(t.begin, at), `tensor ${JSON.stringify(t.name)} starts at byte ${t.begin}, expected ${at} (the data must be tiled without gaps or overlaps)`);
    at = t.end;
  }
  if (at !== fileBytes) {
    fail(source, Math.min(at, fileBytes), at > fileBytes
      ? `the file is truncated: the tensors need data up to byte ${at}, but the file has ${fileBytes} bytes`
      : `${fileBytes - at} bytes follow the last tensor's data (which ends at byte ${at})`);
  }
  return { tensors, metadata, dataOffset };
}

/** IEEE half (binary16) and bfloat16 to float32: both widen exactly. */
function half(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1, e = (bits >> 10) & 0x1f, f = bits & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}
const bf16View = new DataView(new ArrayBuffer(4));
function bfloat16(bits: number): number {
  bf16View.setUint32(0, bits << 16);
  return bf16View.getFloat32(0);
}

/** The tensor's elements, decoded from `src` whose byte 0 is the tensor's first byte. */
export function decodeTensor(t: SafetensorsEntry, src: Uint8Array): Matrix {
  const element = ELEMENTS[t.dtype];
  const n = t.rows * t.cols;
  const out = newArray(t.resultDType, n);
  if (element.kind === 'f16' || element.kind === 'bf16') {
    const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const widen = element.kind === 'f16' ? half : bfloat16;
    for (let i = 0; i < n; i++) out[i] = widen(dv.getUint16(2 * i, true));
  } else {
    const e: NpyElement = { descr: t.dtype, kind: element.kind, size: element.size, littleEndian: true };
    decodeElements(e, src, 0, n, out, 0, 1);
  }
  return new Matrix(t.rows, t.cols, out);
}

export interface ParseSafetensorsOptions {
  /** Only these tensors (default: all); a name that is not in the file is a ValueError listing those that are. */
  tensors?: string[];
  /** A name for the bytes in error messages (a file name), default 'bytes'. */
  source?: string;
}

export interface SafetensorsContents {
  /** The tensors read, by name, in the file's order. */
  tensors: Record<string, Matrix>;
  metadata: Record<string, string>;
}

/** The wanted tensors of a header, checked against what it holds. */
export function pickTensors(h: SafetensorsHeader, wanted: unknown, what: string, source: string): SafetensorsEntry[] {
  if (wanted === undefined) return h.tensors;
  if (!Array.isArray(wanted) || !wanted.every((w) => typeof w === 'string')) {
    throw new ValueError(`${what}: tensors must be an array of names, got ${describe(wanted)}`);
  }
  const byName = new Map(h.tensors.map((t) => [t.name, t]));
  return (wanted as string[]).map((w) => {
    const t = byName.get(w);
    if (!t) throw new ValueError(`${what}: ${source} has no tensor ${JSON.stringify(w)} (it has ${h.tensors.map((x) => JSON.stringify(x.name)).join(', ') || 'none'})`);
    return t;
  });
}

/**
 * Reads tensors of a safetensors file held in memory.
 *
 * @throws FormatError naming the byte offset for a bad header or sizes that do not tile the data.
 * @throws ValueError for a tensor name the file does not have (the message lists those it has), or input that is not bytes.
 * @example
 * const { tensors } = io.parseSafetensors(bytes, { tensors: ['layer.0.weight'] });
 */
export function parseSafetensors(input: BytesLike, options?: ParseSafetensorsOptions): SafetensorsContents {
  const what = 'io.parseSafetensors';
  const o = checkOptions<ParseSafetensorsOptions>(options, what, ['tensors', 'source']);
  const source = sourceName(o.source, what);
  const bytes = bytesOf(input, what);
  const h = parseSafetensorsHeader(bytes, bytes.length, source);
  const tensors: Record<string, Matrix> = {};
  for (const t of readingCallerValue(`${what}: reading tensors`, () => pickTensors(h, o.tensors, what, source))) {
    tensors[t.name] = decodeTensor(t, bytes.subarray(t.begin, t.end));
  }
  return { tensors, metadata: { ...h.metadata } };
}

export interface EncodeSafetensorsOptions {
  /** Strings stored under "__metadata__". */
  metadata?: Record<string, string>;
}

/** Checks the tensors argument: a plain object of Matrices (F32 for float32, F64 for float64). */
export function checkTensors(tensors: unknown, what: string): [string, Matrix][] {
  if (tensors === null || typeof tensors !== 'object' || Array.isArray(tensors)) {
    throw new ValueError(`${what}: expected an object of Matrices by name, got ${describe(tensors)}`);
  }
  const entries = Object.entries(tensors as Record<string, unknown>);
  for (const [name, M] of entries) {
    if (name === '__metadata__' || name === '') throw new ValueError(`${what}: ${JSON.stringify(name)} cannot name a tensor`);
    if (!isMatrix(M)) throw new ValueError(`${what}: tensor ${JSON.stringify(name)} must be a Matrix, got ${describe(M)}`);
    checkMatrix(M, `${what}: tensor ${JSON.stringify(name)}`);
  }
  return entries as [string, Matrix][];
}

/** The file's first bytes (length and JSON, padded with spaces to a multiple of 8 as the reference writer does). */
export function safetensorsHeaderBytes(entries: [string, { rows: number; cols: number; dtype: DType }][], metadata: Record<string, string> | undefined): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let at = 0;
  for (const [name, m] of entries) {
    const bytes = m.rows * m.cols * (m.dtype === 'float32' ? 4 : 8);
    header[name] = { dtype: m.dtype === 'float32' ? 'F32' : 'F64', shape: [m.rows, m.cols], data_offsets: [at, at + bytes] };
    at += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const n = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + n).fill(0x20, 8 + json.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  out.set(json, 8);
  return out;
}

/** The bytes of a tensor (row-major, little-endian), without the row stride's gaps. */
export function tensorBytes(M: Matrix): Uint8Array {
  const dense = M.contiguous ? M : M.clone();
  const size = dense.dtype === 'float32' ? 4 : 8;
  const n = dense.rows * dense.cols;
  if (hostLittleEndian) return new Uint8Array(dense.data.buffer, dense.data.byteOffset, n * size);
  const out = new Uint8Array(n * size);
  const dv = new DataView(out.buffer);
  const d: FloatArray = dense.data;
  for (let i = 0; i < n; i++) (size === 4 ? dv.setFloat32(4 * i, d[i], true) : dv.setFloat64(8 * i, d[i], true));
  return out;
}

/**
 * Named matrices as the bytes of a safetensors file (F32 for float32, F64 for float64, shape [rows, cols]).
 *
 * @throws ValueError for something that is not an object of Matrices, or metadata that is not strings.
 * @example
 * writeFileSync('model.safetensors', io.encodeSafetensors({ 'proj.weight': W }, { metadata: { format: 'pt' } }));
 */
export function encodeSafetensors(tensors: Record<string, Matrix>, options?: EncodeSafetensorsOptions): Uint8Array {
  const what = 'io.encodeSafetensors';
  const o = checkOptions<EncodeSafetensorsOptions>(options, what, ['metadata']);
  const metadata = readingCallerValue(`${what}: reading metadata`, () => checkMetadata(o.metadata, what));
  const entries = readingCallerValue(`${what}: reading the tensors`, () => checkTensors(tensors, what));
  const header = safetensorsHeaderBytes(entries.map(([name, M]) => [name, { rows: M.rows, cols: M.cols, dtype: checkDType(M.dtype, what) }]), metadata);
  const bodies = entries.map(([, M]) => tensorBytes(M));
  const total = header.length + bodies.reduce((a, b) => a + b.length, 0);
  if (total > MAX_ELEMENTS) throw new OutOfMemoryError(`${what}: the file would have ${total} bytes, more than one Uint8Array holds (use io.writeSafetensors)`);
  const out = new Uint8Array(total);
  out.set(header);
  let at = header.length;
  for (const b of bodies) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

export function checkMetadata(v: unknown, what: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) {
    throw new ValueError(`${what}: metadata must be an object of strings, got ${describe(v)}`);
  }
  return { ...(v as Record<string, string>) };
}
