/**
 * The sketching operator: a k × n matrix S named by its kind, parameters and
 * seed, never stored densely (the kernels generate what they need). All kinds
 * share this class; the files beside it check each kind's parameters.
 */
import type { DType, FloatArray } from '../dtype';
import { byteLengthOfArray, bytesPerElement, checkDType, describe, isFloatArray, newArray, viewsOverlap } from '../dtype';
import { DTypeError, ShapeError, ValueError } from '../errors';
import { Matrix, checkMatrix, isMatrix, leadingDim } from '../matrix';
import { CsrMatrix, checkCsr, isCsrMatrix } from '../sparse/csr';
import type { SketchSpec } from '../backend/backend';
import { sketchApply, sketchApplyCsr, sketchDense, sketchProject, sketchProjectAsync, sketchProjectCsr } from '../backend/core';
import { splitSeed } from '../random/index';
import { checkAllocation, checkInt, checkOptions, checkSignal } from '../validate';

export type SketchKind = 'gaussian' | 'rademacher' | 'sparseSign' | 'countSketch' | 'verySparse' | 'srht' | 'tensorSketch';

/** What `toJSON()` gives and `sketch.fromJSON` takes: exactly what rebuilds an operator. */
export interface SketchJSON {
  kind: SketchKind;
  k: number;
  n: number;
  /** Kind-specific: { nnz } for sparseSign, { density } for verySparse, { degree } for tensorSketch, {} otherwise. */
  params: Record<string, number>;
  seed: number;
}

export interface ApplyOptions {
  /**
   * Apply the columns rowOffset .. rowOffset + A.rows − 1 of S (a row block
   * of a tall A; the blocks' results sum to S·A). Default: A has all n rows.
   */
  rowOffset?: number;
}

export interface ProjectOptions {
  /**
   * Where to write the N × k result (same dtype as X, must not share memory
   * with X); reusing one saves allocating and page-faulting a fresh result
   * on every call. Default: a new Matrix.
   */
  out?: Matrix;
}

export interface ProjectAsyncOptions {
  /** Cancels a projectAsync that has not finished. */
  signal?: AbortSignal;
}

/** Operators the factories built (the constructor refuses any other caller). */
const builtOperators = new WeakSet<object>();
let constructing = false;

/** @internal What the factories call, after checking the parameters (params.ts, sparse.ts, …). */
export function makeOperator(
  kind: SketchKind, k: number, n: number, params: Record<string, number>, seed: number,
  code: number, param: number, cols = n,
): SketchOperator {
  constructing = true;
  try {
    return new SketchOperator(kind, k, n, params, seed, code, param, cols);
  } finally {
    constructing = false;
  }
}

/** The operator a method was called on, or a typed error naming the method (e.g. an unbound `S.project`). */
function self(op: unknown, method: string): SketchOperator {
  if (typeof op !== 'object' || op === null || !builtOperators.has(op)) {
    throw new ValueError(
      `SketchOperator.${method} was called on ${describe(op)}, not on a sketch operator ` +
        `(pass a bound function, e.g. X => S.${method}(X), not S.${method})`,
    );
  }
  return op as SketchOperator;
}

export class SketchOperator {
  /** Rows of S: the sketch dimension. */
  readonly k: number;
  /** Columns of S (for tensorSketch: the length of the rows of X in project). */
  readonly n: number;
  /** Columns of S as a matrix: n, or n^degree for tensorSketch. */
  readonly cols: number;
  readonly params: Readonly<Record<string, number>>;
  readonly seed: number;
  private readonly spec: SketchSpec;

  /**
   * @internal Operators come from the factories in `sketch` (sketch.gaussian,
   * …, sketch.fromJSON), which check the parameters; calling this directly
   * throws a ValueError.
   */
  constructor(
    readonly kind: SketchKind, k: number, n: number, params: Record<string, number>, seed: number,
    code: number, param: number, cols = n,
  ) {
    if (!constructing) {
      throw new ValueError('SketchOperator: build operators with the sketch factories (e.g. sketch.gaussian({ k, n, seed })) or sketch.fromJSON');
    }
    const [seedLo, seedHi] = splitSeed(seed, `sketch.${kind}`);
    this.k = k;
    this.n = n;
    this.cols = cols;
    this.params = Object.freeze({ ...params });
    this.seed = seed;
    this.spec = { kind: code, k, n, param, seedLo, seedHi };
    Object.freeze(this);
    builtOperators.add(this);
  }

  private get what(): string {
    return `sketch.${this.kind}`;
  }

  /**
   * S·A: A is n × d (a Matrix or CsrMatrix) and the result is a new k × d
   * Matrix of A's dtype. With `{ rowOffset }`, A is a block of rows
   * rowOffset .. rowOffset + A.rows − 1 of a taller matrix and the result is
   * S[:, rowOffset : rowOffset + A.rows]·A; the blocks' results sum to S·(whole).
   *
   * @throws ShapeError if A does not have n rows (or the block does not fit in [0, n)).
   * @throws ValueError for a bad rowOffset, a broken CsrMatrix or a detached buffer.
   * @example
   * const S = sketch.countSketch({ k: 2048, n: A.rows, seed: 1 });
   * const SA = S.apply(A); // 2048 × A.cols
   */
  apply<T extends FloatArray>(A: Matrix<T> | CsrMatrix<T>, options?: ApplyOptions): Matrix<T>;
  apply(A: Matrix | CsrMatrix, options?: ApplyOptions): Matrix {
    const S = self(this, 'apply');
    const what = `${S.what}.apply`;
    const o = checkOptions<ApplyOptions>(options, what, ['rowOffset']);
    const csr = isCsrMatrix(A);
    const a = csr ? checkCsr(A, `${what}: A`) : checkMatrix(A, `${what}: A`);
    let row0 = 0;
    if (o.rowOffset === undefined) {
      if (a.rows !== S.cols) {
        throw new ShapeError(
          `${what}: A has ${a.rows} rows but S is ${S.k}×${S.cols} (A needs ${S.cols} rows, or pass { rowOffset } for a row block)`,
        );
      }
    } else {
      row0 = checkInt(o.rowOffset, `${what}: rowOffset`, 0, Number.MAX_SAFE_INTEGER);
      if (row0 + a.rows > S.cols) {
        throw new ShapeError(`${what}: rows ${row0} .. ${row0 + a.rows - 1} of the block do not fit the ${S.cols} columns of S`);
      }
    }
    const d = a.cols;
    const out = newArray(a.dtype, checkAllocation(S.k, d, what));
    if (a.rows === 0 || d === 0 || S.k === 0) return new Matrix(S.k, d, out); // zeros: no work for no input
    if (csr) {
      const c = a as CsrMatrix;
      sketchApplyCsr(S.spec, row0, c.rows, d, { indptr: c.indptr, indices: c.indices, data: c.data }, out, d, what);
    } else {
      const m = a as Matrix;
      sketchApply(S.spec, row0, m.rows, d, m.data, leadingDim(m), out, d, what);
    }
    return new Matrix(S.k, d, out);
  }

  /**
   * X·Sᵀ: X is N × n (rows are samples, e.g. embeddings), a Matrix or
   * CsrMatrix; the result is a new N × k Matrix of X's dtype. For
   * tensorSketch, row i of the result sketches x_i ⊗ … ⊗ x_i. With
   * `{ out }` the result is written there (and returned).
   *
   * @throws ShapeError if X does not have n columns or out is not N × k.
   * @throws DTypeError if out's dtype differs from X's.
   * @throws ValueError if out shares memory with X.
   * @example
   * const P = sketch.srht({ k: 256, n: 1024, seed: 7 }).project(embeddings); // N × 256
   */
  project<T extends FloatArray>(X: Matrix<T> | CsrMatrix<T>, options?: ProjectOptions): Matrix<T>;
  project(X: Matrix | CsrMatrix, options?: ProjectOptions): Matrix {
    const S = self(this, 'project');
    const what = `${S.what}.project`;
    const o = checkOptions<ProjectOptions>(options, what, ['out']);
    const { x, csr } = S.checkX(what, X);
    let out: Matrix;
    if (o.out !== undefined) {
      out = checkMatrix(o.out, `${what}: out`);
      if (out.dtype !== x.dtype) {
        throw new DTypeError(`${what}: X is ${x.dtype} but out is ${out.dtype} (mixing float32 and float64 is not allowed)`);
      }
      if (out.rows !== x.rows || out.cols !== S.k) {
        throw new ShapeError(`${what}: out is ${out.rows}×${out.cols} but X·Sᵀ is ${x.rows}×${S.k}`);
      }
      const inputs = csr ? [csr.data, csr.indptr, csr.indices] : [(x as Matrix).data];
      if (inputs.some((a) => sharesMemory(out, a))) {
        throw new ValueError(`${what}: out shares memory with X; pass a separate out matrix`);
      }
    } else {
      out = new Matrix(x.rows, S.k, newArray(x.dtype, checkAllocation(x.rows, S.k, what)));
    }
    if (x.rows === 0 || S.k === 0) return out; // an empty result: no kernel, the same on every backend
    if (csr) sketchProjectCsr(S.spec, x.rows, csr, out.data, leadingDim(out), what);
    else sketchProject(S.spec, x.rows, (x as Matrix).data, leadingDim(x as Matrix), out.data, leadingDim(out), what);
    return out;
  }

  /**
   * project off the event loop (native: on a worker thread with its own copy
   * of X, so changing or detaching X meanwhile is safe).
   *
   * @throws as project, as a rejected Promise; AbortError when `signal` fires first.
   */
  projectAsync<T extends FloatArray>(X: Matrix<T> | CsrMatrix<T>, options?: ProjectAsyncOptions): Promise<Matrix<T>>;
  async projectAsync(X: Matrix | CsrMatrix, options?: ProjectAsyncOptions): Promise<Matrix> {
    const S = self(this, 'projectAsync');
    const what = `${S.what}.projectAsync`;
    const o = checkOptions<ProjectAsyncOptions>(options, what, ['signal']);
    const signal = checkSignal(o.signal, what);
    const { x, csr } = S.checkX(what, X);
    checkAllocation(x.rows, S.k, what);
    if (x.rows === 0 || S.k === 0) return new Matrix(x.rows, S.k, newArray(x.dtype, 0));
    const m = x as Matrix;
    const result = await sketchProjectAsync(S.spec, x.rows, csr ?? m.data, csr ? 0 : leadingDim(m), what, signal);
    // An array made by the addon belongs to Node's main realm; under a
    // different realm (jest's vm contexts) copy it into one of ours.
    const data = isFloatArray(result) ? result : x.dtype === 'float32' ? new Float32Array(result) : new Float64Array(result);
    return new Matrix(x.rows, S.k, data);
  }

  /**
   * The k × cols matrix S itself (cols = n, or n^degree for tensorSketch), for
   * inspection and tests. The float32 matrix is the float64 one rounded.
   *
   * @throws DTypeError for a dtype other than 'float32' / 'float64'.
   * @throws OutOfMemoryError if k × cols does not fit a typed array.
   */
  toDense(dtype: DType = 'float64'): Matrix {
    const S = self(this, 'toDense');
    const what = `${S.what}.toDense`;
    const d = checkDType(dtype, what);
    const out = newArray(d, checkAllocation(S.k, S.cols, what));
    sketchDense(S.spec, 0, S.cols, out, S.cols, what);
    return new Matrix(S.k, S.cols, out);
  }

  /** `{ kind, k, n, params, seed }`: `sketch.fromJSON` of it rebuilds this operator. */
  toJSON(): SketchJSON {
    const S = self(this, 'toJSON');
    return { kind: S.kind, k: S.k, n: S.n, params: { ...S.params }, seed: S.seed };
  }

  private checkX(what: string, X: unknown): { x: Matrix | CsrMatrix; csr?: { indptr: Int32Array; indices: Int32Array; data: FloatArray } } {
    if (!isCsrMatrix(X) && !isMatrix(X)) {
      throw new ValueError(`${what}: X must be a Matrix or CsrMatrix`);
    }
    const x = isCsrMatrix(X) ? checkCsr(X, `${what}: X`) : checkMatrix(X, `${what}: X`);
    if (x.cols !== this.n) {
      throw new ShapeError(`${what}: X is ${x.rows}×${x.cols} but S is ${this.k}×${this.n} (X needs ${this.n} columns)`);
    }
    return isCsrMatrix(x) ? { x, csr: { indptr: x.indptr, indices: x.indices, data: x.data } } : { x };
  }
}

/** True when out's span shares bytes with the typed array a. */
function sharesMemory(out: Matrix, a: ArrayBufferView): boolean {
  return viewsOverlap(out.data, out.extent * bytesPerElement(out.dtype), a, byteLengthOfArray(a));
}
