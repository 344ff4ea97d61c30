/**
 * How lib/ calls a kernel, on whatever backend runs: by its C name, with its
 * arguments in C order (numbers, and operands built with input / output /
 * inout / result). Every call is checked here against the kernel's C
 * signature (abi.ts) before any backend sees it, so the rules are written
 * once: sizes the backend can address, operands of the kind the pointer
 * takes, written operands only where the pointer is not const, lengths within
 * the arrays. What breaks these rules is a sketchmat bug (BackendError), except
 * a size the backend cannot address (OutOfMemoryError) and an array that
 * shrank under us (ValueError).
 *
 * Async calls run on private copies: inputs are copied when the call is made
 * (the caller may change or detach its arrays right after; native reads the
 * library's own arrays, markPrivate, in place), outputs are new arrays. They wait in a queue of the backend's `asyncSlots`; an abort drops a
 * waiting call unstarted (its copies go with it) and asks a running one to
 * stop between blocks.
 */
import { DType, copyInto, lengthOfArray, subarrayOfArray, typedArrayKind } from '../dtype';
import { AbortError, BackendError, OutOfMemoryError, ValueError } from '../errors';
import { ABI } from './abi';
import type { Backend, KernelArg, KernelArray, KernelArrayKind, Operand } from './backend';
import { backend } from './select';
import { watchSignal } from '../validate';

const KINDS = {
  Float32Array, Float64Array, Int32Array, Uint32Array, Uint16Array, Uint8Array,
} as const;

function kindOfArray(a: KernelArray, what: string): KernelArrayKind {
  const kind = typedArrayKind(a);
  if (kind === undefined || !(kind in KINDS)) throw new BackendError(`${what}: an operand is ${kind ?? 'not a typed array'} (a sketchmat bug: please report)`);
  return kind as KernelArrayKind;
}

const operand = (array: KernelArray, length: number, mode: Operand['mode']): Operand =>
  ({ array, kind: kindOfArray(array, 'operand'), length, mode });

/** A pointer the kernel only reads: the first `length` elements of `array`. */
export const input = (array: KernelArray, length: number): Operand => operand(array, length, 'in');
/** A pointer the kernel writes without reading: the first `length` elements of `array`. */
export const output = (array: KernelArray, length: number): Operand => operand(array, length, 'out');
/** A pointer the kernel reads and writes. */
export const inout = (array: KernelArray, length: number): Operand => operand(array, length, 'inout');
/** Async calls: a new array of `kind` (or a dtype's float array) that the call writes and returns. */
export function result(kind: KernelArrayKind | DType, length: number): Operand {
  const k: KernelArrayKind = kind === 'float32' ? 'Float32Array' : kind === 'float64' ? 'Float64Array' : kind;
  return { kind: k, length, mode: 'out' };
}

/** Elements a rows × cols block with leading dimension ld spans: (rows − 1)·ld + cols, or 0 when empty. */
export function extent(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

/** The kernel name for a dtype: skm_<base>_f32 or _f64. */
export function kernelName(base: string, dtype: DType): string {
  return `skm_${base}_${dtype === 'float32' ? 'f32' : 'f64'}`;
}

const INT_RANGE: Record<string, [number, number]> = {
  i32: [-(2 ** 31), 2 ** 31 - 1],
  u32: [0, 2 ** 32 - 1],
};

/** An argument that does not fit the C signature: a bug in the library, not the caller's. */
function callBug(what: string, fn: string, i: number, why: string): BackendError {
  return new BackendError(`${what}: argument ${i} of ${fn} ${why} (a sketchmat bug: please report)`);
}

/**
 * Checks a call against the kernel's C signature (see the module comment).
 * A plain loop with no closures: it runs on every call, and the bundle's
 * keepNames would name each closure anew each time.
 */
function checkCall(b: Backend, fn: string, args: readonly KernelArg[], what: string, async: boolean): void {
  const sig = ABI[fn];
  if (!sig) throw new BackendError(`${what}: no kernel ${fn} in the C ABI (a sketchmat bug: please report)`);
  if (!b.has(fn)) {
    throw new BackendError(`${what}: the ${b.name} backend has no kernel ${fn} (its build is older than this library: rebuild it)`);
  }
  if (args.length !== sig.length) {
    throw new BackendError(`${what}: ${fn} takes ${sig.length} arguments, got ${args.length} (a sketchmat bug: please report)`);
  }
  for (let i = 0; i < sig.length; i++) {
    const code = sig[i], a = args[i];
    if (code.length > 3 && code[1] === ':') {
      if (a === null) continue;
      if (typeof a !== 'object' || a === undefined) throw callBug(what, fn, i, `must be an operand (${code})`);
      const want = code.slice(2);
      if (a.kind !== want) throw callBug(what, fn, i, `must be a ${want}, got a ${a.kind}`);
      if ((code[0] === 'r') !== (a.mode === 'in')) throw callBug(what, fn, i, `is ${code[0] === 'r' ? 'const' : 'written'} but the operand is '${a.mode}'`);
      if (!Number.isInteger(a.length) || a.length < 0) throw callBug(what, fn, i, `has length ${a.length}`);
      if (a.array === undefined) {
        if (!async || a.mode !== 'out') throw callBug(what, fn, i, 'has no array');
        continue;
      }
      if (kindOfArray(a.array, what) !== want) throw callBug(what, fn, i, `must be a ${want}`);
      const have = lengthOfArray(a.array);
      if (a.length > have) {
        throw new ValueError(`${what}: an operand needs ${a.length} elements but its array has ${have} (was its buffer detached or resized?)`);
      }
      continue;
    }
    if (typeof a !== 'number' || Number.isNaN(a)) throw callBug(what, fn, i, `must be a number (${code})`);
    if (code === 'size') {
      if (!Number.isInteger(a) || a < 0) throw callBug(what, fn, i, `must be a size, got ${a}`);
      if (a > b.maxSize) {
        throw new OutOfMemoryError(`${what}: a size of ${a} is more than the ${b.name} backend can address (at most ${b.maxSize})`);
      }
    } else if (code in INT_RANGE) {
      const [lo, hi] = INT_RANGE[code];
      if (!Number.isInteger(a) || a < lo || a > hi) throw callBug(what, fn, i, `must be an integer in [${lo}, ${hi}], got ${a}`);
    }
  }
}

/** Calls kernel `fn` now, on the calling thread. @throws typed errors for a failed status. */
export function callKernel(fn: string, args: readonly KernelArg[], what: string = fn): void {
  const b = backend();
  checkCall(b, fn, args, what, false);
  b.call(fn, args, what);
}

export interface AsyncCallOptions {
  signal?: AbortSignal;
  /** The public name for messages, e.g. 'matmulAsync'. */
  what?: string;
}

/**
 * Calls kernel `fn` off the event loop where the backend can, on copies:
 * 'in' and 'inout' operands are copied now, 'out' operands are new arrays.
 * Resolves to the arrays of the operands (not of null pointers) after the
 * call, in argument order, outputs filled in. Rejects with AbortError as soon
 * as `signal` fires.
 */
export function callKernelAsync(fn: string, args: readonly KernelArg[], options: AsyncCallOptions = {}): Promise<KernelArray[]> {
  const what = options.what ?? fn;
  let b: Backend;
  let owned: KernelArg[];
  try {
    b = backend();
    checkCall(b, fn, args, what, true);
    owned = args.map((a) => (a !== null && typeof a === 'object' ? ownedOperand(a, b, what) : a));
  } catch (e) {
    return Promise.reject(e);
  }
  return queueFor(b).run(what, options.signal, (cancel) => b.callAsync(fn, owned, what, cancel));
}

/**
 * Arrays the library made for its own use and never hands to the caller (a
 * driver's copy of A, pca's centered X): nothing outside can change or detach
 * them while an async call reads them, so a backend that reads inputs in
 * place (Backend.asyncReadsInPlace: native) or holds a copy of them
 * (withResidentAsync: WASM's worker) gets them uncopied. Inputs only: an
 * array a kernel writes comes back to the caller.
 */
const privateArrays = new WeakSet<KernelArray>();

/** Marks `array` as the library's own (see privateArrays); returns it. Never for an array the caller holds or will hold. */
export function markPrivate<T extends KernelArray>(array: T): T {
  privateArrays.add(array);
  return array;
}

/** Whether markPrivate has marked `array`. */
export const isPrivate = (array: KernelArray): boolean => privateArrays.has(array);

/** A private copy of an operand (inputs) or a new array (outputs); a private input as it is. */
function ownedOperand(op: Operand, b: Backend, what: string): Operand {
  if (op.mode === 'in' && op.array !== undefined && privateArrays.has(op.array) && (b.asyncReadsInPlace || b.holdsAsync?.(op.array))) return op;
  let array: KernelArray;
  try {
    array = new KINDS[op.kind](op.length);
  } catch (e) {
    throw new OutOfMemoryError(`${what}: could not allocate ${op.length} elements for a ${op.kind}: ${(e as Error).message}`);
  }
  if (op.mode !== 'out' && op.length > 0) copyInto(array, subarrayOfArray(op.array!, 0, op.length));
  return { array, kind: op.kind, length: op.length, mode: op.mode };
}

/**
 * Runs jobs at most `slots` at a time, in order. A job aborted while it
 * waits is dropped (never started); one aborted while it runs is asked to
 * stop (its cancel flag) and its outcome ignored. Every Promise it returns
 * settles exactly once.
 */
class KernelQueue {
  private running = 0;
  private waiting: (() => void)[] = [];
  /** Calls started, dropped unstarted by an abort, and stopped by their kernel on a cancel flag. */
  readonly stats = { started: 0, dropped: 0, canceled: 0 };

  constructor(private readonly slots: number) {}

  run<T>(what: string, signal: AbortSignal | undefined, job: (cancel: Int32Array) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const cancel = new Int32Array(1);
      let start: (() => void) | undefined;
      let stopWatching: () => void = () => {};
      const finish = (ok: boolean, v: unknown) => {
        if (settled) return;
        settled = true;
        stopWatching();
        if (ok) resolve(v as T);
        else reject(v);
      };
      stopWatching = watchSignal(signal, what, () => {
        // Waiting: drop it. Running: ask the kernel to stop; its slot frees when it does.
        if (start) {
          this.waiting = this.waiting.filter((s) => s !== start);
          this.stats.dropped++;
        }
        Atomics.store(cancel, 0, 1);
        finish(false, new AbortError(`${what}: aborted`));
      });
      if (settled) return; // the signal fired while it was being watched
      start = () => {
        start = undefined;
        this.running++;
        this.stats.started++;
        let work: Promise<T>;
        try {
          work = job(cancel);
        } catch (e) {
          work = Promise.reject(e);
        }
        work.then((v) => finish(true, v), (e) => {
          if (e instanceof AbortError) this.stats.canceled++;
          finish(false, e);
        }).finally(() => {
          this.running--;
          this.next();
        });
      };
      this.waiting.push(start);
      this.next();
    });
  }

  sizes(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private next(): void {
    while (this.running < this.slots && this.waiting.length > 0) this.waiting.shift()!();
  }
}

/** For tests and diagnostics: the async queue of backend `b` (calls running and waiting, counts). */
export function asyncQueueStats(b: Backend): { running: number; waiting: number; started: number; dropped: number; canceled: number } {
  const q = queueFor(b);
  return { ...q.stats, ...q.sizes() };
}

const queues = new WeakMap<Backend, KernelQueue>();
function queueFor(b: Backend): KernelQueue {
  let q = queues.get(b);
  if (!q) queues.set(b, (q = new KernelQueue(Math.max(1, b.asyncSlots))));
  return q;
}

/**
 * Runs `fn` with `arrays` held by the backend for the kernel calls it makes
 * (Backend.retain): WASM copies each into its heap once instead of once per
 * call, which for a driver making ten passes over a 160 MB matrix is ten
 * copies saved. `fn` must not change the arrays; on native this just runs it.
 */
export function withResident<R>(arrays: readonly KernelArray[], fn: () => R): R {
  const b = backend();
  if (!b.retain) return fn();
  const release = b.retain(arrays);
  try {
    return fn();
  } finally {
    release();
  }
}

/**
 * withResident held across an async `fn`, for the synchronous calls it makes
 * between its awaits (lstsqAsync's LSQR iterations on the event loop). Only
 * the library's own arrays (markPrivate; others are left out): nothing else
 * can write them while `fn` waits.
 */
export async function withResidentWhile<R>(arrays: readonly KernelArray[], fn: () => Promise<R>): Promise<R> {
  const b = backend();
  const own = arrays.filter((a) => privateArrays.has(a));
  return !b.retain || own.length === 0 ? fn() : releasedAfter(b.retain(own), fn);
}

/** Awaits `fn`, then calls `release` however it settled. */
async function releasedAfter<R>(release: () => void, fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } finally {
    release();
  }
}

/**
 * withResident for async calls (Backend.retainAsync): WASM copies each of
 * the library's own arrays (markPrivate; others are left out) into its
 * worker's heap once, and the async calls `fn` makes send a reference in
 * their place. Released when `fn` settles, also on error or abort (the
 * worker drops its copies after the calls already sent).
 */
export async function withResidentAsync<R>(arrays: readonly KernelArray[], fn: () => Promise<R>): Promise<R> {
  const b = backend();
  const own = arrays.filter((a) => privateArrays.has(a));
  return !b.retainAsync || own.length === 0 ? fn() : releasedAfter(await b.retainAsync(own), fn);
}
