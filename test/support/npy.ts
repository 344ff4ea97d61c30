/** A tiny .npy reader for test data: format v1.0/2.0, little-endian '<f4' or '<f8', C order, 2-D. */
import { readFileSync } from 'node:fs';
import { Matrix } from '../../lib/matrix';

export function readNpy(path: string): Matrix {
  const buf = readFileSync(path);
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape':\s*\((\d+),\s*(\d+),?\s*\)/.exec(header);
  if (!shape || fortran !== 'False' || (descr !== '<f4' && descr !== '<f8')) {
    throw new Error(`${path}: only 2-D C-order <f4/<f8 arrays are supported, header ${header.trim()}`);
  }
  const rows = Number(shape[1]), cols = Number(shape[2]);
  const bytes = buf.subarray(start, start + rows * cols * (descr === '<f4' ? 4 : 8));
  // Copy into a fresh, aligned buffer (the file's offset may not be aligned).
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const data = descr === '<f4' ? new Float32Array(copy.buffer) : new Float64Array(copy.buffer);
  return new Matrix(rows, cols, data);
}
