/**
 * The backends every kernel test runs against: native once per SIMD level
 * this CPU has (capped with simdCap), then wasm-simd and wasm. A backend that
 * does not load is reported loudly; under CI=true that fails the run
 * (test/backends.test.ts), so a missing backend never passes silently.
 */
import '../../lib/index';
import type { Backend } from '../../lib/backend/backend';
import { BACKEND_NAMES, openBackendSync, useBackend } from '../../lib/backend/select';

export interface TestBackend {
  /** e.g. 'native/avx2', 'wasm-simd'. */
  label: string;
  backend: Backend;
  /** Makes this the backend the public API uses (and applies its SIMD cap). */
  activate(): void;
}

const BEST_FIRST = ['avx512', 'avx2', 'sse4', 'neon', 'scalar'] as const;

export const loadFailures: Record<string, string> = {};

function load(): TestBackend[] {
  const out: TestBackend[] = [];
  for (const name of BACKEND_NAMES) {
    let b: Backend;
    try {
      b = openBackendSync(name);
    } catch (e) {
      loadFailures[name] = (e as Error).message;
      continue;
    }
    if (name === 'native') {
      // The addon (and its SIMD cap) is one per process, shared by the test
      // files a jest worker runs one after another: start each file uncapped.
      const best = BEST_FIRST.find((l) => b.simdAvailable().includes(l));
      if (best) b.simdCap(best);
      // Best level first, so a test file that does not cap runs the default path.
      for (const level of BEST_FIRST) {
        if (!b.simdAvailable().includes(level)) continue;
        out.push({ label: `native/${level}`, backend: b, activate: () => { b.simdCap(level); useBackend(b); } });
      }
    } else {
      out.push({ label: name, backend: b, activate: () => useBackend(b) });
    }
  }
  if (Object.keys(loadFailures).length > 0) {
    const lines = Object.entries(loadFailures).map(([n, why]) => `  ${n}: ${why}`).join('\n');
    // eslint-disable-next-line no-console
    console.error(`\n!!!!!!!! BACKENDS NOT TESTED (did not load) !!!!!!!!\n${lines}\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`);
  }
  return out;
}

let cached: TestBackend[] | undefined;
export function testBackends(): TestBackend[] {
  return (cached ??= load());
}

/** describe(label) once per backend, with it activated for the block's tests. */
export function forEachBackend(body: (tb: TestBackend) => void): void {
  const list = testBackends();
  if (list.length === 0) {
    test('at least one backend loads', () => {
      throw new Error(`no backend loaded: ${JSON.stringify(loadFailures)}`);
    });
    return;
  }
  describe.each(list.map((tb) => [tb.label, tb] as const))('%s', (_label, tb) => {
    beforeAll(() => tb.activate());
    body(tb);
  });
}

/**
 * After a file that used these backends (test/support/after-file.ts): native
 * dispatch back to the best level, the default of a fresh process. The addon
 * is one per jest worker process, so a file that never calls testBackends()
 * (the CLI tests compare the library in-process with a CLI child, which runs
 * the best level) would otherwise inherit the last file's cap, and its bits.
 */
export function uncapNative(): void {
  if (cached === undefined) return;
  const native = cached.find((tb) => tb.backend.name === 'native')?.backend;
  const best = native && BEST_FIRST.find((l) => native.simdAvailable().includes(l));
  if (native && best) native.simdCap(best);
}
