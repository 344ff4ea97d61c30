/**
 * The one interface lib/ talks to. native.ts and wasm.ts implement it; nothing
 * else in lib/ knows which one it has.
 *
 * Calls take typed arrays and plain numbers laid out as the C ABI in
 * native/include/sketchmat.h (row-major, leading dimensions in elements).
 * lib/ validates every argument before calling; a backend still never lets a
 * bad call read or write outside the arrays it is given.
 */
import type { FloatArray } from '../dtype';

export type BackendName = 'native' | 'wasm-simd' | 'wasm';
export type SimdName = 'scalar' | 'sse4' | 'avx2' | 'avx512' | 'neon' | 'simd128';

/** SIMD levels by their code in the C ABI (SKM_SIMD_*). */
export const SIMD_LEVELS: readonly SimdName[] = ['scalar', 'sse4', 'avx2', 'avx512', 'neon', 'simd128'];

/** Random distributions by their code in the C ABI (SKM_DIST_*). */
export const DIST = { uniform: 1, gaussian: 2, rademacher: 3 } as const;

/** Sketching operators by their code in the C ABI (SKM_SKETCH_*). */
export const SKETCH_KIND = { gaussian: 1, rademacher: 2, sparseSign: 3, verySparse: 4, srht: 5, tensorSketch: 6 } as const;

/** What names a sketching operator at the C ABI: (kind, k, n, param, seed halves). */
export interface SketchSpec {
  kind: number;
  k: number;
  n: number;
  /** nnz (sparse sign), density (very sparse), degree (TensorSketch); else 0. */
  param: number;
  seedLo: number;
  seedHi: number;
}

/** A CSR operand as the C ABI takes it (indices are Int32). */
export interface CsrArrays {
  indptr: Int32Array;
  indices: Int32Array;
  data: FloatArray;
}

export interface Backend {
  readonly name: BackendName;
  version(): string;
  /** The SIMD level kernels dispatch to now. */
  simd(): SimdName;
  /** Levels this CPU and build can run. */
  simdAvailable(): SimdName[];
  /** Caps dispatch at `level` (must be available). */
  simdCap(level: SimdName): void;
  threads(): number;
  setThreads(n: number): void;
  /** WASM only: bytes of linear memory now (it grows, never shrinks; 4 GiB at most). For leak tests and diagnostics. */
  heapBytes?(): number;

  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    alpha: number, A: FloatArray, lda: number, B: FloatArray, ldb: number,
    beta: number, C: FloatArray, ldc: number,
  ): void;
  /** Like gemm, off the calling thread when the backend can; resolves to a new m×n array (ld n). */
  gemmAsync(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    alpha: number, A: FloatArray, lda: number, B: FloatArray, ldb: number,
    beta: number, C: FloatArray | null, ldc: number,
  ): Promise<FloatArray>;
  gemv(
    trans: boolean, m: number, n: number, alpha: number, A: FloatArray, lda: number,
    x: FloatArray, incx: number, beta: number, y: FloatArray, incy: number,
  ): void;

  philox4x32(counter: Uint32Array, key: Uint32Array, out: Uint32Array): void;
  randomFill(
    dist: number, seedLo: number, seedHi: number, stream: number,
    row0: number, col0: number, rows: number, cols: number, scale: number,
    out: FloatArray, ldo: number,
  ): void;

  /** out (k×cols) = columns col0.. of S. */
  sketchDense(op: SketchSpec, col0: number, cols: number, out: FloatArray, ldo: number): void;
  /** out (k×d) = S[:, row0 : row0+rows]·B (B dense rows×d). */
  sketchApply(op: SketchSpec, row0: number, rows: number, d: number, B: FloatArray, ldb: number, out: FloatArray, ldo: number): void;
  sketchApplyCsr(op: SketchSpec, row0: number, rows: number, d: number, B: CsrArrays, out: FloatArray, ldo: number): void;
  /** out (N×k) = X·Sᵀ (X dense N×n). */
  sketchProject(op: SketchSpec, N: number, X: FloatArray, ldx: number, out: FloatArray, ldo: number): void;
  sketchProjectCsr(op: SketchSpec, N: number, X: CsrArrays, out: FloatArray, ldo: number): void;
  /** Like sketchProject(Csr), off the calling thread when the backend can; resolves to a new N×k array. */
  sketchProjectAsync(op: SketchSpec, N: number, X: FloatArray | CsrArrays, ldx: number): Promise<FloatArray>;
  /** In-place FWHT of `rows` rows of length n (a power of two). */
  fwht(rows: number, n: number, x: FloatArray, ldx: number, normalize: boolean): void;
}
