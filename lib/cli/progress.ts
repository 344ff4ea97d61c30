/**
 * A progress line on stderr with rate and ETA. It stays silent for the first
 * second (short work shows nothing), redraws at most 10 times a second, and
 * is off entirely when stderr is not a terminal or under --json, so logs and
 * pipes never receive carriage returns.
 */

export interface ProgressOptions {
  /** What is counted ('rows', 'cases'). */
  unit: string;
  /** The total, when known (rows of a .npy file); unknown for a CSV stream. */
  total?: number;
  enabled: boolean;
  stream?: NodeJS.WriteStream;
}

const DELAY_MS = 1000;
const REDRAW_MS = 100;

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
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
    if (now - this.start < DELAY_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const elapsed = (now - this.start) / 1000;
    const rate = this.done / elapsed;
    const total = this.totalUnits, unit = this.o.unit;
    let line = `${this.label}${this.what ? ` ${this.what}` : ''}: `;
    if (total !== undefined && total > 0) {
      const frac = Math.min(1, this.done / total);
      const width = 20, fill = Math.round(frac * width);
      line += `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0)}% `;
      line += `${formatCount(this.done)}/${formatCount(total)} ${unit}, ${formatCount(rate)} ${unit}/s, ETA ${formatSeconds((total - this.done) / rate)}`;
    } else if (this.frac !== undefined && this.frac > 0) {
      const f = Math.min(1, this.frac);
      line += `${(f * 100).toFixed(0)}% ${formatCount(this.done)} ${unit}, ${formatCount(rate)} ${unit}/s, ETA ${formatSeconds((elapsed * (1 - f)) / f)}`;
    } else {
      line += `${formatCount(this.done)} ${unit}, ${formatCount(rate)} ${unit}/s, ${formatSeconds(elapsed)}`;
    }
    const cols = this.stream.columns ?? 100;
    this.stream.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, line.length + 2))}`);
    this.drawn = true;
  }

  /** Clears the line (if one was drawn). */
  end(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
