/**
 * A worker thread with its own instance of a WebAssembly build, so `…Async`
 * calls on the WASM backends leave the event loop free (DESIGN: "On WASM,
 * async work runs in a worker where one is available").
 *
 * The worker is a door like the addon: it copies the operands it is sent into
 * its heap, calls one C ABI export, and sends the outputs back. It holds no
 * math. Its source is a string so that it needs no separate file in Node, in
 * browsers (a Blob URL) or in bundlers.
 */
import type { FloatArray } from '../dtype';
import { ownedCopy } from '../dtype';
import { BackendError } from '../errors';

/**
 * An array a kernel reads or writes: `length` elements from index 0 may be
 * touched. Mode 'out' only for gap-free outputs: the gaps of a strided one
 * are copied in so that they survive the copy back.
 */
export type Operand = { array: FloatArray | Uint32Array | Int32Array; length: number; mode: 'in' | 'out' | 'inout' };
/** An export's argument: a number, or the heap pointer of operand i. */
export type Arg = number | { op: number };

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
function instantiate() {
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
  const { id, fn, args, ops } = msg;
  const ptrs = [];
  let status = -1, error = null, trapped = false, trap = null;
  try {
    for (const op of ops) {
      const bytes = op.length * op.array.BYTES_PER_ELEMENT;
      // wasm32 pointers past 2 GiB come back negative from an i32 export: read them unsigned.
      const p = bytes ? ex.malloc(bytes) >>> 0 : 0;
      if (bytes && !p) { status = 2; throw null; }
      ptrs.push(p);
    }
    const view = (op, p) => new op.array.constructor(ex.memory.buffer, p, op.length);
    ops.forEach((op, i) => { if (op.mode !== 'out' && op.length) view(op, ptrs[i]).set(op.array.subarray(0, op.length)); });
    status = ex[fn](...args.map((a) => (typeof a === 'number' ? a : ptrs[a.op])));
    if (status === 0) ops.forEach((op, i) => { if (op.mode !== 'in' && op.length) op.array.set(view(op, ptrs[i])); });
  } catch (e) {
    // A trap leaves the heap in an unknown state: start a fresh instance.
    trapped = e instanceof WebAssembly.RuntimeError;
    if (trapped) trap = e.message;
    else if (e !== null) error = String(e && e.message || e);
  } finally {
    if (trapped) instantiate();
    else for (const p of ptrs) if (p) ex.free(p);
  }
  const arrays = ops.map((op) => op.array);
  port.postMessage({ id, status, error, trap, arrays }, arrays.map((a) => a.buffer));
}
if (node) port.on('message', onMessage); else port.onmessage = (e) => onMessage(e.data);
`;

interface Pending {
  resolve: (arrays: (FloatArray | Uint32Array | Int32Array)[]) => void;
  reject: (e: Error) => void;
  status: (s: number) => Error | null;
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

  private constructor(port: Port) {
    this.port = port;
  }

  /** Starts a worker for `module`, or returns undefined where workers are unavailable. */
  static start(module: WebAssembly.Module): WasmWorker | undefined {
    let w: WasmWorker | undefined;
    const onMessage = (msg: { id: number; status: number; error: string | null; trap: string | null; arrays: (FloatArray | Uint32Array | Int32Array)[] }) => {
      const p = w?.pending.get(msg.id);
      if (!p) return;
      w!.pending.delete(msg.id);
      if (w!.pending.size === 0) w!.port.unref?.();
      const err = msg.trap !== null ? trapError('wasm worker', msg.trap)
        : msg.error ? new BackendError(`wasm worker: ${msg.error}`) : p.status(msg.status);
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
   * Calls export `fn` in the worker. Operands are copied (the caller's arrays
   * are never transferred); resolves to the operands' arrays after the call,
   * outputs filled in.
   */
  call(fn: string, args: Arg[], ops: Operand[], status: (s: number) => Error | null): Promise<(FloatArray | Uint32Array | Int32Array)[]> {
    const id = this.nextId++;
    // Copies made through the engine's own typed-array methods: a caller's
    // array with a shadowing own `slice` or `constructor` cannot substitute
    // something else for what the worker copies into its heap.
    const copies = ops.map((op) => ({ array: ownedCopy(op.array, op.length, op.mode !== 'out'), length: op.length, mode: op.mode }));
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.port.ref?.();
      this.pending.set(id, { resolve, reject, status });
      this.port.postMessage({ id, fn, args, ops: copies }, copies.map((c) => c.array.buffer as ArrayBuffer));
    });
  }
}
