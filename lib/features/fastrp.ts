/**
 * FastRP node embeddings (Chen et al. 2019, "Fast and Accurate Network
 * Embeddings via Very Sparse Random Projection", Algorithm 1):
 *
 *   P = D⁻¹A                       (the random-walk transition matrix)
 *   N₁ = P·L·R,  N_i = P·N_{i−1}   (i = 2 .. k)
 *   N = Σ_i weights[i−1]·N_i
 *
 * with A the graph's weighted adjacency (a square CsrMatrix, weights ≥ 0), D
 * the diagonal of its row sums (weighted degrees d_j), L = diag((d_j / 2m)^β)
 * the degree normalization (β = normalizationStrength; 2m = Σ_j d_j, twice
 * the edge weight of an undirected graph) and R an n × dim sparse random
 * projection: R_ij = +√3 when u_ij < 1/6, −√3 when u_ij ≥ 5/6, else 0, with
 * u = random.uniform(n, dim, { seed }) (Achlioptas 2003; E R_ij² = 1). The
 * paper's very sparse s = √n would leave most rows of R empty when n ≫ dim;
 * density 1/3 costs nothing more here (R is made dense once) and keeps every
 * node's own projection. A node with no out-edges has a zero row in P and
 * L_j = 0 (d_j^β is undefined for d_j = 0 and β < 0).
 *
 * Each propagation step is one kernel call (skm_csr_propagate_*): the sparse
 * product, the row scaling D⁻¹ and the weighted accumulation fused, threaded
 * on native over blocks of rows with equal nonzeros.
 */
import type { DType, FloatArray } from '../dtype';
import { describe, newArray } from '../dtype';
import { ShapeError, ValueError, readingCallerValue } from '../errors';
import { Matrix } from '../matrix';
import { CsrMatrix, checkCsr } from '../sparse/csr';
import { csrPropagate, csrPropagateAsync } from '../backend/features';
import { uniform as randomUniform, splitSeed } from '../random/index';
import { checkAllocation, checkDim, checkFinite, checkOptions, checkSignal } from '../validate';

/** More propagation steps than any published setting (the paper uses 3–4). */
export const MAX_FASTRP_ITERATIONS = 64;

export interface FastRPOptions {
  /** Embedding width (≥ 1). */
  dim: number;
  /** weights[i] multiplies N_{i+1}; its length is the number of propagation steps (1 .. 64). */
  weights: readonly number[];
  /** β in L = diag((d_j / 2m)^β) (default 0: no normalization; the paper tunes β in [−1, 0]). */
  normalizationStrength?: number;
  /** An integer in [0, 2^53). */
  seed: number;
}

export interface FastRPAsyncOptions extends FastRPOptions {
  signal?: AbortSignal;
}

/** Everything a run needs, checked: the graph, the steps' weights, D⁻¹'s diagonal and X₀ = L·R. */
interface Plan {
  A: CsrMatrix;
  n: number;
  dim: number;
  dtype: DType;
  weights: number[];
  rowScale: FloatArray;
  X0: FloatArray;
  signal?: AbortSignal;
}

/**
 * The n × dim FastRP embeddings of a graph's n nodes, in the graph's dtype.
 *
 * @throws ValueError for a graph that is not a CsrMatrix, a negative or
 *   non-finite edge weight, dim < 1, weights not an array of 1 to 64 finite
 *   numbers, a non-finite normalizationStrength or a bad seed.
 * @throws ShapeError for a graph that is not square.
 * @example
 * const E = features.fastRP(graph, { dim: 256, weights: [0, 1, 1, 1], normalizationStrength: -0.5, seed: 1 });
 */
export function fastRP(graph: CsrMatrix, options: FastRPOptions): Matrix {
  const what = 'features.fastRP';
  const p = plan(graph, options, what, false);
  const out = new Matrix(p.n, p.dim, newArray(p.dtype, p.n * p.dim));
  if (p.n === 0) return out;
  let prev = p.X0, next = newArray(p.dtype, p.n * p.dim);
  for (const w of p.weights) {
    // Again each step: the graph's arrays are the caller's.
    const A = checkCsr(p.A, `${what}: graph`);
    csrPropagate(p.n, p.n, A.indptr, A.indices, A.data, p.dim, prev, p.rowScale, next, w, out.data, what);
    [prev, next] = [next, prev];
  }
  return out;
}

/**
 * fastRP with each propagation step off the event loop (native: on a worker
 * thread over copies of the graph and the embeddings, so changing the graph
 * meanwhile is safe); `signal` stops it between and within steps.
 *
 * @throws as fastRP, as a rejected Promise; AbortError when `signal` fires first.
 */
export async function fastRPAsync(graph: CsrMatrix, options: FastRPAsyncOptions): Promise<Matrix> {
  const what = 'features.fastRPAsync';
  const p = plan(graph, options, what, true);
  let acc = newArray(p.dtype, p.n * p.dim);
  if (p.n === 0) return new Matrix(0, p.dim, acc);
  let prev = p.X0;
  for (const w of p.weights) {
    const A = checkCsr(p.A, `${what}: graph`);
    const r = await csrPropagateAsync(p.n, p.n, A.indptr, A.indices, A.data, p.dim, prev, p.rowScale, w, acc, p.signal, what);
    prev = r.Y;
    acc = r.acc;
  }
  // Arrays a backend made may belong to another realm (jest's vm contexts): ours.
  const out = newArray(p.dtype, p.n * p.dim);
  out.set(acc);
  return new Matrix(p.n, p.dim, out);
}

function plan(graph: unknown, options: unknown, what: string, async: boolean): Plan {
  const A = checkCsr(graph, `${what}: graph`);
  if (A.rows !== A.cols) throw new ShapeError(`${what}: graph must be square (n × n adjacency), got ${A.rows}×${A.cols}`);
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${what}: expected options { dim, weights, seed }, got ${describe(options)}`);
  }
  const o = checkOptions<FastRPAsyncOptions>(options, what, async ? ['dim', 'weights', 'normalizationStrength', 'seed', 'signal'] : ['dim', 'weights', 'normalizationStrength', 'seed']);
  const signal = async ? checkSignal(o.signal, what) : undefined;
  const dim = checkDim(o.dim, `${what}: dim`);
  if (dim < 1) throw new ValueError(`${what}: dim must be at least 1, got 0`);
  const weights = readingCallerValue(`${what}: reading weights`, () => {
    const w = o.weights;
    if (!Array.isArray(w)) throw new ValueError(`${what}: weights must be an array of numbers, got ${describe(w)}`);
    const list = Array.from(w as unknown[]);
    if (list.length < 1 || list.length > MAX_FASTRP_ITERATIONS) {
      throw new ValueError(`${what}: weights must hold 1 to ${MAX_FASTRP_ITERATIONS} numbers (one per propagation step), got ${list.length}`);
    }
    return list.map((v, i) => checkFinite(v, `${what}: weights[${i}]`));
  });
  const beta = o.normalizationStrength === undefined ? 0 : checkFinite(o.normalizationStrength, `${what}: normalizationStrength`);
  if (o.seed === undefined) throw new ValueError(`${what}: a seed is required, e.g. { dim, weights, seed: 42 }`);
  splitSeed(o.seed, what);
  const n = A.rows, dtype = A.dtype;
  const size = checkAllocation(n, dim, what);

  // Weighted degrees (float64), checking the weights once.
  const { indptr, data } = A;
  const degree = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = data[p];
      if (!(v >= 0 && v < Infinity)) throw new ValueError(`${what}: graph edge weights must be finite and ≥ 0, got data[${p}] = ${v}`);
      s += v;
    }
    degree[i] = s;
    total += s;
  }
  const rowScale = newArray(dtype, n);
  for (let i = 0; i < n; i++) rowScale[i] = degree[i] > 0 ? 1 / degree[i] : 0;

  // X₀ = L·R.
  const X = newArray(dtype, size);
  if (n > 0) {
    const U = randomUniform(n, dim, { seed: o.seed, stream: 0 }).data;
    const r = Math.sqrt(3);
    for (let i = 0; i < n; i++) {
      const l = degree[i] > 0 ? (degree[i] / total) ** beta : 0;
      for (let j = 0; j < dim; j++) {
        const u = U[i * dim + j];
        X[i * dim + j] = u < 1 / 6 ? r * l : u >= 5 / 6 ? -r * l : 0;
      }
    }
  }
  return { A, n, dim, dtype, weights, rowScale, X0: X, signal };
}
