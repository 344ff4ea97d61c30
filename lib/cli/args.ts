/**
 * A small flag parser: each command declares its flags (name, kind, help),
 * and anything else — an unknown flag, a missing value, a value of the wrong
 * kind — is a UsageError whose one-line message names the flag and what was
 * expected. The CLI prints it and exits with code 2.
 */

/** Bad flags, bad arguments or a bad input file: exit code 2, one line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type FlagKind = 'boolean' | 'string' | 'int' | 'number' | 'list';

export interface FlagSpec {
  kind: FlagKind;
  help: string;
  /** Shown in help as the value's name (e.g. FILE). */
  value?: string;
  short?: string;
  /** For 'string' and 'list': the allowed values. */
  choices?: readonly string[];
  /** For 'int' and 'number': the smallest allowed value. */
  min?: number;
  max?: number;
  default?: string | number | boolean | readonly (string | number)[];
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  flags: Record<string, FlagSpec>;
  /** Names of the positional arguments, in order (a trailing '...' takes the rest). */
  positionals?: string[];
  details?: string;
}

/** Flags every command takes. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  json: { kind: 'boolean', help: 'print the result as JSON on stdout (no table, no progress)' },
  help: { kind: 'boolean', short: 'h', help: 'show this help' },
  backend: {
    kind: 'string', value: 'NAME', choices: ['native', 'wasm-simd', 'wasm'],
    help: 'force a backend (as SKETCHMAT_BACKEND does); default: the fastest that loads',
  },
};

export interface Parsed {
  flags: Record<string, unknown>;
  positionals: string[];
}

function nearest(name: string, names: string[]): string | undefined {
  // Edit distance ≤ 2 or a shared prefix: enough to catch typos like --dims or --metod.
  let best: string | undefined, bestD = 3;
  for (const n of names) {
    const d = editDistance(name, n);
    if (d < bestD || (d === bestD && best === undefined && (n.startsWith(name) || name.startsWith(n)))) {
      best = n;
      bestD = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function convert(cmd: string, name: string, spec: FlagSpec, raw: string): unknown {
  const flag = `--${name}`;
  const bad = (expected: string) => new UsageError(`${cmd}: ${flag} expects ${expected}, got ${JSON.stringify(raw)}`);
  switch (spec.kind) {
    case 'int': {
      if (!/^[+-]?[0-9]+$/.test(raw)) throw bad(`an integer${spec.min !== undefined ? ` ≥ ${spec.min}` : ''}`);
      const v = Number(raw);
      if (!Number.isSafeInteger(v)) throw bad('an integer below 2^53');
      if (spec.min !== undefined && v < spec.min) throw bad(`an integer ≥ ${spec.min}`);
      if (spec.max !== undefined && v > spec.max) throw bad(`an integer ≤ ${spec.max}`);
      return v;
    }
    case 'number': {
      const v = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(v)) throw bad('a number');
      if (spec.min !== undefined && v < spec.min) throw bad(`a number ≥ ${spec.min}`);
      if (spec.max !== undefined && v > spec.max) throw bad(`a number ≤ ${spec.max}`);
      return v;
    }
    case 'list': {
      const items = raw.split(',').map((s) => s.trim());
      if (items.some((s) => s === '')) throw bad('a comma-separated list');
      if (spec.choices) {
        const badItem = items.find((s) => !spec.choices!.includes(s));
        if (badItem !== undefined) throw bad(`a comma-separated list of ${spec.choices.join(', ')}`);
      }
      return items;
    }
    default:
      if (spec.choices && !spec.choices.includes(raw)) throw bad(`one of ${spec.choices.join(', ')}`);
      return raw;
  }
}

/** Parses argv (after the command name) against the command's flags and COMMON_FLAGS. */
export function parseArgs(spec: CommandSpec, argv: string[]): Parsed {
  const cmd = `sketchmat ${spec.name}`;
  const all: Record<string, FlagSpec> = { ...spec.flags, ...COMMON_FLAGS };
  const shorts = new Map(Object.entries(all).filter(([, f]) => f.short).map(([n, f]) => [f.short!, n]));
  const flags: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name: string, inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else {
      const long = shorts.get(arg.slice(1));
      if (!long) throw new UsageError(`${cmd}: unknown flag ${arg} (see sketchmat ${spec.name} --help)`);
      name = long;
    }
    const f = all[name];
    if (!f) {
      const guess = nearest(name, Object.keys(all));
      throw new UsageError(`${cmd}: unknown flag --${name}${guess ? ` (did you mean --${guess}?)` : ''} (see sketchmat ${spec.name} --help)`);
    }
    if (f.kind === 'boolean') {
      if (inline !== undefined && !['true', 'false'].includes(inline)) {
        throw new UsageError(`${cmd}: --${name} takes no value (or =true / =false), got ${JSON.stringify(inline)}`);
      }
      flags[name] = inline !== 'false';
      continue;
    }
    let raw = inline;
    if (raw === undefined) {
      if (i + 1 >= argv.length || (argv[i + 1].startsWith('--') && argv[i + 1].length > 2)) {
        throw new UsageError(`${cmd}: --${name} needs a value: ${f.value ?? f.kind}${f.choices ? ` (one of ${f.choices.join(', ')})` : ''}`);
      }
      raw = argv[++i];
    }
    if (name in flags) throw new UsageError(`${cmd}: --${name} is given twice`);
    flags[name] = convert(cmd, name, f, raw);
  }
  for (const [name, f] of Object.entries(all)) if (!(name in flags) && f.default !== undefined) flags[name] = f.default;
  const names = spec.positionals ?? [];
  const rest = names.length > 0 && names[names.length - 1].endsWith('...');
  if (!flags.help && !rest && positionals.length > names.length) {
    throw new UsageError(`${cmd}: unexpected argument ${JSON.stringify(positionals[names.length])} (usage: ${spec.usage})`);
  }
  return { flags, positionals };
}

/** The text of `sketchmat <command> --help`. */
export function helpText(spec: CommandSpec): string {
  const lines = [`sketchmat ${spec.name}: ${spec.summary}`, '', `usage: ${spec.usage}`, ''];
  if (spec.details) lines.push(spec.details.trim(), '');
  lines.push('flags:');
  const all = { ...spec.flags, ...COMMON_FLAGS };
  const left = Object.entries(all).map(([n, f]) => `  ${f.short ? `-${f.short}, ` : ''}--${n}${f.kind === 'boolean' ? '' : ` ${f.value ?? f.kind.toUpperCase()}`}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  Object.entries(all).forEach(([, f], i) => {
    const extra = [
      f.choices ? `one of: ${f.choices.join(', ')}` : '',
      f.default !== undefined && f.kind !== 'boolean' ? `default: ${Array.isArray(f.default) ? f.default.join(',') : String(f.default)}` : '',
    ].filter(Boolean).join('; ');
    lines.push(left[i].padEnd(width) + f.help + (extra ? ` (${extra})` : ''));
  });
  return lines.join('\n') + '\n';
}
