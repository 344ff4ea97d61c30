/**
 * The subset of Python literals a .npy header holds: a dict of strings,
 * booleans, integers, tuples and lists (NumPy writes it with repr() and reads
 * it with ast.literal_eval). Errors give the character index where the text
 * stopped making sense, which the caller turns into a byte offset.
 */

export type PyValue = string | number | boolean | null | PyValue[] | { tuple: PyValue[] } | Map<string, PyValue>;

export class PyLiteralError extends Error {
  constructor(readonly index: number, readonly expected: string, readonly got: string) {
    super(`expected ${expected}, got ${got}`);
  }
}

/** Parses one literal filling the whole text (surrounding whitespace allowed). */
export function parsePyLiteral(text: string): PyValue {
  const p = new Parser(text);
  const v = p.value(0);
  p.skipSpace();
  if (p.i < text.length) p.fail('the end of the header');
  return v;
}

// Nesting deeper than this is no header NumPy writes; refusing it keeps a
// hostile header from exhausting the stack.
const MAX_DEPTH = 16;

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(expected: string): never {
    const rest = this.s.slice(this.i, this.i + 12);
    throw new PyLiteralError(this.i, expected, this.i >= this.s.length ? 'the end of the header' : JSON.stringify(rest));
  }

  skipSpace(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.fail(`at most ${MAX_DEPTH} levels of nesting`);
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '{') return this.dict(depth);
    if (c === '(') return { tuple: this.sequence(')', depth) };
    if (c === '[') return this.sequence(']', depth);
    if (c === "'" || c === '"') return this.string();
    if (c !== undefined && /[-+0-9]/.test(c)) return this.integer();
    for (const [word, v] of [['True', true], ['False', false], ['None', null]] as const) {
      if (this.s.startsWith(word, this.i) && !/[A-Za-z0-9_]/.test(this.s[this.i + word.length] ?? '')) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail('a value (a string, number, True/False, tuple, list or dict)');
  }

  dict(depth: number): Map<string, PyValue> {
    const m = new Map<string, PyValue>();
    this.i++; // '{'
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === '}') {
        this.i++;
        return m;
      }
      const at = this.i;
      const key = this.value(depth + 1);
      if (typeof key !== 'string') {
        this.i = at;
        this.fail('a string key');
      }
      if (m.has(key)) {
        this.i = at;
        this.fail(`a key other than ${JSON.stringify(key)} (it appears twice)`);
      }
      this.skipSpace();
      if (this.s[this.i] !== ':') this.fail("':'");
      this.i++;
      m.set(key, this.value(depth + 1));
      this.skipSpace();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') this.fail("',' or '}'");
    }
  }

  sequence(close: string, depth: number): PyValue[] {
    const items: PyValue[] = [];
    this.i++; // '(' or '['
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === close) {
        this.i++;
        return items;
      }
      items.push(this.value(depth + 1));
      this.skipSpace();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) this.fail(`',' or '${close}'`);
    }
  }

  string(): string {
    const quote = this.s[this.i++];
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== quote) {
      // Backslash escapes never occur in the keys and dtype codes NumPy writes: refuse them rather than half-interpret them.
      if (this.s[this.i] === '\\' || this.s[this.i] === '\n') this.fail(`the closing ${quote}`);
      out += this.s[this.i++];
    }
    if (this.i >= this.s.length) this.fail(`the closing ${quote}`);
    this.i++;
    return out;
  }

  integer(): number {
    const m = /^[-+]?[0-9]+/.exec(this.s.slice(this.i, this.i + 40));
    if (!m || /[.eExXjJ_]/.test(this.s[this.i + m[0].length] ?? '')) this.fail('an integer');
    const v = Number(m![0]);
    if (!Number.isSafeInteger(v)) this.fail('an integer below 2^53');
    this.i += m![0].length;
    return v;
  }
}
