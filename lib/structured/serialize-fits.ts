/**
 * Save/load of the BLAST and CUR nodes (serialize.ts calls these first/last):
 *   blast: { kind, blocks, U, V, S }        (tensors; S is (b·b) × r)
 *   cur:   { kind, C, U, R, columns?, rows? } (tensors; the fit's indices as JSON arrays)
 * Loading rebuilds through the factories' checks, so a file cannot make an
 * operator `structured.blast` / `structured.cur` would refuse.
 */
import { describe } from '../dtype';
import type { Matrix } from '../matrix';
import { BlastOp, blast } from './blast';
import { CurOp, cur } from './cur';
import type { LinearOperator } from './operator';

type Node = Record<string, unknown>;

export function saveFits(o: LinearOperator, put: (M: Matrix, field: string) => string): Node | undefined {
  if (o instanceof BlastOp) return { kind: 'blast', blocks: o.b, U: put(o.U, 'U'), V: put(o.V, 'V'), S: put(o.S, 'S') };
  if (o instanceof CurOp) {
    const node: Node = { kind: 'cur', C: put(o.C, 'C'), U: put(o.U, 'U'), R: put(o.R, 'R') };
    if (o.columnIndices && o.rowIndices) {
      node.columns = Array.from(o.columnIndices);
      node.rows = Array.from(o.rowIndices);
    }
    return node;
  }
  return undefined;
}

export function loadFits(
  node: Node,
  tensor: (node: Node, field: string) => Matrix,
  int: (node: Node, field: string, lo: number) => number,
  bad: (message: string) => never,
): LinearOperator | undefined {
  if (node.kind === 'blast') {
    const b = int(node, 'blocks', 1);
    return blast({ blocks: b, U: tensor(node, 'U'), V: tensor(node, 'V'), S: tensor(node, 'S') });
  }
  if (node.kind === 'cur') {
    const built = cur(tensor(node, 'C'), tensor(node, 'U'), tensor(node, 'R')) as CurOp;
    if (node.columns === undefined && node.rows === undefined) return built;
    const indices = (field: string, count: number, below: number): Int32Array => {
      const v = node[field];
      if (!Array.isArray(v) || v.length !== count) bad(`cur node: ${field} must be an array of ${count} indices, got ${describe(v)}`);
      const out = new Int32Array(count);
      (v as unknown[]).forEach((x, i) => {
        if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= below) bad(`cur node: ${field}[${i}] = ${describe(x)} is not an index below ${below}`);
        out[i] = x as number;
      });
      return out;
    };
    const columns = indices('columns', built.C.cols, built.cols), rows = indices('rows', built.R.rows, built.rows);
    return new CurOp(built.C, built.U, built.R, columns, rows);
  }
  return undefined;
}
