/**
 * The `sketchmat` command line. Exit codes: 0 done; 2 bad flags, arguments
 * or input files (one line on stderr naming the flag or file and what was
 * expected; nothing written); 1 anything else (a backend that cannot load,
 * a bug: one line, the stack with SKETCHMAT_DEBUG=1).
 */
import { FormatError, ValueError, ShapeError, DTypeError } from '../errors';
import { CommandSpec, COMMON_FLAGS, UsageError, helpText, parseArgs } from './args';
import { BENCH, runBench } from './bench';
import { Context, packageVersion } from './context';
import { DEMO, runDemo } from './demo';
import { PCA, SVD, runPca, runSvd } from './decompose';
import { COMPRESS, runCompress } from './compress';
import { LSTSQ, runLstsq } from './lstsq';
import { INFO, runInfo } from './info';
import { PROJECT, runProject } from './project';

// svd, pca and lstsq run async drivers (their progress line redraws while a step runs off the event loop).
const COMMANDS: [CommandSpec, (ctx: Context) => number | Promise<number>][] = [
  [DEMO, runDemo],
  [INFO, runInfo],
  [PROJECT, runProject],
  [SVD, runSvd],
  [PCA, runPca],
  [LSTSQ, runLstsq],
  [COMPRESS, runCompress],
  [BENCH, runBench],
];

function mainHelp(): string {
  const w = Math.max(...COMMANDS.map(([c]) => c.name.length)) + 2;
  return [
    `sketchmat ${packageVersion()}: fast structured matrices and randomized sketches`,
    '',
    'usage: sketchmat <command> [flags]     (sketchmat <command> --help for its flags)',
    '',
    'commands:',
    ...COMMANDS.map(([c]) => `  ${c.name.padEnd(w)}${c.summary}`),
    '',
    'flags of every command:',
    ...Object.entries(COMMON_FLAGS).map(([n, f]) => `  --${n}${f.kind === 'boolean' ? '' : ` ${f.value}`}  ${f.help}`),
    '',
    'Start with: sketchmat demo',
    '',
  ].join('\n');
}

/** One line: messages never span lines (a log reader greps for them). */
function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

function describeFsError(e: NodeJS.ErrnoException): string | undefined {
  const what: Record<string, string> = {
    ENOENT: 'no such file or folder', EACCES: 'permission denied', EISDIR: 'is a directory, expected a file',
    ENOTDIR: 'a part of the path is not a directory', EEXIST: 'exists', ENOSPC: 'no space left on the device', EROFS: 'read-only file system',
  };
  return e.code && what[e.code] ? `${e.path ?? ''}: ${what[e.code]}` : undefined;
}

/**
 * Runs one command; resolves to its exit code (never rejects: every error is
 * one line on err). Progress lines go to `progressStream` when it is a
 * terminal and --json is off.
 */
export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, progressStream: NodeJS.WriteStream = process.stderr): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    out(packageVersion() + '\n');
    return 0;
  }
  const entry = COMMANDS.find(([c]) => c.name === name);
  if (!entry) {
    err(`sketchmat: unknown command ${JSON.stringify(name)} (expected one of ${COMMANDS.map(([c]) => c.name).join(', ')}; see sketchmat --help)\n`);
    return 2;
  }
  const [spec, run] = entry;
  try {
    const parsed = parseArgs(spec, rest);
    if (parsed.flags.help) {
      out(helpText(spec));
      return 0;
    }
    if (parsed.flags.backend) process.env.SKETCHMAT_BACKEND = parsed.flags.backend as string;
    const json = parsed.flags.json === true;
    return await run({ ...parsed, json, progress: !json && progressStream.isTTY === true, progressStream, out, err });
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (process.env.SKETCHMAT_DEBUG) err(`${error?.stack ?? String(e)}\n`);
    const prefix = `sketchmat ${spec.name}: `;
    if (e instanceof UsageError) {
      const m = e.message.startsWith(`sketchmat ${spec.name}: `) ? e.message.slice(prefix.length) : e.message.replace(/^\w+: /, '');
      err(prefix + oneLine(m) + '\n');
      return 2;
    }
    // Bad input files and values the library refused: the message names the file (and byte or line).
    if (e instanceof FormatError || e instanceof ValueError || e instanceof ShapeError || e instanceof DTypeError) {
      err(prefix + oneLine(error.message) + '\n');
      return 2;
    }
    const fs = error && typeof error === 'object' ? describeFsError(error) : undefined;
    if (fs) {
      err(prefix + oneLine(fs) + '\n');
      return 2;
    }
    err(prefix + oneLine(`${error?.name ?? 'Error'}: ${error?.message ?? String(e)}`) + (process.env.SKETCHMAT_DEBUG ? '' : ' (SKETCHMAT_DEBUG=1 shows the stack)') + '\n');
    return 1;
  }
}
