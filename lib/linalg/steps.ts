/**
 * One algorithm, two drivers. The solvers of this directory (lstsq, nystrom,
 * cur, leverageScores) are written once as generators that yield each heavy
 * kernel call as a Step; runSync performs the steps on the event loop,
 * runAsync awaits their async kernels (off the event loop, cancellable) and
 * checks the signal between steps. So lstsq and lstsqAsync cannot drift apart.
 */
import { AbortError } from '../errors';
import { Matrix } from '../matrix';
import { MatmulOptions, matmul, matmulAsync } from '../dense/matmul';
import { watchSignal } from '../validate';

export interface Step<T> {
  run(): T;
  runAsync(signal?: AbortSignal): Promise<T>;
}

export type Work<R> = Generator<Step<unknown>, R, unknown>;

/** `const Y = yield* call(step)`: the step's value, typed. */
export function* call<T>(step: Step<T>): Generator<Step<unknown>, T, unknown> {
  return (yield step as Step<unknown>) as T;
}

/** A step with the same value either way. */
export function step<T>(run: () => T, runAsync: (signal?: AbortSignal) => Promise<T>): Step<T> {
  return { run, runAsync };
}

/**
 * One turn of the event loop: setImmediate in Node, a MessageChannel message
 * in browsers. Not setTimeout(0): Node makes that at least 1 ms and browsers
 * 4 ms once nested, and an LSQR that pauses after each of its 40 iterations
 * would spend that long waiting.
 */
const nextTurn: () => Promise<void> = typeof setImmediate === 'function'
  ? () => new Promise<void>((resolve) => setImmediate(resolve))
  : typeof MessageChannel === 'function'
    ? () => new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    })
    : () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A cheap stretch of TypeScript (an LSQR iteration) or of a kernel (a block of rows): async lets the event loop run first. */
export const pause: Step<void> = {
  run: () => undefined,
  runAsync: nextTurn,
};

/** matmul as a step (matmulAsync with the signal when driven async). */
export function mm(A: Matrix, B: Matrix, options: Omit<MatmulOptions, 'signal' | 'out' | 'beta'> = {}): Step<Matrix> {
  return step(() => matmul(A, B, options), (signal) => matmulAsync(A, B, { ...options, signal }));
}

/** Performs the steps in order; a step's error is thrown into the generator (its try/catch sees it). */
export function runSync<R>(work: Work<R>): R {
  let r = work.next();
  while (!r.done) {
    let value: unknown;
    try {
      value = r.value.run();
    } catch (e) {
      r = work.throw(e);
      continue;
    }
    r = work.next(value);
  }
  return r.value;
}

export async function runAsync<R>(work: Work<R>, signal: AbortSignal | undefined, what: string): Promise<R> {
  let aborted = false;
  const stop = watchSignal(signal, what, () => { aborted = true; });
  try {
    let r = work.next();
    while (!r.done) {
      if (aborted) throw new AbortError(`${what}: aborted`);
      let value: unknown;
      try {
        value = await r.value.runAsync(signal);
      } catch (e) {
        if (aborted) throw new AbortError(`${what}: aborted`);
        r = work.throw(e);
        continue;
      }
      if (aborted) throw new AbortError(`${what}: aborted`);
      r = work.next(value);
    }
    return r.value;
  } finally {
    stop();
  }
}
