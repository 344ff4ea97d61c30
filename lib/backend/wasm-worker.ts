/**
 * A worker thread with its own instance of a WebAssembly build, so `…Async`
 * calls on the WASM backends leave the event loop free (DESIGN: "On WASM,
 * async work runs in a worker where one is available").
 *
 * The worker is a door like the addon: it copies the operands it is sent into
 * its heap, calls one C ABI export, and sends the outputs back. It holds no
 * math. It can also hold copies of arrays in its heap between calls (hold):
 * a driver making ten products with one 400 MB matrix sends it once. Its source is a string so that it needs no separate file in Node, in
 * browsers (a Blob URL) or in bundlers.
 */
import { BackendError } from '../errors';
import type { KernelArg, KernelArray, Operand } from './backend';

/**
 * A kernel that trapped (a sketchmat bug: an out-of-bounds access, say). The
 * heap is in an unknown state after a trap, so the caller has replaced the
 * instance by a fresh one of the same module.
 */
export function trapError(what: string, detail: string): BackendError {
  return new BackendError(`${what}: the WebAssembly kernel trapped (${detail}); the module was restarted. This is a bug in sketchmat: please report it`);
}

const WORKER_SOURCE = String.raw`
'use strict';
const node = typeof require === 'function' && typeof self === 'undefined';
const port = node ? require('worker_threads').parentPort : self;
let ex, mod;
// Arrays held between calls (hold / drop): key -> pointer into this heap.
const held = new Map();
function instantiate() {
  held.clear();
  const imports = {};
  for (const imp of WebAssembly.Module.imports(mod)) {
    if (imp.kind !== 'function') continue;
    (imports[imp.module] = imports[imp.module] || {})[imp.name] =
      imp.name === 'emscripten_notify_memory_growth' ? () => {} : () => { throw new Error(imp.module + '.' + imp.name + ' is not provided'); };
  }
  ex = new WebAssembly.Instance(mod, imports).exports;
  if (ex._initialize) ex._initialize();
}
function onMessage(msg) {
  if (msg.module) {
    mod = msg.module;
    instantiate();
    return;
  }
  if (msg.drop !== undefined) {
    const p = held.get(msg.drop);
    held.delete(msg.drop);
    if (p) ex.free(p);
    return;
  }
  if (msg.hold !== undefined) {
    const { id, hold, array } = msg;
    let status = 0, error = null, trap = null;
    try {
      const p = array.byteLength ? ex.malloc(array.byteLength) >>> 0 : 0;
      if (array.byteLength && !p) status = 2;
      else {
        new array.constructor(ex.memory.buffer, p, array.length).set(array);
        held.set(hold, p);
      }
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) { trap = e.message; instantiate(); }
      else error = String(e && e.message || e);
    }
    port.postMessage({ id, status, error, trap, arrays: [], heap: ex.memory.buffer.byteLength }, []);
    return;
  }
  const { id, fn, args, ops } = msg;
  const ptrs = [];
  let status = -1, error = null, trap = null;
  try {
    try {
      for (const op of ops) {
        if (op.held !== undefined) {
          if (!held.has(op.held)) { error = 'a held operand is missing'; throw null; }
          ptrs.push(held.get(op.held));
          continue;
        }
        const bytes = op.length * op.array.BYTES_PER_ELEMENT;
        // wasm32 pointers past 2 GiB come back negative from an i32 export: read them unsigned.
        const p = bytes ? ex.malloc(bytes) >>> 0 : 0;
        if (bytes && !p) { status = 2; throw null; }
        ptrs.push(p);
      }
      const view = (op, p) => new op.array.constructor(ex.memory.buffer, p, op.length);
      ops.forEach((op, i) => { if (op.held === undefined && op.mode !== 'out' && op.length) view(op, ptrs[i]).set(op.array.subarray(0, op.length)); });
      status = ex[fn](...args.map((a) => (typeof a === 'number' ? a : ptrs[a.op])));
      if (status === 0) ops.forEach((op, i) => { if (op.mode !== 'in' && op.length) op.array.set(view(op, ptrs[i])); });
    } finally {
      ptrs.forEach((p, i) => { if (p && ops[i].held === undefined) ex.free(p); });
    }
  } catch (e) {
    // A trap anywhere (kernel, malloc, free) leaves the heap in an unknown
    // state: start a fresh instance.
    if (e instanceof WebAssembly.RuntimeError) {
      trap = e.message;
      instantiate();
    } else if (e !== null) {
      error = String(e && e.message || e);
    }
  }
  const arrays = ops.map((op) => op.array);
  port.postMessage({ id, status, error, trap, arrays, heap: ex.memory.buffer.byteLength }, arrays.filter((a) => a).map((a) => a.buffer));
}
if (node) port.on('message', onMessage); else port.onmessage = (e) => onMessage(e.data);
`;

interface Pending {
  resolve: (arrays: (KernelArray | null)[]) => void;
  reject: (e: Error) => void;
  status: (s: number) => Error | null;
  what: string;
}

interface Port {
  postMessage(msg: unknown, transfer: ArrayBuffer[]): void;
  /** Node only: whether the worker keeps the process alive. */
  ref?(): void;
  unref?(): void;
}

export class WasmWorker {
  private port: Port;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /** Set when the worker failed: it answers nothing any more. */
  dead = false;
  /** Bytes of the worker's linear memory at its last answer (leak tests: holds must be dropped). */
  heapBytes = 0;
  /** Arrays the worker holds a copy of (hold): the array to its key there. */
  private held = new Map<KernelArray, number>();
  private nextKey = 1;

  private constructor(port: Port) {
    this.port = port;
  }

  /** Starts a worker for `module`, or returns undefined where workers are unavailable. */
  static start(module: WebAssembly.Module): WasmWorker | undefined {
    let w: WasmWorker | undefined;
    const onMessage = (msg: { id: number; status: number; error: string | null; trap: string | null; arrays: (KernelArray | null)[]; heap: number }) => {
      if (w) w.heapBytes = msg.heap;
      const p = w?.pending.get(msg.id);
      if (!p) return;
      w!.pending.delete(msg.id);
      if (w!.pending.size === 0) w!.port.unref?.();
      // A trap restarted the worker's instance: the copies it held are gone.
      if (msg.trap !== null) w!.held.clear();
      const err = msg.trap !== null ? trapError(p.what, msg.trap)
        : msg.error ? new BackendError(`${p.what}: wasm worker: ${msg.error}`) : p.status(msg.status);
      if (err) p.reject(err);
      else p.resolve(msg.arrays);
    };
    const onError = (e: unknown) => {
      if (w) w.dead = true; // later calls run on the calling thread instead of waiting forever
      for (const p of w?.pending.values() ?? []) p.reject(new BackendError(`wasm worker failed: ${(e as Error)?.message ?? e}`));
      w?.pending.clear();
      w?.port.unref?.();
    };
    const g = globalThis as { process?: { versions?: { node?: string } }; Worker?: typeof Worker; Blob?: typeof Blob; URL?: typeof URL };
    try {
      if (g.process?.versions?.node) {
        // Looked up at run time so browser bundles never pull in worker_threads.
        const proc = g.process as { getBuiltinModule?: (id: string) => unknown };
        const threads = (proc.getBuiltinModule?.('node:worker_threads') ??
          (typeof require === 'function' ? require('node:' + 'worker_threads') : undefined)) as
          | typeof import('node:worker_threads')
          | undefined;
        if (!threads) return undefined;
        const NodeWorker = threads.Worker;
        const nw = new NodeWorker(WORKER_SOURCE, { eval: true });
        nw.on('message', onMessage);
        nw.on('error', onError);
        // Idle, the worker must not keep the process alive; busy, it must
        // (call() refs it). unref only after adding listeners, which re-ref.
        nw.unref();
        w = new WasmWorker(nw as unknown as Port);
      } else if (g.Worker && g.Blob && g.URL) {
        const url = g.URL.createObjectURL(new g.Blob([WORKER_SOURCE], { type: 'text/javascript' }));
        const bw = new g.Worker(url);
        bw.onmessage = (e: MessageEvent) => onMessage(e.data);
        bw.onerror = onError;
        w = new WasmWorker(bw);
      } else {
        return undefined;
      }
    } catch {
      return undefined;
    }
    w.port.postMessage({ module }, []);
    return w;
  }

  /**
   * Calls export `fn` in the worker with `args` (numbers, null pointers,
   * operands). The operands' arrays must belong to this call alone (kernel.ts
   * made them): they are transferred, not copied, and come back as new
   * arrays. Resolves to those, in argument order.
   */
  call(fn: string, args: readonly KernelArg[], status: (s: number) => Error | null, what: string): Promise<KernelArray[]> {
    const ops: { array?: KernelArray; held?: number; length: number; mode: Operand['mode'] }[] = [];
    // The held operands' own arrays: the worker sends nothing back in their place.
    const mine: (KernelArray | undefined)[] = [];
    const wire = args.map((a) => {
      if (a === null) return 0;
      if (typeof a === 'number') return a;
      const key = a.mode === 'in' ? this.held.get(a.array!) : undefined;
      ops.push(key === undefined ? { array: a.array!, length: a.length, mode: a.mode } : { held: key, length: a.length, mode: a.mode });
      mine.push(key === undefined ? undefined : a.array);
      return { op: ops.length - 1 };
    });
    const transfer = ops.filter((o) => o.array).map((o) => o.array!.buffer as ArrayBuffer);
    return this.request({ fn, args: wire, ops }, transfer, status, what)
      .then((arrays) => arrays.map((x, i) => x ?? mine[i]!));
  }

  /** Whether the worker holds a copy of `array` (hold). */
  holds(array: KernelArray): boolean {
    return this.held.has(array);
  }

  /**
   * Copies `arrays` into the worker's heap (each once: one held already
   * stays as it is), to be read by later calls in their place; resolves, once
   * the copies are there, to the function that drops them. An array that
   * does not fit is left out: its calls send it as before. The arrays must
   * not change while held (the library's own: markPrivate).
   */
  async hold(arrays: readonly KernelArray[], what: string): Promise<() => void> {
    const mine: KernelArray[] = [];
    for (const a of arrays) {
      if (a.length === 0 || this.held.has(a)) continue;
      const key = this.nextKey++;
      // A copy, transferred: the array stays the caller's, and postMessage's
      // own copy (structured clone) took 1.2 s for 400 MB where slice takes 0.2.
      const copy = a.slice();
      const ok = await this.request({ hold: key, array: copy }, [copy.buffer as ArrayBuffer], (s) => (s === 0 ? null : new BackendError(`${what}: no room`)), what)
        .then(() => true, () => false);
      if (ok && !this.dead) {
        this.held.set(a, key);
        mine.push(a);
      }
    }
    return () => {
      for (const a of mine) {
        const key = this.held.get(a);
        if (key === undefined) continue; // lost to a trap
        this.held.delete(a);
        if (!this.dead) this.port.postMessage({ drop: key }, []);
      }
    };
  }

  private request(msg: object, transfer: ArrayBuffer[], status: (s: number) => Error | null, what: string): Promise<(KernelArray | null)[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.port.ref?.();
      this.pending.set(id, { resolve, reject, status, what });
      this.port.postMessage({ ...msg, id }, transfer);
    });
  }
}
