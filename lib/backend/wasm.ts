/**
 * The standalone WebAssembly builds (wasm/build.sh) as a Backend.
 *
 * Our own loader, not emscripten's JS glue: it works the same under Node,
 * browsers and bundlers. Arrays are copied into the module's heap for each
 * call and results copied out, so nothing returned ever views the heap (which
 * memory growth would detach).
 */
import { copyInto, lengthOfArray, subarrayOfArray, typedArrayKind } from '../dtype';
import { BackendError, OutOfMemoryError, ValueError, statusError } from '../errors';
import { Backend, BackendName, KernelArg, KernelArray, Operand, SimdName } from './backend';
import { WasmWorker, trapError } from './wasm-worker';

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

/** Heap views by the operand's kind (kernel.ts checked it against the C signature). */
const HEAP_VIEWS = {
  Float32Array, Float64Array, Int32Array, Uint32Array, Uint16Array, Uint8Array,
} as const;

const isOperand = (a: KernelArg): a is Operand => a !== null && typeof a === 'object';

export function wasmBackend({ module, instance }: Loaded, name: Exclude<BackendName, 'native'>): Backend {
  let ex = instance.exports as unknown as Exports;
  let worker: WasmWorker | undefined | null = null; // null: not started yet; undefined: unavailable
  ex._initialize?.();
  const exported = (n: string): Fn => {
    const f = ex[n];
    if (typeof f !== 'function') throw new BackendError(`wasm: the module does not export ${n}`);
    return f as Fn;
  };
  /**
   * Arrays held in this instance's heap by retain(): the array object (what
   * a kernel call's operand holds) to its copy's pointer.
   */
  const resident = new Map<KernelArray, number>();
  /** After a trap: a fresh instance of the same module (its heap state is unknown). */
  function restart(): void {
    ex = instanceOf(module).exports as unknown as Exports;
    ex._initialize?.();
    resident.clear();
  }

  /**
   * Copies the operands into the heap, calls export `fn` with their
   * pointers in their places, copies outputs back, frees everything (also on
   * error), and turns a non-zero status into a typed error. A trap anywhere
   * (the kernel, malloc or free: a heap corrupted by a bug) replaces the
   * instance and is a BackendError.
   */
  function run(fn: string, args: readonly KernelArg[], what: string): void {
    const ops = args.filter(isOperand);
    const ptrs: number[] = [];
    // Operands read from a retained copy: neither copied in nor freed.
    const held = ops.map((op) => (op.mode === 'in' && op.array ? resident.get(op.array) : undefined));
    // A call that writes a retained array makes its copy stale: drop it.
    for (const op of ops) if (op.mode !== 'in' && op.array && resident.has(op.array)) evict(op.array);
    try {
      try {
        for (const [i, op] of ops.entries()) {
          if (held[i] !== undefined) {
            ptrs.push(held[i]!);
            continue;
          }
          const bytes = op.length * HEAP_VIEWS[op.kind].BYTES_PER_ELEMENT;
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
        // An operand that lost elements since checkCall (a buffer detached or
        // resized meanwhile) is a typed error here, not a TypeError mid-copy.
        for (const op of ops) {
          if (op.mode !== 'out' && op.length > 0 && lengthOfArray(op.array!) < op.length) {
            throw new ValueError(`${what}: an operand needs ${op.length} elements but its array now has ${lengthOfArray(op.array!)} (was its buffer detached or resized?)`);
          }
        }
        ops.forEach((op, i) => {
          if (held[i] === undefined && op.mode !== 'out' && op.length > 0) copyInto(heapView(op, ptrs[i]), subarrayOfArray(op.array!, 0, op.length));
        });
        let next = 0;
        const status = exported(fn)(...args.map((a) => (a === null ? 0 : typeof a === 'number' ? a : ptrs[next++])));
        if (status !== 0) throw statusError(status, what);
        ops.forEach((op, i) => {
          if (op.mode !== 'in' && op.length > 0) copyInto(op.array!, heapView(op, ptrs[i]));
        });
      } finally {
        ptrs.forEach((p, i) => { if (p && held[i] === undefined) ex.free(p); });
      }
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      restart();
      throw trapError(what, e.message);
    }
  }

  function heapView(op: Operand, ptr: number): KernelArray {
    return new HEAP_VIEWS[op.kind](ex.memory.buffer, ptr, op.length);
  }

  function evict(a: KernelArray): void {
    const p = resident.get(a);
    resident.delete(a);
    if (p) ex.free(p);
  }

  /**
   * Copies arrays into the heap once for a run of calls (Backend.retain).
   * An array that does not fit is left out: its calls copy it as before.
   * Nested holds of the same array keep the outer one's copy.
   */
  function retain(arrays: readonly KernelArray[]): () => void {
    const mine: KernelArray[] = [];
    const instance = ex;
    for (const a of arrays) {
      if (a.length === 0 || resident.has(a)) continue;
      const kind = typedArrayKind(a) as keyof typeof HEAP_VIEWS;
      if (!(kind in HEAP_VIEWS)) continue;
      let p = 0;
      try {
        p = ex.malloc(a.byteLength) >>> 0;
      } catch (e) {
        if (!(e instanceof WebAssembly.RuntimeError)) throw e;
        restart();
        break;
      }
      if (p === 0) continue;
      try {
        new HEAP_VIEWS[kind](ex.memory.buffer, p, a.length).set(a as never);
      } catch (e) {
        // A caller's array detached or shrunk under us (the hostile-input
        // fuzz meets one now and then): hold nothing; the call that reads it
        // reports it as a typed error.
        ex.free(p);
        if (e instanceof TypeError || e instanceof RangeError) continue;
        throw e;
      }
      resident.set(a, p);
      mine.push(a);
    }
    return () => {
      // After a trap the instance (and every pointer) is new: nothing to free.
      if (ex !== instance) return;
      for (const a of mine) if (resident.has(a)) evict(a);
    };
  }

  /** The worker, started at the first async call; undefined where none can start (or after it failed). */
  function liveWorker(): WasmWorker | undefined {
    if (worker === null || worker?.dead) worker = worker?.dead ? undefined : WasmWorker.start(module);
    return worker ?? undefined;
  }

  const backend: Backend = {
    name,
    // wasm32: skm_int and pointers are 32-bit signed.
    maxSize: 2 ** 31 - 1,
    // One worker runs one call at a time; queued calls wait in lib, where an abort can drop them.
    asyncSlots: 1,
    version: () => {
      const p = exported('skm_version')();
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
    asyncHeapBytes: () => worker?.heapBytes ?? 0,
    has: (fn) => typeof ex[fn] === 'function',
    call: run,
    retain,
    /**
     * On the worker thread when one can start (its own instance of the
     * module), else here. The operands are the call's own: they are
     * transferred to the worker and come back as new arrays.
     */
    async callAsync(fn, args, what) {
      const w = liveWorker();
      if (w) return w.call(fn, args, (status) => (status === 0 ? null : statusError(status, what)), what);
      run(fn, args, what);
      return args.filter(isOperand).map((op) => op.array!);
    },
    /** Copies in the worker's heap, read by the async calls that follow (WasmWorker.hold); nothing without a worker. */
    async retainAsync(arrays) {
      const w = liveWorker();
      return w ? w.hold(arrays, `${name}: retainAsync`) : () => {};
    },
    holdsAsync: (array) => (worker ? !worker.dead && worker.holds(array) : false),
  };
  return backend;
}
