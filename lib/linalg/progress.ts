/**
 * The `onProgress` hook of the async drivers (rsvdAsync, pcaAsync,
 * lstsqAsync, nystromAsync). Those drivers already run as a sequence of heavy
 * steps (products with A, factorizations, LSQR iterations: see steps.ts), so
 * "how far along" is "how many of those steps have finished": a count a
 * browser bar or the CLI's progress line can draw, with no timing inside the
 * library. The sync twins refuse the option (checkOptions' asyncTwin): a
 * synchronous call holds the event loop, so nothing could redraw while it runs.
 */
import { describe } from '../dtype';
import { ValueError } from '../errors';

/** What an `onProgress` callback receives, once as each heavy step starts and once at the end. */
export interface StepProgress {
  /** Heavy steps finished so far: never decreases, never more than `total`. */
  done: number;
  /**
   * The heavy steps the call expects to take in all. It may shrink while the
   * call runs (an LSQR that converges before its iteration cap, an adaptive
   * rsvd that reaches `tol` early), never grow; at the last call it equals `done`.
   */
  total: number;
  /** The step now starting ('sketch', 'power iteration 2/4', 'LSQR', …); 'done' at the last call. */
  stage: string;
}

/** Receives each StepProgress; what it throws rejects the call (no kernel is running then). */
export type OnProgress = (progress: StepProgress) => void;

/** The callback, if any: undefined or a function (anything else is a ValueError, not a silently ignored option). */
export function checkProgress(v: unknown, what: string): OnProgress | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'function') throw new ValueError(`${what}: onProgress must be a function, got ${describe(v)}`);
  return v as OnProgress;
}

/**
 * Counts a driver's heavy steps and tells the callback. The drivers call
 * begin() just before a step (never while a kernel runs: a callback that
 * throws leaves nothing half-done), fewer() when steps they counted will not
 * run, finish() once with the result in hand. Without a callback it only counts.
 * @internal
 */
export class StepCounter {
  private started = 0;

  constructor(private readonly on: OnProgress | undefined, private total: number) {}

  /** The next heavy step, named `stage`, starts now; the ones begun before it have finished. */
  begin(stage: string): void {
    // A miscount must not break the contract (done ≤ total): the bar stalls instead.
    this.total = Math.max(this.total, this.started + 1);
    this.on?.({ done: this.started, total: this.total, stage });
    this.started++;
  }

  /** `n` of the steps counted in the total will not run (LSQR converged before its cap). */
  fewer(n: number): void {
    this.total = Math.max(this.started, this.total - n);
  }

  /** The work is over: done = total = the steps that ran. */
  finish(): void {
    this.total = this.started;
    this.on?.({ done: this.started, total: this.started, stage: 'done' });
  }
}
