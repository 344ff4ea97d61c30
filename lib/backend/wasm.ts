/**
 * The standalone WebAssembly builds (wasm/build.sh) as a Backend.
 *
 * Our own loader, not emscripten's JS glue: it works the same under Node,
 * browsers and bundlers. Arrays are copied into the module's heap for each
 * call and results copied out, so nothing returned ever views the heap (which
 * memory growth would detach).
 */
import type { FloatArray } from '../dtype';
import { copyInto, lengthOfArray, newArray, ownedCopy, subarrayOfArray, typedArrayKind } from '../dtype';
import { BackendError, OutOfMemoryError, ValueError, statusError } from '../errors';
import { Backend, BackendName, CsrArrays, SimdName, SketchSpec } from './backend';
import { Arg, Operand, WasmWorker, trapError } from './wasm-worker';

/** The module's exports: the C ABI plus malloc/free and the heap. */
interface Exports {
  memory: WebAssembly.Memory;
  _initialize?: () => void;
  malloc(bytes: number): number;
  free(ptr: number): void;
  [name: string]: unknown;
}
type Fn = (...args: number[]) => number;

/** A tiny module using one SIMD128 instruction: valid only where the engine has SIMD. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // i32.const 0; i8x16.splat; end
]);

export function hasWasmSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

/** Imports a standalone emscripten module may ask for; none is expected in normal runs. */
function importsFor(module: WebAssembly.Module, memory: () => WebAssembly.Memory | undefined): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== 'function') continue;
    const ns = (imports[imp.module] ??= {});
    if (imp.name === 'emscripten_notify_memory_growth') {
      ns[imp.name] = () => {}; // views are re-made from memory.buffer at every call
    } else if (imp.name === 'fd_write') {
      // Diagnostics from a failed assertion: swallow the bytes, report them written.
      ns[imp.name] = (_fd: number, iov: number, iovcnt: number, nwritten: number) => {
        const m = memory();
        if (!m) return 0;
        const v = new DataView(m.buffer);
        let total = 0;
        for (let i = 0; i < iovcnt; i++) total += v.getUint32(iov + 8 * i + 4, true);
        v.setUint32(nwritten, total, true);
        return 0;
      };
    } else {
      ns[imp.name] = () => {
        throw new BackendError(`wasm: the module called ${imp.module}.${imp.name}, which sketchmat does not provide`);
      };
    }
  }
  return imports;
}

export interface Loaded {
  module: WebAssembly.Module;
  instance: WebAssembly.Instance;
}

function instanceOf(module: WebAssembly.Module): WebAssembly.Instance {
  let instance: WebAssembly.Instance | undefined;
  instance = new WebAssembly.Instance(module, importsFor(module, () => instance?.exports.memory as WebAssembly.Memory));
  return instance;
}

export function instantiateSync(bytes: BufferSource): Loaded {
  const module = new WebAssembly.Module(bytes);
  return { module, instance: instanceOf(module) };
}

export async function instantiateAsync(bytes: BufferSource): Promise<Loaded> {
  const module = await WebAssembly.compile(bytes);
  let instance: WebAssembly.Instance | undefined;
  instance = await WebAssembly.instantiate(module, importsFor(module, () => instance?.exports.memory as WebAssembly.Memory));
  return { module, instance };
}

/** Heap views by the operand's real typed-array class (never its `constructor`, which a caller can change). */
const HEAP_VIEWS = {
  Float32Array, Float64Array, Uint32Array, Int32Array,
} as const;
type HeapKind = keyof typeof HEAP_VIEWS;

function kindOf(a: ArrayBufferView): HeapKind {
  const kind = typedArrayKind(a);
  if (kind === 'Float32Array' || kind === 'Float64Array' || kind === 'Uint32Array' || kind === 'Int32Array') return kind;
  throw new ValueError(`wasm: expected a Float32Array, Float64Array, Uint32Array or Int32Array operand, got ${kind ?? 'something else'}`);
}

/** wasm32 pointers and skm_int are 32-bit signed. */
const MAX_WASM_INT = 2 ** 31 - 1;

export function wasmBackend({ module, instance }: Loaded, name: Exclude<BackendName, 'native'>): Backend {
  let ex = instance.exports as unknown as Exports;
  let worker: WasmWorker | undefined | null = null; // null: not started yet; undefined: unavailable
  ex._initialize?.();
  const exported = (n: string): Fn => {
    const f = ex[n];
    if (typeof f !== 'function') throw new BackendError(`wasm: the module does not export ${n}`);
    return f as Fn;
  };
  const bind = () => ({
    version: exported('skm_version'),
    simdLevel: exported('skm_simd_level'),
    gemmF32: exported('skm_gemm_f32'), gemmF64: exported('skm_gemm_f64'),
    gemvF32: exported('skm_gemv_f32'), gemvF64: exported('skm_gemv_f64'),
    philox: exported('skm_philox4x32'),
    fillF32: exported('skm_random_fill_f32'), fillF64: exported('skm_random_fill_f64'),
    sketchDenseF32: exported('skm_sketch_dense_f32'), sketchDenseF64: exported('skm_sketch_dense_f64'),
    sketchApplyF32: exported('skm_sketch_apply_f32'), sketchApplyF64: exported('skm_sketch_apply_f64'),
    sketchApplyCsrF32: exported('skm_sketch_apply_csr_f32'), sketchApplyCsrF64: exported('skm_sketch_apply_csr_f64'),
    sketchProjectF32: exported('skm_sketch_project_f32'), sketchProjectF64: exported('skm_sketch_project_f64'),
    sketchProjectCsrF32: exported('skm_sketch_project_csr_f32'), sketchProjectCsrF64: exported('skm_sketch_project_csr_f64'),
    fwhtF32: exported('skm_fwht_f32'), fwhtF64: exported('skm_fwht_f64'),
  });
  let k = bind();
  /** After a trap: a fresh instance of the same module (see trapError). */
  function restart(): void {
    ex = instanceOf(module).exports as unknown as Exports;
    ex._initialize?.();
    k = bind();
  }
  const opArgs = (o: SketchSpec) => [o.kind, o.k, o.n, o.param, o.seedLo, o.seedHi];
  /** The CSR arrays of a `rows`-row operand, as run() operands. */
  const csrOps = (X: CsrArrays, rows: number): Operand[] => {
    const nnz = X.indptr[rows];
    if (X.indptr.length < rows + 1 || !(nnz >= 0) || nnz > X.indices.length || nnz > X.data.length) {
      throw new BackendError('wasm: CSR arrays are shorter than indptr says');
    }
    return [
      { array: X.indptr, length: rows + 1, mode: 'in' },
      { array: X.indices, length: nnz, mode: 'in' },
      { array: X.data, length: nnz, mode: 'in' },
    ];
  };

  function checkSize(...sizes: number[]): void {
    for (const s of sizes) {
      if (!Number.isInteger(s) || s < 0) throw new ValueError(`wasm: sizes must be non-negative integers, got ${s}`);
      if (s > MAX_WASM_INT) throw new OutOfMemoryError(`wasm: size ${s} does not fit the 32-bit WebAssembly backend`);
    }
  }

  /**
   * Copies operands into the heap, runs `kernel` on their pointers, copies
   * outputs back, frees everything (also on error), and turns a non-zero
   * status into a typed error.
   */
  function run(what: string, ops: Operand[], kernel: (ptrs: number[]) => number): void {
    const ptrs: number[] = [];
    try {
      for (const op of ops) {
        // The last line of defence if lib/ was bypassed: never copy past an
        // array's end (a detached or shrunk buffer reads as length 0).
        if (!(op.length >= 0 && op.length <= lengthOfArray(op.array))) {
          throw new ValueError(`${what}: an operand needs ${op.length} elements but its array has ${lengthOfArray(op.array)} (detached or resized?)`);
        }
        const bytes = op.length * HEAP_VIEWS[kindOf(op.array)].BYTES_PER_ELEMENT;
        if (bytes > 2 ** 32 - 2 ** 26) throw new OutOfMemoryError(`${what}: ${bytes} bytes do not fit the WebAssembly heap`);
        // malloc returns a wasm32 pointer as a signed i32: addresses past 2 GiB
        // come back negative, so read it unsigned.
        const p = bytes === 0 ? 0 : ex.malloc(bytes) >>> 0;
        if (bytes !== 0 && p === 0) {
          throw new OutOfMemoryError(`${what}: the WebAssembly heap could not grow by ${bytes} bytes`);
        }
        ptrs.push(p);
      }
      // Views made only after every malloc: growth detaches older ones.
      ops.forEach((op, i) => {
        if (op.mode !== 'out' && op.length > 0) copyInto(heapView(op.array, ptrs[i], op.length), subarrayOfArray(op.array, 0, op.length));
      });
      let status: number;
      try {
        status = kernel(ptrs);
      } catch (e) {
        if (!(e instanceof WebAssembly.RuntimeError)) throw e;
        ptrs.length = 0; // nothing to free in a heap that is being replaced
        restart();
        throw trapError(what, e.message);
      }
      if (status !== 0) throw statusError(status, what);
      ops.forEach((op, i) => {
        if (op.mode !== 'in' && op.length > 0) copyInto(op.array, heapView(op.array, ptrs[i], op.length));
      });
    } finally {
      for (const p of ptrs) if (p) ex.free(p);
    }
  }

  function heapView(like: Operand['array'], ptr: number, length: number): Operand['array'] {
    return new HEAP_VIEWS[kindOf(like)](ex.memory.buffer, ptr, length);
  }

  /**
   * Runs export `fn` on the worker thread when one can start, else here.
   * Resolves to the operands' arrays after the call (copies, outputs filled).
   */
  async function runAsync(what: string, name: string, args: Arg[], ops: Operand[]): Promise<(FloatArray | Uint32Array | Int32Array)[]> {
    for (const op of ops) {
      if (!(op.length >= 0 && op.length <= lengthOfArray(op.array))) {
        throw new ValueError(`${what}: an operand needs ${op.length} elements but its array has ${lengthOfArray(op.array)} (detached or resized?)`);
      }
    }
    if (worker === null || worker?.dead) worker = worker?.dead ? undefined : WasmWorker.start(module);
    const asError = (status: number) => (status === 0 ? null : statusError(status, what));
    if (worker) return worker.call(name, args, ops, asError);
    const copies = ops.map((op) => ({ ...op, array: ownedCopy(op.array, op.length, op.mode !== 'out') }));
    run(what, copies, (ptrs) => exported(name)(...args.map((a) => (typeof a === 'number' ? a : ptrs[a.op]))));
    return copies.map((c) => c.array);
  }

  const extent = (rows: number, cols: number, ld: number) => (rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols);

  const backend: Backend = {
    name,
    version: () => {
      const p = k.version();
      const bytes = new Uint8Array(ex.memory.buffer, p);
      let end = 0;
      while (bytes[end] !== 0) end++;
      return String.fromCharCode(...bytes.subarray(0, end));
    },
    simd: () => (name === 'wasm-simd' ? 'simd128' : 'scalar') as SimdName,
    simdAvailable: () => [backend.simd()],
    simdCap: (level) => {
      if (level !== backend.simd()) throw new BackendError(`${name}: SIMD level ${level} is not available (only ${backend.simd()})`);
    },
    threads: () => 1,
    setThreads: () => {},
    heapBytes: () => ex.memory.buffer.byteLength,

    gemm(tA, tB, m, n, k_, alpha, A, lda, B, ldb, beta, C, ldc) {
      checkSize(m, n, k_, lda, ldb, ldc);
      const f32 = kindOf(A) === 'Float32Array';
      run(
        'gemm',
        [
          { array: A, length: extent(tA ? k_ : m, tA ? m : k_, lda), mode: 'in' },
          { array: B, length: extent(tB ? n : k_, tB ? k_ : n, ldb), mode: 'in' },
          { array: C, length: extent(m, n, ldc), mode: beta === 0 && ldc === n ? 'out' : 'inout' },
        ],
        ([pA, pB, pC]) => (f32 ? k.gemmF32 : k.gemmF64)(+tA, +tB, m, n, k_, alpha, pA, lda, pB, ldb, beta, pC, ldc),
      );
    },
    async gemmAsync(tA, tB, m, n, k_, alpha, A, lda, B, ldb, beta, C, ldc) {
      checkSize(m, n, k_, lda, ldb, ldc, m * n);
      const out = newArray(kindOf(A) === 'Float32Array' ? 'float32' : 'float64', m * n);
      if (beta !== 0 && C) {
        for (let i = 0; i < m; i++) copyInto(out, subarrayOfArray(C, i * ldc, i * ldc + n), i * n);
      }
      const [, , result] = await runAsync(
        'gemmAsync',
        kindOf(A) === 'Float32Array' ? 'skm_gemm_f32' : 'skm_gemm_f64',
        [+tA, +tB, m, n, k_, alpha, { op: 0 }, lda, { op: 1 }, ldb, beta, { op: 2 }, n],
        [
          { array: A, length: extent(tA ? k_ : m, tA ? m : k_, lda), mode: 'in' },
          { array: B, length: extent(tB ? n : k_, tB ? k_ : n, ldb), mode: 'in' },
          { array: out, length: m * n, mode: beta === 0 ? 'out' : 'inout' },
        ],
      );
      return result as FloatArray;
    },
    gemv(t, m, n, alpha, A, lda, x, incx, beta, y, incy) {
      checkSize(m, n, lda, incx, incy);
      const f32 = kindOf(A) === 'Float32Array';
      run(
        'gemv',
        [
          { array: A, length: extent(m, n, lda), mode: 'in' },
          { array: x, length: extent(t ? m : n, 1, incx), mode: 'in' },
          { array: y, length: extent(t ? n : m, 1, incy), mode: beta === 0 && incy === 1 ? 'out' : 'inout' },
        ],
        ([pA, px, py]) => (f32 ? k.gemvF32 : k.gemvF64)(+t, m, n, alpha, pA, lda, px, incx, beta, py, incy),
      );
    },
    philox4x32(counter, key, out) {
      run(
        'philox4x32',
        [
          { array: counter, length: 4, mode: 'in' },
          { array: key, length: 2, mode: 'in' },
          { array: out, length: 4, mode: 'out' },
        ],
        ([pc, pk, po]) => k.philox(pc, pk, po),
      );
    },
    randomFill(dist, seedLo, seedHi, stream, row0, col0, rows, cols, scale, out, ldo) {
      // row0/col0 may reach 2^32 - 1: they pass through ToInt32 and the
      // kernel reads them back as uint32 (see skm_random_fill_* in sketchmat.h).
      checkSize(rows, cols, ldo);
      if (!(row0 >= 0 && row0 < 2 ** 32 && col0 >= 0 && col0 < 2 ** 32)) throw new ValueError(`randomFill: offsets ${row0}, ${col0} outside [0, 2^32)`);
      const f32 = kindOf(out) === 'Float32Array';
      run('randomFill', [{ array: out, length: extent(rows, cols, ldo), mode: 'inout' }], ([p]) =>
        (f32 ? k.fillF32 : k.fillF64)(dist, seedLo, seedHi, stream, row0, col0, rows, cols, scale, p, ldo),
      );
    },

    sketchDense(op, col0, cols, out, ldo) {
      checkSize(op.k, op.n, col0, cols, ldo);
      const f32 = kindOf(out) === 'Float32Array';
      run('sketch.toDense', [{ array: out, length: extent(op.k, cols, ldo), mode: ldo === cols ? 'out' : 'inout' }], ([p]) =>
        (f32 ? k.sketchDenseF32 : k.sketchDenseF64)(...opArgs(op), col0, cols, p, ldo),
      );
    },
    sketchApply(op, row0, rows, d, B, ldb, out, ldo) {
      checkSize(op.k, op.n, row0, rows, d, ldb, ldo);
      const f32 = kindOf(out) === 'Float32Array';
      run(
        'sketch.apply',
        [
          { array: B, length: extent(rows, d, ldb), mode: 'in' },
          { array: out, length: extent(op.k, d, ldo), mode: ldo === d ? 'out' : 'inout' },
        ],
        ([pB, pO]) => (f32 ? k.sketchApplyF32 : k.sketchApplyF64)(...opArgs(op), row0, rows, d, pB, ldb, pO, ldo),
      );
    },
    sketchApplyCsr(op, row0, rows, d, B, out, ldo) {
      checkSize(op.k, op.n, row0, rows, d, ldo);
      const f32 = kindOf(out) === 'Float32Array';
      run(
        'sketch.apply',
        [...csrOps(B, rows), { array: out, length: extent(op.k, d, ldo), mode: ldo === d ? 'out' : 'inout' }],
        ([pi, px, pd, pO]) => (f32 ? k.sketchApplyCsrF32 : k.sketchApplyCsrF64)(...opArgs(op), row0, rows, d, pi, px, pd, pO, ldo),
      );
    },
    sketchProject(op, N, X, ldx, out, ldo) {
      checkSize(op.k, op.n, N, ldx, ldo);
      const f32 = kindOf(out) === 'Float32Array';
      run(
        'sketch.project',
        [
          { array: X, length: extent(N, op.n, ldx), mode: 'in' },
          { array: out, length: extent(N, op.k, ldo), mode: ldo === op.k ? 'out' : 'inout' },
        ],
        ([pX, pO]) => (f32 ? k.sketchProjectF32 : k.sketchProjectF64)(...opArgs(op), N, pX, ldx, pO, ldo),
      );
    },
    sketchProjectCsr(op, N, X, out, ldo) {
      checkSize(op.k, op.n, N, ldo);
      const f32 = kindOf(out) === 'Float32Array';
      run(
        'sketch.project',
        [...csrOps(X, N), { array: out, length: extent(N, op.k, ldo), mode: ldo === op.k ? 'out' : 'inout' }],
        ([pi, px, pd, pO]) => (f32 ? k.sketchProjectCsrF32 : k.sketchProjectCsrF64)(...opArgs(op), N, pi, px, pd, pO, ldo),
      );
    },
    async sketchProjectAsync(op, N, X, ldx) {
      checkSize(op.k, op.n, N, ldx, N * op.k);
      const csr = !ArrayBuffer.isView(X);
      const like = csr ? (X as CsrArrays).data : (X as FloatArray);
      const f32 = kindOf(like) === 'Float32Array';
      const out = newArray(f32 ? 'float32' : 'float64', N * op.k);
      const result = { array: out, length: N * op.k, mode: 'out' as const };
      const [name, args, ops]: [string, Arg[], Operand[]] = csr
        ? [f32 ? 'skm_sketch_project_csr_f32' : 'skm_sketch_project_csr_f64',
          [...opArgs(op), N, { op: 0 }, { op: 1 }, { op: 2 }, { op: 3 }, op.k], [...csrOps(X as CsrArrays, N), result]]
        : [f32 ? 'skm_sketch_project_f32' : 'skm_sketch_project_f64',
          [...opArgs(op), N, { op: 0 }, ldx, { op: 1 }, op.k],
          [{ array: X as FloatArray, length: extent(N, op.n, ldx), mode: 'in' }, result]];
      const arrays = await runAsync('sketch.projectAsync', name, args, ops);
      return arrays[arrays.length - 1] as FloatArray;
    },
    fwht(rows, n, x, ldx, normalize) {
      checkSize(rows, n, ldx);
      const f32 = kindOf(x) === 'Float32Array';
      run('sketch.fwht', [{ array: x, length: extent(rows, n, ldx), mode: 'inout' }], ([p]) =>
        (f32 ? k.fwhtF32 : k.fwhtF64)(rows, n, p, ldx, +normalize),
      );
    },
  };
  return backend;
}
