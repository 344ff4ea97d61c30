/** Checks at the public boundary, made once, before anything is allocated. */
import { describe } from './dtype';
import { AbortError, OutOfMemoryError, ValueError, readingCallerValue } from './errors';

/**
 * The most elements one result may hold. V8 caps typed arrays at 2^32
 * elements on 64-bit hosts; checking here turns a would-be engine
 * "Invalid typed array length" into a typed error that names the shape.
 */
export const MAX_ELEMENTS = 2 ** 32 - 1;

/** A dimension: an integer in [0, 2^32) (NaN, ±Infinity, fractions, negatives, strings and BigInts are not). */
export function checkDim(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_ELEMENTS) {
    throw new ValueError(`${what} must be an integer in [0, 2^32), got ${describe(v)}`);
  }
  return v;
}

/** An integer in [lo, hi]. */
export function checkInt(v: unknown, what: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new ValueError(`${what} must be an integer in [${lo}, ${hi}], got ${describe(v)}`);
  }
  return v;
}

export function checkFinite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValueError(`${what} must be a finite number, got ${describe(v)}`);
  }
  return v;
}

export function checkBool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new ValueError(`${what} must be true or false, got ${describe(v)}`);
  return v;
}

/** rows × cols elements fit in one typed array (checked before allocating). */
export function checkAllocation(rows: number, cols: number, what: string): number {
  const n = rows * cols;
  if (n > MAX_ELEMENTS) {
    throw new OutOfMemoryError(
      `${what}: a ${rows}×${cols} result has ${n} elements, more than the ${MAX_ELEMENTS} a typed array can hold`,
    );
  }
  return n;
}

/**
 * An options argument: undefined or an object (not an array, not a typed array).
 *
 * With `keys`, returns a snapshot: a plain object holding each named option
 * (own, inherited or a getter), read exactly once. Later checks and the call
 * itself use the snapshot, so a getter cannot answer one thing to the check
 * and another to the kernel, nor run (and detach a buffer) after the matrices
 * were checked: callers take the snapshot before checking anything else. An
 * exception thrown while reading an option (the caller's getter, a revoked
 * Proxy) becomes a ValueError whose `cause` is the original. Without `keys`
 * the object itself is returned. A sync function with an async twin names it
 * in `asyncTwin`: an option only the twin takes (onProgress) is then refused
 * with a message that sends the caller there, not as a misspelling.
 */
export function checkOptions<T extends object>(v: unknown, what: string, keys?: readonly (keyof T & string)[], asyncTwin?: string): Partial<T> {
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || readingCallerValue(`${what}: options`, () => Array.isArray(v)) || ArrayBuffer.isView(v)) {
    throw new ValueError(`${what}: options must be an object, got ${describe(v)}`);
  }
  if (!keys) return v as Partial<T>;
  // A misspelt option would otherwise be ignored in silence (nzz: 4 leaving nnz at its default).
  const own = readingCallerValue(`${what}: options`, () => Object.keys(v));
  for (const key of own) {
    if (!(keys as readonly string[]).includes(key)) {
      if (asyncTwin !== undefined && ASYNC_ONLY.includes(key)) {
        throw new ValueError(`${what}: ${key} works on ${asyncTwin} only (a synchronous call holds the event loop until it returns, so nothing could show its progress); call ${asyncTwin} instead`);
      }
      const near = nearest(key, keys);
      throw new ValueError(
        `${what}: unknown option ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; ` +
          (keys.length ? `the options are ${keys.join(', ')}` : 'it takes no options'),
      );
    }
  }
  const snapshot: Partial<T> = {};
  for (const key of keys) {
    const value = readingCallerValue(`${what}: reading option ${key}`, () => (v as T)[key]);
    if (value !== undefined) snapshot[key] = value;
  }
  return snapshot;
}

/** Options that only the async twins of a function take (see checkOptions' asyncTwin). */
const ASYNC_ONLY: readonly string[] = ['onProgress'];

/** JSON text parsed, or the value itself when it is not a string (what the fromJSON functions take). */
export function parseJsonText(json: unknown, what: string): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new ValueError(`${what}: not JSON text (${(e as Error).message})`);
  }
}

/**
 * An object literal or JSON.parse result (prototype Object.prototype of some
 * realm, or null): not an array, typed array, Date, Map, class instance…
 * (what toJSON/fromJSON round trips take).
 */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** The valid key closest to a misspelt one (edit distance at most a third of its length, at least 1), if any. */
function nearest(key: string, keys: readonly string[]): string | undefined {
  let best: string | undefined, bestD = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const k of keys) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * The calls watching one signal, behind a single 'abort' listener: a batch
 * of concurrent calls sharing one AbortController (or a driver and each of
 * its kernel calls) would otherwise add a listener each, and past ten Node
 * prints a "possible memory leak" warning into the user's logs.
 */
interface Watchers {
  fns: Set<() => void>;
  listener: () => void;
}
const watching = new WeakMap<AbortSignal, Watchers>();

/**
 * Calls `onAbort` once when `signal` fires (at once if it already has) and
 * returns a function that stops watching. The signal's methods are the
 * caller's code: what they throw while we subscribe is a ValueError (thrown
 * here, before any work starts); what they throw while we unsubscribe is
 * ignored. So a hostile signal (a Proxy whose traps throw) can neither leave
 * a Promise unsettled nor raise an unhandled rejection.
 */
export function watchSignal(signal: AbortSignal | undefined, what: string, onAbort: () => void): () => void {
  if (!signal) return () => {};
  let done = false;
  const fire = () => {
    if (done) return;
    done = true;
    onAbort();
  };
  let w: Watchers | undefined;
  try {
    if (signal.aborted) {
      fire();
      return () => {};
    }
    w = watching.get(signal);
    if (!w) {
      const fns = new Set<() => void>();
      const listener = () => {
        watching.delete(signal);
        // A copy: a callback may stop other watchers of this signal.
        for (const f of [...fns]) f();
      };
      signal.addEventListener('abort', listener, { once: true });
      w = { fns, listener };
      watching.set(signal, w);
    }
    w.fns.add(fire);
  } catch (e) {
    throw new ValueError(`${what}: the signal threw ${(e as Error)?.name ?? 'an exception'} when it was read or subscribed to`, { cause: e });
  }
  const mine = w;
  return () => {
    done = true;
    mine.fns.delete(fire);
    if (mine.fns.size > 0 || watching.get(signal) !== mine) return;
    watching.delete(signal);
    try {
      signal.removeEventListener('abort', mine.listener);
    } catch {
      // The caller's signal refused; `done` already keeps fire from acting.
    }
  };
}

/**
 * Settles with `work`, or rejects with AbortError as soon as `signal` fires
 * (work's outcome is then ignored). Settles exactly once, whatever the signal
 * does (see watchSignal).
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let stop: () => void = () => {};
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      stop();
      f();
    };
    stop = watchSignal(signal, what, () => settle(() => reject(new AbortError(`${what}: aborted`))));
    if (settled) stop();
    work.then((v) => settle(() => resolve(v)), (e) => settle(() => reject(e)));
  });
}

/** An AbortSignal (or undefined): anything else is a ValueError, not a silently ignored option. */
/**
 * For the synchronous functions that share an options type with their async
 * twin (matmul, svd, qr, eigh, rsvd, pca): a signal that has fired already
 * stops the call before it starts, as fetch() does. Nothing can fire it
 * while the call runs: the call holds the event loop until it returns.
 */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AbortError(`${what}: the signal had fired before the call (a synchronous call checks it once, at the start)`);
}

export function checkSignal(v: unknown, what: string): AbortSignal | undefined {
  if (v === undefined) return undefined;
  let ok = false;
  try {
    ok = typeof AbortSignal === 'function' && v instanceof AbortSignal && typeof (v as AbortSignal).aborted === 'boolean';
  } catch {
    ok = false; // a Proxy of a signal: its getters throw "Illegal invocation"
  }
  if (!ok) throw new ValueError(`${what}: signal must be an AbortSignal, got ${describe(v)}`);
  return v as AbortSignal;
}
