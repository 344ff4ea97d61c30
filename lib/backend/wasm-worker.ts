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
  let status = -1, error = null, trap = null;
  try {
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
    } finally {
      for (const p of ptrs) if (p) ex.free(p);
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
  port.postMessage({ id, status, error, trap, arrays }, arrays.map((a) => a.buffer));
}
if (node) port.on('message', onMessage); else port.onmessage = (e) => onMessage(e.data);
`;

interface Pending {
  resolve: (arrays: KernelArray[]) => void;
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

  private constructor(port: Port) {
    this.port = port;
  }

  /** Starts a worker for `module`, or returns undefined where workers are unavailable. */
  static start(module: WebAssembly.Module): WasmWorker | undefined {
    let w: WasmWorker | undefined;
    const onMessage = (msg: { id: number; status: number; error: string | null; trap: string | null; arrays: KernelArray[] }) => {
      const p = w?.pending.get(msg.id);
      if (!p) return;
      w!.pending.delete(msg.id);
      if (w!.pending.size === 0) w!.port.unref?.();
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
    const id = this.nextId++;
    const ops: { array: KernelArray; length: number; mode: Operand['mode'] }[] = [];
    const wire = args.map((a) => {
      if (a === null) return 0;
      if (typeof a === 'number') return a;
      ops.push({ array: a.array!, length: a.length, mode: a.mode });
      return { op: ops.length - 1 };
    });
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.port.ref?.();
      this.pending.set(id, { resolve, reject, status, what });
      this.port.postMessage({ id, fn, args: wire, ops }, ops.map((o) => o.array.buffer as ArrayBuffer));
    });
  }
}
