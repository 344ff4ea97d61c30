/**
 * CSV of numbers: one row per line, fields split by a delimiter (default ','),
 * an optional header line of column names. Blank lines and lines starting
 * with '#' are skipped. A field is a decimal number (1, -2.5, 3e-7, .5) or
 * nan / inf / -inf / NaN / Infinity in any case; anything else, or a line
 * with a different number of fields than the first, is a FormatError naming
 * the line (1-based, counting every line of the text) and the field.
 *
 * Written numbers read back to the same bits: float64 as JavaScript's
 * shortest round-trip form, float32 as the shortest decimal that rounds to
 * the same float32.
 */
import type { DType } from '../dtype';
import { checkDType, describe, newArray } from '../dtype';
import { FormatError, ValueError } from '../errors';
import { Matrix, checkMatrix } from '../matrix';
import { checkInt, checkOptions } from '../validate';
import { sourceName } from './npy';

export interface CsvReadOptions {
  /** true: the first line names the columns; false: it is data; 'auto' (default): a header if any of its fields is not a number. */
  header?: boolean | 'auto';
  /** One character (default ','). */
  delimiter?: string;
  /** The result's dtype (default 'float64'). */
  dtype?: DType;
  /** A name for the text in error messages (a file name), default 'text'. */
  source?: string;
}

export interface CsvTable {
  matrix: Matrix;
  /** The column names, when there was a header line. */
  header?: string[];
}

const SPECIAL: Record<string, number> = {
  nan: NaN, '+nan': NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity,
  infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity,
};

/**
 * The number a field holds, or undefined. Number() does the decimal parsing
 * (and skips surrounding whitespace); what it accepts that a CSV number is
 * not — an empty field, 0x/0b/0o literals — is refused here. (A regular
 * expression in front of Number() made reading CSV 3× slower.)
 */
function parseField(field: string): number | undefined {
  const v = +field;
  if (v === v) {
    let i = 0;
    while (i < field.length && field.charCodeAt(i) <= 32) i++;
    if (i === field.length) return undefined; // empty or blank: Number() would say 0
    if (field.charCodeAt(i) === 48 && i + 1 < field.length && 'xXbBoO'.includes(field[i + 1])) return undefined;
    return v;
  }
  return SPECIAL[field.trim().toLowerCase()]; // nan / inf spellings (NaN itself is the number NaN)
}

function unquote(field: string): string {
  const f = field.trim();
  return f.length >= 2 && f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f;
}

interface ParserOptions {
  header: boolean | 'auto';
  delimiter: string;
  dtype: DType;
  source: string;
}

/** The delimiter option: one character that cannot be part of a number or a line break (default ','). */
function checkDelimiter(v: unknown, what: string): string {
  if (v === undefined) return ',';
  if (typeof v !== 'string' || v.length !== 1 || /[\r\n"0-9.eE+-]/.test(v)) {
    throw new ValueError(`${what}: delimiter must be one character that cannot be part of a number (',', ';', '\\t', ' '), got ${describe(v)}`);
  }
  return v;
}

export function csvOptions(options: unknown, what: string): ParserOptions {
  const o = checkOptions<CsvReadOptions>(options, what, ['header', 'delimiter', 'dtype', 'source']);
  const header = o.header ?? 'auto';
  if (header !== true && header !== false && header !== 'auto') {
    throw new ValueError(`${what}: header must be true, false or 'auto', got ${describe(o.header)}`);
  }
  const delimiter = checkDelimiter(o.delimiter, what);
  const dtype = o.dtype === undefined ? 'float64' : checkDType(o.dtype, what);
  return { header, delimiter, dtype, source: sourceName(o.source, what, 'text') };
}

/**
 * An incremental CSV reader: push text in pieces of any size (a line may
 * span pieces), take the rows parsed so far as a Matrix. Memory holds only
 * the rows not yet taken and one partial line.
 *
 * @example
 * const p = new io.CsvRowParser({ header: 'auto' });
 * p.push('a,b\n1,2\n3,'); p.push('4\n'); p.end();
 * p.take().toArray(); // [[1, 2], [3, 4]]; p.header is ['a', 'b']
 */
export class CsvRowParser {
  /** Column names, once the header line (if any) has been read. */
  header?: string[];
  /** Fields per row, once the first row (or header) has been read. */
  cols?: number;
  /** Lines seen so far. */
  line = 0;
  private readonly o: ParserOptions;
  private partial = '';
  private values: Float64Array = new Float64Array(1024);
  private count = 0; // values held
  private firstLine = true;
  private ended = false;

  /** @throws ValueError for bad options. */
  constructor(options?: CsvReadOptions) {
    this.o = csvOptions(options, 'io.CsvRowParser');
  }

  /** Parses the complete lines of `chunk` (with what was left over before). @throws FormatError naming the line. */
  push(chunk: string): void {
    if (this.ended) throw new ValueError('io.CsvRowParser: push after end()');
    if (typeof chunk !== 'string') throw new ValueError(`io.CsvRowParser.push: expected a string, got ${describe(chunk)}`);
    const text = this.partial + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.parseLine(text.slice(start, nl));
      start = nl + 1;
    }
    this.partial = text.slice(start);
  }

  /** Parses the last line (text need not end with a newline). */
  end(): void {
    if (this.ended) return;
    if (this.partial.length > 0) this.parseLine(this.partial);
    this.partial = '';
    this.ended = true;
  }

  /** Rows parsed and not yet taken. */
  get pendingRows(): number {
    return this.cols ? this.count / this.cols : 0;
  }

  /** The rows parsed and not yet taken, as a new Matrix of the chosen dtype: at most maxRows of them (the rest stay for the next take). */
  take(maxRows = Infinity): Matrix {
    if (maxRows !== Infinity) checkInt(maxRows, 'io.CsvRowParser.take: maxRows', 0, 2 ** 32 - 1);
    const cols = this.cols ?? 0;
    const rows = Math.min(this.pendingRows, maxRows);
    const n = rows * cols;
    const out = newArray(this.o.dtype, n);
    out.set(this.values.subarray(0, n));
    this.values.copyWithin(0, n, this.count);
    this.count -= n;
    return new Matrix(rows, cols, out);
  }

  private fail(message: string): never {
    throw new FormatError(`${this.o.source}: line ${this.line}: ${message}`, { source: this.o.source, line: this.line });
  }

  private parseLine(raw: string): void {
    this.line++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) return;
    const fields = line.split(this.o.delimiter === ' ' ? / +/ : this.o.delimiter);
    if (this.o.delimiter === ' ' && fields[0] === '') fields.shift();
    if (this.firstLine) {
      this.firstLine = false;
      this.cols = fields.length;
      const isHeader = this.o.header === true || (this.o.header === 'auto' && fields.some((f) => parseField(f) === undefined));
      if (isHeader) {
        this.header = fields.map(unquote);
        return;
      }
    }
    if (fields.length !== this.cols) {
      this.fail(`expected ${this.cols} fields (as in the first ${this.header ? 'line, the header' : 'row'}), got ${fields.length}`);
    }
    if (this.count + fields.length > this.values.length) {
      const grown = new Float64Array(Math.max(this.values.length * 2, this.count + fields.length));
      grown.set(this.values.subarray(0, this.count));
      this.values = grown;
    }
    for (let j = 0; j < fields.length; j++) {
      const v = parseField(fields[j]);
      if (v === undefined) {
        const f = fields[j].trim();
        this.fail(`field ${j + 1}: expected a number, got ${f === '' ? 'an empty field' : JSON.stringify(f.length > 30 ? f.slice(0, 30) + '…' : f)}`);
      }
      this.values[this.count + j] = v;
    }
    this.count += fields.length;
  }
}

/**
 * Reads CSV text into a Matrix (and the header's column names, if any).
 *
 * @throws FormatError naming the line and field that is not a number, or a line with the wrong number of fields.
 * @throws ValueError for bad options or text that is not a string.
 * @example
 * const { matrix, header } = io.parseCsv('x,y\n1,2\n3,4\n'); // 2 × 2, header ['x', 'y']
 */
export function parseCsv(text: string, options?: CsvReadOptions): CsvTable {
  if (typeof text !== 'string') throw new ValueError(`io.parseCsv: expected a string, got ${describe(text)}`);
  const p = new CsvRowParser(options);
  p.push(text);
  p.end();
  const matrix = p.take();
  return p.header ? { matrix, header: p.header } : { matrix };
}

export interface CsvWriteOptions {
  /** Column names for a header line (as many as columns). */
  header?: string[];
  /** One character (default ','). */
  delimiter?: string;
}

/** The shortest decimal that reads back as the same float32 (String(x) would show the float64 digits). */
export function formatFloat32(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x === 0 && 1 / x < 0 ? '-0' : x);
  for (let p = 1; p < 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(Number(x.toPrecision(9)));
}

/** Lines (with '\n') for the given rows of M: the writer's unit, shared by formatCsv and the streaming file writer. */
export function csvLines(M: Matrix, delimiter = ','): string {
  const f32 = M.dtype === 'float32';
  const parts: string[] = [];
  const row: string[] = new Array(M.cols);
  for (let i = 0; i < M.rows; i++) {
    for (let j = 0; j < M.cols; j++) {
      const x = M.data[i * M.rowStride + j];
      row[j] = f32 ? formatFloat32(x) : Object.is(x, -0) ? '-0' : String(x);
    }
    parts.push(row.join(delimiter));
  }
  return parts.length ? parts.join('\n') + '\n' : '';
}

export function csvHeaderLine(header: unknown, cols: number, delimiter: string, what: string): string {
  if (!Array.isArray(header) || header.length !== cols || !header.every((h) => typeof h === 'string')) {
    throw new ValueError(`${what}: header must be an array of ${cols} strings (one per column), got ${describe(header)}`);
  }
  // The reader splits lines at the delimiter without quoting rules, so names that would need quoting are refused.
  const bad = (header as string[]).find((h) => h.includes(delimiter) || /["\r\n]/.test(h) || h.trim() !== h);
  if (bad !== undefined) {
    throw new ValueError(`${what}: column name ${JSON.stringify(bad)} would not read back (it holds the delimiter, a quote or a newline, or starts or ends with a space)`);
  }
  return (header as string[]).join(delimiter) + '\n';
}

export function csvWriteOptions(options: unknown, what: string): { header?: string[]; delimiter: string } {
  const o = checkOptions<CsvWriteOptions>(options, what, ['header', 'delimiter']);
  return { header: o.header, delimiter: checkDelimiter(o.delimiter, what) };
}

/**
 * A Matrix as CSV text (one line per row, each ending in '\n'), with a header line if column names are given.
 *
 * @throws ValueError for something that is not a Matrix, or a header that is not one string per column.
 * @example
 * io.formatCsv(Matrix.fromRows([[1, 2], [3, 4]]), { header: ['x', 'y'] }); // 'x,y\n1,2\n3,4\n'
 */
export function formatCsv(M: Matrix, options?: CsvWriteOptions): string {
  const what = 'io.formatCsv';
  const o = csvWriteOptions(options, what);
  const m = checkMatrix(M, `${what}: M`);
  const head = o.header === undefined ? '' : csvHeaderLine(o.header, m.cols, o.delimiter, what);
  return head + csvLines(m, o.delimiter);
}
