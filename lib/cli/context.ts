/** What every command gets: its parsed flags, where to write, and the package's own files. */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Parsed } from './args';

export interface Context extends Parsed {
  json: boolean;
  /** Progress lines allowed: progressStream is a terminal and --json is off. */
  progress: boolean;
  /** Where progress lines go: process.stderr (a test passes a stream of its own). */
  progressStream: NodeJS.WriteStream;
  out(text: string): void;
  err(text: string): void;
}

let root: string | undefined;

/** The package's root folder (the one with its package.json), from dist/ or lib/cli/. */
export function packageRoot(): string {
  if (root) return root;
  let d = __dirname;
  for (let i = 0; i < 5; i++) {
    const pj = join(d, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'sketchmat') return (root = d);
      } catch {
        /* not ours */
      }
    }
    d = dirname(d);
  }
  return (root = join(__dirname, '..'));
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** JSON with numbers rounded to what is meaningful to print (timings, errors). */
export function toJSON(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(6)) : x), 2) + '\n';
}

/** A plain text table: columns padded, numbers right-aligned. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  const right = head.map((_, j) => rows.every((r) => typeof r[j] === 'number' || /^[-+]?[0-9.,]+[%a-zµ/]*$/.test(String(r[j]))));
  const line = (r: string[]) => r.map((c, j) => (right[j] ? c.padStart(width[j]) : c.padEnd(width[j]))).join('  ').trimEnd();
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n') + '\n';
}

/** Writes text or bytes through a temporary file beside `path`, renamed into place: never half-written. */
export function writeTextAtomic(path: string, text: string | Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
