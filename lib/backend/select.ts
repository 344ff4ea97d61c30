/**
 * Which backend runs: `native`, else `wasm-simd`, else `wasm`.
 *
 * SKETCHMAT_BACKEND (or `ready({ backend })` in browsers) forces one; if the
 * forced one cannot load, loading fails with its reason instead of falling
 * back. SKETCHMAT_THREADS caps native threads; SKETCHMAT_SIMD caps native
 * dispatch (avx512 | avx2 | sse4 | scalar), so slower paths can be tested on
 * a fast CPU. The SIMD level is one per process: the thread that loads the
 * addon first sets it, and a worker asking for another level gets a
 * BackendError.
 */
import { describe } from '../dtype';
import { BackendError, ValueError, readingCallerValue } from '../errors';
import { checkInt, checkOptions } from '../validate';
import { Backend, BackendName, SIMD_LEVELS, SimdName } from './backend';
import { Loaded, hasWasmSimd, instantiateAsync, instantiateSync, wasmBackend } from './wasm';

export const BACKEND_NAMES: readonly BackendName[] = ['native', 'wasm-simd', 'wasm'];
export const WASM_FILES: Record<'wasm-simd' | 'wasm', string> = {
  'wasm-simd': 'sketchmat-simd.wasm',
  wasm: 'sketchmat-scalar.wasm',
};

/** What differs between Node and browsers (set by lib/index.ts or lib/browser.ts). */
export interface Platform {
  env: Record<string, string | undefined>;
  /** Loads the addon; throws BackendError with the reason. Absent in browsers. */
  loadNative?: () => Backend;
  /** The bytes of a .wasm file: synchronously in Node, via fetch in browsers. */
  wasmBytes(file: string, url?: string | URL): BufferSource | Promise<BufferSource>;
}

export interface ReadyOptions {
  /** Force a backend (what SKETCHMAT_BACKEND does in Node). */
  backend?: BackendName;
  /** Where the .wasm files are (a directory URL ending in '/', or the file for the chosen build). */
  wasmUrl?: string | URL;
  /** Native threads (what SKETCHMAT_THREADS does in Node). */
  threads?: number;
}

export interface BackendInfo {
  name: BackendName;
  simd: SimdName;
  threads: number;
  version: string;
  /** Why each backend that was tried and did not load did not load. */
  unavailable: Record<string, string>;
  /** What a setting did not do here, e.g. `threads` on WebAssembly (which runs each call on one thread). */
  notes: string[];
}

let platform: Platform | undefined;
let current: Backend | undefined;
let unavailable: Record<string, string> = {};
let loading: Promise<BackendInfo> | undefined;
/** The options of the ready() now loading (JSON), while it has not settled. */
let loadingKey: string | undefined;
let notes: string[] = [];

export function setPlatform(p: Platform): void {
  platform = p;
}

function getPlatform(): Platform {
  if (!platform) throw new BackendError('sketchmat: no platform set (import sketchmat, not its internal files)');
  return platform;
}

function forcedBackend(options: ReadyOptions): BackendName | undefined {
  const forced = options.backend ?? getPlatform().env.SKETCHMAT_BACKEND;
  if (forced === undefined || forced === '') return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(forced)) {
    throw new BackendError(`SKETCHMAT_BACKEND must be one of ${BACKEND_NAMES.join(', ')}; got ${describe(forced)}`);
  }
  return forced as BackendName;
}

function candidates(options: ReadyOptions): BackendName[] {
  const forced = forcedBackend(options);
  return forced ? [forced] : [...BACKEND_NAMES];
}

/**
 * The file and, with a wasmUrl, where to read it: the URL itself when it
 * names a .wasm file, else the file inside that folder. Relative URLs stay
 * relative here; the platform resolves them (against the page in browsers,
 * the working directory in Node).
 */
function wasmSource(name: 'wasm-simd' | 'wasm', options: ReadyOptions): [string, string | URL | undefined] {
  const file = WASM_FILES[name];
  const url = options.wasmUrl;
  if (url === undefined) return [file, undefined];
  if (url instanceof URL) return [file, url.pathname.endsWith('.wasm') ? url : new URL(file, url.href.endsWith('/') ? url : url.href + '/')];
  return [file, url.endsWith('.wasm') ? url : url.endsWith('/') ? url + file : `${url}/${file}`];
}

/** Opens one backend synchronously (Node). */
export function openBackendSync(name: BackendName, options: ReadyOptions = {}): Backend {
  const p = getPlatform();
  if (name === 'native') {
    if (!p.loadNative) throw new BackendError('native: not available in this environment (browsers run WebAssembly)');
    return configure(p.loadNative(), options);
  }
  if (name === 'wasm-simd' && !hasWasmSimd()) throw new BackendError('wasm-simd: this engine has no WebAssembly SIMD');
  const [file, url] = wasmSource(name, options);
  let bytes: BufferSource | Promise<BufferSource>;
  try {
    bytes = p.wasmBytes(file, url);
  } catch (e) {
    throw new BackendError(`${name}: ${(e as Error).message}`);
  }
  if (bytes instanceof Promise) throw new BackendError(`${name}: this environment loads WebAssembly asynchronously; await ready() first`);
  return configure(wasmBackend(openWasm(name, () => instantiateSync(bytes)), name), options);
}

/** Opens one backend, compiling WebAssembly asynchronously (browsers). */
export async function openBackend(name: BackendName, options: ReadyOptions = {}): Promise<Backend> {
  if (name === 'native') return openBackendSync(name, options);
  if (name === 'wasm-simd' && !hasWasmSimd()) throw new BackendError('wasm-simd: this engine has no WebAssembly SIMD');
  const [file, url] = wasmSource(name, options);
  let bytes: BufferSource;
  try {
    bytes = await getPlatform().wasmBytes(file, url);
  } catch (e) {
    throw new BackendError(`${name}: could not load ${String(url ?? file)}: ${(e as Error).message}`);
  }
  const loaded = await instantiateAsync(bytes).catch((e: Error) => {
    throw new BackendError(`${name}: ${String(url ?? file)} is not a valid sketchmat WebAssembly module: ${e.message}`);
  });
  return configure(wasmBackend(loaded, name), options);
}

function openWasm(name: string, instantiate: () => Loaded): Loaded {
  try {
    return instantiate();
  } catch (e) {
    throw e instanceof BackendError ? e : new BackendError(`${name}: ${(e as Error).message}`);
  }
}

/** Applies SKETCHMAT_THREADS / SKETCHMAT_SIMD (or ready's options) to a backend that just loaded. */
function configure(b: Backend, options: ReadyOptions): Backend {
  const env = getPlatform().env;
  const threads = options.threads ?? (env.SKETCHMAT_THREADS ? Number(env.SKETCHMAT_THREADS) : undefined);
  if (threads !== undefined) {
    if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
      throw new BackendError(`SKETCHMAT_THREADS must be an integer in [1, 1024]; got ${describe(options.threads ?? env.SKETCHMAT_THREADS)}`);
    }
    b.setThreads(threads);
    if (b.name !== 'native' && threads !== 1) {
      notes.push(`threads: ${threads} was not applied: WebAssembly runs each call on one thread (async calls on a worker of their own)`);
    }
  }
  const simd = env.SKETCHMAT_SIMD;
  if (simd && b.name === 'native') {
    const order: SimdName[] = ['scalar', 'sse4', 'avx2', 'avx512'];
    const want = order.indexOf(simd as SimdName);
    if (want < 0) throw new BackendError(`SKETCHMAT_SIMD must be one of ${order.join(', ')}; got ${describe(simd)}`);
    // A cap above what the CPU has changes nothing: take the best level at or below it.
    const have = b.simdAvailable();
    const level = order.slice(0, want + 1).reverse().find((l) => have.includes(l));
    if (level) b.simdCap(level);
  }
  return b;
}

function info(b: Backend): BackendInfo {
  return { name: b.name, simd: b.simd(), threads: b.threads(), version: b.version(), unavailable: { ...unavailable }, notes: [...notes] };
}

function noBackend(tried: BackendName[]): BackendError {
  const reasons = tried.map((n) => `${n}: ${unavailable[n]}`).join('; ');
  return new BackendError(`sketchmat could not load ${tried.length === 1 ? 'the forced backend' : 'any backend'} (${reasons})`);
}

/** Records why `name` did not load, without the "name: " prefix its errors carry. */
function recordFailure(name: BackendName, e: unknown): void {
  const msg = (e as Error)?.message ?? String(e);
  unavailable[name] = msg.startsWith(`${name}: `) ? msg.slice(name.length + 2) : msg;
}

function selectSync(options: ReadyOptions): Backend {
  const tried = candidates(options);
  unavailable = {};
  notes = [];
  for (const name of tried) {
    try {
      return (current = openBackendSync(name, options));
    } catch (e) {
      recordFailure(name, e);
    }
  }
  throw noBackend(tried);
}

async function selectAsync(options: ReadyOptions): Promise<Backend> {
  const tried = candidates(options);
  unavailable = {};
  notes = [];
  for (const name of tried) {
    try {
      return (current = await openBackend(name, options));
    } catch (e) {
      recordFailure(name, e);
    }
  }
  throw noBackend(tried);
}

/**
 * Loads the backend (once) and resolves to backendInfo(). In Node, calling
 * it is optional: the first call that needs a backend loads one. In browsers
 * await it before anything else; its options stand in for the environment
 * variables.
 *
 * Concurrent calls with the same options share one load; a call with other
 * options while a load is under way rejects with a ValueError (await the
 * first, then ask again), so no caller is told one backend while another runs.
 *
 * @throws ValueError (as a rejected Promise) for unknown options, a `backend`
 *   that is not one of native, wasm-simd, wasm, `threads` outside [1, 1024], or
 *   a `wasmUrl` that is not a string or URL; BackendError when no backend loads.
 * @example
 * const info = await ready(); // { name: 'native', simd: 'avx2', threads: 8, ... }
 */
export function ready(options: ReadyOptions = {}): Promise<BackendInfo> {
  let key: string;
  try {
    options = checkOptions<ReadyOptions>(options, 'ready', ['backend', 'wasmUrl', 'threads']);
    const { backend: name, threads, wasmUrl: url } = options;
    if (url !== undefined && typeof url !== 'string' && !readingCallerValue('ready: wasmUrl', () => url instanceof URL)) {
      throw new ValueError(`ready: wasmUrl must be a string or a URL, got ${describe(options.wasmUrl)}`);
    }
    if (name !== undefined && !(BACKEND_NAMES as readonly unknown[]).includes(name)) {
      throw new ValueError(`ready: backend must be one of ${BACKEND_NAMES.join(', ')}, got ${describe(name)}`);
    }
    if (threads !== undefined) checkInt(threads, 'ready: threads', 1, 1024);
    key = JSON.stringify({ backend: name, wasmUrl: url === undefined ? undefined : String(url), threads });
  } catch (e) {
    return Promise.reject(e);
  }
  const none = key === '{}';
  if (loadingKey !== undefined) {
    if (key === loadingKey || none) return loading!;
    return Promise.reject(new ValueError(
      `ready: another ready() is still loading with other options (${loadingKey}); await it before asking for ${key}`,
    ));
  }
  if (current && none) return Promise.resolve(info(current));
  current = undefined;
  loadingKey = key;
  loading = selectAsync(options).then(
    (b) => {
      loadingKey = undefined;
      return info(b);
    },
    (e) => {
      loadingKey = undefined;
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/** The backend every call uses; loads one synchronously in Node if none is loaded yet. */
export function backend(): Backend {
  if (current) return current;
  try {
    return selectSync({});
  } catch (e) {
    if (e instanceof BackendError && /asynchronously/.test(e.message)) {
      throw new BackendError('sketchmat is not ready: call `await ready()` once before the first call (WebAssembly loads asynchronously here)');
    }
    throw e;
  }
}

/** Which backend runs, its SIMD level, threads, version, and why others did not load. */
export function backendInfo(): BackendInfo {
  return info(backend());
}

/** Makes `b` the backend every call uses (tests run the suite once per backend). */
export function useBackend(b: Backend): void {
  current = b;
}

export { SIMD_LEVELS };
