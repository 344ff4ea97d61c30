/**
 * Plain TypeScript definitions of the sketching operators, written from
 * native/kernels/SKETCH.md (sketch_def.h) with nothing shared with the
 * kernels but Philox: each operator's dense k × cols matrix in float64, and
 * the FWHT as the textbook triple loop. Slow on purpose.
 */
import { philox4x32, refLog, uniform53 } from './philox';

export type Json = { kind: string; k: number; n: number; params: Record<string, number>; seed: number };

const KIND = { sparseSign: 16, verySparse: 17, srhtSigns: 18, srhtRows: 19, tensor: 20 };

function key(seed: number): [number, number] {
  return [seed % 2 ** 32, Math.floor(seed / 2 ** 32)];
}

function block(seed: number, c0: number, c1: number, kind: number): number[] {
  return Array.from(philox4x32([c0 >>> 0, c1 >>> 0, 0, kind], key(seed)));
}

/** floor(w·m / 2^32), exactly. */
export function bounded(w: number, m: number): number {
  return Number((BigInt(w) * BigInt(m)) >> 32n);
}



/** Nonzeros of column j of a sparse sign S: Floyd's algorithm. */
export function sparseSignColumn(seed: number, k: number, nnz: number, j: number): { row: number; neg: boolean }[] {
  const out: { row: number; neg: boolean }[] = [];
  const chosen = new Set<number>();
  let x: number[] = [];
  for (let q = 0; q < nnz; q++) {
    if (q % 2 === 0) x = block(seed, q >>> 1, j, KIND.sparseSign);
    const w = x[2 * (q & 1)], s = x[2 * (q & 1) + 1];
    const t = k - nnz + q;
    let r = bounded(w, t + 1);
    if (chosen.has(r)) r = t;
    chosen.add(r);
    out.push({ row: r, neg: s >>> 31 === 1 });
  }
  return out;
}

/** Nonzeros of column j of a very sparse S: geometric gaps. */
export function verySparseColumn(seed: number, k: number, p: number, j: number): { row: number; neg: boolean }[] {
  const out: { row: number; neg: boolean }[] = [];
  const log1mp = p >= 1 ? 0 : refLog(1 - p);
  let row = -1;
  for (let t = 0; ; t++) {
    const x = block(seed, t, j, KIND.verySparse);
    const g = p < 1 ? Math.floor(refLog(uniform53(x[0], x[1]) + 2 ** -53) / log1mp) : 0;
    row = row + 1 + g;
    if (!(row < k)) return out;
    out.push({ row, neg: x[2] >>> 31 === 1 });
  }
}

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

export function srhtRows(seed: number, n2: number, k: number): number[] {
  const rows: number[] = [];
  const chosen = new Set<number>();
  for (let q = 0; q < k; q++) {
    const t = n2 - k + q;
    let r = bounded(block(seed, q, 0, KIND.srhtRows)[0], t + 1);
    if (chosen.has(r)) r = t;
    chosen.add(r);
    rows.push(r);
  }
  return rows;
}

export const srhtNeg = (seed: number, j: number) => block(seed, j, 0, KIND.srhtSigns)[0] >>> 31 === 1;

export function tensorHash(seed: number, k: number, t: number, j: number): { row: number; neg: boolean } {
  const x = block(seed, j, t, KIND.tensor);
  return { row: bounded(x[0], k), neg: x[1] >>> 31 === 1 };
}

function popcount(v: number): number {
  let c = 0;
  for (let b = BigInt(v); b > 0n; b >>= 1n) c += Number(b & 1n);
  return c;
}

/**
 * The dense k × cols operator in float64 for the sparse, SRHT and tensor
 * kinds (Gaussian and Rademacher are random.gaussian / random.rademacher
 * scaled by 1/√k, checked against those directly).
 */
export function referenceDense(j: Json): number[][] {
  const { kind, k, n, params, seed } = j;
  const cols = kind === 'tensorSketch' ? n ** params.degree : n;
  const S = Array.from({ length: k }, () => new Array<number>(cols).fill(0));
  const put = (nz: { row: number; neg: boolean }[], c: number, mag: number) => {
    for (const { row, neg } of nz) S[row][c] = neg ? -mag : mag;
  };
  if (kind === 'sparseSign' || kind === 'countSketch') {
    const nnz = kind === 'countSketch' ? 1 : params.nnz;
    for (let c = 0; c < n; c++) put(sparseSignColumn(seed, k, nnz, c), c, 1 / Math.sqrt(nnz));
  } else if (kind === 'verySparse') {
    for (let c = 0; c < n; c++) put(verySparseColumn(seed, k, params.density, c), c, 1 / Math.sqrt(k * params.density));
  } else if (kind === 'srht') {
    const rows = srhtRows(seed, nextPow2(Math.max(n, 1)), k);
    const mag = 1 / Math.sqrt(k);
    for (let i = 0; i < k; i++) {
      for (let c = 0; c < n; c++) {
        const neg = (popcount(rows[i] & c) % 2 === 1) !== srhtNeg(seed, c);
        S[i][c] = neg ? -mag : mag;
      }
    }
  } else if (kind === 'tensorSketch') {
    const d = params.degree;
    for (let J = 0; J < cols; J++) {
      let rest = J, sum = 0, neg = false;
      for (let t = d - 1; t >= 0; t--) {
        const h = tensorHash(seed, k, t, rest % n);
        rest = Math.floor(rest / n);
        sum += h.row;
        neg = neg !== h.neg;
      }
      S[sum % k][J] = neg ? -1 : 1;
    }
  } else {
    throw new Error(`no dense reference for ${kind}`);
  }
  return S;
}

/** The textbook FWHT: stages h = 1, 2, 4, ... of butterflies (u + v, u − v), in the array's precision. */
export function referenceFwht(x: Float32Array | Float64Array): void {
  const n = x.length;
  for (let h = 1; h < n; h *= 2) {
    for (let i = 0; i < n; i += 2 * h) {
      for (let j = i; j < i + h; j++) {
        const u = x[j], v = x[j + h];
        x[j] = u + v;
        x[j + h] = u - v;
      }
    }
  }
}
