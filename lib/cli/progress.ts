/**
 * A progress line on stderr with rate and ETA. It stays silent for the first
 * second (short work shows nothing), redraws at most 10 times a second, and
 * is off entirely when stderr is not a terminal or under --json, so logs and
 * pipes never receive carriage returns. On a narrow terminal the stage name
 * is shortened, not the counts and the ETA.
 */
import type { OnProgress } from '../linalg/progress';

export interface ProgressOptions {
  /** What is counted ('rows', 'cases'). */
  unit: string;
  /** The total, when known (rows of a .npy file); unknown for a CSV stream. */
  total?: number;
  enabled: boolean;
  /** Where the line goes (the Context's progressStream; default process.stderr). */
  stream?: NodeJS.WriteStream;
  /**
   * How long the line stays silent (default 1000 ms), and the least time
   * between two draws (default 100 ms). Both 0 where the work holds the event
   * loop between updates (compress's fits): a line held back could not be
   * drawn later, so each stage is drawn as it starts.
   */
  delayMs?: number;
  redrawMs?: number;
}

const DELAY_MS = 1000;
const REDRAW_MS = 100;
/** The rate behind the ETA is taken over about this much recent time. */
const RATE_WINDOW_MS = 20000;

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/** A rate: two significant digits below 10 (0.42 steps/s), else as formatCount. */
function formatRate(r: number): string {
  return r > 0 && r < 10 ? r.toPrecision(2) : formatCount(r);
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
}

export class Progress {
  private done = 0;
  private readonly start = Date.now();
  private lastDraw = 0;
  private drawn = false;
  private readonly stream: NodeJS.WriteStream;

  private totalUnits?: number;

  constructor(private readonly label: string, private readonly o: ProgressOptions) {
    this.stream = o.stream ?? process.stderr;
    this.totalUnits = o.total;
  }

  /** Sets the total once it is known (after opening the input). */
  total(n: number | undefined): void {
    this.totalUnits = n;
  }

  /** Counts `n` more units done. */
  add(n: number): void {
    this.done += n;
    this.mark();
    this.maybeDraw();
  }

  /** Sets the units done so far (a driver's step count) and, if given, what runs now. */
  at(done: number, stage?: string): void {
    this.done = done;
    this.mark();
    if (stage === undefined) this.maybeDraw();
    else this.stage(stage);
  }

  /**
   * (time, units done, fraction) each time the count moves. The rate comes
   * from these, not from the start: the time before the first unit (reading
   * the input, the setup of a solver) is not work the remaining units
   * repeat, and a rate over the whole run let a slow start inflate the ETA
   * for the rest of it. Old marks go, but one that has progress after it
   * always stays.
   */
  private readonly marks: { t: number; done: number; frac: number }[] = [];
  private mark(): void {
    const t = Date.now(), last = this.marks[this.marks.length - 1];
    if (last !== undefined && last.done === this.done) return;
    this.marks.push({ t, done: this.done, frac: this.frac ?? 0 });
    while (this.marks.length > 2 && this.marks[1].t <= t - RATE_WINDOW_MS) this.marks.shift();
  }

  /** Units per second and the fraction's rate since the reference mark; from the start when there is no mark with progress after it. */
  private rates(now: number, elapsed: number): { rate: number; fracRate: number } {
    const ref = this.marks[0];
    if (ref === undefined || ref.done === this.done || now <= ref.t) {
      return { rate: this.done / elapsed, fracRate: (this.frac ?? 0) / elapsed };
    }
    const s = (now - ref.t) / 1000;
    return { rate: (this.done - ref.done) / s, fracRate: ((this.frac ?? 0) - ref.frac) / s };
  }

  /** Redraws (the elapsed time moves while one long step runs). */
  tick(): void {
    this.maybeDraw();
  }

  /**
   * How far along the work is when the unit count has no known total (a CSV
   * stream: the bytes read of the file): the ETA comes from it.
   */
  private frac?: number;
  fraction(f: number): void {
    this.frac = f;
  }

  /** Sets what is being worked on now (a sketch, a case), for the line. */
  private what = '';
  stage(what: string): void {
    this.what = what;
    this.maybeDraw();
  }

  private maybeDraw(): void {
    if (!this.o.enabled) return;
    const now = Date.now();
    if (now - this.start < (this.o.delayMs ?? DELAY_MS) || now - this.lastDraw < (this.o.redrawMs ?? REDRAW_MS)) return;
    this.lastDraw = now;
    const elapsed = (now - this.start) / 1000;
    const { rate, fracRate } = this.rates(now, elapsed);
    const total = this.totalUnits, unit = this.o.unit;
    const cols = this.stream.columns ?? 100;
    let line = '';
    if (total !== undefined && total > 0) {
      const frac = Math.min(1, this.done / total);
      const width = cols < 100 ? 10 : 20, fill = Math.round(frac * width);
      line += `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0)}% `;
      line += `${formatCount(this.done)}/${formatCount(total)} ${unit}, `;
      // No rate before the first unit: elapsed time alone.
      line += this.done > 0 ? `${formatRate(rate)} ${unit}/s, ${formatSeconds(elapsed)}, ETA ${formatSeconds((total - this.done) / rate)}` : formatSeconds(elapsed);
    } else if (this.frac !== undefined && this.frac > 0) {
      const f = Math.min(1, this.frac);
      line += `${(f * 100).toFixed(0)}% ${formatCount(this.done)} ${unit}, ${formatRate(rate)} ${unit}/s, ETA ${formatSeconds(fracRate > 0 ? (1 - f) / fracRate : Infinity)}`;
    } else if (this.done === 0) {
      line += formatSeconds(elapsed); // one call with no steps (svd --exact, a structured fit)
    } else {
      line += `${formatCount(this.done)} ${unit}, ${formatRate(rate)} ${unit}/s, ${formatSeconds(elapsed)}`;
    }
    let head = `${this.label}${this.what ? ` ${this.what}` : ''}`;
    const room = cols - 1 - line.length - 2;
    if (head.length > room) head = head.slice(0, Math.max(this.label.length, room - 1)) + '…';
    line = `${head}: ${line}`;
    this.stream.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, line.length + 2))}`);
    this.drawn = true;
  }

  /** Clears the line (if one was drawn). */
  end(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/**
 * A Progress fed by a linear-algebra driver's onProgress ({ done, total,
 * stage }), redrawn every 250 ms while a step runs off the event loop so the
 * elapsed time moves. end() stops the timer and clears the line; call it in
 * a finally block.
 */
export function stepProgress(label: string, o: { enabled: boolean; stream?: NodeJS.WriteStream }): { onProgress: OnProgress; progress: Progress; end(): void } {
  const progress = new Progress(label, { unit: 'steps', enabled: o.enabled, stream: o.stream });
  const timer = o.enabled ? setInterval(() => progress.tick(), 250) : undefined;
  timer?.unref();
  return {
    progress,
    onProgress: ({ done, total, stage }) => {
      progress.total(total);
      progress.at(done, stage);
    },
    end: () => {
      if (timer) clearInterval(timer);
      progress.end();
    },
  };
}
