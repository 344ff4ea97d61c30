/**
 * `sketchmat bench`: runs the benchmark suite (bench/run.mjs, in a checkout)
 * and writes its JSON. The suite measures the built package, one child
 * process per backend and baseline; its readable table goes to stderr.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CommandSpec, UsageError } from './args';
import { Context, packageRoot, toJSON } from './context';

export const BENCH: CommandSpec = {
  name: 'bench',
  summary: 'run the benchmarks (every backend beside the baselines) and write their JSON',
  usage: 'sketchmat bench [--full] [--only gemm|sketch] [-o bench.json]',
  flags: {
    full: { kind: 'boolean', help: 'the full run (< 5 min on 2 cores) instead of the ~20 s quick one' },
    only: { kind: 'string', value: 'SUITE', choices: ['gemm', 'sketch'], help: 'one suite only' },
    output: { kind: 'string', short: 'o', value: 'FILE', help: 'where to write the JSON', default: 'bench.json' },
  },
  details: `
Runs bench/run.mjs (see bench/README.md for what each row means). The benchmarks ship
with the repository, not the npm package: run this from a checkout after npm run build.
Run nothing else meanwhile: every process competes for the same cores.`,
};

export function runBench(ctx: Context): number {
  const script = join(packageRoot(), 'bench', 'run.mjs');
  if (!existsSync(script)) {
    throw new UsageError(`bench: ${script} is not here (the benchmarks ship with the repository, not the npm package: run from a checkout)`);
  }
  const output = ctx.flags.output as string;
  if (!existsSync(dirname(output) || '.')) throw new UsageError(`bench: -o ${output}: the folder ${dirname(output)} does not exist`);
  const temp = join(dirname(output), `.${basename(output)}.${process.pid}.tmp`);
  const args = [script, ...(ctx.flags.full ? [] : ['--quick']), ...(ctx.flags.only ? ['--only', ctx.flags.only as string] : []), '--json', temp];
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
  if (r.status !== 0 || !existsSync(temp)) {
    rmSync(temp, { force: true });
    throw new Error(`bench: bench/run.mjs ${r.signal ? `was killed by ${r.signal}` : `exited with code ${r.status}`}`);
  }
  renameSync(temp, output);
  const json = JSON.parse(readFileSync(output, 'utf8')) as { results?: unknown[]; skipped?: unknown[]; targets?: unknown[] };
  const summary = { output, results: json.results?.length ?? 0, skipped: json.skipped?.length ?? 0, targets: json.targets ?? [] };
  if (ctx.json) ctx.out(toJSON(summary));
  else ctx.err(`wrote ${output}: ${summary.results} results, ${summary.skipped} skipped\n`);
  return 0;
}
