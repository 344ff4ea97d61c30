/**
 * Property-based fuzzing of the public API (fast-check) on every backend:
 * valid arguments with random shapes, dtypes, strides, storage (offset views,
 * SharedArrayBuffer, resizable buffers) and NaN/Inf values must give the
 * reference's answer; one argument or option swapped for a hostile value
 * (test/fuzz/hostile.ts) must give a typed error or an answer — never an
 * engine error, never a crash.
 *
 * FUZZ_RUNS sets the runs per property (CI: the default, a few seconds per
 * backend; `npm run fuzz:long` raises it). FUZZ_SEED replays a failure.
 */
import fc from 'fast-check';
import { forEachBackend } from '../support/backends';
import { outcome } from '../support/contract';
import { ENTRIES, FuzzEntry } from './entries';
import { SKETCH_ENTRIES } from './entries-sketch';
import { IO_ENTRIES } from './entries-io';
import { LINALG_ENTRIES } from './entries-linalg';
import { FEATURES_ENTRIES } from './entries-features';
import { STRUCTURED_ENTRIES } from './entries-structured';
import { LINALG_SOLVE_ENTRIES } from './entries-linalg-solve';
import { LINALG_PERF_ENTRIES } from './entries-linalg-perf';
import { STRUCTURED_FITS_ENTRIES } from './entries-structured-fits';
import { STRUCTURED_KERNELS_ENTRIES } from './entries-structured-kernels';
import { HOSTILE } from './hostile';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

let calls = 0;
afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`fuzz/api: ${calls} calls (${RUNS} runs per property)`);
});

/**
 * Valid arguments with one argument or one option replaced by a hostile
 * value. The arbitrary yields only indices and labels (fast-check prints
 * them on failure; printing a hostile Proxy itself could throw); the value
 * is made inside the property.
 */
interface Swap { args: unknown[]; label: string; maker: number; position: number; key?: string }

function hostileSwap(entry: FuzzEntry): fc.Arbitrary<Swap> {
  return fc.tuple(entry.args, fc.nat(), fc.nat(HOSTILE.length - 1), fc.boolean()).map(([args, pick, maker, inOptions]) => {
    if (inOptions && entry.options) {
      const key = entry.options.keys[pick % entry.options.keys.length];
      return { args, maker, position: entry.options.index, key, label: `option ${key} = ${HOSTILE[maker].label}` };
    }
    const positions = entry.hostileArgs ?? args.map((_, i) => i);
    if (positions.length === 0) return { args, maker, position: -1, label: 'no hostile argument (valid run)' };
    const position = positions[pick % positions.length];
    return { args, maker, position, label: `argument ${position} = ${HOSTILE[maker].label}` };
  });
}

function applySwap(s: Swap): unknown[] {
  const out = [...s.args];
  const bad = HOSTILE[s.maker].make();
  if (s.position < 0) return out;
  if (s.key === undefined) {
    out[s.position] = bad;
  } else {
    const base = out[s.position];
    out[s.position] = { ...(typeof base === 'object' && base !== null ? base : {}), [s.key]: bad };
  }
  return out;
}

forEachBackend(() => {
  const ALL = [
    ...ENTRIES, ...SKETCH_ENTRIES, ...IO_ENTRIES, ...LINALG_ENTRIES, ...FEATURES_ENTRIES, ...STRUCTURED_ENTRIES,
    ...LINALG_SOLVE_ENTRIES,
    ...LINALG_PERF_ENTRIES,
    ...STRUCTURED_FITS_ENTRIES,
    ...STRUCTURED_KERNELS_ENTRIES,
  ];
  describe.each(ALL.map((e) => [e.name, e] as const))('%s', (_name, entry) => {
    // fromJSON's random text is mostly invalid: it only has to fail with a typed error.
    const mayRefuse = entry.mayRefuse === true || entry.name.startsWith('sketch.fromJSON');
    test('valid arguments give the reference answer', async () => {
      await fc.assert(
        fc.asyncProperty(entry.args, async (args) => {
          calls++;
          const r = await outcome(() => entry.call(...args));
          if (!r.ok && !mayRefuse) throw new Error(`valid arguments were refused: ${(r.error as Error).message}`);
          if (!r.ok) return;
          entry.check?.(args, r.value);
        }),
        params,
      );
    });

    test('a hostile argument or option gives a typed error, never a crash', async () => {
      await fc.assert(
        fc.asyncProperty(hostileSwap(entry), async (swap) => {
          calls++;
          const args = applySwap(swap);
          try {
            await outcome(() => entry.call(...args));
          } catch (e) {
            throw new Error(`${swap.label}: ${(e as Error).message.split('\n')[0]}`);
          }
        }),
        params,
      );
    });
  });
});
