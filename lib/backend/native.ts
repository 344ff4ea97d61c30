/** The Node-API addon as a Backend: typed arrays are read in place. */
import { subarrayOfArray } from '../dtype';
import { AbortError, BackendError, statusError } from '../errors';
import { Backend, KernelArg, KernelArray, SIMD_LEVELS, SimdName } from './backend';

type Door = (...args: unknown[]) => unknown;

/** The addon's exports (native/addon: addon.cc, door.cc). */
interface Addon {
  version(): string;
  simdLevel(): number;
  simdAvailable(): number;
  simdCap(level: number): void;
  threads(): number;
  setThreads(n: number): void;
  /** Every kernel of the C ABI by its C name (SKM_DOORS). */
  kernels: Record<string, Door>;
  /** The same, queued on libuv's pool: (cancelFlag, ...args) => Promise<undefined>. */
  kernelsAsync: Record<string, (...args: unknown[]) => Promise<void>>;
}

const STATUS: Record<string, number> = { SKM_EINVAL: 1, SKM_ENOMEM: 2, SKM_EINTERNAL: 3, SKM_ECANCELED: 4 };

/** An error from the addon (its `code` names the kernel status) as one of our classes, worded by lib/. */
function typed(e: unknown, what: string): Error {
  const code = (e as { code?: unknown })?.code;
  const status = typeof code === 'string' ? STATUS[code] : undefined;
  if (status === 4) return new AbortError(`${what}: aborted`);
  if (status === 3) return new BackendError(`${what}: ${(e as Error)?.message ?? String(e)} (a sketchmat bug: please report)`);
  if (status !== undefined) return statusError(status, what);
  return new BackendError(`${what}: native: ${(e as Error)?.message ?? String(e)}`);
}

/** Each operand as the door takes it: a view of exactly the elements the kernel may touch. */
function doorArgs(args: readonly KernelArg[]): unknown[] {
  return args.map((a) => (a !== null && typeof a === 'object' ? subarrayOfArray(a.array!, 0, a.length) : a));
}

export function nativeBackend(addon: Addon): Backend {
  const levelName = (l: number): SimdName => SIMD_LEVELS[l] ?? 'scalar';
  const guard = <R>(what: string, f: () => R): R => {
    try {
      return f();
    } catch (e) {
      throw typed(e, what);
    }
  };
  return {
    name: 'native',
    maxSize: 2 ** 52,
    // Each kernel uses the addon's own thread pool; two at once keep that
    // busy and leave libuv's other pool threads to fs, dns and zlib.
    asyncSlots: 2,
    version: () => addon.version(),
    simd: () => levelName(addon.simdLevel()),
    simdAvailable: () => {
      const bits = addon.simdAvailable();
      return SIMD_LEVELS.filter((_, l) => bits & (1 << l));
    },
    simdCap: (level) => guard('simdCap', () => addon.simdCap(SIMD_LEVELS.indexOf(level))),
    threads: () => addon.threads(),
    setThreads: (n) => guard('setThreads', () => addon.setThreads(n)),
    has: (fn) => typeof addon.kernels[fn] === 'function',
    asyncReadsInPlace: true,
    call(fn, args, what) {
      const door = addon.kernels[fn];
      try {
        door(...doorArgs(args));
      } catch (e) {
        throw typed(e, what);
      }
    },
    async callAsync(fn, args, what, cancel) {
      const door = addon.kernelsAsync[fn];
      try {
        await door(cancel, ...doorArgs(args));
      } catch (e) {
        throw typed(e, what);
      }
      // The door wrote into these very arrays (they are the call's own).
      return args.filter((a) => a !== null && typeof a === 'object').map((a) => (a as { array: KernelArray }).array);
    },
  };
}

/**
 * The backend over an addon's exports (find-addon.ts finds and loads the
 * addon; a build older than this library is refused by name).
 */
export function loadNativeBackend(load: () => unknown): Backend {
  const addon = load() as Addon;
  if (typeof addon?.kernels !== 'object' || addon.kernels === null) {
    throw new BackendError('native: the addon exports no kernels (a build older than this library: rebuild it)');
  }
  return nativeBackend(addon);
}
