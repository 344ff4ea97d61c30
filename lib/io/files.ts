/**
 * Files in Node: .npy and CSV read whole or in row blocks, written whole or
 * row block by row block. Writers write to a temporary file beside the target
 * and rename it into place when closed, so a failure (or a kill) never leaves
 * a half-written file under the target's name.
 *
 * Only the Node entry exports these (they use node:fs); the byte- and
 * text-level readers in npy.ts and csv.ts work everywhere.
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DType } from '../dtype';
import { checkDType, describe, newArray } from '../dtype';
import { FormatError, ValueError, readingCallerValue } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { checkInt, checkOptions } from '../validate';
import { CsvReadOptions, CsvRowParser, CsvTable, CsvWriteOptions, csvHeaderLine, csvLines, csvWriteOptions } from './csv';
import {
  EncodeSafetensorsOptions, ParseSafetensorsOptions, SafetensorsContents, SafetensorsEntry, SafetensorsHeader, checkMetadata, checkTensors, decodeTensor,
  parseSafetensorsHeader, pickTensors, safetensorsHeaderBytes, safetensorsHeaderLength, tensorBytes,
} from './safetensors';
import { EncodeNpyOptions, NPY_PREFIX_BYTES, NpyHeader, decodeElements, encodeNpy, hostLittleEndian, npyHeaderBytes, npyHeaderLength, parseNpyHeader, writeLittleEndian } from './npy';

/** Reads exactly `length` bytes at `position` (into `buf` when given), or fails naming where the file ended. */
function readExactly(fd: number, path: string, length: number, position: number, buf = new Uint8Array(length)): Uint8Array {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) {
      throw new FormatError(`${path}: byte ${position + got}: the file ended (it was shortened while being read?); expected ${length - got} more bytes`, { source: path, offset: position + got });
    }
    got += n;
  }
  return buf;
}

/**
 * A .npy file open for reading rows in blocks, without loading the file:
 * each readRows reads only the bytes of those rows (C order: one read;
 * Fortran order: one read per column).
 *
 * @example
 * const f = io.openNpy('big.npy');
 * for (let r = 0; r < f.rows; r += 4096) process(f.readRows(r, Math.min(r + 4096, f.rows)));
 * f.close();
 */
export class NpyFile {
  readonly header: NpyHeader;
  private fd: number | undefined;

  /** @internal use io.openNpy */
  constructor(readonly path: string, fd: number, header: NpyHeader, private readonly ownFd = true) {
    this.fd = fd;
    this.header = header;
  }

  get rows(): number {
    return this.header.rows;
  }
  get cols(): number {
    return this.header.cols;
  }
  /** float32 for '<f4' files, float64 for all others. */
  get dtype(): DType {
    return this.header.dtype;
  }

  /**
   * Rows [r0, r1) as a new (r1 − r0) × cols Matrix, or written into `out`
   * (a contiguous (r1 − r0) × cols Matrix of the file's dtype; a loop over a
   * large file reuses one, so memory stays at one block).
   *
   * @throws ValueError for a range outside [0, rows], a closed file, or an out of the wrong shape or dtype; FormatError if the file was shortened meanwhile.
   */
  readRows(r0: number, r1: number, options?: { out?: Matrix }): Matrix {
    const what = `io.NpyFile.readRows (${this.path})`;
    const o = checkOptions<{ out?: Matrix }>(options, what, ['out']);
    if (this.fd === undefined) throw new ValueError(`${what}: the file is closed`);
    checkInt(r0, `${what}: r0`, 0, this.rows);
    checkInt(r1, `${what}: r1`, r0, this.rows);
    const h = this.header, size = h.element.size, n = r1 - r0;
    let result: Matrix;
    if (o.out === undefined) {
      result = new Matrix(n, h.cols, newArray(h.dtype, n * h.cols));
    } else {
      result = checkMatrix(o.out, `${what}: out`);
      if (result.rows !== n || result.cols !== h.cols || result.dtype !== h.dtype || !result.contiguous) {
        throw new ValueError(`${what}: out is a ${result.rows}×${result.cols} ${result.dtype} matrix${result.contiguous ? '' : ' with gaps between rows'}; rows ${r0}..${r1} need a contiguous ${n}×${h.cols} ${h.dtype} one`);
      }
    }
    const out = result.data;
    if (n === 0 || h.cols === 0) return result;
    if (!h.fortranOrder && sameLayout(h)) {
      // The file's bytes are the result's: read them straight into it (no second buffer, no copy).
      readExactly(this.fd, this.path, n * h.cols * size, h.dataOffset + r0 * h.cols * size, new Uint8Array(out.buffer as ArrayBuffer, out.byteOffset, n * h.cols * size));
    } else if (!h.fortranOrder) {
      const bytes = readExactly(this.fd, this.path, n * h.cols * size, h.dataOffset + r0 * h.cols * size);
      decodeElements(h.element, bytes, 0, n * h.cols, out, 0, 1);
    } else {
      for (let j = 0; j < h.cols; j++) {
        const bytes = readExactly(this.fd, this.path, n * size, h.dataOffset + (j * h.rows + r0) * size);
        decodeElements(h.element, bytes, 0, n, out, j, h.cols);
      }
    }
    return result;
  }

  /** Closes the file (a descriptor the caller passed in stays open). */
  close(): void {
    if (this.fd !== undefined && this.ownFd) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** True when the elements are stored as the result holds them ('<f4' → float32, '<f8' → float64 on a little-endian host). */
function sameLayout(h: NpyHeader): boolean {
  return h.element.kind === 'f' && h.element.littleEndian === hostLittleEndian;
}

/**
 * Opens a .npy file (a path, or a file descriptor the caller opened for
 * reading) and checks its header against the file's size. A descriptor
 * stays the caller's: close() does not close it.
 *
 * @throws FormatError naming the byte offset for a bad magic, version, header, dtype or size.
 * @throws the fs error (ENOENT, EACCES, EBADF, …) if the file cannot be opened or read.
 * @example
 * const f = io.openNpy('big.npy'); // or io.openNpy(fs.openSync('big.npy', 'r'))
 */
export function openNpy(file: string | number): NpyFile {
  const ownFd = typeof file === 'string';
  if (!ownFd && !(typeof file === 'number' && Number.isInteger(file) && file >= 0)) {
    throw new ValueError(`io.openNpy: expected a path or a file descriptor, got ${describe(file)}`);
  }
  const path = ownFd ? file : `fd ${file}`;
  const fd = ownFd ? openSync(file, 'r') : file;
  try {
    const size = fstatSync(fd).size;
    const prefix = readExactly(fd, path, Math.min(NPY_PREFIX_BYTES, size), 0);
    const end = npyHeaderLength(prefix, path);
    if (end > size) {
      throw new FormatError(`${path}: byte ${size}: the file ends inside the header (the header length field says it runs to byte ${end})`, { source: path, offset: size });
    }
    const header = parseNpyHeader(readExactly(fd, path, end, 0), size, path);
    return new NpyFile(path, fd, header, ownFd);
  } catch (e) {
    if (ownFd) closeSync(fd);
    throw e;
  }
}

/**
 * Reads a whole .npy file (see io.parseNpy for what each dtype becomes).
 * @throws as openNpy.
 * @example
 * const X = io.readNpy('embeddings.npy'); // Matrix, float32 for '<f4'
 */
export function readNpy(path: string): Matrix {
  const f = openNpy(path);
  try {
    return f.readRows(0, f.rows);
  } finally {
    f.close();
  }
}

/** A temporary name beside `path`: same directory, so the final rename stays on one file system. */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
}

/**
 * Writes a file through a temporary one renamed into place at close():
 * the target name only ever holds a complete file.
 */
abstract class AtomicWriter {
  protected fd: number | undefined;
  protected position = 0;
  readonly temp: string;

  constructor(readonly path: string) {
    if (typeof path !== 'string' || path === '') throw new ValueError(`io writer: path must be a non-empty string, got ${describe(path)}`);
    this.temp = tempPath(path);
    this.fd = openSync(this.temp, 'wx');
  }

  protected write(bytes: Uint8Array, at = this.position): void {
    if (this.fd === undefined) throw new ValueError(`${this.path}: the writer is closed`);
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done);
    if (at === this.position) this.position += bytes.length;
  }

  protected finish(): void {
    if (this.fd === undefined) throw new ValueError(`${this.path}: the writer is closed`);
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.temp, this.path);
  }

  /** Drops what was written: the temporary file goes, the target is untouched. */
  abort(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    try {
      unlinkSync(this.temp);
    } catch {
      /* already gone */
    }
  }
}

export interface NpyWriterOptions {
  /** Header version 1, 2 or 3 (default 1; 2 when the header needs it). */
  version?: 1 | 2 | 3;
}

/**
 * Writes a rows × cols .npy file row block by row block, the row count
 * known only at the end (a streaming projection): the header is written
 * with room for any count and rewritten in place by close().
 *
 * @example
 * const w = new io.NpyWriter('out.npy', 256, 'float32');
 * w.append(block1); w.append(block2);
 * w.close(); // out.npy appears, complete
 */
export class NpyWriter extends AtomicWriter {
  private rows = 0;
  private readonly headerLength: number;
  private readonly version?: 1 | 2 | 3;

  constructor(path: string, readonly cols: number, readonly dtype: DType, options?: NpyWriterOptions) {
    const what = 'io.NpyWriter';
    checkInt(cols, `${what}: cols`, 0, 2 ** 32 - 1);
    checkDType(dtype, what);
    const o = checkOptions<NpyWriterOptions>(options, what, ['version']);
    const version = o.version === undefined ? undefined : (checkInt(o.version, `${what}: version`, 1, 3) as 1 | 2 | 3);
    super(path);
    this.version = version;
    // Room for the longest row count a file can have (2^53 − 1 has 16 digits).
    const reserve = npyHeaderBytes(2 ** 53 - 1, cols, dtype, false, version);
    this.headerLength = reserve.length;
    this.write(npyHeaderBytes(0, cols, dtype, false, version, this.headerLength));
  }

  /** Appends the rows of M (cols columns, the writer's dtype). @throws ShapeError / DTypeError / ValueError. */
  append(M: Matrix): void {
    const what = `io.NpyWriter.append (${this.path})`;
    const m = checkMatrix(M, `${what}: M`);
    if (m.cols !== this.cols) throw new ValueError(`${what}: the block has ${m.cols} columns, expected ${this.cols}`);
    if (m.dtype !== this.dtype) throw new ValueError(`${what}: the block is ${m.dtype}, expected ${this.dtype}`);
    const dense = m.contiguous ? m : m.clone();
    const n = dense.rows * dense.cols, nBytes = n * (this.dtype === 'float32' ? 4 : 8);
    if (hostLittleEndian) {
      this.write(new Uint8Array(dense.data.buffer, dense.data.byteOffset, nBytes)); // the array's own bytes: no copy
    } else {
      const bytes = new Uint8Array(nBytes);
      writeLittleEndian(dense.data.subarray(0, n), bytes, 0);
      this.write(bytes);
    }
    this.rows += m.rows;
  }

  /** Writes the final header and renames the file into place. */
  close(): void {
    this.write(npyHeaderBytes(this.rows, this.cols, this.dtype, false, this.version, this.headerLength), 0);
    this.finish();
  }
}

/**
 * Writes a Matrix as a .npy file (temporary file + rename: never half-written).
 * @example
 * io.writeNpy('x.npy', X);
 */
export function writeNpy(path: string, M: Matrix, options?: EncodeNpyOptions): void {
  const bytes = encodeNpy(M, options);
  const w = new (class extends AtomicWriter {
    put(b: Uint8Array): void {
      this.write(b);
      this.finish();
    }
  })(path);
  try {
    w.put(bytes);
  } catch (e) {
    w.abort();
    throw e;
  }
}

/**
 * Writes CSV row block by row block (temporary file + rename at close()).
 * @example
 * const w = new io.CsvWriter('out.csv', { header: ['a', 'b'] });
 * w.append(block); w.close();
 */
export class CsvWriter extends AtomicWriter {
  private readonly delimiter: string;
  private cols?: number;
  private readonly header?: string[];

  constructor(path: string, options?: CsvWriteOptions) {
    const o = csvWriteOptions(options, 'io.CsvWriter');
    super(path);
    this.delimiter = o.delimiter;
    this.header = o.header;
  }

  append(M: Matrix): void {
    const what = `io.CsvWriter.append (${this.path})`;
    const m = checkMatrix(M, `${what}: M`);
    if (this.cols === undefined) {
      this.cols = m.cols;
      if (this.header !== undefined) this.write(Buffer.from(csvHeaderLine(this.header, m.cols, this.delimiter, what)));
    } else if (m.cols !== this.cols) {
      throw new ValueError(`${what}: the block has ${m.cols} columns, expected ${this.cols}`);
    }
    this.write(Buffer.from(csvLines(m, this.delimiter)));
  }

  close(): void {
    this.finish();
  }
}

/** Writes a Matrix as CSV (temporary file + rename). */
export function writeCsv(path: string, M: Matrix, options?: CsvWriteOptions): void {
  const w = new CsvWriter(path, options);
  try {
    w.append(M);
    w.close();
  } catch (e) {
    w.abort();
    throw e;
  }
}

export interface CsvBlockOptions extends CsvReadOptions {
  /** Rows per block (default 4096). */
  blockRows?: number;
  /** Called after each read with the bytes read so far and the file's size (for a progress bar). */
  onRead?: (bytesRead: number, fileBytes: number) => void;
}

/**
 * Streams a CSV file as Matrix blocks of up to blockRows rows, reading it
 * 1 MiB at a time: memory holds one block, whatever the file's size.
 * The generator's `header` is known after the first block.
 *
 * @throws FormatError naming the line (see io.parseCsv), the fs error if the file cannot be read.
 * @example
 * for (const block of io.readCsvBlocks('big.csv', { blockRows: 10000 })) total += block.rows;
 */
export function* readCsvBlocks(path: string, options?: CsvBlockOptions): Generator<Matrix, { header?: string[]; rows: number; cols: number }> {
  const what = 'io.readCsvBlocks';
  if (typeof path !== 'string') throw new ValueError(`${what}: path must be a string, got ${describe(path)}`);
  const o = checkOptions<CsvBlockOptions>(options, what, ['header', 'delimiter', 'dtype', 'source', 'blockRows', 'onRead']);
  if (o.onRead !== undefined && typeof o.onRead !== 'function') throw new ValueError(`${what}: onRead must be a function, got ${describe(o.onRead)}`);
  const blockRows = o.blockRows === undefined ? 4096 : checkInt(o.blockRows, `${what}: blockRows`, 1, 2 ** 31);
  const parser = new CsvRowParser({ header: o.header, delimiter: o.delimiter, dtype: o.dtype, source: o.source ?? path });
  const fd = openSync(path, 'r');
  let rows = 0, bytesRead = 0;
  try {
    const fileBytes = fstatSync(fd).size;
    const decoder = new TextDecoder('utf-8');
    const buf = new Uint8Array(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      bytesRead += n;
      o.onRead?.(bytesRead, fileBytes);
      parser.push(decoder.decode(buf.subarray(0, n), { stream: true }));
      while (parser.pendingRows >= blockRows) {
        const block = parser.take(blockRows);
        rows += block.rows;
        yield block;
      }
    }
    parser.push(decoder.decode());
    parser.end();
    while (parser.pendingRows > 0) {
      const block = parser.take(blockRows);
      rows += block.rows;
      yield block;
    }
  } finally {
    closeSync(fd);
  }
  return { header: parser.header, rows, cols: parser.cols ?? 0 };
}

/**
 * Reads a whole CSV file.
 * @throws as readCsvBlocks.
 */
export function readCsv(path: string, options?: CsvReadOptions): CsvTable {
  const o = checkOptions<CsvReadOptions>(options, 'io.readCsv', ['header', 'delimiter', 'dtype', 'source']);
  const dtype = o.dtype === undefined ? 'float64' : checkDType(o.dtype, 'io.readCsv');
  const blocks: Matrix[] = [];
  const gen = readCsvBlocks(path, { ...o, blockRows: 2 ** 31 });
  let r = gen.next();
  while (!r.done) {
    blocks.push(r.value);
    r = gen.next();
  }
  const { header, rows, cols } = r.value;
  const matrix = blocks.length === 1 ? blocks[0] : concatRows(blocks, rows, cols, dtype);
  return header ? { matrix, header } : { matrix };
}

function concatRows(blocks: Matrix[], rows: number, cols: number, dtype: DType): Matrix {
  const out = newArray(dtype, rows * cols);
  let at = 0;
  for (const b of blocks) {
    out.set(b.data.subarray(0, b.rows * b.cols), at);
    at += b.rows * b.cols;
  }
  return new Matrix(rows, cols, out);
}

/**
 * The header of a safetensors file: its tensors' names, dtypes, shapes and
 * where their bytes are, and its metadata (reads the header only).
 *
 * @throws FormatError naming the byte offset; the fs error if the file cannot be read.
 */
export function readSafetensorsHeader(path: string): SafetensorsHeader {
  const f = openSafetensors(path);
  f.close();
  return f.header;
}

/**
 * A safetensors file open for reading a tensor's rows in blocks (the
 * tensor's bytes are row-major and contiguous, so rows [r0, r1) are one read).
 *
 * @example
 * const f = io.openSafetensors('model.safetensors');
 * const W = f.readRows('proj.weight', 0, 128); // the first 128 rows only
 * f.close();
 */
export class SafetensorsFile {
  private fd: number | undefined;

  /** @internal use io.openSafetensors */
  constructor(readonly path: string, fd: number, readonly header: SafetensorsHeader) {
    this.fd = fd;
  }

  /** The tensor's entry (name, dtype, shape, rows, cols). @throws ValueError listing the names there are. */
  tensor(name: string): SafetensorsEntry {
    return pickTensors(this.header, [name], 'io.SafetensorsFile', this.path)[0];
  }

  /** Rows [r0, r1) of a tensor as a Matrix (see io.parseSafetensors for dtypes and shapes). */
  readRows(name: string, r0: number, r1: number): Matrix {
    const what = `io.SafetensorsFile.readRows (${this.path})`;
    if (this.fd === undefined) throw new ValueError(`${what}: the file is closed`);
    const t = this.tensor(name);
    checkInt(r0, `${what}: r0`, 0, t.rows);
    checkInt(r1, `${what}: r1`, r0, t.rows);
    const rowBytes = t.rows === 0 || t.cols === 0 ? 0 : (t.end - t.begin) / t.rows;
    const bytes = readExactly(this.fd, this.path, (r1 - r0) * rowBytes, t.begin + r0 * rowBytes);
    return decodeTensor({ ...t, rows: r1 - r0 }, bytes);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Opens a safetensors file and checks its header against the file's size (reads the header only).
 * @throws FormatError naming the byte offset; the fs error if the file cannot be opened.
 */
export function openSafetensors(path: string): SafetensorsFile {
  if (typeof path !== 'string') throw new ValueError(`io.openSafetensors: path must be a string, got ${describe(path)}`);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const n = safetensorsHeaderLength(readExactly(fd, path, Math.min(8, size), 0), size, path);
    return new SafetensorsFile(path, fd, parseSafetensorsHeader(readExactly(fd, path, 8 + n, 0), size, path));
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/**
 * Reads tensors of a safetensors file: only the bytes of those asked for
 * (`{ tensors: [names] }`; default all), so one layer of a large checkpoint
 * costs what that layer weighs.
 *
 * @throws FormatError naming the byte offset; ValueError for a name the file does not have (listing those it has).
 * @example
 * const { tensors } = io.readSafetensors('model.safetensors', { tensors: ['encoder.0.attn.out.weight'] });
 */
export function readSafetensors(path: string, options?: Omit<ParseSafetensorsOptions, 'source'>): SafetensorsContents {
  const what = 'io.readSafetensors';
  const o = checkOptions<ParseSafetensorsOptions>(options, what, ['tensors']);
  const f = openSafetensors(path);
  try {
    const tensors: Record<string, Matrix> = {};
    for (const t of readingCallerValue(`${what}: reading tensors`, () => pickTensors(f.header, o.tensors, what, path))) {
      tensors[t.name] = f.readRows(t.name, 0, t.rows);
    }
    return { tensors, metadata: { ...f.header.metadata } };
  } finally {
    f.close();
  }
}

/**
 * Writes named matrices as a safetensors file (F32 / F64, shape [rows, cols]),
 * tensor by tensor through a temporary file renamed into place.
 * @example
 * io.writeSafetensors('proj.safetensors', { weight: W, bias: b }, { metadata: { source: 'sketchmat' } });
 */
export function writeSafetensors(path: string, tensors: Record<string, Matrix>, options?: EncodeSafetensorsOptions): void {
  const what = 'io.writeSafetensors';
  const o = checkOptions<EncodeSafetensorsOptions>(options, what, ['metadata']);
  const metadata = readingCallerValue(`${what}: reading metadata`, () => checkMetadata(o.metadata, what));
  const entries = readingCallerValue(`${what}: reading the tensors`, () => checkTensors(tensors, what));
  const header = safetensorsHeaderBytes(entries.map(([name, M]) => [name, { rows: M.rows, cols: M.cols, dtype: M.dtype }]), metadata);
  const w = new (class extends AtomicWriter {
    put(): void {
      this.write(header);
      for (const [, M] of entries) this.write(tensorBytes(M));
      this.finish();
    }
  })(path);
  try {
    w.put();
  } catch (e) {
    w.abort();
    throw e;
  }
}
