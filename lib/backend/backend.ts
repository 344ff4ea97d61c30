/**
 * The one interface lib/ talks to. native.ts and wasm.ts implement it; nothing
 * else in lib/ knows which one it has.
 *
 * A backend calls the C ABI (native/include/*.h) by name. lib/ reaches it
 * through lib/backend/kernel.ts, which checks every call against the kernel's
 * C signature (lib/backend/abi.ts) first; so a backend only moves arguments:
 * the addon reads typed arrays in place, WASM copies them into its heap.
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

/** The typed arrays a kernel takes, by the element type of its pointer. */
export type KernelArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;
export type KernelArrayKind = 'Float32Array' | 'Float64Array' | 'Int32Array' | 'Uint32Array' | 'Uint16Array' | 'Uint8Array';

/**
 * A pointer argument: the first `length` elements of `array` are what the
 * kernel may touch. 'in' is only read, 'out' only written (its old contents
 * are not needed), 'inout' both. For async calls, 'out' operands need no
 * array: the call allocates one of `kind`.
 */
export interface Operand {
  array?: KernelArray;
  kind: KernelArrayKind;
  length: number;
  mode: 'in' | 'out' | 'inout';
}

/** One argument of a kernel call, in C parameter order: a number, an operand, or null (a NULL pointer). */
export type KernelArg = number | Operand | null;

export interface Backend {
  readonly name: BackendName;
  /** Largest value of a size (skm_int) argument: 2^52 natively, 2^31 − 1 on wasm32. */
  readonly maxSize: number;
  /** Async kernel calls run at once; more wait in lib's queue, where an abort drops them unstarted. */
  readonly asyncSlots: number;
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
  /** WASM only: bytes of the async worker's linear memory at its last answer (0 before it starts). For leak tests. */
  asyncHeapBytes?(): number;
  /** Whether the module exports kernel `fn` (an addon or .wasm older than lib/ may lack new ones). */
  has(fn: string): boolean;

  /**
   * Calls kernel `fn` on the calling thread. Arguments were checked by
   * kernel.ts; a non-zero status becomes a typed error naming `what`.
   */
  call(fn: string, args: readonly KernelArg[], what: string): void;
  /**
   * Calls kernel `fn` off the calling thread where the backend can. Every
   * operand's array belongs to this call alone (kernel.ts made them), so the
   * backend may read and write them on another thread or transfer them.
   * Resolves to the operands' arrays after the call, in order (a worker may
   * hand back new objects). `cancel` is an Int32Array(1): setting it to 1
   * asks a running kernel to stop (it then rejects with AbortError).
   */
  callAsync(fn: string, args: readonly KernelArg[], what: string, cancel: Int32Array): Promise<KernelArray[]>;
  /**
   * callAsync only reads its 'in' operands, where they are, and never
   * transfers them (native: the addon holds them while its thread runs), so
   * kernel.ts may hand it the library's own arrays (markPrivate) uncopied.
   * Absent: every operand is a copy the backend may transfer (WASM's worker).
   */
  readonly asyncReadsInPlace?: boolean;
  /**
   * Holds `arrays` for the synchronous calls that follow, until the returned
   * function is called: WASM copies each into its heap once, and a call that
   * reads one of them (an 'in' operand of that very array) reads the copy
   * instead of copying it again. The caller must not change the arrays
   * meanwhile. Absent where kernels read arrays in place (native).
   */
  retain?(arrays: readonly KernelArray[]): () => void;
  /**
   * retain for the async calls that follow: WASM copies each array into its
   * worker's heap once (resolving when the copies are there), and an async
   * call whose 'in' operand is one of them sends a reference instead of the
   * array. Only for the library's own arrays (markPrivate), which never
   * change. Absent where async calls read arrays in place (native).
   */
  retainAsync?(arrays: readonly KernelArray[]): Promise<() => void>;
  /** Whether retainAsync holds `array` now (kernel.ts then passes it uncopied). */
  holdsAsync?(array: KernelArray): boolean;
}
