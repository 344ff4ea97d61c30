/**
 * Save and load: an operator as a safetensors file. Every stored array is a
 * tensor named by its place in the tree ("t0.W", "t3.L", …); the tree itself
 * (kinds, sizes, scalars, which tensor is which) is JSON under the header's
 * "__metadata__" key "sketchmat.structured". N:M positions, already packed
 * at 2 bits, go in the tree as base64. Loading checks everything it reads
 * and rebuilds through the same constructors as the factories, so a file
 * cannot make an operator the factories would refuse.
 */
import type { DType, FloatArray } from '../dtype';
import { describe } from '../dtype';
import { FormatError, ValueError, isSketchmatError } from '../errors';
import { Matrix } from '../matrix';
import { encodeSafetensors, parseSafetensors } from '../io/safetensors';
import type { BytesLike } from '../io/bytes';
import { DenseOp, DiagonalOp, LowRankOp, PermutationOp } from './basic';
import { BlockDiagonalOp, KroneckerOp, ProductOp, ScaleOp, SumOp, blockDiagonal, kronecker, product, sum } from './compose';
import { MonarchOp, monarch } from './monarch';
import { NmSparseOp, nmBits } from './nm';
import { nmRowBytes } from '../backend/structured-kernels';
import { LinearOperator, TransposeOp, checkOperator } from './operator';
import { CirculantOp, ToeplitzOp } from './toeplitz';
import { saveFits, loadFits } from './serialize-fits';
// structured-kernels: block sparse and CSR nodes (their index arrays as base64 of little-endian int32).
import { BlockSparseOp, CsrOp, checkBlockStructure } from './sparse';

const KEY = 'sketchmat.structured';
const VERSION = 1;
const MAX_DEPTH = 64;
const MAX_NODES = 100_000;

type Node = Record<string, unknown>;

function vectorMatrix(v: FloatArray): Matrix {
  return new Matrix(1, v.length, v);
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The operator as the bytes of a safetensors file (its arrays as tensors, its
 * structure in the header's __metadata__). `structured.load` rebuilds it exactly.
 * @throws ValueError if op is not a structured operator.
 * @example
 * writeFileSync('layer.safetensors', structured.save(op));
 */
export function save(op: LinearOperator): Uint8Array {
  const root = checkOperator(op, 'structured.save: op');
  const tensors: Record<string, Matrix> = {};
  let count = 0;
  const put = (M: Matrix, field: string): string => {
    const name = `t${count++}.${field}`;
    tensors[name] = M;
    return name;
  };
  const walk = (o: LinearOperator): Node => {
    if (o instanceof DenseOp) return { kind: 'dense', W: put(o.W, 'W') };
    if (o instanceof DiagonalOp) return { kind: 'diagonal', d: put(vectorMatrix(o.d), 'd') };
    if (o instanceof PermutationOp) return { kind: 'permutation', dtype: o.dtype, p: Array.from(o.p) };
    if (o instanceof LowRankOp) return { kind: 'lowRank', U: put(o.U, 'U'), V: put(o.V, 'V') };
    if (o instanceof MonarchOp) return { kind: 'monarch', blocks: o.k, L: put(o.L, 'L'), R: put(o.R, 'R') };
    if (o instanceof ToeplitzOp) return { kind: 'toeplitz', c: put(vectorMatrix(o.c), 'c'), r: put(vectorMatrix(o.r), 'r') };
    if (o instanceof CirculantOp) return { kind: 'circulant', c: put(vectorMatrix(o.c), 'c') };
    if (o instanceof NmSparseOp) {
      return { kind: 'nm', rows: o.rows, cols: o.cols, n: o.n, m: o.m, values: put(vectorMatrix(o.values), 'values'), positions: toBase64(o.indices) };
    }
    const fits = saveFits(o, put);
    if (fits) return fits;
    if (o instanceof CsrOp) {
      return { kind: 'csr', rows: o.rows, cols: o.cols, indptr: int32ToBase64(o.indptr), indices: int32ToBase64(o.indices), data: put(vectorMatrix(o.blocks), 'data') };
    }
    if (o instanceof BlockSparseOp) {
      return {
        kind: 'blockSparse', rows: o.rows, cols: o.cols, br: o.br, bc: o.bc,
        indptr: int32ToBase64(o.indptr), indices: int32ToBase64(o.indices), blocks: put(vectorMatrix(o.blocks), 'blocks'),
      };
    }
    if (o instanceof TransposeOp) return { kind: 'transpose', of: walk(o.inner) };
    if (o instanceof ScaleOp) return { kind: 'scale', alpha: o.alpha, of: walk(o.inner) };
    if (o instanceof ProductOp) return { kind: 'product', of: o.factors.map(walk) };
    if (o instanceof SumOp) return { kind: 'sum', of: o.terms.map(walk) };
    if (o instanceof BlockDiagonalOp) return { kind: 'blockDiagonal', of: o.blocks.map(walk) };
    if (o instanceof KroneckerOp) return { kind: 'kronecker', of: o.factors.map(walk) };
    throw new ValueError(`structured.save: cannot save a ${o.kind} operator`);
  };
  const tree = walk(root);
  const meta = JSON.stringify({ version: VERSION, dtype: root.dtype, rows: root.rows, cols: root.cols, tree });
  return encodeSafetensors(tensors, { metadata: { [KEY]: meta } });
}

/**
 * Rebuilds an operator saved by `structured.save` (same structure, same
 * numbers, bit for bit).
 * @throws FormatError for bytes that are not a safetensors file, a file that
 *   is truncated or corrupt, or one that holds no (or a damaged) structure tree.
 * @throws ValueError for input that is not bytes.
 */
export function load(bytes: BytesLike): LinearOperator {
  const what = 'structured.load';
  const contents = parseSafetensors(bytes);
  const bad = (message: string, cause?: unknown): never => {
    throw new FormatError(`${what}: ${message}`, { source: 'bytes' }, cause === undefined ? undefined : { cause });
  };
  const text = contents.metadata[KEY];
  if (typeof text !== 'string') bad(`no "${KEY}" entry in the header's __metadata__: not a file structured.save wrote`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    bad(`the structure tree is not JSON (${(e as Error).message})`, e);
  }
  if (!isPlain(doc)) return bad('the structure tree is not an object');
  if (doc.version !== VERSION) bad(`version ${describe(doc.version)} is not one this library reads (${VERSION})`);
  const used = new Set<string>();
  let nodes = 0;
  const tensor = (node: Node, field: string, rows?: number): Matrix => {
    const name = node[field];
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(contents.tensors, name)) {
      return bad(`${describe(node.kind)} node: its ${field} names no tensor in the file (${describe(name)})`);
    }
    if (used.has(name)) bad(`tensor ${JSON.stringify(name)} is used twice`);
    used.add(name);
    const M = contents.tensors[name];
    if (rows !== undefined && M.rows !== rows) bad(`tensor ${JSON.stringify(name)} has ${M.rows} rows, expected ${rows}`);
    return M;
  };
  const int = (node: Node, field: string, lo: number): number => {
    const v = node[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > 2 ** 32 - 1) return bad(`${describe(node.kind)} node: ${field} must be an integer ≥ ${lo}, got ${describe(v)}`);
    return v;
  };
  const build = (node: unknown, depth: number): LinearOperator => {
    if (++nodes > MAX_NODES) bad(`more than ${MAX_NODES} nodes`);
    if (depth > MAX_DEPTH) bad(`the tree is nested more than ${MAX_DEPTH} deep`);
    if (!isPlain(node)) return bad(`a node is ${describe(node)}, not an object`);
    const children = (): LinearOperator[] => {
      if (!Array.isArray(node.of) || node.of.length === 0) return bad(`${describe(node.kind)} node: "of" must be a non-empty array`);
      return node.of.map((c) => build(c, depth + 1));
    };
    switch (node.kind) {
      case 'dense': return new DenseOp(tensor(node, 'W'));
      case 'diagonal': { const d = tensor(node, 'd', 1); return new DiagonalOp(d.data, d.dtype); }
      case 'permutation': {
        const dtype = node.dtype;
        if (dtype !== 'float32' && dtype !== 'float64') bad(`permutation node: dtype ${describe(dtype)}`);
        if (!Array.isArray(node.p)) bad('permutation node: p must be an array');
        const p = node.p as unknown[], n = p.length, seen = new Uint8Array(n), out = new Int32Array(n);
        p.forEach((v, i) => {
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n || seen[v]) bad(`permutation node: p[${i}] = ${describe(v)} is not a fresh index in [0, ${n})`);
          seen[v as number] = 1;
          out[i] = v as number;
        });
        return new PermutationOp(out, dtype as DType);
      }
      case 'lowRank': {
        const U = tensor(node, 'U'), V = tensor(node, 'V');
        if (U.cols !== V.cols || U.dtype !== V.dtype) bad(`lowRank node: U is ${U.rows}×${U.cols} ${U.dtype}, V is ${V.rows}×${V.cols} ${V.dtype}`);
        return new LowRankOp(U, V);
      }
      case 'monarch': return monarch({ blocks: int(node, 'blocks', 1), L: tensor(node, 'L'), R: tensor(node, 'R') });
      case 'toeplitz': {
        const c = tensor(node, 'c', 1), r = tensor(node, 'r', 1);
        if (c.dtype !== r.dtype || (c.cols === 0) !== (r.cols === 0)) bad('toeplitz node: c and r differ in dtype, or one is empty');
        return new ToeplitzOp(c.data, r.data, c.dtype);
      }
      case 'circulant': { const c = tensor(node, 'c', 1); return new CirculantOp(c.data, c.dtype); }
      case 'nm': return nmFrom(node, tensor(node, 'values', 1), int, bad);
      case 'blockSparse': case 'csr': return blockSparseFrom(node, int, bad, tensor);
      case 'transpose': return build(node.of, depth + 1).transpose();
      case 'scale': {
        if (typeof node.alpha !== 'number' || !Number.isFinite(node.alpha)) bad(`scale node: alpha ${describe(node.alpha)}`);
        return new ScaleOp(node.alpha as number, build(node.of, depth + 1));
      }
      case 'product': return product(...children());
      case 'sum': return sum(...children());
      case 'blockDiagonal': return blockDiagonal(...children());
      case 'kronecker': return kronecker(...children());
      default: return loadFits(node, tensor, int, bad) ?? bad(`unknown node kind ${describe(node.kind)}`);
    }
  };
  let op: LinearOperator;
  try {
    op = build(doc.tree, 0);
  } catch (e) {
    if (e instanceof FormatError) throw e;
    if (isSketchmatError(e)) bad(`the tree does not fit together: ${(e as Error).message}`, e);
    throw e;
  }
  if (op.rows !== doc.rows || op.cols !== doc.cols || op.dtype !== doc.dtype) {
    bad(`the tree builds a ${op.rows}×${op.cols} ${op.dtype} operator but the header says ${describe(doc.rows)}×${describe(doc.cols)} ${describe(doc.dtype)}`);
  }
  const unused = Object.keys(contents.tensors).filter((k) => !used.has(k));
  if (unused.length) bad(`tensors no node uses: ${unused.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}`);
  return op;
}

function isPlain(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nmFrom(node: Node, values: Matrix, int: (n: Node, f: string, lo: number) => number, bad: (m: string) => never): LinearOperator {
  const rows = int(node, 'rows', 0), cols = int(node, 'cols', 0), m = int(node, 'm', 1), n = int(node, 'n', 1);
  if (m > 255 || n > m || cols % m !== 0) bad(`nm node: n = ${n}, m = ${m}, cols = ${cols} do not make N:M groups`);
  const kept = rows * (cols / m) * n;
  if (values.cols !== kept) bad(`nm node: ${values.cols} values, expected ${kept}`);
  if (typeof node.positions !== 'string') bad('nm node: positions must be a base64 string');
  let raw: string;
  try {
    raw = atob(node.positions as string);
  } catch {
    return bad('nm node: positions are not base64');
  }
  const bits = nmBits(m), rowBytes = nmRowBytes(kept === 0 ? 0 : (cols / m) * n, bits);
  const want = rows * rowBytes;
  if (raw.length !== want) bad(`nm node: ${raw.length} bytes of positions, expected ${want}`);
  const indices = new Uint8Array(want);
  for (let i = 0; i < want; i++) indices[i] = raw.charCodeAt(i);
  const op = new NmSparseOp(rows, cols, n, m, values.data, indices, values.dtype);
  // Positions inside each group: below m and increasing (as nmSparse writes them).
  const per = op.perRow;
  for (let i = 0; i < rows; i++) {
    for (let e = 0; e < per; e++) {
      const pos = op.position(i, e);
      if (pos >= m || (e % n !== 0 && pos <= op.position(i, e - 1))) bad(`nm node: row ${i}, position ${e} (${pos}) is out of order or not below m = ${m}`);
    }
    // The unused bits after each row's last position are zero (bit-exact files only).
    const used = per * bits, spare = rowBytes * 8 - used;
    if (spare > 0 && indices[i * rowBytes + rowBytes - 1] >> (8 - spare) !== 0) bad(`nm node: stray bits after row ${i}'s last position`);
  }
  return op;
}

function int32ToBase64(a: Int32Array): string {
  const bytes = new Uint8Array(4 * a.length), view = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) view.setInt32(4 * i, a[i], true);
  return toBase64(bytes);
}

function base64ToInt32(v: unknown, what: string, bad: (m: string) => never): Int32Array {
  if (typeof v !== 'string') return bad(`${what} must be a base64 string`);
  let raw: string;
  try {
    raw = atob(v);
  } catch {
    return bad(`${what} is not base64`);
  }
  if (raw.length % 4 !== 0) bad(`${what}: ${raw.length} bytes, not whole int32s`);
  const out = new Int32Array(raw.length / 4);
  for (let i = 0; i < out.length; i++) {
    out[i] = raw.charCodeAt(4 * i) | (raw.charCodeAt(4 * i + 1) << 8) | (raw.charCodeAt(4 * i + 2) << 16) | (raw.charCodeAt(4 * i + 3) << 24);
  }
  return out;
}

/** A blockSparse or csr node, checked as the factories check (FormatError in load's words). */
function blockSparseFrom(node: Node, int: (n: Node, f: string, lo: number) => number, bad: (m: string) => never,
  tensor: (n: Node, f: string, rows?: number) => Matrix): LinearOperator {
  const isCsr = node.kind === 'csr';
  const rows = int(node, 'rows', 0), cols = int(node, 'cols', 0);
  const br = isCsr ? 1 : int(node, 'br', 1), bc = isCsr ? 1 : int(node, 'bc', 1);
  if (rows > 2 ** 31 - 1 || cols > 2 ** 31 - 1 || rows % br !== 0 || cols % bc !== 0) bad(`${String(node.kind)} node: ${rows}×${cols} is not a whole number of ${br}×${bc} blocks`);
  const indptr = base64ToInt32(node.indptr, `${String(node.kind)} node: indptr`, bad);
  const indices = base64ToInt32(node.indices, `${String(node.kind)} node: indices`, bad);
  let nnzb = 0;
  try {
    nnzb = checkBlockStructure(rows / br, cols / bc, indptr, indices, `${String(node.kind)} node`);
  } catch (e) {
    bad((e as Error).message);
  }
  const values = tensor(node, isCsr ? 'data' : 'blocks', 1);
  if (values.cols !== nnzb * br * bc) bad(`${String(node.kind)} node: ${values.cols} values, expected ${nnzb * br * bc}`);
  return isCsr ? new CsrOp(rows, cols, indptr, indices, values.data, values.dtype)
    : new BlockSparseOp(rows, cols, br, bc, indptr, indices, values.data, values.dtype);
}
