/**
 * MUVERA fixed-dimensional encodings (Dhulipala et al. 2024) of sets of
 * vectors, so that one inner product ⟨F_q(Q), F_d(P)⟩ approximates the
 * Chamfer similarity Σ_{q∈Q} max_{p∈P} ⟨q, p⟩ of multi-vector retrieval.
 *
 * For each of `repetitions` independent repetitions:
 * - SimHash with `simhashBits` = k hyperplanes cuts space into B = 2^k
 *   partitions; a vector's partition is its k sign bits (bit b = 1 when its
 *   projection on hyperplane b is > 0).
 * - A query's block for partition c is the sum of its vectors in c (zero when
 *   none); a document's block is the average of its vectors in c, and when
 *   none falls in c, the vector whose SimHash code is nearest to c in
 *   Hamming distance (ties: the lowest index), as in the paper.
 * - With projectionDim, each block is first mapped by a random ±1 matrix
 *   S (projectionDim × dim) scaled by 1/√projectionDim (a JL map; linear, so
 *   it is applied to the vectors before they are summed).
 * The encoding is the repetitions' blocks one after another
 * (repetitions · B · projectionDim values); with finalDim, that is reduced by
 * a CountSketch (sketch.countSketch, the same seed) to finalDim values.
 *
 * Randomness (all from the Philox streams under `seed`): hyperplanes are
 * random.gaussian(repetitions·k, dim, stream 0) (rows r·k .. r·k + k − 1 for
 * repetition r), S of repetition r rows r·projectionDim .. of
 * random.rademacher(repetitions·projectionDim, dim, stream 1). The
 * projections are GEMMs (the same on every backend to rounding); a sign
 * within rounding of 0 may differ between backends, as for SimHash.
 */
import type { DType } from '../dtype';
import { describe, newArray } from '../dtype';
import { DTypeError, ShapeError, ValueError, readingCallerValue } from '../errors';
import { Matrix, checkMatrix, isMatrix, leadingDim } from '../matrix';
import { matmul } from '../dense/matmul';
import { gaussian as randomGaussian, rademacher as randomRademacher, splitSeed } from '../random/index';
import { countSketch } from '../sketch/sparse';
import type { SketchOperator } from '../sketch/operator';
import { checkAllocation, checkDim, checkInt, checkOptions } from '../validate';
import { popcount32 } from './codes';

/** Vectors per GEMM of a batch call (sets are never split). */
const CHUNK_VECTORS = 2048;

/** 2^16 partitions per repetition is already far past the paper's settings (2^4 to 2^6). */
export const MAX_SIMHASH_BITS = 16;

export interface MuveraOptions {
  /** Length of the input vectors. */
  dim: number;
  /** Independent repetitions (≥ 1); their encodings are concatenated. */
  repetitions: number;
  /** SimHash bits k per repetition, in [0, 16]: 2^k partitions. */
  simhashBits: number;
  /** Width of each block after a random ±1 projection; omitted: no projection (blocks of dim). */
  projectionDim?: number;
  /** Width of the final CountSketch of the whole encoding; omitted: none. */
  finalDim?: number;
  /** An integer in [0, 2^53). */
  seed: number;
}

export interface MuveraJSON {
  kind: 'muvera';
  dim: number;
  repetitions: number;
  simhashBits: number;
  projectionDim: number | null;
  finalDim: number | null;
  seed: number;
}

const built = new WeakSet<object>();
let constructing = false;

function self(f: unknown, method: string): Muvera {
  if (typeof f !== 'object' || f === null || !built.has(f)) {
    throw new ValueError(`Muvera.${method} was called on ${describe(f)}, not on a MUVERA encoder (pass a bound function, e.g. V => f.${method}(V))`);
  }
  return f as Muvera;
}

export class Muvera {
  readonly dim: number;
  readonly repetitions: number;
  readonly simhashBits: number;
  readonly projectionDim: number | undefined;
  readonly finalDim: number | undefined;
  readonly seed: number;
  /** Values per encoding: finalDim, or repetitions · 2^simhashBits · (projectionDim ?? dim). */
  readonly outputDim: number;
  /** Width of one block: projectionDim ?? dim. */
  private readonly block: number;
  /** Before the final sketch: repetitions · 2^simhashBits · block. */
  private readonly fdeDim: number;
  private readonly hyperplanes: Record<DType, Matrix>;
  private readonly projection: Record<DType, Matrix> | undefined;
  private readonly final: SketchOperator | undefined;

  /** @internal Built by features.muvera / features.fromJSON only. */
  constructor(dim: number, repetitions: number, simhashBits: number, projectionDim: number | undefined, finalDim: number | undefined, seed: number) {
    if (!constructing) throw new ValueError('Muvera: build it with features.muvera({ dim, repetitions, simhashBits, seed }) or features.fromJSON');
    this.dim = dim;
    this.repetitions = repetitions;
    this.simhashBits = simhashBits;
    this.projectionDim = projectionDim;
    this.finalDim = finalDim;
    this.seed = seed;
    this.block = projectionDim ?? dim;
    this.fdeDim = repetitions * 2 ** simhashBits * this.block;
    this.outputDim = finalDim ?? this.fdeDim;
    const both = (M: Matrix): Record<DType, Matrix> => {
      const m32 = newArray('float32', M.rows * M.cols);
      m32.set(M.data);
      return { float64: M, float32: new Matrix(M.rows, M.cols, m32) };
    };
    this.hyperplanes = both(randomGaussian(repetitions * simhashBits, dim, { seed, stream: 0 }));
    this.projection = projectionDim === undefined ? undefined
      : both(randomRademacher(repetitions * projectionDim, dim, { seed, stream: 1, scale: 1 / Math.sqrt(projectionDim) }));
    this.final = finalDim === undefined ? undefined : countSketch({ k: finalDim, n: this.fdeDim, seed });
    Object.freeze(this);
    built.add(this);
  }

  /**
   * The query encoding of one set of vectors (n × dim, float32 or float64;
   * n may be 0): a new 1 × outputDim Matrix of the same dtype.
   *
   * @throws ValueError if vectors is not a Matrix (or its buffer was detached).
   * @throws ShapeError if vectors does not have dim columns.
   * @example
   * const m = features.muvera({ dim: 128, repetitions: 20, simhashBits: 5, projectionDim: 16, seed: 1 });
   * const score = dot(m.encodeQuery(Q).data, m.encodeDocument(P).data); // ≈ Chamfer(Q, P)
   */
  encodeQuery(vectors: Matrix): Matrix {
    return self(this, 'encodeQuery').encode([vectors], false, 'muvera.encodeQuery', false);
  }

  /** The document encoding of one set of vectors (see the module comment); as encodeQuery. */
  encodeDocument(vectors: Matrix): Matrix {
    return self(this, 'encodeDocument').encode([vectors], true, 'muvera.encodeDocument', false);
  }

  /**
   * Query encodings of many sets at once: a new list.length × outputDim
   * Matrix, row i the encoding of list[i]. The sets share one dtype.
   *
   * @throws ValueError if list is not an array of Matrix.
   * @throws DTypeError if the sets do not share one dtype.
   * @throws ShapeError if a set does not have dim columns.
   */
  encodeQueries(list: readonly Matrix[]): Matrix {
    return self(this, 'encodeQueries').encode(list, false, 'muvera.encodeQueries', true);
  }

  /** Document encodings of many sets at once; as encodeQueries. */
  encodeDocuments(list: readonly Matrix[]): Matrix {
    return self(this, 'encodeDocuments').encode(list, true, 'muvera.encodeDocuments', true);
  }

  /** `{ kind: 'muvera', dim, repetitions, simhashBits, projectionDim, finalDim, seed }` (null for an omitted width). */
  toJSON(): MuveraJSON {
    const f = self(this, 'toJSON');
    return {
      kind: 'muvera', dim: f.dim, repetitions: f.repetitions, simhashBits: f.simhashBits,
      projectionDim: f.projectionDim ?? null, finalDim: f.finalDim ?? null, seed: f.seed,
    };
  }

  /** The sets, checked: Matrices of dim columns and one dtype. */
  private checkSets(list: unknown, what: string, batch: boolean): Matrix[] {
    const sets = batch
      ? readingCallerValue(`${what}: reading the list`, () => {
        if (!Array.isArray(list)) throw new ValueError(`${what}: expected an array of Matrix, got ${describe(list)}`);
        return Array.from(list as unknown[]);
      })
      : (list as unknown[]);
    const out: Matrix[] = [];
    let dtype: DType | undefined;
    sets.forEach((V, i) => {
      const name = batch ? `${what}: list[${i}]` : `${what}: vectors`;
      if (!isMatrix(V)) throw new ValueError(`${name} must be a Matrix, got ${describe(V)}`);
      const v = checkMatrix(V, name);
      if (v.cols !== this.dim) {
        throw new ShapeError(`${name} is ${v.rows}×${v.cols} but the encoder takes vectors of ${this.dim} (it needs ${this.dim} columns)`);
      }
      if (dtype !== undefined && v.dtype !== dtype) {
        throw new DTypeError(`${name} is ${v.dtype} but list[0] is ${dtype}: the sets of one call share a dtype`);
      }
      dtype = v.dtype;
      out.push(v);
    });
    return out;
  }

  private encode(list: unknown, document: boolean, what: string, batch: boolean): Matrix {
    const sets = this.checkSets(list, what, batch);
    const dtype: DType = sets.length > 0 ? sets[0].dtype : 'float64';
    const count = sets.length, fdeDim = this.fdeDim;
    checkAllocation(count, this.outputDim, what);
    const out = new Matrix(count, this.outputDim, newArray(dtype, count * this.outputDim));
    // Sets in chunks of about CHUNK_VECTORS vectors: one GEMM per map per
    // chunk, and the chunk's projections and encodings stay in cache (one
    // batch-wide pass measured slower than one set at a time).
    const acc = new Float64Array(fdeDim);
    for (let s0 = 0; s0 < count;) {
      let s1 = s0, vectors = 0;
      while (s1 < count && (s1 === s0 || vectors + sets[s1].rows <= CHUNK_VECTORS)) vectors += sets[s1++].rows;
      const F = this.final ? new Matrix(s1 - s0, fdeDim, newArray(dtype, checkAllocation(s1 - s0, fdeDim, what))) : undefined;
      this.encodeChunk(sets, s0, s1, vectors, dtype, document, acc, (s, enc) => {
        if (F) F.data.set(enc, (s - s0) * fdeDim);
        else out.data.set(enc, s * fdeDim);
      }, what);
      if (F && this.final) out.data.set(this.final.project(F).data, s0 * this.outputDim);
      s0 = s1;
    }
    return out;
  }

  /** Encodes sets[s0 .. s1) (holding `total` vectors), handing each encoding (in `acc`) to emit. */
  private encodeChunk(
    sets: Matrix[], s0: number, s1: number, total: number, dtype: DType, document: boolean, acc: Float64Array,
    emit: (s: number, encoding: Float64Array) => void, what: string,
  ): void {
    const reps = this.repetitions, bits = this.simhashBits, B = 2 ** bits, w = this.block, d = this.dim;
    checkAllocation(total, d, what);
    const X = new Matrix(total, d, newArray(dtype, total * d));
    let row = 0;
    for (let s = s0; s < s1; s++) {
      const v = sets[s], ld = leadingDim(v), data = v.data;
      for (let i = 0; i < v.rows; i++, row++) X.data.set(data.subarray(i * ld, i * ld + d), row * d);
    }
    // Partition of each vector in each repetition: its k sign bits.
    const part = new Int32Array(total * reps);
    if (bits > 0 && total > 0) {
      const hd = matmul(X, this.hyperplanes[dtype], { transB: true }).data;
      for (let i = 0; i < total; i++) {
        for (let r = 0; r < reps; r++) {
          let c = 0;
          for (let b = 0; b < bits; b++) if (hd[i * reps * bits + r * bits + b] > 0) c |= 1 << b;
          part[i * reps + r] = c;
        }
      }
    }
    // Each vector's block in each repetition (projected, or itself).
    const projected = this.projection !== undefined;
    const Y = this.projection && total > 0 ? matmul(X, this.projection[dtype], { transB: true }) : X;
    const ldy = projected ? reps * w : d;
    // Locals: the hot loops below must not reload fields or getters.
    const yd = Y.data;
    const counts = new Int32Array(B);
    let first = 0;
    for (let s = s0; s < s1; s++) {
      const n = sets[s].rows;
      acc.fill(0);
      for (let r = 0; r < reps; r++) {
        const base = r * B * w;
        const yoff = projected ? r * w : 0;
        counts.fill(0);
        for (let i = first; i < first + n; i++) {
          const c = part[i * reps + r];
          counts[c]++;
          const o = base + c * w, y = i * ldy + yoff;
          for (let t = 0; t < w; t++) acc[o + t] += yd[y + t];
        }
        if (!document || n === 0) continue;
        for (let c = 0; c < B; c++) {
          const o = base + c * w;
          if (counts[c] > 1) {
            const f = 1 / counts[c];
            for (let t = 0; t < w; t++) acc[o + t] *= f;
          } else if (counts[c] === 0) {
            // The paper's fill: the vector whose code is nearest to c (lowest index on ties).
            let best = first, bestDist = Infinity;
            for (let i = first; i < first + n; i++) {
              const dist = popcount32(part[i * reps + r] ^ c);
              if (dist < bestDist) { bestDist = dist; best = i; }
            }
            const y = best * ldy + yoff;
            for (let t = 0; t < w; t++) acc[o + t] = yd[y + t];
          }
        }
      }
      emit(s, acc);
      first += n;
    }
  }
}

/**
 * A MUVERA encoder: fixed-dimensional encodings of multi-vector sets whose
 * inner products approximate Chamfer similarity.
 *
 * @throws ValueError for dim not an integer in [1, 2^32), repetitions < 1,
 *   simhashBits outside [0, 16], projectionDim or finalDim < 1, a bad seed, or
 *   an encoding too large to allocate.
 * @example
 * const m = features.muvera({ dim: 128, repetitions: 20, simhashBits: 5, projectionDim: 16, seed: 7 });
 * const D = m.encodeDocuments(docs);          // docs.length × 10240
 * const q = m.encodeQuery(queryVectors);      // 1 × 10240; D·qᵀ ≈ Chamfer scores
 */
export function muvera(options: MuveraOptions): Muvera {
  const what = 'features.muvera';
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${what}: expected options { dim, repetitions, simhashBits, seed }, got ${describe(options)}`);
  }
  const o = checkOptions<MuveraOptions>(options, what, ['dim', 'repetitions', 'simhashBits', 'projectionDim', 'finalDim', 'seed']);
  const dim = checkDim(o.dim, `${what}: dim`);
  if (dim < 1) throw new ValueError(`${what}: dim must be at least 1, got 0`);
  const repetitions = checkInt(o.repetitions, `${what}: repetitions`, 1, 2 ** 32 - 1);
  const simhashBits = checkInt(o.simhashBits, `${what}: simhashBits`, 0, MAX_SIMHASH_BITS);
  const projectionDim = o.projectionDim === undefined ? undefined : checkInt(o.projectionDim, `${what}: projectionDim`, 1, 2 ** 32 - 1);
  const finalDim = o.finalDim === undefined ? undefined : checkInt(o.finalDim, `${what}: finalDim`, 1, 2 ** 32 - 1);
  if (o.seed === undefined) throw new ValueError(`${what}: a seed is required, e.g. { dim, repetitions, simhashBits, seed: 42 }`);
  splitSeed(o.seed, what);
  // The encoding's width, the hyperplanes and the ±1 map must all fit.
  checkAllocation(repetitions * 2 ** simhashBits, projectionDim ?? dim, what);
  checkAllocation(repetitions * simhashBits, dim, what);
  if (projectionDim !== undefined) checkAllocation(repetitions * projectionDim, dim, what);
  constructing = true;
  try {
    return new Muvera(dim, repetitions, simhashBits, projectionDim, finalDim, o.seed);
  } finally {
    constructing = false;
  }
}
