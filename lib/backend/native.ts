/** The Node-API addon as a Backend: typed arrays are read in place. */
import type { FloatArray } from '../dtype';
import { BackendError, OutOfMemoryError, ValueError } from '../errors';
import { Backend, CsrArrays, SIMD_LEVELS, SimdName, SketchSpec } from './backend';

/** The addon's exports (native/addon/*.cc). */
interface Addon {
  version(): string;
  simdLevel(): number;
  simdAvailable(): number;
  simdCap(level: number): void;
  threads(): number;
  setThreads(n: number): void;
  gemm(...args: unknown[]): void;
  gemmAsync(...args: unknown[]): Promise<FloatArray>;
  gemv(...args: unknown[]): void;
  philox4x32(counter: Uint32Array, key: Uint32Array, out: Uint32Array): void;
  randomFill(...args: unknown[]): void;
  sketchDense(...args: unknown[]): void;
  sketchApply(...args: unknown[]): void;
  sketchApplyCsr(...args: unknown[]): void;
  sketchProject(...args: unknown[]): void;
  sketchProjectCsr(...args: unknown[]): void;
  sketchProjectAsync(...args: unknown[]): Promise<FloatArray>;
  fwht(...args: unknown[]): void;
}

const opArgs = (o: SketchSpec) => [o.kind, o.k, o.n, o.param, o.seedLo, o.seedHi];
const isCsr = (X: FloatArray | CsrArrays): X is CsrArrays => !ArrayBuffer.isView(X);

/** Errors thrown by the addon carry `code`; give them our classes. */
function typed(e: unknown): unknown {
  const code = (e as { code?: string })?.code;
  const msg = (e as Error)?.message ?? String(e);
  if (code === 'SKM_ENOMEM') return new OutOfMemoryError(msg);
  if (code === 'SKM_EINVAL' || e instanceof RangeError || e instanceof TypeError) return new ValueError(msg);
  if (code === 'SKM_EINTERNAL') return new BackendError(msg);
  // Already one of ours; else never let an untyped error out of a backend call.
  if (e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && /^(SKM_|ABORT_ERR)/.test(code!)) return e;
  return new BackendError(`native: ${msg}`);
}

function call<R>(f: () => R): R {
  try {
    return f();
  } catch (e) {
    throw typed(e);
  }
}

export function nativeBackend(addon: Addon): Backend {
  const levelName = (l: number): SimdName => SIMD_LEVELS[l] ?? 'scalar';
  return {
    name: 'native',
    version: () => addon.version(),
    simd: () => levelName(addon.simdLevel()),
    simdAvailable: () => {
      const bits = addon.simdAvailable();
      return SIMD_LEVELS.filter((_, l) => bits & (1 << l));
    },
    simdCap: (level) => call(() => addon.simdCap(SIMD_LEVELS.indexOf(level))),
    threads: () => addon.threads(),
    setThreads: (n) => call(() => addon.setThreads(n)),
    gemm: (tA, tB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc) =>
      call(() => addon.gemm(+tA, +tB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc)),
    gemmAsync: async (tA, tB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc) => {
      try {
        return await addon.gemmAsync(+tA, +tB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
      } catch (e) {
        throw typed(e);
      }
    },
    gemv: (t, m, n, alpha, A, lda, x, incx, beta, y, incy) =>
      call(() => addon.gemv(+t, m, n, alpha, A, lda, x, incx, beta, y, incy)),
    philox4x32: (c, k, out) => call(() => addon.philox4x32(c, k, out)),
    randomFill: (...args) => call(() => addon.randomFill(...args)),
    sketchDense: (op, col0, cols, out, ldo) => call(() => addon.sketchDense(...opArgs(op), col0, cols, out, ldo)),
    sketchApply: (op, row0, rows, d, B, ldb, out, ldo) =>
      call(() => addon.sketchApply(...opArgs(op), row0, rows, d, B, ldb, out, ldo)),
    sketchApplyCsr: (op, row0, rows, d, B, out, ldo) =>
      call(() => addon.sketchApplyCsr(...opArgs(op), row0, rows, d, B.indptr, B.indices, B.data, out, ldo)),
    sketchProject: (op, N, X, ldx, out, ldo) => call(() => addon.sketchProject(...opArgs(op), N, X, ldx, out, ldo)),
    sketchProjectCsr: (op, N, X, out, ldo) =>
      call(() => addon.sketchProjectCsr(...opArgs(op), N, X.indptr, X.indices, X.data, out, ldo)),
    sketchProjectAsync: async (op, N, X, ldx) => {
      try {
        return await (isCsr(X)
          ? addon.sketchProjectAsync(...opArgs(op), N, X.indptr, X.indices, X.data)
          : addon.sketchProjectAsync(...opArgs(op), N, X, ldx));
      } catch (e) {
        throw typed(e);
      }
    },
    fwht: (rows, n, x, ldx, normalize) => call(() => addon.fwht(rows, n, x, ldx, normalize)),
  };
}

/**
 * Loads the addon: a prebuild for this platform, else build/Release
 * (node-gyp-build's order). SKETCHMAT_ADDON_PATH names another build instead
 * (the sanitizer build, scripts/test-asan.sh), which must never be what users
 * load by default: either the path of a `.node` file, loaded as it is, or a
 * package directory searched the node-gyp-build way.
 */
export function loadNativeBackend(
  load: (dir: string) => unknown, packageRoot: string, env: Record<string, string | undefined>,
  requireFile?: (file: string) => unknown,
): Backend {
  const override = env.SKETCHMAT_ADDON_PATH;
  const where = override || packageRoot;
  let addon: Addon;
  try {
    if (override && override.endsWith('.node') && requireFile) addon = requireFile(override) as Addon;
    else addon = load(where) as Addon;
  } catch (e) {
    throw new BackendError(`native: no loadable addon at ${where} (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof addon?.gemm !== 'function') throw new BackendError('native: the addon does not export gemm');
  return nativeBackend(addon);
}
